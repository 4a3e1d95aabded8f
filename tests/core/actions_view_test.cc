// The actions view on a hand-made scenario (docs/views-domain23.md#actions):
// plans, owners, due and original due dates, RAG, overdue judged at the
// judgement date (the day after the due date, never on it), revised dates,
// filters and "as of" views.
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

// Three actions in two plans (see the timeline in the body).
class ActionsViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s.Add(Admin(), "priority.set", "priority/neglect", R"({"title":"Neglect","status":"active"})",
          "2026-01-05");
    s.Add(Chair("health", "lipsg"), "plan.created", "plan/lipsg-2026",
          R"({"title":"LIPSG plan 2026","kind":"subgroup","subgroup":"lipsg"})", "2026-01-05");
    s.Add(Agency("police"), "plan.created", "plan/police-2026",
          R"({"title":"Police plan","kind":"single_agency","agency":"police"})", "2026-01-05");
    s.Add(Admin(), "learning.identified", "learning/l1",
          R"({"title":"Escalation","kind":"lesson","source":{"kind":"case_review",
              "stream":"scr/2025-1"},"themes":["neglect"]})",
          "2026-01-06");
    s.Add(Agency("police"), "action.planned", "action/a1",
          R"({"title":"Escalation briefing","plan":"plan/lipsg-2026","owner_agency":"police",
              "lead":"DI Smith","due":"2026-03-31","learning":["learning/l1"],
              "priority":"priority/neglect"})",
          "2026-01-10");
    s.Add(Agency("health"), "action.planned", "action/a2",
          R"({"title":"GP training","plan":"plan/lipsg-2026","owner_agency":"health",
              "lead":"Dr Jones","due":"2026-02-28","learning":[]})",
          "2026-01-10");
    s.Add(Agency("police"), "action.planned", "action/a3",
          R"({"title":"Custody audit","plan":"plan/police-2026","owner_agency":"police",
              "lead":"Insp Brown","due":"2026-04-30","learning":[]})",
          "2026-01-10");
    s.Add(Agency("police"), "action.progressed", "action/a1",
          R"({"note":"Briefing drafted","rag":"amber"})", "2026-02-01");
    s.Add(Agency("health"), "action.progressed", "action/a2",
          R"({"note":"No trainer","rag":"red"})", "2026-02-15");
    s.Add(Agency("police"), "action.completed", "action/a3",
          R"({"evidence_of_impact":"Re-audit: 18 of 20 compliant"})", "2026-04-01");
    s.Add(Agency("police"), "action.due_revised", "action/a1",
          R"({"due":"2026-05-31","reason":"Waiting for the new procedure"})", "2026-04-05");
    // A single-agency plan's actions are signed off by the board (docs/access.md).
    s.Add(Admin(), "action.signed_off", "action/a3", R"({})", "2026-04-10");
  }

  static const Json& Find(const Json& view, const std::string& stream) {
    for (const Json& a : view["actions"]) {
      if (a["stream"] == stream) return a;
    }
    static const Json kNone;
    ADD_FAILURE() << stream << " not in view";
    return kNone;
  }

  Scenario s;
};

