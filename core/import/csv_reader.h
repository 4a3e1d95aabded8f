// A CSV reader for imported spreadsheets (RFC 4180, docs/import.md). The
// table it gives (CsvTable) is also what the server's XLSX reader
// (server/import/xlsx_reader.h) gives, so the importer reads either.
//
// Fields are separated by commas and records by CRLF (a bare LF is accepted
// too, as spreadsheets saved on Linux and macOS write it). A field may be
// quoted with '"'; inside quotes a comma, CR or LF is data and '""' is one
// quote. A UTF-8 byte order mark at the start (as Excel writes) is skipped,
// and blank lines are ignored. The text must be UTF-8.
//
// Pure; thread-safe (no shared state).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace lif::import {

// One record of the file, with the spreadsheet row it came from: the header is
// row 1, so the first data record is row 2 (a quoted field spanning lines
// still counts as one row).
struct CsvRecord {
  int row = 0;
  std::vector<std::string> fields;
};

// A record's fields are its columns in order: fields[0] is column A, and a
// field the row leaves out (a short CSV line, a missing XLSX cell) is "".
struct CsvTable {
  std::vector<std::string> header;  // Trimmed of surrounding spaces.
  int header_row = 1;               // The spreadsheet row of the header.
  std::vector<CsvRecord> records;
};

// Refuses, with kInvalid naming the row ("row 7") in the path, a quote inside
// an unquoted field, text after a closing quote, a quoted field never closed,
// a header with an empty or repeated name, and bytes that are not UTF-8.
Result<CsvTable> ReadCsv(std::string_view text);

// Writes one CSV record (RFC 4180: a field with a comma, quote, CR or LF is
// quoted, quotes doubled), ending with CRLF.
std::string CsvLine(const std::vector<std::string>& fields);

// The spreadsheet's letters of the column at `index` (0: "A", 25: "Z",
// 26: "AA").
std::string ColumnLetters(size_t index);

}  // namespace lif::import
