// Audit trails, view differences and CSV exports over HTTP (docs/audit.md).
#include <gtest/gtest.h>

#include "core/json.h"
#include "tests/server/live_server.h"

namespace lif {
namespace {

Json Body(const httplib::Result& r) { return Json::parse(r->body); }

class AuditApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Post("admin",
         R"({"type":"learning.identified","stream":"learning/l1","data":{"title":"Escalation",
         "kind":"lesson","source":{"kind":"other","stream":"other/x"},"themes":[]}})");
    Post("police",
         R"({"type":"learning.identified","stream":"learning/l2","data":{"title":"Police item",
         "kind":"lesson","source":{"kind":"other","stream":"other/x"},"themes":[]}})");
    planned_id = Post("police", R"({"type":"action.planned","stream":"action/a1","data":{
         "title":"Briefing, phase 1","plan":"plan/p1","owner_agency":"police","lead":"DI Smith",
         "due":"2026-03-31","learning":["learning/l1"]}})");
    mid = server.Head();
    Post("police", R"({"type":"action.progressed","stream":"action/a1","data":{
         "note":"Drafted \"v1\"","rag":"amber"}})");
    Post("police", R"({"type":"correction.recorded","stream":"correction/c1","data":{
         "corrects":")" +
                       planned_id + R"(","reason":"Typing error","fields":{"due":"2026-03-15"}}})");
  }

  // Appends and returns the new event's id (read back from the log).
  std::string Post(const std::string& who, const std::string& body) {
    auto r = server.Post(who, "/v1/events", body);
    EXPECT_EQ(r->status, 201) << r->body;
    auto read = server.Get(
        "admin",
        "/v1/events?after=" + std::to_string(Body(r)["position"].get<int64_t>() - 1) + "&limit=1");
    return Body(read)["events"][0]["id"];
  }

  testing::LiveServer server;
  std::string planned_id;
  int64_t mid = 0;
};

TEST_F(AuditApiTest, TrailAsJsonWithCorrectionBesideTheEvent) {
  auto r = server.Get("inspector", "/v1/audit/learning/l1");
  ASSERT_EQ(r->status, 200) << r->body;
  Json t = Body(r);
  EXPECT_EQ(t["streams"], Json::parse(R"(["action/a1","learning/l1"])"));
  ASSERT_EQ(t["entries"].size(), 4u);
  EXPECT_EQ(t["entries"][0]["type"], "learning.identified");
  EXPECT_EQ(t["entries"][1]["type"], "action.planned");
  EXPECT_EQ(t["entries"][1]["agency"], "police");
  EXPECT_EQ(t["entries"][1]["corrected_by"][0]["reason"], "Typing error");
  EXPECT_EQ(t["entries"][3]["changes"],
            Json::parse(R"([{"field":"due","before":"2026-03-31","after":"2026-03-15"}])"));
  // As of a position before the progress: two entries, no correction yet.
  Json before = Body(server.Get("inspector", "/v1/audit/learning/l1?as_of=" + std::to_string(mid)));
  EXPECT_EQ(before["entries"].size(), 2u);
  EXPECT_EQ(before["entries"][1]["corrected_by"], Json::array());
  EXPECT_EQ(server.Get("inspector", "/v1/audit/learning/none")->status, 404);
  EXPECT_EQ(server.Get("inspector", "/v1/audit/learning/l1?format=xml")->status, 400);
  EXPECT_EQ(server.Get("inspector", "/v1/audit/Bad..Stream")->status, 400);
}

TEST_F(AuditApiTest, TrailAsCsv) {
  auto r = server.Get("admin", "/v1/audit/learning/l1?format=csv");
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type").rfind("text/csv", 0), 0u);
  EXPECT_EQ(r->body.rfind("position,recorded_at,occurred_at,type,stream,item,actor,agency,field,"
                          "before,after,corrects,corrected_by\r\n",
                          0),
            0u);
  EXPECT_NE(r->body.find(",note,,\"Drafted \"\"v1\"\"\",,\r\n"), std::string::npos) << r->body;
}

TEST_F(AuditApiTest, AgencySeesOnlyTrailsOfItsOwnStreams) {
  EXPECT_EQ(server.Get("police", "/v1/audit/learning/l1")->status, 403);  // Started by admin.
  auto own = server.Get("police", "/v1/audit/action/a1");
  ASSERT_EQ(own->status, 200);
  EXPECT_EQ(Body(own)["entries"].size(), 3u);
  EXPECT_EQ(server.Get("nhs", "/v1/audit/action/a1")->status, 403);
  EXPECT_EQ(server.Get("board", "/v1/audit/action/a1")->status, 403);
  EXPECT_EQ(server.Get("chair", "/v1/audit/action/a1")->status, 403);
}

TEST_F(AuditApiTest, ViewDiffBetweenTwoPositions) {
  auto r = server.Get("board", "/v1/views/actions/diff?from=" + std::to_string(mid - 1) +
                                   "&to=" + std::to_string(server.Head()));
  ASSERT_EQ(r->status, 200) << r->body;
  Json d = Body(r);
  EXPECT_EQ(d["view"], "actions");
  ASSERT_EQ(d["lists"]["actions"]["added"].size(), 1u);
  EXPECT_EQ(d["lists"]["actions"]["added"][0]["stream"], "action/a1");
  EXPECT_EQ(d["from"], std::to_string(mid - 1));
  Json later = Body(server.Get("board", "/v1/views/actions/diff?from=" + std::to_string(mid)));
  ASSERT_EQ(later["lists"]["actions"]["changed"].size(), 1u);
  EXPECT_EQ(later["to"], "latest");
  bool due = false;
  for (const Json& c : later["lists"]["actions"]["changed"][0]["changes"]) {
    if (c["field"] == "due") {
      due = true;
      EXPECT_EQ(c["before"], "2026-03-31");
      EXPECT_EQ(c["after"], "2026-03-15");
    }
  }
  EXPECT_TRUE(due);
  EXPECT_EQ(server.Get("board", "/v1/views/actions/diff")->status, 400);
  EXPECT_EQ(server.Get("board", "/v1/views/actions/diff?from=yesterday")->status, 400);
  EXPECT_EQ(server.Get("board", "/v1/views/nope/diff?from=1")->status, 404);
}

TEST_F(AuditApiTest, ActionsViewAsCsv) {
  for (const char* path : {"/v1/views/actions?format=csv", "/v1/views/actions.csv"}) {
    auto r = server.Get("board", path);
    ASSERT_EQ(r->status, 200) << path;
    EXPECT_EQ(r->get_header_value("Content-Type").rfind("text/csv", 0), 0u);
    EXPECT_EQ(r->body.rfind("stream,title,plan,plan_title,", 0), 0u);
    EXPECT_NE(r->body.find("\r\naction/a1,\"Briefing, phase 1\",plan/p1,,police,DI Smith,"),
              std::string::npos)
        << r->body;
  }
  EXPECT_EQ(server.Get("board", "/v1/views/learning?format=csv")->status, 400);
}

}  // namespace
}  // namespace lif