TEST_F(ActionsViewTest, EveryActionWithItsState) {
  Json v = s.Must("actions", "2026-04-20");
  EXPECT_EQ(v["total"], 3);
  EXPECT_EQ(v["overdue"], 1);
  EXPECT_EQ(v["by_status"], Json::parse(R"({"planned":0,"in_progress":2,"completed":0,
                                            "signed_off":1})"));
  EXPECT_EQ(v["by_rag"], Json::parse(R"({"red":1,"amber":1,"green":0,"none":1})"));

  const Json& a1 = Find(v, "action/a1");
  EXPECT_EQ(a1["plan"], Json::parse(R"({"stream":"plan/lipsg-2026","title":"LIPSG plan 2026",
                                         "kind":"subgroup"})"));
  EXPECT_EQ(a1["owner_agency"], "police");
  EXPECT_EQ(a1["priority"], "priority/neglect");
  EXPECT_EQ(a1["due"], "2026-05-31");
  EXPECT_EQ(a1["original_due"], "2026-03-31");
  EXPECT_EQ(a1["due_revised"], true);
  EXPECT_EQ(a1["revisions"][0]["reason"], "Waiting for the new procedure");
  EXPECT_EQ(a1["rag"], "amber");
  EXPECT_EQ(a1["last_progress"]["on"], "2026-02-01");
  EXPECT_EQ(a1["last_progress"]["agency"], "police");
  EXPECT_EQ(a1["overdue"], false);

  const Json& a2 = Find(v, "action/a2");
  EXPECT_EQ(a2["overdue"], true);
  // 28 February to 20 April 2026: 31 (March) + 20 = 51 days.
  EXPECT_EQ(a2["days_overdue"], 51);
  EXPECT_EQ(a2["rag"], "red");

  const Json& a3 = Find(v, "action/a3");
  EXPECT_EQ(a3["status"], "signed_off");
  EXPECT_EQ(a3["signed_off"], true);
  EXPECT_EQ(a3["signed_off_on"], "2026-04-10");
  EXPECT_EQ(a3["evidence_of_impact"], "Re-audit: 18 of 20 compliant");
  EXPECT_EQ(a3["completed_late"], false);
  EXPECT_EQ(a3["overdue"], false);
  EXPECT_EQ(a3["rag"], nullptr);
  EXPECT_EQ(v["plans"].size(), 2u);
  EXPECT_EQ(v["priorities"][0]["title"], "Neglect");
}

TEST_F(ActionsViewTest, OverdueTheDayAfterTheDueDateNotOnIt) {
  EXPECT_EQ(Find(s.Must("actions", "2026-02-28"), "action/a2")["overdue"], false);
  const Json a2 = Find(s.Must("actions", "2026-03-01"), "action/a2");
  EXPECT_EQ(a2["overdue"], true);
  EXPECT_EQ(a2["days_overdue"], 1);
  // The revised date is the one judged: a1 is not overdue on 31 May, is on 1 June.
  EXPECT_EQ(Find(s.Must("actions", "2026-05-31"), "action/a1")["overdue"], false);
  EXPECT_EQ(Find(s.Must("actions", "2026-06-01"), "action/a1")["overdue"], true);
  // A signed-off action is never overdue, long after its due date.
  EXPECT_EQ(Find(s.Must("actions", "2027-01-01"), "action/a3")["overdue"], false);
}

TEST_F(ActionsViewTest, AsOfADateShowsWhatWasKnownAndLateThen) {
  ViewContext ctx;
  ctx.today = *ParseDate("2026-12-31");  // Ignored: an as-of date is the judgement date.
  ctx.as_of.kind = AsOf::Kind::kDate;
  ctx.as_of.date = *ParseDate("2026-04-01");
  Result<BoardState> state = BuildBoardState(s.log(), ctx.as_of);
  ASSERT_TRUE(state.ok());
  Result<Json> v = RenderView("actions", *state, ctx);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ((*v)["judged_on"], "2026-04-01");
  // On 1 April the revision (recorded 5 April) was unknown: a1 was one day late.
  const Json& a1 = Find(*v, "action/a1");
  EXPECT_EQ(a1["due"], "2026-03-31");
  EXPECT_EQ(a1["due_revised"], false);
  EXPECT_EQ(a1["overdue"], true);
  EXPECT_EQ(a1["days_overdue"], 1);
  // a3 was completed that day but not yet signed off.
  EXPECT_EQ(Find(*v, "action/a3")["status"], "completed");
  // 28 February to 1 April: 32 days.
  EXPECT_EQ(Find(*v, "action/a2")["days_overdue"], 32);
  EXPECT_EQ((*v)["overdue"], 2);
}

