// Importing a spreadsheet (CSV or XLSX) of one kind into the log
// (docs/import.md).
//
// PlanImport reads the file (a CSV file itself; an XLSX workbook as the
// table the server's XLSX reader made of it), maps each row to the events the API accepts
// (one mapping per kind, import_kind.h), validates every event with the
// catalogue as an append would, and reports every row's errors (row, column,
// reason). A row already imported (same kind, same values in its known
// columns: its row key) is skipped, so the same file twice appends nothing
// new. The plan's batch ends with an import.recorded event in stream
// import/<kind> (who imported which file, which rows), whose expected version
// makes two concurrent imports of one kind conflict rather than both append.
// The caller appends the batch in one atomic append.
//
// Pure apart from reading `log`; thread-safe as far as `log` is.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/digest.h"
#include "core/import/csv_reader.h"
#include "core/import/import_kind.h"
#include "core/log/event_log.h"
#include "core/principal.h"
#include "core/validation/catalogue.h"

namespace lif::import {

inline constexpr size_t kMaxImportRows = 20000;
inline constexpr const char* kImportRecordedType = "import.recorded";

enum class ImportFormat { kCsv, kXlsx };

// "csv" or "xlsx", as the report and the import.recorded event name it.
const char* FormatName(ImportFormat format);

struct ImportSource {
  std::string kind;       // A KindSpec's name.
  std::string file_name;  // As the user named it; only recorded.
  std::string text;       // The file's bytes (hashed; read when CSV).
  // Called as rows are planned (rows done, rows in all), at most about 100
  // times a file; may be empty.
  std::function<void(size_t, size_t)> progress;
  ImportFormat format = ImportFormat::kCsv;
  // For kXlsx: the sheet as a table (read by server/import/xlsx_reader.h),
  // its name, and the cells it could not read (an error value such as
  // #REF!), reported with the rows' errors.
  std::optional<CsvTable> table = {};
  std::string sheet = {};
  std::vector<RowError> cell_errors = {};
};

struct ImportPlan {
  std::string kind;
  std::string file_name;
  ImportFormat format = ImportFormat::kCsv;
  std::string sheet;   // The XLSX sheet read; empty for CSV.
  std::string sha256;  // Of the file's bytes, hex.
  int rows = 0;        // Data rows read.
  int new_rows = 0;    // Rows not imported before.
  int skipped_rows = 0;
  std::vector<RowError> errors;  // Every error found; empty: the batch may be appended.
  // The events of the new rows, then the import.recorded event; empty when
  // there is nothing new (or there are errors).
  std::vector<PlannedEvent> batch;
};

// Plans the import; fails (kInvalid, kNotFound for an unknown kind) only when
// the file cannot be read as a table at all; row errors go into the plan.
Result<ImportPlan> PlanImport(const ImportSource& source, const EventLog& log,
                              const Catalogue& catalogue, const Principal& principal,
                              const Sha256Fn& sha256);

// The batch's events, ready for one atomic append (AppendRequest::events).
std::vector<ProposedEvent> BatchEvents(const ImportPlan& plan);

// An append's failure at "/events/<i>/...", as the row and column of the
// planned event that caused it.
RowError RowErrorForAppend(const ImportPlan& plan, const Status& failure);

enum class ImportMode { kDryRun, kAppended };

// The report the CLI prints and the API answers: {"kind", "file", "format",
// "sheet"?, "sha256", "rows", "new_rows", "skipped_rows", "events",
// "dry_run", "errors": [{"row", "column", "column_letters"?, "reason"}],
// "positions"?: [first, last]}.
Json ImportReport(const ImportPlan& plan, ImportMode mode, const EventSpan* appended);

// The kind's template: its header and one example row, as CSV.
std::string TemplateCsv(const KindSpec& kind);

// How an error reads for a person: "row 7, column C (due): reason", "row 1,
// column due: reason" when the column is not in the file, "row 4: reason".
std::string DescribeError(const RowError& error);

}  // namespace lif::import
