// POST /v1/import and the templates against a live server: a dry run reports
// every row's errors and appends nothing, an import appends all rows or none
// and is recorded as who imported what, the same file twice appends nothing
// new, only an administrator may import, and hostile bodies are refused; the
// same for XLSX workbooks (written by libxlsxwriter), whose rows are the same
// records as the same rows in CSV.
#include <gtest/gtest.h>

#include "core/import/csv_reader.h"
#include "core/json.h"
#include "server/import/xlsx_reader.h"
#include "tests/server/live_server.h"
#include "tests/server/xlsx_writer.h"

namespace lif {
namespace {

const char* kPlan =
    "plan,plan_title,plan_kind,action,title,owner_agency,lead,due,rag,progress_note\r\n"
    "lipsg-2026,LIPSG plan,board,a1,Train custody staff,police,DI Smith,30/06/2026,amber,Half\r\n"
    "lipsg-2026,,,a2,Audit referrals,nhs-trust,Dr Jones,2026-05-31,,\r\n";

class ImportApiTest : public ::testing::Test {
 protected:
  httplib::Result Import(const std::string& who, const std::string& query, const std::string& csv,
                         const std::string& type = "text/csv") {
    return server.Client().Post(("/v1/import?" + query).c_str(), server.As(who), csv, type.c_str());
  }
  testing::LiveServer server;
};

TEST_F(ImportApiTest, DryRunReportsEveryRowsErrorsAndAppendsNothing) {
  const int64_t head = server.Head();
  const std::string bad = std::string(kPlan) +
                          "lipsg-2026,,,a3,Bad date,police,DI Smith,31/02/2026,,\r\n"
                          "lipsg-2026,,,a4,Bad rag,police,DI Smith,2026-06-30,purple,x\r\n";
  auto r = Import("admin", "kind=actions&dry_run=true&file=plan.csv", bad);
  ASSERT_EQ(r->status, 200) << r->body;
  Json report = Json::parse(r->body);
  EXPECT_EQ(report["dry_run"], true);
  EXPECT_EQ(report["rows"], 4);
  ASSERT_EQ(report["errors"].size(), 2u) << r->body;
  EXPECT_EQ(report["errors"][0]["row"], 4);
  EXPECT_EQ(report["errors"][0]["column"], "due");
  EXPECT_EQ(report["errors"][1]["row"], 5);
  EXPECT_EQ(report["errors"][1]["column"], "rag");
  EXPECT_EQ(server.Head(), head);

  // The same file for real: 400 with the same errors, and still nothing.
  auto real = Import("admin", "kind=actions&file=plan.csv", bad);
  ASSERT_EQ(real->status, 400) << real->body;
  Json body = Json::parse(real->body);
  EXPECT_EQ(body["error"]["code"], "invalid");
  EXPECT_EQ(body["import"]["errors"].size(), 2u);
  EXPECT_EQ(server.Head(), head);

  // A dry run of a good file says what would be appended.
  auto good = Import("admin", "kind=actions&dry_run=true", kPlan);
  ASSERT_EQ(good->status, 200);
  EXPECT_EQ(Json::parse(good->body)["events"], 5);  // Plan, two actions, a progress, the record.
  EXPECT_EQ(server.Head(), head);
}

TEST_F(ImportApiTest, ImportsAtomicallyOnceAndRecordsWhoImportedWhat) {
  const int64_t head = server.Head();
  auto r = Import("admin", "kind=actions&file=lipsg%20plan.csv", kPlan);
  ASSERT_EQ(r->status, 201) << r->body;
  Json report = Json::parse(r->body);
  EXPECT_EQ(report["positions"], Json({head + 1, head + 5}));
  EXPECT_EQ(server.Head(), head + 5);

  auto record = Json::parse(server.Get("admin", "/v1/streams/import/actions")->body);
  ASSERT_EQ(record["events"].size(), 1u);
  EXPECT_EQ(record["events"][0]["type"], "import.recorded");
  EXPECT_EQ(record["events"][0]["data"]["file"], "lipsg plan.csv");
  EXPECT_EQ(record["events"][0]["actor"].get<std::string>().rfind("tok-", 0), 0u);
  // The actions are in the view, as if posted one by one.
  auto view = Json::parse(server.Get("board", "/v1/views/actions?agency=police")->body);
  ASSERT_EQ(view["actions"].size(), 1u);
  EXPECT_EQ(view["actions"][0]["due"], "2026-06-30");
  EXPECT_EQ(view["actions"][0]["rag"], "amber");

  // Again: nothing new, 200, nothing appended.
  auto again = Import("admin", "kind=actions&file=lipsg%20plan.csv", kPlan);
  ASSERT_EQ(again->status, 200) << again->body;
  EXPECT_EQ(Json::parse(again->body)["skipped_rows"], 2);
  EXPECT_EQ(server.Head(), head + 5);
}

TEST_F(ImportApiTest, OnlyAnAdministratorImportsAndHostileBodiesAreRefused) {
  const int64_t head = server.Head();
  for (const char* who : {"police", "chair", "inspector", "board"}) {
    EXPECT_EQ(Import(who, "kind=actions", kPlan)->status, 403) << who;
  }
  EXPECT_EQ(server.Client().Post("/v1/import?kind=actions", kPlan, "text/csv")->status, 401);
  EXPECT_EQ(Import("admin", "kind=actions", kPlan, "application/json")->status, 415);
  auto no_kind = Import("admin", "dry_run=true", kPlan);
  EXPECT_EQ(no_kind->status, 400);
  EXPECT_EQ(Json::parse(no_kind->body)["error"]["path"], "kind");
  EXPECT_EQ(Json::parse(Import("admin", "kind=budgets", kPlan)->body)["error"]["path"], "kind");
  EXPECT_EQ(
      Json::parse(Import("admin", "kind=actions&dry_run=maybe", kPlan)->body)["error"]["path"],
      "dry_run");
  // Not UTF-8, an unclosed quote, a forged import record in a learning file.
  auto latin1 = Import("admin", "kind=actions", "plan,action\r\np\xe9,a\r\n");
  EXPECT_EQ(latin1->status, 400);
  auto quote = Import("admin", "kind=actions", "plan,action\r\n\"p,a\r\n");
  EXPECT_EQ(quote->status, 400);
  EXPECT_EQ(Json::parse(quote->body)["import"]["errors"][0]["row"], 2);
  auto forged = server.Post(
      "police", "/v1/events",
      R"({"type":"import.recorded","stream":"import/actions","data":{"kind":"actions","file":"x.csv","sha256":")" +
          std::string(64, 'a') +
          R"(","rows":1,"imported_rows":1,"skipped_rows":0,"events":1,"row_keys":[")" +
          std::string(32, 'b') + R"("]}})");
  EXPECT_EQ(forged->status, 403) << forged->body;
  EXPECT_EQ(server.Head(), head);
}