TEST_F(ActionsViewTest, Filters) {
  auto streams = [](const Json& v) {
    std::vector<std::string> out;
    for (const Json& a : v["actions"]) out.push_back(a["stream"]);
    return out;
  };
  using V = std::vector<std::string>;
  const std::string d = "2026-04-20";
  EXPECT_EQ(streams(s.Must("actions", d, {{"agency", "police"}})), (V{"action/a1", "action/a3"}));
  EXPECT_EQ(streams(s.Must("actions", d, {{"plan", "plan/lipsg-2026"}})),
            (V{"action/a1", "action/a2"}));
  EXPECT_EQ(streams(s.Must("actions", d, {{"priority", "priority/neglect"}})), (V{"action/a1"}));
  EXPECT_EQ(streams(s.Must("actions", d, {{"status", "signed_off"}})), (V{"action/a3"}));
  EXPECT_EQ(streams(s.Must("actions", d, {{"overdue", "true"}})), (V{"action/a2"}));
  EXPECT_EQ(streams(s.Must("actions", d, {{"overdue", "false"}, {"agency", "police"}})),
            (V{"action/a1", "action/a3"}));
  // rag is the latest progress update's RAG; a3 has none and matches no value.
  EXPECT_EQ(streams(s.Must("actions", d, {{"rag", "red"}})), (V{"action/a2"}));
  EXPECT_EQ(streams(s.Must("actions", d, {{"rag", "amber"}})), (V{"action/a1"}));
  EXPECT_EQ(streams(s.Must("actions", d, {{"rag", "green"}})), V{});
  EXPECT_EQ(streams(s.Must("actions", d, {{"rag", "red"}, {"agency", "police"}})), V{});
  // Counts follow the filter.
  EXPECT_EQ(s.Must("actions", d, {{"agency", "health"}})["total"], 1);
  EXPECT_EQ(s.Must("actions", d, {{"rag", "red"}})["by_rag"],
            Json::parse(R"({"red":1,"amber":0,"green":0,"none":0})"));
}

TEST_F(ActionsViewTest, InvalidFilterValuesAre400NamingTheFilter) {
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, std::string>>{{"status", "done"},
                                                        {"overdue", "yes"},
                                                        {"rag", "Red"},
                                                        {"rag", "none"},
                                                        {"rag", ""},
                                                        {"agency", "Police"},
                                                        {"plan", "action/a1"},
                                                        {"priority", "not a stream"}}) {
    Result<Json> v = s.View("actions", "2026-04-20", {{name, value}});
    ASSERT_FALSE(v.ok()) << name;
    EXPECT_EQ(v.status().code(), StatusCode::kInvalid);
    EXPECT_EQ(v.status().path(), name);
  }
}

TEST_F(ActionsViewTest, ProgressExpectedSixMonthly) {
  // a2's last update was 15 February: stale after 15 August, not on it.
  EXPECT_EQ(Find(s.Must("actions", "2026-08-15"), "action/a2")["progress_stale"], false);
  EXPECT_EQ(Find(s.Must("actions", "2026-08-16"), "action/a2")["progress_stale"], true);
}

TEST_F(ActionsViewTest, SignOffBeforeCompletionIsShownNotCounted) {
  s.Add(Chair("health", "lipsg"), "action.signed_off", "action/a2", R"({})", "2026-04-12");
  const Json a2 = Find(s.Must("actions", "2026-04-20"), "action/a2");
  EXPECT_EQ(a2["status"], "in_progress");
  EXPECT_EQ(a2["anomalies"][0], "sign-off on 2026-04-12 ignored: the action was in_progress");
  // Reopening a signed-off action clears its evidence and makes it judgeable again.
  s.Add(Admin(), "action.reopened", "action/a3", R"({"reason":"Second audit failed"})",
        "2026-05-02");
  const Json a3 = Find(s.Must("actions", "2026-05-03"), "action/a3");
  EXPECT_EQ(a3["status"], "in_progress");
  EXPECT_EQ(a3["evidence_of_impact"], nullptr);
  EXPECT_EQ(a3["overdue"], true);  // Due 30 April.
  EXPECT_EQ(a3["reopenings"][0]["reason"], "Second audit failed");
}

TEST_F(ActionsViewTest, SnapshotRestoreGivesTheSameView) {
  BoardState state = s.State();
  BoardState restored;
  ASSERT_TRUE(restored.Restore(state.Snapshot()).ok());
  ViewContext ctx;
  ctx.today = *ParseDate("2026-04-20");
  EXPECT_EQ(RenderView("actions", restored, ctx)->dump(),
            RenderView("actions", state, ctx)->dump());
}

}  // namespace
}  // namespace lif
