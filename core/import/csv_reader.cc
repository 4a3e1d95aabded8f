#include "core/import/csv_reader.h"

#include <set>

namespace lif::import {
namespace {

// Whether `text` is well-formed UTF-8 (no overlong forms, no surrogates).
bool IsUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t extra = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;
    for (size_t k = 1; k <= extra; ++k) {
      const unsigned char d = static_cast<unsigned char>(text[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

std::string Trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  const size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

bool AllEmpty(const std::vector<std::string>& fields) {
  for (const std::string& f : fields) {
    if (!Trim(f).empty()) return false;
  }
  return true;
}

}  // namespace

Result<CsvTable> ReadCsv(std::string_view text) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (!IsUtf8(text)) return Status::Invalid("the file is not UTF-8 text (save it as CSV UTF-8)");
  std::vector<CsvRecord> all;
  CsvRecord current;
  std::string field;
  int row = 1;
  current.row = row;
  size_t i = 0;
  const size_t n = text.size();
  bool at_field_start = true;
  auto end_field = [&] {
    current.fields.push_back(std::move(field));
    field.clear();
    at_field_start = true;
  };
  auto end_record = [&] {
    end_field();
    if (!AllEmpty(current.fields)) all.push_back(std::move(current));
    current = CsvRecord();
    current.row = ++row;
  };
  while (i < n) {
    const char c = text[i];
    if (at_field_start && c == '"') {
      // A quoted field: runs to the closing quote, "" being one quote.
      ++i;
      bool closed = false;
      while (i < n) {
        if (text[i] == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        field.push_back(text[i++]);
      }
      if (!closed) {
        return Status::Invalid("a quoted field is never closed", "row " + std::to_string(row));
      }
      if (i < n && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
        return Status::Invalid("text after a closing quote (write \"\" for a quote inside quotes)",
                               "row " + std::to_string(row));
      }
      at_field_start = false;
      continue;
    }
    if (c == ',') {
      end_field();
      ++i;
    } else if (c == '\r' || c == '\n') {
      end_record();
      i += (c == '\r' && i + 1 < n && text[i + 1] == '\n') ? 2 : 1;
    } else if (c == '"') {
      return Status::Invalid("a quote inside an unquoted field (quote the whole field)",
                             "row " + std::to_string(row));
    } else {
      field.push_back(c);
      at_field_start = false;
      ++i;
    }
  }
  if (!at_field_start || !field.empty() || !current.fields.empty()) end_record();

  CsvTable table;
  if (all.empty()) return Status::Invalid("the file has no header row", "row 1");
  std::set<std::string> seen;
  for (const std::string& name : all.front().fields) {
    std::string trimmed = Trim(name);
    if (trimmed.empty()) {
      return Status::Invalid("the header has an empty column name",
                             "row " + std::to_string(all.front().row));
    }
    if (!seen.insert(trimmed).second) {
      return Status::Invalid("the header names column '" + trimmed + "' twice",
                             "row " + std::to_string(all.front().row));
    }
    table.header.push_back(std::move(trimmed));
  }
  table.header_row = all.front().row;
  for (size_t r = 1; r < all.size(); ++r) table.records.push_back(std::move(all[r]));
  return table;
}

std::string CsvLine(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    const std::string& f = fields[i];
    if (f.find_first_of(",\"\r\n") == std::string::npos) {
      out += f;
      continue;
    }
    out += '"';
    for (char c : f) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += "\r\n";
  return out;
}

std::string ColumnLetters(size_t index) {
  std::string letters;
  for (size_t n = index + 1; n > 0; n = (n - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return letters;
}

}  // namespace lif::import
