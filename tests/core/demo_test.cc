// The demo board generator (core/demo/generator.h, docs/demo.md): the same
// seed gives the same log, every step passes the real validation, and the
// generated board fills every view with the facts the generator designs in.
#include <gtest/gtest.h>

#include <limits>
#include <memory>
#include <optional>
#include <set>

#include "core/demo/generator.h"
#include "core/log/memory_log.h"
#include "core/projections/board_state.h"
#include "core/validation/catalogue.h"
#include "core/views/views.h"
#include "tests/support/demo_log.h"
#include "tests/support/test_digest.h"

namespace lif {
namespace {

constexpr const char* kEnd = "2026-06-30";

using Generated = testing::DemoLog;

// The demo of `seed` (scale 1, one year up to kEnd).
Generated Generate(uint64_t seed) {
  DemoOptions o;
  o.seed = seed;
  o.end = *ParseDate(kEnd);
  return testing::AppendDemo(o);
}

// The seed-1 board, generated once for the tests that only read it.
const Generated& Board() {
  static const Generated* g = new Generated(Generate(1));
  return *g;
}

// The latest state of the seed-1 board, built once.
const BoardState& LatestState() {
  static const BoardState* state = [] {
    Result<BoardState> s = BuildBoardState(*Board().log, AsOf{});
    EXPECT_TRUE(s.ok());
    return new BoardState(s.ok() ? *s : BoardState{});
  }();
  return *state;
}

Json View(const std::string& name, const AsOf& as_of, const std::string& today,
          std::map<std::string, std::string> filters = {}) {
  std::optional<BoardState> state;
  if (as_of.kind == AsOf::Kind::kLatest) {
    state = LatestState();
  } else {
    Result<BoardState> s = BuildBoardState(*Board().log, as_of);
    EXPECT_TRUE(s.ok());
    if (s.ok()) state = *s;
  }
  if (!state) return Json::object();
  ViewContext ctx;
  ctx.today = *ParseDate(today);
  ctx.as_of = as_of;
  ctx.filters = std::move(filters);
  Result<Json> v = RenderView(name, *state, ctx);
  EXPECT_TRUE(v.ok()) << name << ": " << v.status().ToString();
  return v.ok() ? *v : Json::object();
}

TEST(DemoRandomTest, SplitMix64GivesTheReferenceSequence) {
  // SplitMix64 from seed 0: the published first outputs.
  DemoRandom r(0);
  EXPECT_EQ(r.Next(), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(r.Next(), 0x6e789e6aa1b965f4ULL);
  DemoRandom b(7);
  for (int i = 0; i < 1000; ++i) {
    int64_t v = b.Between(3, 5);
    EXPECT_GE(v, 3);
    EXPECT_LE(v, 5);
  }
}

TEST(DemoIdsTest, UuidShapedAndDeterministic) {
  std::string id = DemoEventId(1, 1);
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(id[14], '4');
  EXPECT_EQ(id, DemoEventId(1, 1));
  EXPECT_NE(id, DemoEventId(1, 2));
  EXPECT_NE(id, DemoEventId(2, 1));
  auto next = DemoEventIds(1);
  EXPECT_EQ(next(), DemoEventId(1, 1));
  EXPECT_EQ(next(), DemoEventId(1, 2));
}

TEST(DemoOptionsTest, RejectsOutOfRangeOptions) {
  DemoOptions o;
  o.end = *ParseDate(kEnd);
  EXPECT_TRUE(CheckDemoOptions(o).ok());
  o.scale = 0;
  EXPECT_EQ(CheckDemoOptions(o).path(), "scale");
  o.scale = 1;
  o.years = 21;
  EXPECT_EQ(CheckDemoOptions(o).path(), "years");
}

TEST(DemoTest, EveryStepValidatesAndTheClockOnlyMovesForward) {
  const Generated& g = Board();
  ASSERT_TRUE(g.status.ok()) << g.status.ToString();
  // Scale 1, one year: a few thousand events.
  EXPECT_GT(g.steps, 1500);
  EXPECT_LT(g.steps, 12000);
  LogHead head = g.log->Head();
  EXPECT_EQ(head.position, g.steps);
  // Everything is recorded in the year before the end date, never on it.
  Result<std::vector<Event>> first = g.log->ReadRange(0, 1);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->front().recorded_at.substr(0, 10), "2025-06-28");
  EXPECT_LT(head.recorded_at, std::string(kEnd));
  EXPECT_EQ(first->front().id, DemoEventId(1, 1));
  // Business dates never lie after the recorded date, and children are only pseudonyms.
  std::set<std::string> types;
  Status s = g.log->Scan(0, head.position, [&](const Event& e) {
    EXPECT_LE(e.occurred_at, e.recorded_at.substr(0, 10)) << e.type << " " << e.stream;
    types.insert(e.type);
    return IterationDecision::kContinue;
  });
  ASSERT_TRUE(s.ok());
  for (const char* t : {"area.registered",
                        "agency.registered",
                        "subgroup.registered",
                        "indicator.defined",
                        "indicator.recorded",
                        "review.opened",
                        "review.notified",
                        "review.rapid_review_completed",
                        "review.referred",
                        "review.decided",
                        "review.commissioned",
                        "cdr.notified",
                        "cdr.reviewed",
                        "audit.commissioned",
                        "audit.case_graded",
                        "audit.completed",
                        "s11.submitted",
                        "s11.moderated",
                        "learning_review.received",
                        "learning_review.assigned",
                        "learning_review.presented",
                        "inspection.reported",
                        "thematic.commissioned",
                        "thematic.reported",
                        "voice.recorded",
                        "feedback.recorded",
                        "learning.identified",
                        "learning.presented",
                        "learning.disseminated",
                        "learning.embedded",
                        "priority.set",
                        "plan.created",
                        "action.planned",
                        "action.progressed",
                        "action.due_revised",
                        "action.completed",
                        "action.signed_off",
                        "training.needs_analysed",
                        "course.planned",
                        "course.delivered",
                        "course.evaluated",
                        "policy.review_requested",
                        "policy.revised",
                        "assurance.submitted",
                        "report.presented",
                        "correction.recorded"}) {
    EXPECT_TRUE(types.count(t)) << t;
  }
}

TEST(DemoTest, SameSeedSameHeadDifferentSeedDifferentHead) {
  Generated again = Generate(1);
  ASSERT_TRUE(again.status.ok());
  EXPECT_EQ(again.log->Head().hash, Board().log->Head().hash);
  EXPECT_EQ(again.log->Head().position, Board().log->Head().position);
  Generated other = Generate(2);
  ASSERT_TRUE(other.status.ok()) << other.status.ToString();
  EXPECT_NE(other.log->Head().hash, Board().log->Head().hash);
}

TEST(DemoTest, EveryViewRendersWithTheDesignedFacts) {
  const AsOf latest;
  for (const std::string& name : ViewNames()) {
    Json v = View(name, latest, kEnd);
    EXPECT_EQ(v.value("view", ""), name);
  }
  // Reference data: 7 areas, 15 agencies, 55 indicators in three areas.
  Json indicators = View("indicators", latest, kEnd);
  EXPECT_EQ(indicators["total"], 55);
  EXPECT_EQ(indicators["own_area"], "hartlepool");
  EXPECT_GT(indicators["exception_count"].get<int>(), 10);

  Json actions = View("actions", latest, kEnd);
  EXPECT_GT(actions["total"].get<int>(), 50);
  EXPECT_GT(actions["overdue"].get<int>(), 0);
  EXPECT_GT(actions["by_rag"]["red"].get<int>(), 0);
  EXPECT_GT(actions["by_status"]["signed_off"].get<int>(), 0);
  int revised = 0;
  for (const Json& a : actions["actions"]) revised += a["due_revised"] == true ? 1 : 0;
  EXPECT_GT(revised, 0);

  // The review opened three working days before the end (Thursday 25 June
  // 2026; Friday 26, Monday 29 and Tuesday 30 June are working days): its
  // notification clock is open, 3 of its 5 working days gone, near its deadline.
  Json reviews = View("reviews", latest, kEnd);
  const Json& items = reviews["case_reviews"]["items"];
  ASSERT_FALSE(items.empty());
  const Json& last = items.back();
  const Json& notification = last["clocks"]["notification"];
  EXPECT_EQ(notification["starts"], "2026-06-25") << last.dump();
  EXPECT_EQ(notification["due"], "2026-07-02");
  EXPECT_EQ(notification["state"], "open");
  EXPECT_EQ(notification["working_days_elapsed"], 3);
  EXPECT_EQ(notification["working_days_left"], 2);
  EXPECT_EQ(notification["near_deadline"], true);
  EXPECT_GE(reviews["case_reviews"]["near_deadline"].get<int>(), 1);
  EXPECT_GT(reviews["child_death_reviews"]["total"].get<int>(), 3);
  EXPECT_GT(reviews["child_death_reviews"]["reviewed"].get<int>(), 0);

  // One agency never reports: its 2025 single-agency report is overdue.
  Json assurance = View("assurance", latest, kEnd);
  EXPECT_GE(assurance["summary"]["overdue"].get<int>(), 1);
  EXPECT_GT(assurance["summary"]["received"].get<int>(), 5);

  Json audits = View("audits", latest, kEnd);
  EXPECT_GE(audits["multi_agency"]["total"].get<int>(), 3);
  EXPECT_GT(audits["section11"]["returns"].size(), 5u);

  Json training = View("training", latest, kEnd);
  EXPECT_GE(training["totals"]["courses"].get<int>(), 5);
  EXPECT_GT(training["totals"]["deliveries"].get<int>(), 10);

  Json learning = View("learning", latest, kEnd);
  EXPECT_GT(learning["total"].get<int>(), 40);
  EXPECT_GT(learning["by_status"]["embedded"].get<int>(), 0);

  Json dashboard = View("dashboard", latest, kEnd);
  EXPECT_GT(dashboard["summary"]["overdue_actions"].get<int>(), 0);

  // Corrections: a due date, a title and an indicator value, all applied.
  int applied = 0;
  for (const CorrectionEntry& c : LatestState().corrections().entries()) {
    EXPECT_EQ(c.outcome, "applied") << c.target_type << ": " << c.message;
    applied += c.outcome == "applied" ? 1 : 0;
  }
  EXPECT_GE(applied, 3);
}

// BoardState::Fold leaves the projections a domain 1 correction touches to be
// folded again once, at Settle(). Folding the whole demo (which corrects
// indicator values) with one Settle at the end, or with a Settle every few
// events, must give exactly the state of Apply (a refold after each
// correction): the same snapshot and the same views.
TEST(DemoTest, OneRefoldAfterManyCorrectionsEqualsARefoldAfterEach) {
  BoardState each, once, every_97;
  int64_t n = 0;
  ASSERT_TRUE(Board()
                  .log
                  ->Scan(0, std::numeric_limits<int64_t>::max(),
                         [&](const Event& e) {
                           each.Apply(e);
                           once.Fold(e);
                           every_97.Fold(e);
                           if (++n % 97 == 0) every_97.Settle();
                           return IterationDecision::kContinue;
                         })
                  .ok());
  EXPECT_FALSE(once.settled());  // The demo ends with refolds pending.
  once.Settle();
  every_97.Settle();
  ASSERT_TRUE(once.settled());
  int domain1 = 0;
  for (const CorrectionEntry& c : each.corrections().entries()) {
    if (c.outcome == "applied" && Domain1TypeNames().count(c.target_type) > 0) ++domain1;
  }
  EXPECT_GE(domain1, 1) << "the demo must correct domain 1 events for this test to mean anything";
  const std::string expected = each.Snapshot().dump();
  EXPECT_EQ(once.Snapshot().dump(), expected);
  EXPECT_EQ(every_97.Snapshot().dump(), expected);
  ViewContext ctx;
  ctx.today = *ParseDate(kEnd);
  for (const std::string& name : ViewNames()) {
    Result<Json> want = RenderView(name, each, ctx);
    ASSERT_TRUE(want.ok()) << name;
    EXPECT_EQ(RenderView(name, once, ctx)->dump(), want->dump()) << name;
    EXPECT_EQ(RenderView(name, every_97, ctx)->dump(), want->dump()) << name;
  }
}

TEST(DemoTest, AsOfViewsShowKnowledgeGrowing) {
  AsOf mid;
  mid.kind = AsOf::Kind::kDate;
  mid.date = *ParseDate("2025-12-31");
  Json then = View("learning", mid, "2025-12-31");
  Json now = View("learning", AsOf{}, kEnd);
  EXPECT_GT(then["total"].get<int>(), 0);
  EXPECT_LT(then["total"].get<int>(), now["total"].get<int>());
  EXPECT_LT(then["position"].get<int64_t>(), now["position"].get<int64_t>());
}

}  // namespace
}  // namespace lif
