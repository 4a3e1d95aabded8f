// The importer fed by the XLSX reader: for every kind, the same rows as CSV
// and as an XLSX workbook (dates in date cells, numbers as numbers, empty
// cells left out) plan the same events with the same row keys, so importing
// one after the other appends nothing the second time; and an error in a
// workbook names the sheet's row and column letters.
#include <gtest/gtest.h>

#include "core/import/importer.h"
#include "server/import/xlsx_reader.h"
#include "tests/server/xlsx_writer.h"
#include "tests/support/scenario.h"

namespace lif::import {
namespace {

using ::lif::testing::Admin;

struct KindFile {
  const char* kind;
  const char* csv;
};

// One file per kind, with ISO dates (date cells in the workbook), numbers
// and optional columns left empty.
const KindFile kFiles[] = {
    {"actions",
     "plan,plan_title,plan_kind,action,title,owner_agency,lead,due,revised_due,revised_reason,"
     "rag,progress_note,evidence_of_impact\r\n"
     "lipsg-2026,LIPSG plan,board,a1,Train custody staff,police,DI Smith,2026-06-30,2026-09-30,"
     "Trainer ill,amber,Half trained,\r\n"
     "lipsg-2026,,,a2,Audit referrals,health,Dr Jones,2026-05-31,,,green,,Audit shows 95%\r\n"},
    {"indicators",
     "indicator,period,area,value,note\r\n"
     "cp-repeat,2026-Q1,hartlepool,21,\r\n"
     "cp-repeat,2026-Q1,england,20.5,National\r\n"
     "cp-repeat,2026-Q2,hartlepool,1204,\r\n"},
    {"s11",
     "agency,year,submitted_on,standard,rating,evidence,comment\r\n"
     "police,2026,2026-03-31,training,Green,98% trained,\r\n"
     "police,2026,2026-03-31,information_sharing,amber,Protocol,Needs audit\r\n"},
    {"training",
     "course,course_title,date,agency,attended\r\n"
     "neglect-1,Neglect basics,2026-05-12,police,12\r\n"
     "neglect-1,,2026-05-12,health,8\r\n"},
    {"learning",
     "learning,title,kind,source_kind,source,themes,identified_on,presented_on\r\n"
     "2026-101,Hear pre-verbal children,lesson,case_review,review/2026-01,voice-of-child; "
     "neglect,2026-11-20,2026-12-01\r\n"},
};

class XlsxImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ProposedEvent e;
    e.type = "indicator.defined";
    e.stream = "indicator/cp-repeat";
    e.data = {{"indicator_id", "cp-repeat"},
              {"title", "Repeat child protection plans"},
              {"area", "safe"},
              {"polarity", "lower_is_better"},
              {"unit", "percent"}};
    ASSERT_TRUE(testing::AppendOne(log_.get(), Admin(), e).ok());
  }
  ImportPlan PlanCsv(const std::string& kind, const std::string& csv) {
    ImportSource source;
    source.kind = kind;
    source.file_name = kind + ".csv";
    source.text = csv;
    Result<ImportPlan> plan =
        PlanImport(source, *log_, Catalogue::Default(), Admin(), testing::TestSha256());
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    return plan.ok() ? *plan : ImportPlan();
  }
  ImportPlan PlanXlsx(const std::string& kind, const std::string& book) {
    Result<server::XlsxSheet> sheet = server::ReadXlsx(book, "");
    EXPECT_TRUE(sheet.ok()) << sheet.status().ToString();
    if (!sheet.ok()) return ImportPlan();
    ImportSource source;
    source.kind = kind;
    source.file_name = kind + ".xlsx";
    source.text = book;
    source.format = ImportFormat::kXlsx;
    source.table = sheet->table;
    source.sheet = sheet->name;
    source.cell_errors = sheet->cell_errors;
    Result<ImportPlan> plan =
        PlanImport(source, *log_, Catalogue::Default(), Admin(), testing::TestSha256());
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    return plan.ok() ? *plan : ImportPlan();
  }
  static std::string Errors(const ImportPlan& plan) {
    std::string out;
    for (const RowError& e : plan.errors) out += DescribeError(e) + "\n";
    return out;
  }

  testing::FakeWorld world_;
  std::unique_ptr<MemoryLog> log_ = testing::NewLog(&world_);
};

