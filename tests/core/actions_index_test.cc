// The ActionTracker's incrementally kept indexes (open_actions,
// learning_all_signed_off) and the BoardState's closed loops against a recomputation from its
// records, after each event of a sequence with sign-offs, reopenings and corrections; and the
// dashboard, which reads them, against the views it summarises.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/projections/board_state.h"
#include "core/projections/learning_loop.h"
#include "core/views/views.h"
#include "tests/support/domain_scenario.h"

namespace lif {
namespace {

using testing::Agency;
using testing::Chair;
using testing::Scenario;
Principal Admin() { return testing::DomainAdmin(); }

std::string Learning(const std::string& title) {
  return R"({"title":")" + title +
         R"(","kind":"lesson","source":{"kind":"case_review","stream":"src/x"},"themes":["neglect"]})";
}

std::string Action(const std::string& owner, const std::string& learning, const std::string& due) {
  return R"({"title":"Do it","plan":"plan/lipsg","owner_agency":")" + owner +
         R"(","lead":"L","due":")" + due + R"(","learning":[)" + learning + "]}";
}

// The indexes as a recomputation from the records gives them.
void ExpectIndexesRecomputed(const BoardState& state) {
  const ActionTracker& t = state.actions();
  std::map<std::string, OpenAction> open;
  std::set<std::string> learnings;
  for (const auto& [stream, a] : t.actions()) {
    if (!a.IsComplete())
      open[stream] = OpenAction{a.due, a.LatestRag() == "red", a.ProgressStaleAfter()};
    learnings.insert(a.learning.begin(), a.learning.end());
  }
  std::set<std::string> all_signed_off;
  for (const std::string& l : learnings) {
    const std::vector<std::string> linked = t.ActionsForLearning(l);
    bool all = !linked.empty();
    for (const std::string& s : linked) {
      all = all && t.actions().at(s).status == ActionStatus::kSignedOff;
    }
    if (all) all_signed_off.insert(l);
  }
  EXPECT_EQ(t.open_actions(), open);
  EXPECT_EQ(t.learning_all_signed_off(), all_signed_off);
  // The state's closed loops are the items the loop rules call closed.
  std::set<std::string> closed;
  for (const auto& [stream, item] : state.learning().items()) {
    if (LoopOf(state, stream).closed) closed.insert(stream);
  }
  EXPECT_EQ(state.closed_loops(), closed);
  // A checkpoint's load, a JSON snapshot's restore and a copy derive the same.
  BoardState loaded;
  ASSERT_TRUE(loaded.LoadBinary(state.SaveBinary()).ok());
  EXPECT_EQ(loaded.actions().open_actions(), open);
  EXPECT_EQ(loaded.actions().learning_all_signed_off(), all_signed_off);
  EXPECT_EQ(loaded.closed_loops(), closed);
  BoardState restored;
  ASSERT_TRUE(restored.Restore(state.Snapshot()).ok());
  EXPECT_EQ(restored.closed_loops(), closed);
  const BoardState copy = state;
  EXPECT_EQ(copy.closed_loops(), closed);
}

// The dashboard's text is the dump of its Json form, and its summary agrees
// with the loop view and with the actions view's overdue flags.
void ExpectDashboardAgrees(const BoardState& state, const std::string& today) {
  ViewContext ctx;
  ctx.today = *ParseDate(today);
  Result<Json> dash = RenderView("dashboard", state, ctx);
  ASSERT_TRUE(dash.ok()) << dash.status().ToString();
  Result<std::string> text = RenderViewText("dashboard", state, ctx);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, dash->dump(-1, ' ', false, Json::error_handler_t::replace));
  Json loop = *RenderView("loop", state, ctx);
  EXPECT_EQ((*dash)["summary"]["loops_closed"], loop["closed"]);
  EXPECT_EQ((*dash)["summary"]["learning_items"], loop["total"]);
  Json actions = *RenderView("actions", state, ctx);
  int64_t overdue = 0, stale = 0;
  for (const Json& a : actions["actions"]) {
    overdue += a["overdue"] == true;
    stale += a["progress_stale"] == true;
  }
  EXPECT_EQ((*dash)["summary"]["overdue_actions"], overdue);
  EXPECT_EQ((*dash)["summary"]["stale_actions"], stale);
  // The lists' totals are what the page's links open in the actions view.
  ctx.filters = {{"overdue", "true"}};
  EXPECT_EQ((*dash)["summary"]["overdue_actions"], (*RenderView("actions", state, ctx))["total"]);
  ctx.filters = {{"rag", "red"}, {"status", "in_progress"}};
  EXPECT_EQ((*dash)["summary"]["red_actions"], (*RenderView("actions", state, ctx))["total"]);
}

