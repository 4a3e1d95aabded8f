// The XLSX reader (server/import/xlsx_reader.h) on workbooks libxlsxwriter
// writes: shared, inline and rich strings, numbers, booleans, formulas'
// values, dates in date-formatted cells in both date systems (with Excel's
// 1900-02-29), sparse rows and named sheets; and the hostile files: not a
// zip, an .xls, an encrypted part, a document type, an error cell, a zip bomb
// by bytes and by cells.
#include "server/import/xlsx_reader.h"

#include <gtest/gtest.h>

#include "tests/server/xlsx_writer.h"

namespace lif::server {
namespace {

using testing::CellKind;
using testing::StringStore;
using testing::WriteWorkbook;
using testing::XCell;
using testing::XRow;
using testing::XSheet;

XCell Text(size_t col, const std::string& v) { return {col, CellKind::kText, v}; }
XCell Number(size_t col, double v) { return {col, CellKind::kNumber, "", v}; }
XCell Date(size_t col, double serial, const std::string& format = "dd/mm/yyyy") {
  return {col, CellKind::kDate, "", serial, format};
}

XSheet Header(std::vector<std::string> names, const std::string& sheet = "Sheet1") {
  XSheet s;
  s.name = sheet;
  XRow row{1, {}};
  for (size_t i = 0; i < names.size(); ++i) row.cells.push_back(Text(i, names[i]));
  s.rows.push_back(row);
  return s;
}

TEST(XlsxReaderTest, ReadsStringsNumbersBooleansAndFormulasInBothStringStores) {
  for (StringStore store : {StringStore::kShared, StringStore::kInline}) {
    XSheet s = Header({"text", "number", "bool", "rich", "formula"});
    s.rows.push_back({2,
                      {Text(0, "  Train custody staff "),
                       Number(1, 21),
                       {2, CellKind::kBool, "", 1},
                       {3, CellKind::kRich, "Half trained"},
                       {4, CellKind::kFormula, "=1+2", 3}}});
    s.rows.push_back({3,
                      {Text(0, "Caf\xC3\xA9 & <tags>"),
                       Number(1, 20.5),
                       {2, CellKind::kBool, "", 0},
                       Number(3, 0.1 + 0.2),
                       Number(4, -1204)}});
    Result<XlsxSheet> r = ReadXlsx(WriteWorkbook({s}, store), "");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->name, "Sheet1");
    EXPECT_EQ(r->table.header,
              std::vector<std::string>({"text", "number", "bool", "rich", "formula"}));
    EXPECT_EQ(r->table.header_row, 1);
    ASSERT_EQ(r->table.records.size(), 2u);
    EXPECT_EQ(r->table.records[0].row, 2);
    EXPECT_EQ(r->table.records[0].fields, std::vector<std::string>({"  Train custody staff ", "21",
                                                                    "TRUE", "Half trained", "3"}));
    EXPECT_EQ(r->table.records[1].fields,
              std::vector<std::string>({"Caf\xC3\xA9 & <tags>", "20.5", "FALSE", "0.3", "-1204"}));
    EXPECT_TRUE(r->cell_errors.empty());
  }
}

TEST(XlsxReaderTest, PhoneticRunsOfASharedStringAreLeftOut) {
  XSheet s = Header({"name"});
  s.rows.push_back({2, {Text(0, "Tanaka")}});
  const std::string book = testing::EditPart(
      WriteWorkbook({s}), "xl/sharedStrings.xml", "<t>Tanaka</t>",
      "<t>Tanaka</t><rPh sb=\"0\" eb=\"6\"><t>\xE3\x81\x9F\xE3\x81\xAA\xE3\x81\x8B</t></rPh>");
  Result<XlsxSheet> r = ReadXlsx(book, "");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->table.records[0].fields[0], "Tanaka");
}

TEST(XlsxReaderTest, DateFormattedSerialsBecomeIsoDatesAndOthersStayNumbers) {
  XSheet s = Header({"custom", "builtin", "plain", "time", "bug"});
  s.rows.push_back({2,
                    {Date(0, 46203), Date(1, 46203, ""), Number(2, 46203),
                     Date(3, 46203.5, "yyyy-mm-dd hh:mm"), Date(4, 60)}});
  s.rows.push_back({3,
                    {Date(0, 59), Date(1, 61), Date(2, 1, "[$-809]d mmmm yyyy;@"),
                     Date(3, 0.25, "[h]:mm"), Date(4, 12, "0.00 \"days\"")}});
  Result<XlsxSheet> r = ReadXlsx(WriteWorkbook({s}), "");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->table.records[0].fields,
            std::vector<std::string>(
                {"2026-06-30", "2026-06-30", "46203", "2026-06-30T12:00:00", "1900-02-29"}));
  // 59 is 1900-02-28 and 61 is 1900-03-01: Excel's 60 is a day that never was.
  // A time of day alone (serial 0.x) is not a date in the 1900 system.
  EXPECT_EQ(r->table.records[1].fields,
            std::vector<std::string>({"1900-02-28", "1900-03-01", "1900-01-01", "0.25", "12"}));

  // The same serials in a 1904 workbook (Excel for the Mac's old default).
  const std::string book1904 = testing::EditPart(WriteWorkbook({s}), "xl/workbook.xml",
                                                 "<workbookPr ", "<workbookPr date1904=\"1\" ");
  Result<XlsxSheet> mac = ReadXlsx(book1904, "");
  ASSERT_TRUE(mac.ok()) << mac.status().ToString();
  EXPECT_EQ(mac->table.records[0].fields[0], "2030-07-01");  // 46203 days after 1904-01-01.
  EXPECT_EQ(mac->table.records[0].fields[4], "1904-03-01");
  EXPECT_EQ(mac->table.records[1].fields[0], "1904-02-29");  // 1904 was a leap year.
}