TEST_F(XlsxImportTest, EveryKindPlansTheSameEventsFromCsvAndFromXlsx) {
  for (const KindFile& f : kFiles) {
    SCOPED_TRACE(f.kind);
    ImportPlan csv = PlanCsv(f.kind, f.csv);
    ImportPlan xlsx = PlanXlsx(f.kind, testing::WriteWorkbook({testing::SheetOfCsv(f.csv)}));
    ASSERT_TRUE(csv.errors.empty()) << Errors(csv);
    ASSERT_TRUE(xlsx.errors.empty()) << Errors(xlsx);
    ASSERT_FALSE(csv.batch.empty());
    ASSERT_EQ(csv.batch.size(), xlsx.batch.size());
    for (size_t i = 0; i + 1 < csv.batch.size(); ++i) {
      EXPECT_EQ(csv.batch[i].event.type, xlsx.batch[i].event.type);
      EXPECT_EQ(csv.batch[i].event.stream, xlsx.batch[i].event.stream);
      EXPECT_EQ(csv.batch[i].event.data, xlsx.batch[i].event.data) << i;
      EXPECT_EQ(csv.batch[i].event.occurred_at, xlsx.batch[i].event.occurred_at);
    }
    const Json& a = csv.batch.back().event.data;
    const Json& b = xlsx.batch.back().event.data;
    EXPECT_EQ(a["row_keys"], b["row_keys"]);  // The same rows: the same keys.
    EXPECT_EQ(a["format"], "csv");
    EXPECT_EQ(b["format"], "xlsx");
    EXPECT_EQ(b["sheet"], "Sheet1");
    EXPECT_FALSE(a.contains("sheet"));

    // Imported as CSV, the workbook then has nothing new; and the reverse.
    AppendRequest req;
    req.principal = Admin();
    req.form = RequestForm::kBatch;
    req.events = BatchEvents(csv);
    ASSERT_TRUE(log_->Append(std::move(req)).ok());
    ImportPlan again = PlanXlsx(f.kind, testing::WriteWorkbook({testing::SheetOfCsv(f.csv)},
                                                               testing::StringStore::kInline));
    EXPECT_TRUE(again.errors.empty()) << Errors(again);
    EXPECT_EQ(again.new_rows, 0);
    EXPECT_EQ(again.skipped_rows, csv.rows);
    EXPECT_TRUE(again.batch.empty());
  }
}

TEST_F(XlsxImportTest, AnErrorNamesTheSheetsRowAndColumnLetters) {
  // The header in row 3 (rows 1 and 2 left blank), a text date in H7 and a
  // date cell where a RAG belongs (K8).
  testing::XSheet sheet = testing::SheetOfCsv(kFiles[0].csv);
  for (testing::XRow& r : sheet.rows) r.row += 2;
  sheet.rows.push_back({7,
                        {{0, testing::CellKind::kText, "lipsg-2026"},
                         {3, testing::CellKind::kText, "a3"},
                         {4, testing::CellKind::kText, "Late"},
                         {5, testing::CellKind::kText, "police"},
                         {6, testing::CellKind::kText, "DI Smith"},
                         {7, testing::CellKind::kText, "next Tuesday"}}});
  sheet.rows.push_back({8,
                        {{0, testing::CellKind::kText, "lipsg-2026"},
                         {3, testing::CellKind::kText, "a1"},
                         testing::CellOfField(10, "2026-07-01")}});
  ImportPlan plan = PlanXlsx("actions", testing::WriteWorkbook({sheet}));
  ASSERT_EQ(plan.errors.size(), 2u) << Errors(plan);
  EXPECT_EQ(plan.errors[0].row, 7);
  EXPECT_EQ(plan.errors[0].column, "due");
  EXPECT_EQ(plan.errors[0].column_letters, "H");
  EXPECT_EQ(DescribeError(plan.errors[0]).rfind("row 7, column H (due): ", 0), 0u)
      << DescribeError(plan.errors[0]);
  EXPECT_EQ(plan.errors[1].row, 8);
  EXPECT_EQ(plan.errors[1].column_letters, "K");  // rag, holding a date.
  EXPECT_TRUE(plan.batch.empty());

  // A missing column has no letters; an error cell names its own.
  ImportPlan missing =
      PlanXlsx("actions", testing::WriteWorkbook({testing::SheetOfCsv("plan,title\r\np,t\r\n")}));
  ASSERT_FALSE(missing.errors.empty());
  EXPECT_EQ(DescribeError(missing.errors[0]), "row 1, column action: the column is missing");

  // A value right of the header, and a cell holding a spreadsheet error.
  testing::XSheet beyond = testing::SheetOfCsv("plan,action,due\r\np,a,2026-01-01\r\n");
  beyond.rows[1].cells.push_back(testing::CellOfField(4, "stray"));
  beyond.rows.push_back({3,
                         {testing::CellOfField(0, "p"), testing::CellOfField(1, "b"),
                          testing::CellOfField(2, "ERRCELL")}});
  const std::string book = testing::EditPart(
      testing::WriteWorkbook({beyond}, testing::StringStore::kInline), "xl/worksheets/sheet1.xml",
      "t=\"inlineStr\"><is><t>ERRCELL</t></is>", "t=\"e\"><v>#N/A</v>");
  ImportPlan bad = PlanXlsx("actions", book);
  const std::string errors = Errors(bad);
  EXPECT_NE(errors.find("row 2: has a value in column E, right of the header's last column (C)"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("row 3, column C (due): the cell holds the spreadsheet error #N/A"),
            std::string::npos)
      << errors;
  EXPECT_TRUE(bad.batch.empty());
}

}  // namespace
}  // namespace lif::import
