// CSV rendering (RFC 4180) shared by the audit trail and view exports.
//
// A field is quoted when it contains a comma, a double quote, a carriage
// return or a line feed (or starts or ends with a space, so spreadsheets keep
// it); a double quote inside a quoted field is doubled. Records end with CRLF.
// Pure functions: thread-safe, nothing fails.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"

namespace lif {

// One field, quoted when RFC 4180 requires it.
std::string CsvField(std::string_view value);

// One record: the fields joined by commas, ending in "\r\n".
std::string CsvRecord(const std::vector<std::string>& fields);

// A JSON value as CSV cell text: a string as it is, null or absent as "",
// anything else as its compact JSON text.
std::string CsvCellText(const Json& value);

}  // namespace lif