TEST_F(ImportApiTest, TemplatesAreServedForEveryKindAndReadBackAsImports) {
  for (const char* kind : {"actions", "indicators", "s11", "training", "learning"}) {
    auto r = server.Get("", std::string("/v1/import/templates/") + kind + ".csv");
    ASSERT_EQ(r->status, 200) << kind;
    EXPECT_EQ(r->get_header_value("Content-Type").rfind("text/csv", 0), 0u);
    // The template's header is accepted by the importer (its example row may
    // name things this log lacks, so only the header is sent).
    const std::string header = r->body.substr(0, r->body.find("\r\n") + 2);
    auto dry = Import("admin", std::string("kind=") + kind + "&dry_run=true", header);
    ASSERT_EQ(dry->status, 200) << kind << dry->body;
    EXPECT_TRUE(Json::parse(dry->body)["errors"].empty()) << kind << dry->body;
  }
  EXPECT_EQ(server.Get("", "/v1/import/templates/budgets.csv")->status, 404);
}

const char* kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// kPlan with ISO dates, which the workbook holds as date cells.
const char* kPlanIso =
    "plan,plan_title,plan_kind,action,title,owner_agency,lead,due,rag,progress_note\r\n"
    "lipsg-2026,LIPSG plan,board,a1,Train custody staff,police,DI Smith,2026-06-30,amber,Half\r\n"
    "lipsg-2026,,,a2,Audit referrals,nhs-trust,Dr Jones,2026-05-31,,\r\n";

