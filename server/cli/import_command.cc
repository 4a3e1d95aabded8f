// `lif import` (see import_command.h and docs/import.md).
#include "server/cli/import_command.h"

#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <string_view>

#include "core/import/importer.h"
#include "server/auth/token_store.h"
#include "server/crypto/basics.h"
#include "server/import/xlsx_reader.h"
#include "server/pack/board_pack.h"
#include "server/store/rocks_log.h"

namespace lif {
namespace {

int Fail(const Status& s) {
  std::fprintf(stderr, "lif import: %s\n", s.ToString().c_str());
  return s.code() == StatusCode::kInvalid ? 2 : 1;
}

std::string Flag(const std::map<std::string, std::string>& flags, const std::string& name) {
  auto it = flags.find(name);
  return it == flags.end() ? "" : it->second;
}

// A progress bar on stderr, redrawn in place; only on a terminal.
class ProgressBar {
 public:
  explicit ProgressBar(const char* what) : what_(what), on_(::isatty(STDERR_FILENO) == 1) {}
  void Show(size_t done, size_t total) {
    if (!on_ || total == 0) return;
    constexpr size_t kWidth = 30;
    const size_t filled = done * kWidth / total;
    std::fprintf(stderr, "\rlif import: %s [%s%s] %zu/%zu rows", what_,
                 std::string(filled, '#').c_str(), std::string(kWidth - filled, '.').c_str(), done,
                 total);
    if (done == total) std::fputc('\n', stderr);
    std::fflush(stderr);
  }

 private:
  const char* what_;
  bool on_;
};

void PrintErrors(const import::ImportPlan& plan) {
  for (const import::RowError& e : plan.errors) {
    std::fprintf(stderr, "lif import: %s\n", import::DescribeError(e).c_str());
  }
}

// XLSX by the file's name, or by its first bytes (a zip, or an OLE file: an
// .xls or a password-protected workbook, which the XLSX reader refuses by
// name); CSV otherwise.
import::ImportFormat FormatOf(const std::string& path, std::string_view bytes){
    std::string ext = std::filesystem::path(path).extension().string();
for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
if (ext == ".xlsx" || ext == ".xlsm" || ext == ".xls") return import::ImportFormat::kXlsx;
if (server::LooksLikeZip(bytes) || bytes.substr(0, 4) == std::string_view("\xD0\xCF\x11\xE0", 4)) {
  return import::ImportFormat::kXlsx;
}
return import::ImportFormat::kCsv;
}  // namespace

}  // namespace lif

int RunImportCommand(const std::map<std::string, std::string>& flags) {
  for (const char* required : {"data", "kind", "file"}) {
    if (Flag(flags, required).empty()) {
      return Fail(Status::Invalid(std::string("--") + required + " is required", required));
    }
  }
  const import::ImportMode mode =
      flags.count("dry-run") ? import::ImportMode::kDryRun : import::ImportMode::kAppended;
  const std::string path = Flag(flags, "file");
  Result<std::string> text = server::ReadWholeFile(path);
  if (!text.ok()) return Fail(text.status());

  ProgressBar bar("reading");
  import::ImportSource source;
  source.kind = Flag(flags, "kind");
  source.file_name = std::filesystem::path(path).filename().string();
  source.format = FormatOf(path, *text);
  source.progress = [&bar](size_t done, size_t total) { bar.Show(done, total); };
  if (source.format == import::ImportFormat::kXlsx) {
    Result<server::XlsxSheet> sheet = server::ReadXlsx(*text, Flag(flags, "sheet"));
    if (!sheet.ok()) return Fail(sheet.status());
    source.table = std::move(sheet->table);
    source.sheet = std::move(sheet->name);
    source.cell_errors = std::move(sheet->cell_errors);
  } else if (flags.count("sheet")) {
    return Fail(
        Status::Invalid("--sheet is for an XLSX workbook; this file reads as CSV", "sheet"));
  }
  source.text = std::move(*text);

  Result<std::unique_ptr<store::RocksLog>> log = store::RocksLog::Open(Flag(flags, "data"), {});
  if (!log.ok()) return Fail(log.status());
  const Principal cli = auth::CommandLinePrincipal();
  Result<import::ImportPlan> plan =
      import::PlanImport(source, **log, Catalogue::Default(), cli, crypto::OpenSslSha256());
  if (!plan.ok()) return Fail(plan.status());
  if (mode == import::ImportMode::kDryRun || !plan->errors.empty() || plan->batch.empty()) {
    PrintErrors(*plan);
    std::printf("%s\n", import::ImportReport(*plan, mode, nullptr).dump().c_str());
    if (!plan->errors.empty()) {
      std::fprintf(stderr, "lif import: %zu error%s; nothing was imported\n", plan->errors.size(),
                   plan->errors.size() == 1 ? "" : "s");
      return 2;
    }
    if (plan->batch.empty()) {
      std::fprintf(stderr, "lif import: nothing new (%d rows imported before)\n",
                   plan->skipped_rows);
    }
    return 0;
  }
  AppendRequest append;
  append.principal = cli;
  append.form = RequestForm::kBatch;
  append.events = import::BatchEvents(*plan);
  Result<AppendOutcome> out = (*log)->Append(std::move(append));
  if (!out.ok()) {
    plan->errors.push_back(import::RowErrorForAppend(*plan, out.status()));
    PrintErrors(*plan);
    std::printf("%s\n", import::ImportReport(*plan, mode, nullptr).dump().c_str());
    return out.status().code() == StatusCode::kInvalid ? 2 : 1;
  }
  std::printf("%s\n", import::ImportReport(*plan, mode, &out->events).dump().c_str());
  std::fprintf(stderr, "lif import: imported %d rows as %zu events (%d skipped, imported before)\n",
               plan->new_rows, out->events.size(), plan->skipped_rows);
  return 0;
}

}  // namespace lif