TEST(XlsxReaderTest, SerialsAndFormatCodes) {
  EXPECT_EQ(SerialToIso(1, DateSystem::k1900), "1900-01-01");
  EXPECT_EQ(SerialToIso(59, DateSystem::k1900), "1900-02-28");
  EXPECT_EQ(SerialToIso(60, DateSystem::k1900), "1900-02-29");
  EXPECT_EQ(SerialToIso(61, DateSystem::k1900), "1900-03-01");
  EXPECT_EQ(SerialToIso(45000, DateSystem::k1900), "2023-03-15");
  EXPECT_EQ(SerialToIso(45000.999999, DateSystem::k1900), "2023-03-16");  // Rounds to midnight.
  EXPECT_EQ(SerialToIso(2958465, DateSystem::k1900), "9999-12-31");
  EXPECT_EQ(SerialToIso(2958466, DateSystem::k1900), "");
  EXPECT_EQ(SerialToIso(0, DateSystem::k1900), "");
  EXPECT_EQ(SerialToIso(-1, DateSystem::k1900), "");
  EXPECT_EQ(SerialToIso(0, DateSystem::k1904), "1904-01-01");
  EXPECT_EQ(SerialToIso(45000, DateSystem::k1904), "2027-03-16");  // 1,462 days later.
  for (const char* date : {"dd/mm/yyyy", "d-mmm-yy", "[$-F800]dddd, mmmm dd, yyyy", "hh:mm:ss",
                           "[h]:mm", "yyyy-mm-dd;@", "[Red]dd/mm/yy"}) {
    EXPECT_TRUE(IsDateFormatCode(date)) << date;
  }
  for (const char* number : {"General", "0.00", "#,##0", "0.00 \"days\"", "[Red]#,##0", "0%", "@",
                             "\\d0", "_-* #,##0_-", "[>100]0;0.0"}) {
    EXPECT_FALSE(IsDateFormatCode(number)) << number;
  }
}

TEST(XlsxReaderTest, SparseRowsKeepTheSheetsRowNumbersAndColumns) {
  XSheet s;
  s.rows.push_back({3, {Text(0, "a"), Text(1, "b"), Text(2, "c")}});  // Rows 1-2 blank.
  s.rows.push_back({4, {Text(0, "1"), Text(2, "3")}});                // B4 missing.
  s.rows.push_back({5, {Text(1, "   ")}});                            // Only spaces: blank.
  s.rows.push_back({7, {Text(1, "only b")}});                         // Row 6 missing.
  s.rows.push_back({8, {Text(0, "x"), Text(4, "beyond")}});           // Right of the header.
  Result<XlsxSheet> r = ReadXlsx(WriteWorkbook({s}), "");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->table.header_row, 3);
  ASSERT_EQ(r->table.records.size(), 3u);
  EXPECT_EQ(r->table.records[0].row, 4);
  EXPECT_EQ(r->table.records[0].fields, std::vector<std::string>({"1", "", "3"}));
  EXPECT_EQ(r->table.records[1].row, 7);
  EXPECT_EQ(r->table.records[1].fields, std::vector<std::string>({"", "only b"}));
  EXPECT_EQ(r->table.records[2].fields.size(), 5u);
}

TEST(XlsxReaderTest, ReadsTheFirstSheetOrTheNamedOne) {
  const std::string book =
      WriteWorkbook({Header({"first"}, "Plan"), Header({"second"}, "Returns 2026")});
  EXPECT_EQ(ReadXlsx(book, "")->table.header[0], "first");
  Result<XlsxSheet> named = ReadXlsx(book, "returns 2026");  // Names are case-insensitive.
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->name, "Returns 2026");
  EXPECT_EQ(named->table.header[0], "second");
  Result<XlsxSheet> unknown = ReadXlsx(book, "Budget");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().path(), "sheet");
  EXPECT_NE(unknown.status().message().find("'Plan', 'Returns 2026'"), std::string::npos)
      << unknown.status().message();
}

