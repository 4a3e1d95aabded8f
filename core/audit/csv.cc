#include "core/audit/csv.h"

#include "core/json_writer.h"

namespace lif {

std::string CsvField(std::string_view value) {
  bool quote = value.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!value.empty() && (value.front() == ' ' || value.back() == ' ')) quote = true;
  if (!quote) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string CsvRecord(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += CsvField(fields[i]);
  }
  out += "\r\n";
  return out;
}

std::string CsvCellText(const Json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  std::string text;
  AppendJson(&text, value, InvalidUtf8::kReplace);
  return text;
}

}  // namespace lif
