#include "core/import/importer.h"

#include <algorithm>
#include <set>

#include "core/import/csv_reader.h"

namespace lif::import {
namespace {

// The row key: the kind and the row's values in its known columns, in the
// kind's column order (so reordering the file's columns keeps the key), as
// 32 hex digits of SHA-256.
std::string RowKey(const KindSpec& kind, const Row& row, const Sha256Fn& sha256) {
  std::string text = "lif-import-row\n" + kind.name;
  for (const Column& c : kind.columns) {
    text += '\n';
    text += c.name;
    text += '=';
    text += row.Get(c.name);
  }
  return ToHex(sha256(text)).substr(0, 32);
}

// Where an error at `path` of a planned event came from.
Origin OriginOf(const PlannedEvent& planned, const std::string& path) {
  const Origin* best = nullptr;
  size_t best_len = 0;
  for (const auto& [prefix, origin] : planned.fields) {
    const bool matches =
        path == prefix || (path.compare(0, prefix.size(), prefix) == 0 &&
                           path.size() > prefix.size() && path[prefix.size()] == '/');
    if (matches && prefix.size() >= best_len) {
      best = &origin;
      best_len = prefix.size();
    }
  }
  return best ? *best : planned.origin;
}

// The keys of rows imported before and the stream's version.
Status ReadImported(const EventLog& log, const std::string& stream, std::set<std::string>* keys,
                    int64_t* version) {
  int64_t after = 0;
  for (;;) {
    Result<std::vector<Event>> page = log.ReadStream(stream, after, 1000);
    if (!page.ok()) return page.status();
    if (page->empty()) break;
    for (const Event& e : *page) {
      after = e.version;
      if (e.type != kImportRecordedType) continue;
      for (const Json& k : e.data.value("row_keys", Json::array())) {
        if (k.is_string()) keys->insert(k.get<std::string>());
      }
    }
  }
  *version = after;
  return Status::Ok();
}

}  // namespace

Result<ImportPlan> PlanImport(const ImportSource& source, const EventLog& log,
                              const Catalogue& catalogue, const Principal& principal,
                              const Sha256Fn& sha256) {
  const KindSpec* kind = FindKind(source.kind);
  if (kind == nullptr) {
    std::string names;
    for (const KindSpec& k : Kinds()) names += (names.empty() ? "" : ", ") + k.name;
    return Status::Invalid("kind must be one of " + names, "kind");
  }
  ImportPlan plan;
  plan.kind = kind->name;
  plan.file_name = source.file_name;
  plan.format = source.format;
  plan.sheet = source.sheet;
  plan.sha256 = ToHex(sha256(source.text));
  Result<CsvTable> table = source.table ? Result<CsvTable>(*source.table) : ReadCsv(source.text);
  if (!table.ok()) {
    // A file that is not a table is one error, at the row that breaks it.
    const std::string& where = table.status().path();
    const int row = where.rfind("row ", 0) == 0 ? std::atoi(where.c_str() + 4) : 0;
    plan.errors.push_back({row, "", table.status().message()});
    return plan;
  }
  if (table->records.size() > kMaxImportRows) {
    return Status(StatusCode::kTooLarge,
                  "at most " + std::to_string(kMaxImportRows) + " rows in one import", "rows");
  }

  // The header: every required column present, no unknown column.
  std::set<std::string> known;
  for (const Column& c : kind->columns) known.insert(c.name);
  const int header_row = table->header_row;
  for (const std::string& name : table->header) {
    if (!known.count(name)) {
      plan.errors.push_back(
          {header_row, name, "is not a column of " + kind->name + " (see docs/import.md)"});
    }
  }
  for (const Column& c : kind->columns) {
    if (c.need == ColumnNeed::kRequired &&
        std::find(table->header.begin(), table->header.end(), c.name) == table->header.end()) {
      plan.errors.push_back({header_row, c.name, "the column is missing"});
    }
  }
  // Each error names its column's letters too, as the spreadsheet shows them.
  auto name_letters = [&table](std::vector<RowError>& errors) {
    for (RowError& e : errors) {
      if (e.column.empty()) continue;
      const auto at = std::find(table->header.begin(), table->header.end(), e.column);
      if (at != table->header.end()) {
        e.column_letters = ColumnLetters(static_cast<size_t>(at - table->header.begin()));
      }
    }
  };
  if (!plan.errors.empty()) {
    name_letters(plan.errors);
    return plan;
  }

  const std::string record_stream = "import/" + kind->name;
  std::set<std::string> imported;
  int64_t record_version = 0;
  if (Status s = ReadImported(log, record_stream, &imported, &record_version); !s.ok()) return s;

  MapContext ctx(log);
  Json new_keys = Json::array();
  std::set<std::string> seen_keys;
  const size_t total = table->records.size();
  const size_t step = std::max<size_t>(1, total / 100);
  for (const CsvRecord& record : table->records) {
    ++plan.rows;
    if (source.progress && (plan.rows % step == 0 || static_cast<size_t>(plan.rows) == total)) {
      source.progress(static_cast<size_t>(plan.rows), total);
    }
    Row row;
    row.number = record.row;
    if (record.fields.size() > table->header.size()) {
      if (source.format == ImportFormat::kXlsx) {
        // The XLSX reader drops empty cells at a row's end: the last is filled.
        ctx.Error(row, "",
                  "has a value in column " + ColumnLetters(record.fields.size() - 1) +
                      ", right of the header's last column (" +
                      ColumnLetters(table->header.size() - 1) + ")");
      } else {
        ctx.Error(row, "",
                  "has " + std::to_string(record.fields.size()) + " fields; the header has " +
                      std::to_string(table->header.size()));
      }
      continue;
    }
    for (size_t i = 0; i < record.fields.size(); ++i) {
      std::string v = record.fields[i];
      const size_t b = v.find_first_not_of(" \t");
      v = b == std::string::npos ? "" : v.substr(b, v.find_last_not_of(" \t") - b + 1);
      row.values[table->header[i]] = std::move(v);
    }
    const std::string key = RowKey(*kind, row, sha256);
    if (imported.count(key) || !seen_keys.insert(key).second) {
      ++plan.skipped_rows;
      continue;
    }
    ++plan.new_rows;
    new_keys.push_back(key);
    kind->map(row, ctx);
  }

  // Every event, as the API would validate it: its envelope as
  // POST /v1/events parses one (stream id, occurred_at, the limits on
  // values), then the catalogue.
  for (const PlannedEvent& planned : ctx.events()) {
    Json envelope = {{"type", planned.event.type},
                     {"stream", planned.event.stream},
                     {"data", planned.event.data}};
    if (planned.event.occurred_at) envelope["occurred_at"] = *planned.event.occurred_at;
    Result<ProposedEvent> parsed = ParseProposedEvent(std::move(envelope), "");
    Status valid = parsed.ok() ? catalogue.Validate(*parsed, principal, "") : parsed.status();
    if (!valid.ok()) {
      const Origin where = OriginOf(planned, valid.path());
      plan.errors.push_back({where.row, where.column, valid.message()});
    }
  }
  plan.errors.insert(plan.errors.end(), ctx.errors().begin(), ctx.errors().end());
  plan.errors.insert(plan.errors.end(), source.cell_errors.begin(), source.cell_errors.end());
  name_letters(plan.errors);
  std::stable_sort(plan.errors.begin(), plan.errors.end(),
                   [](const RowError& a, const RowError& b) { return a.row < b.row; });
  if (!plan.errors.empty() || plan.new_rows == 0) return plan;

  plan.batch = std::move(ctx.events());
  PlannedEvent record;
  record.event.type = kImportRecordedType;
  record.event.stream = record_stream;
  record.event.expected_version = record_version;
  std::string file = source.file_name.substr(0, 200);
  if (file.empty()) file = std::string("upload.") + FormatName(source.format);
  record.event.data = {{"kind", kind->name},
                       {"file", file},
                       {"format", FormatName(source.format)},
                       {"sha256", plan.sha256},
                       {"rows", plan.rows},
                       {"imported_rows", plan.new_rows},
                       {"skipped_rows", plan.skipped_rows},
                       {"events", static_cast<int64_t>(plan.batch.size())},
                       {"row_keys", new_keys}};
  if (!source.sheet.empty()) record.event.data["sheet"] = source.sheet;
  record.origin = {0, ""};
  plan.batch.push_back(std::move(record));
  return plan;
}

const char* FormatName(ImportFormat format) {
  return format == ImportFormat::kXlsx ? "xlsx" : "csv";
}

std::vector<ProposedEvent> BatchEvents(const ImportPlan& plan) {
  std::vector<ProposedEvent> events;
  events.reserve(plan.batch.size());
  for (const PlannedEvent& p : plan.batch) events.push_back(p.event);
  return events;
}

RowError RowErrorForAppend(const ImportPlan& plan, const Status& failure) {
  const std::string& path = failure.path();
  if (path.rfind("/events/", 0) == 0) {
    const size_t end = path.find('/', 8);
    const size_t i = std::strtoull(path.substr(8, end - 8).c_str(), nullptr, 10);
    if (i < plan.batch.size()) {
      const Origin where =
          OriginOf(plan.batch[i], end == std::string::npos ? "" : path.substr(end));
      return {where.row, where.column, failure.message()};
    }
  }
  return {0, "", failure.message()};
}

Json ImportReport(const ImportPlan& plan, ImportMode mode, const EventSpan* appended) {
  Json errors = Json::array();
  for (const RowError& e : plan.errors) {
    Json error = {{"row", e.row}, {"column", e.column}, {"reason", e.reason}};
    if (!e.column_letters.empty()) error["column_letters"] = e.column_letters;
    errors.push_back(std::move(error));
  }
  Json report = {{"kind", plan.kind},
                 {"file", plan.file_name},
                 {"format", FormatName(plan.format)},
                 {"sha256", plan.sha256},
                 {"rows", plan.rows},
                 {"new_rows", plan.new_rows},
                 {"skipped_rows", plan.skipped_rows},
                 {"events", plan.batch.empty() ? 0 : static_cast<int64_t>(plan.batch.size())},
                 {"dry_run", mode == ImportMode::kDryRun},
                 {"errors", errors}};
  if (!plan.sheet.empty()) report["sheet"] = plan.sheet;
  if (appended != nullptr && !appended->empty()) {
    report["positions"] = {appended->front().position, appended->back().position};
  }
  return report;
}

std::string TemplateCsv(const KindSpec& kind) {
  std::vector<std::string> header, example;
  for (const Column& c : kind.columns) {
    header.push_back(c.name);
    example.push_back(c.example);
  }
  return CsvLine(header) + CsvLine(example);
}

std::string DescribeError(const RowError& error) {
  std::string text = "row " + std::to_string(error.row);
  if (!error.column_letters.empty()) {
    text += ", column " + error.column_letters;
    if (!error.column.empty()) text += " (" + error.column + ")";
  } else if (!error.column.empty()) {
    text += ", column " + error.column;
  }
  return text + ": " + error.reason;
}

}  // namespace lif::import