TEST_F(ImportApiTest, AnXlsxWorkbookImportsOnceAndIsTheSameRecordsAsItsCsv) {
  const int64_t head = server.Head();
  const std::string book = testing::WriteWorkbook({testing::SheetOfCsv(kPlanIso, "Plan")});
  auto dry = Import("admin", "kind=actions&dry_run=true&file=plan.xlsx", book, kXlsxType);
  ASSERT_EQ(dry->status, 200) << dry->body;
  EXPECT_EQ(Json::parse(dry->body)["format"], "xlsx");
  EXPECT_EQ(Json::parse(dry->body)["sheet"], "Plan");
  EXPECT_EQ(Json::parse(dry->body)["events"], 5);
  EXPECT_EQ(server.Head(), head);

  auto r = Import("admin", "kind=actions&file=lipsg%20plan.xlsx", book, kXlsxType);
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(server.Head(), head + 5);
  auto record = Json::parse(server.Get("admin", "/v1/streams/import/actions")->body);
  ASSERT_EQ(record["events"].size(), 1u);
  const Json& data = record["events"][0]["data"];
  EXPECT_EQ(data["file"], "lipsg plan.xlsx");
  EXPECT_EQ(data["format"], "xlsx");
  EXPECT_EQ(data["sheet"], "Plan");
  EXPECT_EQ(record["events"][0]["actor"].get<std::string>().rfind("tok-", 0), 0u);
  auto view = Json::parse(server.Get("board", "/v1/views/actions?agency=police")->body);
  ASSERT_EQ(view["actions"].size(), 1u);
  EXPECT_EQ(view["actions"][0]["due"], "2026-06-30");  // A date cell, as an ISO date.

  // The workbook again, and the same rows as CSV: nothing new.
  auto again = Import("admin", "kind=actions", book, kXlsxType);
  ASSERT_EQ(again->status, 200) << again->body;
  EXPECT_EQ(Json::parse(again->body)["skipped_rows"], 2);
  auto csv = Import("admin", "kind=actions", kPlanIso);
  ASSERT_EQ(csv->status, 200) << csv->body;
  EXPECT_EQ(Json::parse(csv->body)["skipped_rows"], 2);
  EXPECT_EQ(Json::parse(csv->body)["format"], "csv");
  EXPECT_EQ(server.Head(), head + 5);
}

TEST_F(ImportApiTest, AnXlsxDryRunNamesEachBadCellsRowAndColumnLetters) {
  const int64_t head = server.Head();
  testing::XSheet sheet = testing::SheetOfCsv(kPlanIso);
  sheet.rows.push_back(
      {4,
       {testing::CellOfField(0, "lipsg-2026"), testing::CellOfField(3, "a3"),
        testing::CellOfField(4, "Bad date"), testing::CellOfField(5, "police"),
        testing::CellOfField(6, "DI Smith"), testing::CellOfField(7, "31/02/2026")}});
  auto r = Import("admin", "kind=actions&dry_run=true", testing::WriteWorkbook({sheet}), kXlsxType);
  ASSERT_EQ(r->status, 200) << r->body;
  Json errors = Json::parse(r->body)["errors"];
  ASSERT_EQ(errors.size(), 1u) << r->body;
  EXPECT_EQ(errors[0]["row"], 4);
  EXPECT_EQ(errors[0]["column"], "due");
  EXPECT_EQ(errors[0]["column_letters"], "H");
  auto real = Import("admin", "kind=actions", testing::WriteWorkbook({sheet}), kXlsxType);
  ASSERT_EQ(real->status, 400) << real->body;
  EXPECT_EQ(Json::parse(real->body)["import"]["errors"][0]["column_letters"], "H");
  EXPECT_EQ(server.Head(), head);
}

