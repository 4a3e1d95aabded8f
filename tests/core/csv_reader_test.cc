// The CSV reader of imports (core/import/csv_reader.h): RFC 4180 quoting, the
// line endings spreadsheets write, and files that are not CSV at all.
#include "core/import/csv_reader.h"

#include <gtest/gtest.h>

namespace lif::import {
namespace {

TEST(CsvReaderTest, ReadsQuotedFieldsWithCommasQuotesAndLineBreaks) {
  Result<CsvTable> t = ReadCsv(
      "a,b,c\r\n"
      "1,\"two, with comma\",\"say \"\"hi\"\"\"\r\n"
      "\"multi\r\nline\",,last\r\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->header, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(t->records.size(), 2u);
  EXPECT_EQ(t->records[0].fields, (std::vector<std::string>{"1", "two, with comma", "say \"hi\""}));
  EXPECT_EQ(t->records[0].row, 2);
  EXPECT_EQ(t->records[1].fields, (std::vector<std::string>{"multi\r\nline", "", "last"}));
  EXPECT_EQ(t->records[1].row, 3);
}

TEST(CsvReaderTest, AcceptsBareLfABomBlankLinesAndNoFinalNewline) {
  Result<CsvTable> t = ReadCsv(
      "\xEF\xBB\xBF"
      "x, y \n\n1,2\n,\n3,4");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->header, (std::vector<std::string>{"x", "y"}));
  ASSERT_EQ(t->records.size(), 2u);
  EXPECT_EQ(t->records[0].row, 3);
  EXPECT_EQ(t->records[1].fields, (std::vector<std::string>{"3", "4"}));
  EXPECT_EQ(t->records[1].row, 5);
}

TEST(CsvReaderTest, KeepsAnEmptyLastFieldAndAQuotedEmptyField) {
  Result<CsvTable> t = ReadCsv("a,b\r\n1,\r\n\"\",2\r\n");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->records[0].fields, (std::vector<std::string>{"1", ""}));
  EXPECT_EQ(t->records[1].fields, (std::vector<std::string>{"", "2"}));
}

TEST(CsvReaderTest, RefusesMalformedQuotingNamingTheRow) {
  Result<CsvTable> stray = ReadCsv("a,b\r\n1,2\r\n3,x\"y\r\n");
  ASSERT_FALSE(stray.ok());
  EXPECT_EQ(stray.status().path(), "row 3");
  Result<CsvTable> after = ReadCsv("a,b\r\n\"1\"x,2\r\n");
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.status().path(), "row 2");
  Result<CsvTable> open = ReadCsv("a,b\r\n1,\"never closed\r\n2,3\r\n");
  ASSERT_FALSE(open.ok());
  EXPECT_NE(open.status().message().find("never closed"), std::string::npos);
}

TEST(CsvReaderTest, RefusesBytesThatAreNotUtf8AndBadHeaders) {
  EXPECT_FALSE(ReadCsv("a,b\r\n\xff\xfe,1\r\n").ok());                // Latin-1 / UTF-16 bytes.
  EXPECT_FALSE(ReadCsv("a,b\r\n\xC0\xAF,1\r\n").ok());                // An overlong '/'.
  EXPECT_FALSE(ReadCsv("a,b\r\n\xED\xA0\x80,1\r\n").ok());            // A surrogate.
  EXPECT_FALSE(ReadCsv("a,b\r\nx,\xE2\x82").ok());                    // Truncated at the end.
  EXPECT_TRUE(ReadCsv("a,b\r\n\xC3\xA9,\xF0\x9F\x98\x80\r\n").ok());  // é and an emoji.
  EXPECT_FALSE(ReadCsv("a,a\r\n1,2\r\n").ok());
  EXPECT_FALSE(ReadCsv("a,,b\r\n1,2,3\r\n").ok());
  EXPECT_FALSE(ReadCsv("").ok());
  EXPECT_FALSE(ReadCsv("\r\n\r\n").ok());
}

TEST(CsvReaderTest, CsvLineQuotesOnlyWhatNeedsItAndReadsBack) {
  const std::vector<std::string> fields = {"plain", "with, comma", "a \"quote\"", "two\nlines", ""};
  const std::string line = CsvLine(fields);
  EXPECT_EQ(line, "plain,\"with, comma\",\"a \"\"quote\"\"\",\"two\nlines\",\r\n");
  Result<CsvTable> t = ReadCsv(CsvLine({"a", "b", "c", "d", "e"}) + line);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->records.at(0).fields, fields);
}

}  // namespace
}  // namespace lif::import
