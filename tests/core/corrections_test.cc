// Corrections (docs/catalogue-domain23.md#corrections): a correction.recorded
// names an earlier event by id; the projection holding it applies the new
// values when allowed, every view shows the corrected value with the
// correction beside it, and the index records what was corrected and why a
// correction was refused.
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

std::string Correction(const std::string& target, const std::string& reason,
                       const std::string& fields) {
  return R"({"corrects":")" + target + R"(","reason":")" + reason + R"(","fields":)" + fields + "}";
}

class CorrectionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    learning = s.Add(Admin(), "learning.identified", "learning/l1",
                     R"({"title":"Escalaton","kind":"lesson","source":{"kind":"case_review",
                         "stream":"scr/2025-1"},"themes":["neglect"]})",
                     "2026-01-06");
    planned = s.Add(Agency("police"), "action.planned", "action/a1",
                    R"({"title":"Escalation briefing","plan":"plan/lipsg-2026",
                        "owner_agency":"police","lead":"DI Smith","due":"2026-03-31",
                        "learning":["learning/l1"]})",
                    "2026-01-10");
    progress = s.Add(Agency("police"), "action.progressed", "action/a1",
                     R"({"note":"Drafted","rag":"green"})", "2026-02-01");
    s.Add(Agency("police"), "correction.recorded", "correction/c1",
          Correction(planned.id, "Typing error in the due date", R"({"due":"2026-03-15"})"),
          "2026-02-02");
    s.Add(Agency("health"), "correction.recorded", "correction/c2",
          Correction(planned.id, "Not ours to change", R"({"due":"2027-01-01"})"), "2026-02-03");
    s.Add(Agency("police"), "correction.recorded", "correction/c3",
          Correction(progress.id, "Wrong colour", R"({"rag":"purple"})"), "2026-02-04");
    s.Add(Agency("police"), "correction.recorded", "correction/c4",
          Correction(progress.id, "The rating was red", R"({"rag":"red"})"), "2026-02-05");
    s.Add(Admin(), "correction.recorded", "correction/c5",
          Correction("00000000-0000-4000-8000-999999999999", "No such event", R"({"title":"x"})"),
          "2026-02-06");
    s.Add(Agency("police"), "correction.recorded", "correction/c6",
          Correction(planned.id, "Hand over", R"({"owner_agency":"health"})"), "2026-02-07");
    s.Add(Admin(), "correction.recorded", "correction/c7",
          Correction(planned.id, "Lead changed name", R"({"lead":"DI Jones"})"), "2026-02-08");
    s.Add(Admin(), "correction.recorded", "correction/c8",
          Correction(learning.id, "Spelling", R"({"title":"Escalation"})"), "2026-02-09");
  }

  Scenario s;
  Event learning, planned, progress;
};

TEST_F(CorrectionsTest, ViewsShowCorrectedValuesWithTheCorrectionBeside) {
  Json v = s.Must("actions", "2026-02-10");
  const Json& a1 = v["actions"][0];
  EXPECT_EQ(a1["due"], "2026-03-15");
  EXPECT_EQ(a1["original_due"], "2026-03-15");
  EXPECT_EQ(a1["lead"], "DI Jones");
  EXPECT_EQ(a1["rag"], "red");
  EXPECT_EQ(a1["owner_agency"], "police");  // c6 was refused.
  // Applied corrections only, in the order of the facts they correct: the
  // planning (c1, c7) then the progress update (c4).
  ASSERT_EQ(a1["corrections"].size(), 3u);
  EXPECT_EQ(a1["corrections"][0]["reason"], "Typing error in the due date");
  EXPECT_EQ(a1["corrections"][0]["fields"], Json::parse(R"({"due":"2026-03-15"})"));
  EXPECT_EQ(a1["corrections"][0]["replaced"], Json::parse(R"({"due":"2026-03-31"})"));
  EXPECT_EQ(a1["corrections"][1]["replaced"], Json::parse(R"({"lead":"DI Smith"})"));
  EXPECT_EQ(a1["corrections"][2]["replaced"], Json::parse(R"({"rag":"green"})"));

  Json l = s.Must("learning", "2026-02-10");
  EXPECT_EQ(l["items"][0]["title"], "Escalation");
  EXPECT_EQ(l["items"][0]["corrections"][0]["replaced"], Json::parse(R"({"title":"Escalaton"})"));
}

TEST_F(CorrectionsTest, OverdueIsJudgedOnTheCorrectedDate) {
  EXPECT_EQ(s.Must("actions", "2026-03-15")["actions"][0]["overdue"], false);
  EXPECT_EQ(s.Must("actions", "2026-03-16")["actions"][0]["overdue"], true);
  // Before the correction was recorded the board judged against 31 March.
  ViewContext ctx;
  ctx.as_of.kind = AsOf::Kind::kDate;
  ctx.as_of.date = *ParseDate("2026-02-01");
  Result<BoardState> before = BuildBoardState(s.log(), ctx.as_of);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ((*RenderView("actions", *before, ctx))["actions"][0]["due"], "2026-03-31");
}

TEST_F(CorrectionsTest, TheIndexRecordsEveryOutcome) {
  BoardState state = s.State();
  const auto& entries = state.corrections().entries();
  ASSERT_EQ(entries.size(), 8u);
  std::vector<std::string> outcomes;
  for (const CorrectionEntry& e : entries) outcomes.push_back(e.outcome);
  EXPECT_EQ(outcomes,
            (std::vector<std::string>{"applied", "rejected", "rejected", "applied",
                                      "unknown_target", "rejected", "applied", "applied"}));
  EXPECT_EQ(entries[1].message, "an agency may only correct events its own agency recorded");
  EXPECT_EQ(entries[2].message.find("the corrected data is invalid at /fields/rag"), 0u);
  EXPECT_EQ(entries[5].message, "an agency may only name itself in /fields/owner_agency");
  EXPECT_EQ(entries[0].target_type, "action.planned");
  EXPECT_EQ(entries[0].target_stream, "action/a1");
  // c1, c2, c6 and c7 name the planning event.
  EXPECT_EQ(state.corrections().For(planned.id).size(), 4u);
  EXPECT_EQ(state.corrections().For(progress.id).size(), 2u);
}

TEST_F(CorrectionsTest, SnapshotRestoreKeepsCorrections) {
  BoardState state = s.State();
  BoardState restored;
  ASSERT_TRUE(restored.Restore(state.Snapshot()).ok());
  EXPECT_EQ(restored.Snapshot(), state.Snapshot());
  ViewContext ctx;
  ctx.today = *ParseDate("2026-02-10");
  for (const char* view : {"actions", "learning", "loop"}) {
    EXPECT_EQ(RenderView(view, restored, ctx)->dump(), RenderView(view, state, ctx)->dump())
        << view;
  }
  // A correction applied after a restore lands on the restored facts.
  Event more = s.Add(Admin(), "correction.recorded", "correction/c9",
                     Correction(planned.id, "Later fix", R"({"due":"2026-04-15"})"), "2026-02-11");
  restored.Apply(more);
  EXPECT_EQ(restored.actions().actions().at("action/a1").due, "2026-04-15");
}

}  // namespace
}  // namespace lif