TEST_F(ImportApiTest, HostileWorkbooksAreRefusedWith400AndAppendNothing) {
  const int64_t head = server.Head();
  const std::string book = testing::WriteWorkbook({testing::SheetOfCsv(kPlanIso)});
  auto refused = [&](const std::string& body, const std::string& words,
                     const std::string& query = "kind=actions") {
    auto r = Import("admin", query, body, kXlsxType);
    ASSERT_EQ(r->status, 400) << words << ": " << r->body;
    Json error = Json::parse(r->body)["error"];
    EXPECT_NE(error["message"].get<std::string>().find(words), std::string::npos) << r->body;
  };
  refused(kPlanIso, "not a zip archive");  // CSV sent as XLSX.
  refused(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0'),
          "Excel 97-2003");
  refused(book.substr(0, book.size() - 100), "damaged");
  // 65 MiB of XML in a file of a few tens of KiB.
  const std::string bomb = testing::ZipBomb(book, 65u << 20);
  ASSERT_LT(bomb.size(), 1u << 20);
  refused(bomb, "zip bomb");
  refused(book, "no sheet named 'Budget'", "kind=actions&sheet=Budget");
  EXPECT_EQ(Json::parse(Import("admin", "kind=actions&sheet=x", kPlanIso)->body)["error"]["path"],
            "sheet");  // A sheet of a CSV file.
  // An XLSX media type with parameters is still XLSX; another type is 415.
  EXPECT_EQ(
      Import("admin", "kind=actions&dry_run=true", book, std::string(kXlsxType) + "; x=y")->status,
      200);
  EXPECT_EQ(Import("admin", "kind=actions", book, "application/vnd.ms-excel")->status, 415);
  EXPECT_EQ(Import("police", "kind=actions", book, kXlsxType)->status, 403);
  EXPECT_EQ(server.Head(), head);
}

TEST_F(ImportApiTest, XlsxTemplatesReadBackAsTheCsvTemplates) {
  for (const char* kind : {"actions", "indicators", "s11", "training", "learning"}) {
    SCOPED_TRACE(kind);
    auto x = server.Get("", std::string("/v1/import/templates/") + kind + ".xlsx");
    ASSERT_EQ(x->status, 200);
    EXPECT_EQ(x->get_header_value("Content-Type"), kXlsxType);
    EXPECT_NE(x->get_header_value("Content-Disposition").find(".xlsx"), std::string::npos);
    auto c = server.Get("", std::string("/v1/import/templates/") + kind + ".csv");
    Result<server::XlsxSheet> book = server::ReadXlsx(x->body, "");
    ASSERT_TRUE(book.ok()) << book.status().ToString();
    EXPECT_EQ(book->name, kind);
    Result<import::CsvTable> table = import::ReadCsv(c->body);
    ASSERT_TRUE(table.ok());
    EXPECT_EQ(book->table.header, table->header);
    ASSERT_EQ(book->table.records.size(), 1u);
    std::vector<std::string> fields = book->table.records[0].fields;
    fields.resize(table->header.size());  // The workbook leaves empty cells out.
    EXPECT_EQ(fields, table->records[0].fields);
    // Imported (dry run), both give the same rows and the same errors (the
    // example names things this log lacks).
    auto dx = Import("admin", std::string("kind=") + kind + "&dry_run=true", x->body, kXlsxType);
    auto dc = Import("admin", std::string("kind=") + kind + "&dry_run=true", c->body);
    ASSERT_EQ(dx->status, 200) << dx->body;
    Json ex = Json::parse(dx->body)["errors"], ec = Json::parse(dc->body)["errors"];
    EXPECT_EQ(ex, ec);
  }
  EXPECT_EQ(server.Get("", "/v1/import/templates/budgets.xlsx")->status, 404);
}

}  // namespace
}  // namespace lif
