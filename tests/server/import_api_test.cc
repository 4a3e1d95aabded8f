// POST /v1/import and the templates against a live server: a dry run reports
// every row's errors and appends nothing, an import appends all rows or none
// and is recorded as who imported what, the same file twice appends nothing
// new, only an administrator may import, and hostile bodies are refused.
#include <gtest/gtest.h>

#include "core/json.h"
#include "tests/server/live_server.h"

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

}  // namespace
}  // namespace lif