TEST(XlsxReaderTest, AnErrorCellIsAnErrorAtItsRowAndColumn) {
  XSheet s = Header({"a", "due"});
  s.rows.push_back({2, {Text(0, "x"), Text(1, "ERRCELL")}});
  s.rows.push_back({3, {Text(0, "y"), Text(3, "ERRCELL")}});  // D3: right of the header.
  const std::string book =
      testing::EditPart(WriteWorkbook({s}, StringStore::kInline), "xl/worksheets/sheet1.xml",
                        "t=\"inlineStr\"><is><t>ERRCELL</t></is>", "t=\"e\"><v>#REF!</v>");
  Result<XlsxSheet> r = ReadXlsx(book, "");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->cell_errors.size(), 2u);
  EXPECT_EQ(r->cell_errors[0].row, 2);
  EXPECT_EQ(r->cell_errors[0].column, "due");
  EXPECT_NE(r->cell_errors[0].reason.find("#REF!"), std::string::npos);
  EXPECT_EQ(r->cell_errors[1].row, 3);
  EXPECT_EQ(r->cell_errors[1].column_letters, "D");
}

TEST(XlsxReaderTest, RefusesWhatIsNotAWorkbookWithAClearReason) {
  auto refused = [](const std::string& bytes, const std::string& words) {
    Result<XlsxSheet> r = ReadXlsx(bytes, "");
    ASSERT_FALSE(r.ok()) << words;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalid);
    EXPECT_EQ(r.status().path(), "file");
    EXPECT_NE(r.status().message().find(words), std::string::npos) << r.status().message();
  };
  refused("plan,action\r\np1,a1\r\n", "not a zip archive");
  refused("", "not a zip archive");
  refused(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0'),
          "Excel 97-2003");
  refused(std::string("PK\x03\x04", 4) + std::string(100, 'x'), "damaged");
  const std::string good = WriteWorkbook({Header({"a"})});
  refused(good.substr(0, good.size() / 2), "damaged");  // Truncated: no central directory.
  refused(testing::EditPart(good, "xl/workbook.xml", "<workbook", "<nonsense"), "not well-formed");
  refused(testing::EditPart(good, "xl/worksheets/sheet1.xml", "<worksheet",
                            "<!DOCTYPE w [<!ENTITY a \"aaaaaaaa\">]><worksheet"),
          "document type");
  refused(WriteWorkbook({XSheet{}}), "no header row");
  XSheet gap;
  gap.rows.push_back({1, {Text(0, "a"), Text(2, "c")}});
  refused(WriteWorkbook({gap}), "column B of the header is empty");

  // A zip with a password on a part.
  std::string path = (std::filesystem::temp_directory_path() / "lif-enc-XXXXXX.zip").string();
  const int fd = ::mkstemps(path.data(), 4);
  ASSERT_GE(fd, 0);
  ::close(fd);
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_TRUNCATE, &error);
  ASSERT_NE(z, nullptr);
  static const char kXml[] = "<workbook/>";
  zip_source_t* src = zip_source_buffer(z, kXml, sizeof kXml - 1, 0);
  const zip_int64_t i = zip_file_add(z, "xl/workbook.xml", src, 0);
  ASSERT_GE(i, 0);
  ASSERT_EQ(zip_file_set_encryption(z, static_cast<zip_uint64_t>(i), ZIP_EM_AES_256, "secret"), 0)
      << zip_strerror(z);
  ASSERT_EQ(zip_close(z), 0);
  refused(testing::ReadBytes(path), "encrypted");
  std::filesystem::remove(path);
}

TEST(XlsxReaderTest, RefusesAZipBombByItsUnpackedBytesAndItsCells) {
  const std::string good = WriteWorkbook({Header({"a"})});
  const std::string bomb = testing::ZipBomb(good, 8u << 20);
  ASSERT_LT(bomb.size(), 64u << 10);  // Small packed: it is the unpacking that is bounded.
  XlsxLimits limits;
  limits.max_uncompressed_bytes = 4u << 20;
  Result<XlsxSheet> r = ReadXlsx(bomb, "", limits);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("more than 4 MiB"), std::string::npos)
      << r.status().message();
  EXPECT_TRUE(ReadXlsx(bomb, "").ok());  // Under the default limit (64 MiB) it reads.

  XSheet many = Header({"a", "b"});
  for (int row = 2; row <= 20; ++row) many.rows.push_back({row, {Text(0, "x"), Text(1, "y")}});
  limits = XlsxLimits();
  limits.max_cells = 30;
  Result<XlsxSheet> cells = ReadXlsx(WriteWorkbook({many}), "", limits);
  ASSERT_FALSE(cells.ok());
  EXPECT_NE(cells.status().message().find("more than 30 cells"), std::string::npos);
  limits.max_cells = 40;
  EXPECT_TRUE(ReadXlsx(WriteWorkbook({many}), "", limits).ok());
}

}  // namespace
}  // namespace lif::server