TEST(ActionsIndexTest, KeptIndexesEqualARecomputationAfterEveryEvent) {
  Scenario s;
  int step = 0;
  auto check = [&](const std::string& today) {
    SCOPED_TRACE("after step " + std::to_string(++step));
    const BoardState state = s.State();
    ExpectIndexesRecomputed(state);
    ExpectDashboardAgrees(state, today);
  };
  const std::string d = "2026-02-01";
  s.Add(Admin(), "plan.created", "plan/lipsg",
        R"({"title":"LIPSG plan","kind":"subgroup","subgroup":"lipsg"})", d);
  for (const char* l : {"learning/l1", "learning/l2", "learning/l3"}) {
    s.Add(Admin(), "learning.identified", l, Learning(l), d);
  }
  check("2026-02-02");
  const Event a1 = s.Add(Agency("police"), "action.planned", "action/a1",
                         Action("police", R"("learning/l1")", "2026-03-31"), d);
  s.Add(Agency("health"), "action.planned", "action/a2",
        Action("health", R"("learning/l1","learning/l2")", "2026-06-30"), d);
  s.Add(Agency("health"), "action.planned", "action/a3", Action("health", "", "2026-04-30"), d);
  check("2026-05-02");
  const std::string m = "2026-05-01";
  for (const char* a : {"action/a1", "action/a2"}) {
    s.Add(Admin(), "action.completed", a, R"({"evidence_of_impact":"Audit improved"})", m);
    check("2026-05-02");
  }
  s.Add(Chair("health", "lipsg"), "action.signed_off", "action/a1", "{}", m);
  check("2026-05-02");
  s.Add(Chair("health", "lipsg"), "action.signed_off", "action/a2", "{}", m);
  s.Add(Agency("police"), "learning.embedded", "learning/l1",
        R"({"agency":"police","evidence":"Dip sample"})", m);
  s.Add(Agency("health"), "learning.embedded", "learning/l2",
        R"({"agency":"health","evidence":"Audit"})", m);
  check("2026-05-02");
  // Reopening a signed-off action opens it and its learning's loops again.
  s.Add(Chair("health", "lipsg"), "action.reopened", "action/a2", R"({"reason":"Re-audit"})",
        "2026-05-10");
  check("2026-05-11");
  s.Add(Agency("health"), "action.progressed", "action/a2", R"({"note":"Stuck","rag":"red"})",
        "2026-05-12");
  check("2026-12-01");
  // A correction moves a1 (signed off) from learning/l1 to learning/l3.
  s.Add(Agency("police"), "correction.recorded", "correction/c1",
        R"({"corrects":")" + a1.id +
            R"(","reason":"Wrong item","fields":{"learning":["learning/l3"]}})",
        "2026-05-13");
  check("2026-05-14");
  // Completing and signing off a2 again closes its loops.
  s.Add(Agency("health"), "action.completed", "action/a2", R"({"evidence_of_impact":"Better"})",
        "2026-05-15");
  s.Add(Chair("health", "lipsg"), "action.signed_off", "action/a2", "{}", "2026-05-15");
  check("2026-05-16");
  ASSERT_EQ(s.State().actions().learning_all_signed_off(),
            (std::set<std::string>{"learning/l1", "learning/l2", "learning/l3"}));
  ASSERT_EQ(s.State().actions().open_actions().size(), 1u);
  EXPECT_EQ(s.State().actions().open_actions().begin()->first, "action/a3");
  // learning/l3's actions are all signed off, but nobody has assured the board
  // it is embedded: its loop closes with the first embedding.
  EXPECT_EQ(s.State().closed_loops(), (std::set<std::string>{"learning/l1", "learning/l2"}));
  s.Add(Agency("police"), "learning.embedded", "learning/l3",
        R"({"agency":"police","evidence":"Supervision notes"})", "2026-05-20");
  check("2026-05-21");
  EXPECT_EQ(s.State().closed_loops(),
            (std::set<std::string>{"learning/l1", "learning/l2", "learning/l3"}));
}

}  // namespace
}  // namespace lif
