// Importing a spreadsheet (CSV) of one kind into the log (docs/import.md).
//
// PlanImport reads the file, maps each row to the events the API accepts
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
#include <string>
#include <vector>

#include "core/digest.h"
#include "core/import/import_kind.h"
#include "core/log/event_log.h"
#include "core/principal.h"
#include "core/validation/catalogue.h"

namespace lif::import {

inline constexpr size_t kMaxImportRows = 20000;
inline constexpr const char* kImportRecordedType = "import.recorded";

struct ImportSource {
  std::string kind;       // A KindSpec's name.
  std::string file_name;  // As the user named it; only recorded.
  std::string text;       // The file's bytes.
  // Called as rows are planned (rows done, rows in all), at most about 100
  // times a file; may be empty.
  std::function<void(size_t, size_t)> progress;
};

struct ImportPlan {
  std::string kind;
  std::string file_name;
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

// The report the CLI prints and the API answers: {"kind", "file", "sha256",
// "rows", "new_rows", "skipped_rows", "events", "dry_run", "errors": [{"row",
// "column", "reason"}], "positions"?: [first, last]}.
Json ImportReport(const ImportPlan& plan, ImportMode mode, const EventSpan* appended);

// The kind's template: its header and one example row, as CSV.
std::string TemplateCsv(const KindSpec& kind);

}  // namespace lif::import
