// An XLSX (Excel 2007 and later, Office Open XML) reader for imported
// spreadsheets (docs/import.md): one worksheet as the table the CSV reader
// gives (core/import/csv_reader.h), so the importer and its mappings read
// either.
//
// The workbook is a zip (libzip) of XML parts (expat). The reader takes the
// first worksheet, or the one named; shared strings, inline strings, numbers
// (written as the shortest decimal that reads back, whole numbers without a
// point), booleans (TRUE, FALSE) and formulas' cached values. A number in a
// cell whose number format is a date or time (styles.xml: the built-in date
// formats and any custom format with d, m, y, h or s outside quotes) becomes
// an ISO date (YYYY-MM-DD, with THH:MM:SS when it has a time of day), in the
// workbook's date system: 1900 (serial 1 is 1900-01-01, and serial 60 is
// Excel's 1900-02-29, a day that never was, kept as that text so the
// catalogue refuses it) or 1904 (serial 0 is 1904-01-01). Cells that are
// absent (a sparse row) or empty read as ""; row and column numbers are the
// sheet's own (the `r` attributes), so errors name the row and the column
// letters a person sees. The first non-empty row is the header; blank rows
// are skipped.
//
// Refused (kInvalid, path "file", nothing read): bytes that are not a zip
// (an Excel 97-2003 .xls and a password-protected workbook are OLE files and
// are named as such), a zip with an encrypted part, a zip that is not a
// workbook, XML with a document type declaration, and a zip bomb: more
// uncompressed bytes or cells than the limits, counted as they are read
// (the sizes a zip declares are not trusted).
//
// Thread-safe (no shared state).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/import/csv_reader.h"
#include "core/import/import_kind.h"
#include "core/status.h"

namespace lif::server {

// The media type of an XLSX workbook (POST /v1/import, the templates).
inline constexpr const char* kXlsxMediaType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

struct XlsxLimits {
  size_t max_uncompressed_bytes = 64u << 20;  // All parts read, together.
  size_t max_cells = 1000000;                 // Cells of the sheet, empty or not.
  size_t max_parts = 10000;                   // Entries of the zip.
};

struct XlsxSheet {
  std::string name;  // The sheet's name in the workbook.
  import::CsvTable table;
  // Cells holding an Excel error value (#REF!, #N/A, ...), or a shared
  // string that is not in the table: reported with the rows' errors.
  std::vector<import::RowError> cell_errors;
};

// Whether the bytes start as a zip archive does ("PK\3\4"), the test the
// CLI uses to tell an XLSX workbook from a CSV file by its content.
bool LooksLikeZip(std::string_view bytes);

// Reads the sheet named `sheet_name`, or the first sheet when it is empty.
// An unknown sheet name is kInvalid at path "sheet", naming the sheets.
Result<XlsxSheet> ReadXlsx(std::string_view bytes, const std::string& sheet_name,
                           const XlsxLimits& limits = {});

// The ISO text of an Excel date serial in the 1900 or 1904 date system, or
// "" when the serial is not a date there (negative, or 0 in the 1900
// system, or past 9999-12-31). Exposed for tests.
enum class DateSystem { k1900, k1904 };
std::string SerialToIso(double serial, DateSystem system);

// Whether a number format code shows a date or time ("dd/mm/yyyy",
// "[h]:mm"; not "0.00" or "#,##0 \"days\""). Exposed for tests.
bool IsDateFormatCode(std::string_view code);

}  // namespace lif::server
