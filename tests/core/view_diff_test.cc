// View differences between two "as of" points and the actions view as CSV
// (docs/audit.md#differences).
#include "core/views/view_diff.h"

#include <gtest/gtest.h>

#include "core/log/memory_log.h"
#include "core/projections/board_state.h"
#include "core/validation/catalogue.h"
#include "core/views/views.h"
#include "tests/support/test_digest.h"

namespace lif {
namespace {

Principal Admin() { return Principal{"tok-admin", Role::kAdmin, std::nullopt, std::nullopt}; }
Principal Agency(const std::string& a) {
  return Principal{"tok-" + a, Role::kAgency, a, std::nullopt};
}

class ViewDiffTest : public ::testing::Test {
 protected:
  void Add(const Principal& who, const std::string& type, const std::string& stream,
           const std::string& data, const std::string& recorded) {
    now_ = recorded + "T12:00:00.000Z";
    AppendRequest req;
    ProposedEvent p;
    p.type = type;
    p.stream = stream;
    p.data = Json::parse(data);
    p.occurred_at = recorded;
    req.events.push_back(p);
    req.principal = who;
    Result<AppendOutcome> r = log_.Append(req);
    ASSERT_TRUE(r.ok()) << type << " " << stream << ": " << r.status().ToString();
  }

  void SetUp() override {
    Add(Admin(), "learning.identified", "learning/l1",
        R"({"title":"Escalation","kind":"lesson","source":{"kind":"case_review",
            "stream":"review/r1"},"themes":["neglect"]})",
        "2026-01-06");
    Add(Agency("police"), "action.planned", "action/a1",
        R"({"title":"Briefing, \"phase 1\"","plan":"plan/p1","owner_agency":"police",
            "lead":"DI Smith","due":"2026-03-31","learning":["learning/l1"]})",
        "2026-01-10");
    Add(Agency("health"), "action.planned", "action/a2",
        R"({"title":"GP training","plan":"plan/p1","owner_agency":"health",
            "lead":"Dr Jones","due":"2026-02-28","learning":[]})",
        "2026-01-10");
    Add(Admin(), "learning.identified", "learning/l2",
        R"({"title":"Voice","kind":"finding","source":{"kind":"multi_agency_audit",
            "stream":"audit/m1"},"themes":["voice"]})",
        "2026-02-05");
    Add(Agency("police"), "action.due_revised", "action/a1",
        R"({"due":"2026-05-31","reason":"New procedure"})", "2026-02-06");
    Add(Agency("health"), "action.progressed", "action/a2",
        R"({"note":"No trainer\nyet","rag":"red"})", "2026-02-07");
  }

  Json View(const std::string& name, const std::string& as_of_date) {
    ViewContext ctx;
    ctx.today = *ParseDate("2026-12-31");
    ctx.as_of.kind = AsOf::Kind::kDate;
    ctx.as_of.date = *ParseDate(as_of_date);
    Result<BoardState> state = BuildBoardState(log_, ctx.as_of);
    EXPECT_TRUE(state.ok());
    Result<Json> v = RenderView(name, *state, ctx);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? *v : Json();
  }

  std::string now_;
  int next_id_ = 0;
  MemoryLog log_{testing::TestSha256(), &Catalogue::Default(),
                 [this] { return *ParseTimestamp(now_); },
                 [this] {
                   char id[64];
                   snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", ++next_id_);
                   return std::string(id);
                 }};
};

TEST(ViewDiffShapeTest, RowsByKeyAndOtherFields) {
  Json from = Json::parse(R"({"total":2,"items":[{"stream":"a/1","x":1},{"stream":"a/2","x":2}],
                               "themes":[],"names":["p"]})");
  Json to = Json::parse(R"({"total":2,"items":[{"stream":"a/3","x":3},{"stream":"a/1","x":5}],
                             "themes":[],"names":["p","q"]})");
  Result<Json> d = DiffViews("v", from, to);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, Json::parse(R"({"view":"v",
      "lists":{"items":{"key":"stream","added":[{"stream":"a/3","x":3}],
                        "removed":[{"stream":"a/2","x":2}],
                        "changed":[{"key":"a/1","changes":[{"field":"x","before":1,"after":5}]}]}},
      "fields":[{"field":"names","before":["p"],"after":["p","q"]}],
      "summary":{"added":1,"removed":1,"changed":1}})"));
  EXPECT_EQ(DiffViews("v", Json::array(), to).status().code(), StatusCode::kInvalid);
}

