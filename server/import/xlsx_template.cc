#include "server/import/xlsx_template.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>

#include "server/pack/board_pack.h"

namespace lif::server {
namespace {

bool IsIsoDate(const std::string& v, lxw_datetime* out) {
  if (v.size() != 10 || v[4] != '-' || v[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(v[i]))) return false;
  }
  *out = {std::atoi(v.substr(0, 4).c_str()),
          std::atoi(v.substr(5, 2).c_str()),
          std::atoi(v.substr(8, 2).c_str()),
          0,
          0,
          0};
  return true;
}

bool IsPlainNumber(const std::string& v) {
  if (v.empty() || v.size() > 15 || v[0] == '0') return v == "0";
  return v.find_first_not_of("0123456789") == std::string::npos;
}

Result<std::string> Write(const import::KindSpec& kind) {
  std::string path = (std::filesystem::temp_directory_path() / "lif-template-XXXXXX.xlsx").string();
  const int fd = ::mkstemps(path.data(), 5);
  if (fd < 0) return Status::Internal("a temporary file for the template could not be made");
  ::close(fd);
  lxw_workbook* book = workbook_new(path.c_str());
  if (book == nullptr) {
    std::filesystem::remove(path);
    return Status::Internal("the template workbook could not be started");
  }
  lxw_worksheet* sheet = workbook_add_worksheet(book, kind.name.c_str());
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  lxw_format* date = workbook_add_format(book);
  format_set_num_format(date, "yyyy-mm-dd");
  worksheet_freeze_panes(sheet, 1, 0);
  for (size_t i = 0; i < kind.columns.size(); ++i) {
    const import::Column& c = kind.columns[i];
    const auto col = static_cast<lxw_col_t>(i);
    worksheet_set_column(sheet, col, col, std::max<double>(12, c.name.size() + 4), nullptr);
    worksheet_write_string(sheet, 0, col, c.name.c_str(), bold);
    if (!c.meaning.empty()) worksheet_write_comment(sheet, 0, col, c.meaning.c_str());
    lxw_datetime when;
    if (c.example.empty()) continue;
    if (IsIsoDate(c.example, &when)) {
      worksheet_write_datetime(sheet, 1, col, &when, date);
    } else if (IsPlainNumber(c.example)) {
      worksheet_write_number(sheet, 1, col, std::strtod(c.example.c_str(), nullptr), nullptr);
    } else {
      worksheet_write_string(sheet, 1, col, c.example.c_str(), nullptr);
    }
  }
  const lxw_error closed = workbook_close(book);
  Result<std::string> bytes =
      closed == LXW_NO_ERROR
          ? ReadWholeFile(path)
          : Result<std::string>(Status::Internal(
                std::string("the template workbook was not written: ") + lxw_strerror(closed)));
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
  return bytes;
}

}  // namespace

Result<std::string> TemplateXlsx(const import::KindSpec& kind) {
  static std::mutex mu;
  static std::map<std::string, std::string> written;
  std::lock_guard<std::mutex> lock(mu);
  auto it = written.find(kind.name);
  if (it != written.end()) return it->second;
  Result<std::string> bytes = Write(kind);
  if (bytes.ok()) written[kind.name] = *bytes;
  return bytes;
}

}  // namespace lif::server
