// Real XLSX workbooks for the import tests, written by libxlsxwriter (a
// producer independent of the reader under test), and libzip edits of a
// workbook's parts to make the hostile ones (a 1904 workbook, an error cell,
// a document type, a zip bomb).
#pragma once

#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/import/csv_reader.h"

namespace lif::testing {

enum class CellKind { kText, kNumber, kDate, kBool, kRich, kFormula };

struct XCell {
  size_t column = 0;  // 0 is A.
  CellKind kind = CellKind::kText;
  std::string text;   // kText, kRich (its two halves joined), kFormula (the formula).
  double number = 0;  // kNumber, kDate (a serial), kBool (0 or 1), kFormula (its value).
  // kDate: the format: a custom code, or "" for the built-in 14 (m/d/yyyy).
  std::string date_format = "dd/mm/yyyy";
};

struct XRow {
  int row = 0;  // 1 is the first row.
  std::vector<XCell> cells;
};

struct XSheet {
  std::string name = "Sheet1";
  std::vector<XRow> rows;
};

enum class StringStore { kShared, kInline };

inline std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The workbook's bytes. kInline writes in libxlsxwriter's constant-memory
// mode, which stores strings inline (<is>) rather than in sharedStrings.xml.
inline std::string WriteWorkbook(const std::vector<XSheet>& sheets,
                                 StringStore strings = StringStore::kShared) {
  std::string path = (std::filesystem::temp_directory_path() / "lif-test-XXXXXX.xlsx").string();
  const int fd = ::mkstemps(path.data(), 5);
  if (fd < 0) std::abort();
  ::close(fd);
  lxw_workbook_options options = {};
  options.constant_memory = strings == StringStore::kInline ? LXW_TRUE : LXW_FALSE;
  lxw_workbook* book = workbook_new_opt(path.c_str(), &options);
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  for (const XSheet& s : sheets) {
    lxw_worksheet* sheet = workbook_add_worksheet(book, s.name.c_str());
    for (const XRow& r : s.rows) {
      for (const XCell& c : r.cells) {
        const auto row = static_cast<lxw_row_t>(r.row - 1);
        const auto col = static_cast<lxw_col_t>(c.column);
        switch (c.kind) {
          case CellKind::kText:
            worksheet_write_string(sheet, row, col, c.text.c_str(), nullptr);
            break;
          case CellKind::kNumber:
            worksheet_write_number(sheet, row, col, c.number, nullptr);
            break;
          case CellKind::kDate: {
            lxw_format* f = workbook_add_format(book);
            if (c.date_format.empty()) {
              format_set_num_format_index(f, 14);
            } else {
              format_set_num_format(f, c.date_format.c_str());
            }
            worksheet_write_number(sheet, row, col, c.number, f);
            break;
          }
          case CellKind::kBool:
            worksheet_write_boolean(sheet, row, col, static_cast<int>(c.number), nullptr);
            break;
          case CellKind::kRich: {
            // Two runs, the first bold: "<r><t>first</t></r><r><t>second</t></r>".
            const size_t half = c.text.size() / 2;
            const std::string a = c.text.substr(0, half), b = c.text.substr(half);
            lxw_rich_string_tuple first = {bold, const_cast<char*>(a.c_str())};
            lxw_rich_string_tuple second = {nullptr, const_cast<char*>(b.c_str())};
            lxw_rich_string_tuple* runs[] = {&first, &second, nullptr};
            worksheet_write_rich_string(sheet, row, col, runs, nullptr);
            break;
          }
          case CellKind::kFormula:
            worksheet_write_formula_num(sheet, row, col, c.text.c_str(), nullptr, c.number);
            break;
        }
      }
    }
  }
  if (workbook_close(book) != LXW_NO_ERROR) std::abort();
  std::string bytes = ReadBytes(path);
  std::filesystem::remove(path);
  return bytes;
}

// A cell of a CSV field: an ISO date (from 1901, month 1-12, day 1-31)
// becomes a date cell (shown dd/mm/yyyy), a plain number a number, anything
// else text.
inline XCell CellOfField(size_t column, const std::string& v) {
  XCell c;
  c.column = column;
  const int y = v.size() == 10 ? std::atoi(v.substr(0, 4).c_str()) : 0,
            m = v.size() == 10 ? std::atoi(v.substr(5, 2).c_str()) : 0,
            d = v.size() == 10 ? std::atoi(v.substr(8, 2).c_str()) : 0;
  if (v.size() == 10 && v[4] == '-' && v[7] == '-' &&
      v.find_first_not_of("0123456789-") == std::string::npos && y > 1900 && m >= 1 && m <= 12 &&
      d >= 1 && d <= 31) {
    // Days since 1970-01-01, then Excel's 1900 serial (25569 is 1970-01-01).
    const int yy = y - (m <= 2), era = yy / 400, yoe = yy - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
    c.kind = CellKind::kDate;
    c.number = days + 25569;
    return c;
  }
  if (!v.empty() && v.size() < 15 && v.find_first_not_of("0123456789.") == std::string::npos &&
      v.find('.') == v.rfind('.') && v[0] != '.' && v.back() != '.' &&
      (v[0] != '0' || v.size() == 1 || v[1] == '.')) {
    c.kind = CellKind::kNumber;
    c.number = std::strtod(v.c_str(), nullptr);
    return c;
  }
  c.text = v;
  return c;
}

// The CSV's table as one sheet, its empty fields left out (sparse rows).
inline XSheet SheetOfCsv(const std::string& csv, const std::string& name = "Sheet1") {
  Result<import::CsvTable> t = import::ReadCsv(csv);
  if (!t.ok()) std::abort();
  XSheet sheet;
  sheet.name = name;
  XRow header{1, {}};
  for (size_t i = 0; i < t->header.size(); ++i)
    header.cells.push_back(CellOfField(i, t->header[i]));
  sheet.rows.push_back(header);
  for (const import::CsvRecord& r : t->records) {
    XRow row{r.row, {}};
    for (size_t i = 0; i < r.fields.size(); ++i) {
      if (!r.fields[i].empty()) row.cells.push_back(CellOfField(i, r.fields[i]));
    }
    sheet.rows.push_back(row);
  }
  return sheet;
}

// The workbook with one part's text edited: each `from` replaced by `to`, or
// the whole part replaced when `from` is empty (a new part is added).
inline std::string EditPart(const std::string& workbook, const std::string& part,
                            const std::string& from, const std::string& to) {
  std::string path = (std::filesystem::temp_directory_path() / "lif-test-XXXXXX.xlsx").string();
  const int fd = ::mkstemps(path.data(), 5);
  if (fd < 0 ||
      ::write(fd, workbook.data(), workbook.size()) != static_cast<ssize_t>(workbook.size())) {
    std::abort();
  }
  ::close(fd);
  int error = 0;
  zip_t* z = zip_open(path.c_str(), 0, &error);
  if (z == nullptr) std::abort();
  std::string text;
  const zip_int64_t index = zip_name_locate(z, part.c_str(), 0);
  if (index >= 0 && !from.empty()) {
    zip_stat_t st;
    zip_stat_index(z, static_cast<zip_uint64_t>(index), 0, &st);
    text.resize(st.size);
    zip_file_t* f = zip_fopen_index(z, static_cast<zip_uint64_t>(index), 0);
    if (zip_fread(f, text.data(), st.size) != static_cast<zip_int64_t>(st.size)) std::abort();
    zip_fclose(f);
    for (size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size())) {
      text.replace(at, from.size(), to);
    }
  } else {
    text = to;
  }
  // libzip keeps the buffer until zip_close: it lives in a heap copy freed there.
  void* copy = std::malloc(text.size() + 1);
  std::memcpy(copy, text.data(), text.size());
  zip_source_t* src = zip_source_buffer(z, copy, text.size(), 1);
  if (zip_file_add(z, part.c_str(), src, ZIP_FL_OVERWRITE) < 0) std::abort();
  if (zip_close(z) != 0) std::abort();
  std::string bytes = ReadBytes(path);
  std::filesystem::remove(path);
  return bytes;
}

// A workbook whose first sheet (a header "a", then nothing) unpacks to
// `bytes` of XML, mostly spaces, which deflate a thousandfold: a zip bomb for
// a reader that trusts it.
inline std::string ZipBomb(const std::string& workbook, size_t bytes) {
  std::string xml =
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a</t></is></c></row>";
  xml.append(bytes, ' ');
  xml += "</sheetData></worksheet>";
  return EditPart(workbook, "xl/worksheets/sheet1.xml", "", xml);
}

}  // namespace lif::testing