TEST_F(ViewDiffTest, LearningViewBetweenTwoDates) {
  Result<Json> d =
      DiffViews("learning", View("learning", "2026-01-31"), View("learning", "2026-02-28"));
  ASSERT_TRUE(d.ok());
  const Json& items = (*d)["lists"]["items"];
  ASSERT_EQ(items["added"].size(), 1u);
  EXPECT_EQ(items["added"][0]["stream"], "learning/l2");
  EXPECT_EQ(items["added"][0]["title"], "Voice");
  EXPECT_EQ(items["removed"], Json::array());
  EXPECT_EQ(items["changed"], Json::array());
  EXPECT_EQ((*d)["summary"], Json::parse(R"({"added":1,"removed":0,"changed":0})"));
  // The totals that moved are listed as fields.
  bool total = false;
  for (const Json& f : (*d)["fields"]) {
    if (f["field"] == "total") {
      total = true;
      EXPECT_EQ(f["before"], 1);
      EXPECT_EQ(f["after"], 2);
    }
  }
  EXPECT_TRUE(total);
}

TEST_F(ViewDiffTest, ActionsViewBetweenTwoDates) {
  Result<Json> d =
      DiffViews("actions", View("actions", "2026-01-31"), View("actions", "2026-02-28"));
  ASSERT_TRUE(d.ok());
  const Json& actions = (*d)["lists"]["actions"];
  EXPECT_EQ(actions["key"], "stream");
  EXPECT_EQ(actions["added"], Json::array());
  ASSERT_EQ(actions["changed"].size(), 2u);
  EXPECT_EQ(actions["changed"][0]["key"], "action/a1");
  Json due;
  for (const Json& c : actions["changed"][0]["changes"]) {
    if (c["field"] == "due") due = c;
  }
  EXPECT_EQ(due, Json::parse(R"({"field":"due","before":"2026-03-31","after":"2026-05-31"})"));
  EXPECT_EQ(actions["changed"][1]["key"], "action/a2");
  Json rag;
  for (const Json& c : actions["changed"][1]["changes"]) {
    if (c["field"] == "rag") rag = c;
  }
  EXPECT_EQ(rag, Json::parse(R"({"field":"rag","before":null,"after":"red"})"));
  // The same date twice: no difference at all.
  Result<Json> same =
      DiffViews("actions", View("actions", "2026-02-28"), View("actions", "2026-02-28"));
  ASSERT_TRUE(same.ok());
  EXPECT_EQ((*same)["summary"], Json::parse(R"({"added":0,"removed":0,"changed":0})"));
  EXPECT_EQ((*same)["fields"], Json::array());
}

TEST_F(ViewDiffTest, ActionsViewAsCsv) {
  Result<std::string> csv = ActionsViewCsv(View("actions", "2026-02-28"));
  ASSERT_TRUE(csv.ok());
  const std::string header =
      "stream,title,plan,plan_title,owner_agency,lead,priority,learning,planned_on,due,"
      "original_due,due_revised,status,rag,last_progress_on,last_progress_note,progress_updates,"
      "overdue,days_overdue,evidence_of_impact,completed_on,completed_late,signed_off_on,"
      "corrections\r\n";
  // Judged on 28 February: a2 is due that day, so not yet overdue. The plan
  // stream was never created, so its title is empty.
  const std::string a1 =
      "action/a1,\"Briefing, \"\"phase 1\"\"\",plan/p1,,police,DI Smith,,learning/l1,"
      "2026-01-10,2026-05-31,2026-03-31,true,planned,,,,0,false,0,,,false,,0\r\n";
  const std::string a2 =
      "action/a2,GP training,plan/p1,,health,Dr Jones,,,2026-01-10,2026-02-28,2026-02-28,false,"
      "in_progress,red,2026-02-07,\"No trainer\nyet\",1,false,0,,,false,,0\r\n";
  EXPECT_EQ(*csv, header + a1 + a2);
  EXPECT_EQ(ActionsViewCsv(Json::object()).status().code(), StatusCode::kInvalid);
}

}  // namespace
}  // namespace lif
