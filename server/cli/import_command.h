// `lif import`: a spreadsheet (CSV or XLSX) into a stopped data folder, through
// RocksLog::Append like the REST API (core/import/importer.h, docs/import.md).
//
// Thread-safety: call from the main thread only; it owns the folder while it runs.
#pragma once
#include <map>
#include <string>

namespace lif {

// Flags: data, kind, file (required), sheet, dry-run. The file is read as
// XLSX when its name ends .xlsx, .xlsm or .xls or its bytes start as a zip
// (or an OLE file, which is refused as .xls) does, else as CSV. Prints the import's report
// (JSON) on stdout and each row's error on stderr, with a progress bar on
// stderr when it is a terminal. Returns the exit code: 0 when imported (or
// nothing was new, or a dry run found no error), 2 for bad flags or any row
// error (nothing appended), 1 for any other failure.
int RunImportCommand(const std::map<std::string, std::string>& flags);

}  // namespace lif
