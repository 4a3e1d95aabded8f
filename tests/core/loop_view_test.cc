// The loop view and the learning register's status
// (docs/views-domain23.md#loop, #learning): learning -> actions -> evidence of
// impact -> embedded assurance, and the share of closed loops.
#include <gtest/gtest.h>

#include "core/log/memory_log.h"
#include "core/projections/board_state.h"
#include "core/validation/catalogue.h"
#include "core/views/views.h"
#include "tests/support/domain_scenario.h"
#include "tests/support/test_digest.h"

namespace lif {
namespace {

using testing::Agency;
using testing::Chair;
using testing::Scenario;
[[maybe_unused]] Principal Admin() { return testing::DomainAdmin(); }

std::string Learning(const std::string& title, const std::string& kind, const std::string& source,
                     const std::string& themes) {
  return R"({"title":")" + title + R"(","kind":")" + kind + R"(","source":{"kind":")" + source +
         R"(","stream":"src/x"},"themes":)" + themes + "}";
}

std::string Action(const std::string& owner, const std::string& learning) {
  return R"({"title":"Do it","plan":"plan/lipsg","owner_agency":")" + owner +
         R"(","lead":"L","due":"2026-06-30","learning":[")" + learning + R"("]})";
}

class LoopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string d = "2026-02-01";
    s.Add(Admin(), "plan.created", "plan/lipsg",
          R"({"title":"LIPSG plan","kind":"subgroup","subgroup":"lipsg"})", d);
    s.Add(Admin(), "learning.identified", "learning/l1",
          Learning("Escalation", "lesson", "case_review", R"(["neglect"])"), d);
    s.Add(Admin(), "learning.identified", "learning/l2",
          Learning("Good chronologies", "good_practice", "multi_agency_audit", R"(["records"])"),
          d);
    s.Add(Admin(), "learning.identified", "learning/l3",
          Learning("Rising referrals", "finding", "performance_data", R"(["neglect"])"), d);
    s.Add(Admin(), "learning.identified", "learning/l4",
          Learning("Missing fathers", "lesson", "case_review", R"(["neglect","fathers"])"), d);
    s.Add(Agency("police"), "action.planned", "action/a1", Action("police", "learning/l1"), d);
    s.Add(Agency("health"), "action.planned", "action/a2", Action("health", "learning/l1"), d);
    s.Add(Agency("health"), "action.planned", "action/a3", Action("health", "learning/l3"), d);
    s.Add(Agency("police"), "action.planned", "action/a4", Action("police", "learning/l4"), d);
    const std::string m = "2026-05-01";
    for (const char* a : {"action/a1", "action/a2", "action/a3"}) {
      s.Add(Admin(), "action.completed", a, R"({"evidence_of_impact":"Audit improved"})", m);
    }
    s.Add(Chair("health", "lipsg"), "action.signed_off", "action/a1", "{}", m);
    s.Add(Chair("health", "lipsg"), "action.signed_off", "action/a2", "{}", m);
    s.Add(Agency("police"), "action.progressed", "action/a4", R"({"note":"Started","rag":"green"})",
          m);
    s.Add(Chair("health", "lipsg"), "learning.presented", "learning/l2",
          R"({"meeting":"2026-03-10"})", m);
    s.Add(Agency("police"), "learning.disseminated", "learning/l2",
          R"({"agency":"police","method":"briefing","date":"2026-03-20"})", m);
    s.Add(Agency("police"), "learning.embedded", "learning/l1",
          R"({"agency":"police","evidence":"Dip sample"})", m);
    s.Add(Agency("health"), "learning.embedded", "learning/l3",
          R"({"agency":"health","evidence":"Referral audit"})", m);
  }
  static std::vector<std::string> Stages(const Json& v) {
    std::vector<std::string> out;
    for (const Json& i : v["items"]) out.push_back(i["stage"]);
    return out;
  }
  Scenario s;
};

using Rows = std::vector<std::string>;

TEST_F(LoopTest, ChainAndShareClosed) {
  Json v = s.Must("loop", "2026-05-02");
  // l1: both actions signed off and embedded; l2: no action; l3: complete but
  // not signed off; l4: in progress.
  EXPECT_EQ(Stages(v), (Rows{"closed", "identified", "impact_evidenced", "in_action"}));
  EXPECT_EQ(v["total"], 4);
  EXPECT_EQ(v["closed"], 1);
  EXPECT_EQ(v["closed_percent"], 25);
  const Json& l1 = v["items"][0];
  EXPECT_EQ(l1["actions"].size(), 2u);
  EXPECT_EQ(l1["actions"][0]["evidence_of_impact"], "Audit improved");
  EXPECT_EQ(l1["embedded"][0]["agency"], "police");
  EXPECT_EQ(v["items"][1]["presented"], Json::parse(R"(["2026-03-10"])"));
  // Neglect only: l1, l3, l4; one closed of three is 33 per cent.
  Json neglect = s.Must("loop", "2026-05-02", {{"theme", "neglect"}});
  EXPECT_EQ(neglect["total"], 3);
  EXPECT_EQ(neglect["closed_percent"], 33);
  // Two of three (66.67) rounds to 67.
  s.Add(Chair("health", "lipsg"), "action.signed_off", "action/a3", "{}", "2026-05-03");
  EXPECT_EQ(s.Must("loop", "2026-05-04", {{"theme", "neglect"}})["closed_percent"], 67);
}

TEST_F(LoopTest, ReopeningAnActionReopensTheLoop) {
  s.Add(Chair("health", "lipsg"), "action.reopened", "action/a2", R"({"reason":"Re-audit"})",
        "2026-05-10");
  Json v = s.Must("loop", "2026-05-11");
  EXPECT_EQ(v["items"][0]["stage"], "in_action");
  EXPECT_EQ(v["closed"], 0);
  EXPECT_EQ(v["closed_percent"], 0);
}

TEST_F(LoopTest, LearningRegisterStatus) {
  Json v = s.Must("learning", "2026-05-02");
  EXPECT_EQ(v["by_status"], Json::parse(R"({"open":1,"in_action":1,"embedded":2})"));
  EXPECT_EQ(v["by_source"], Json::parse(R"({"case_review":2,"multi_agency_audit":1,
                                            "performance_data":1})"));
  EXPECT_EQ(v["by_theme"]["neglect"], 3);
  EXPECT_EQ(v["items"][0]["actions"], Json::parse(R"(["action/a1","action/a2"])"));
  Json open = s.Must("learning", "2026-05-02", {{"status", "open"}});
  ASSERT_EQ(open["items"].size(), 1u);
  EXPECT_EQ(open["items"][0]["stream"], "learning/l2");
  EXPECT_EQ(s.Must("learning", "2026-05-02",
                   {{"status", "in_action"}, {"source", "case_review"}})["items"][0]["stream"],
            "learning/l4");
  Result<Json> bad = s.View("learning", "2026-05-02", {{"status", "closed"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().path(), "status");
  // As of position 5 (the plan, then the four items) only the items exist: all open.
  ViewContext ctx;
  ctx.as_of.kind = AsOf::Kind::kPosition;
  ctx.as_of.position = 5;
  Result<BoardState> early = BuildBoardState(s.log(), ctx.as_of);
  ASSERT_TRUE(early.ok());
  EXPECT_EQ((*RenderView("learning", *early, ctx))["by_status"],
            Json::parse(R"({"open":4,"in_action":0,"embedded":0})"));
}

}  // namespace
}  // namespace lif
