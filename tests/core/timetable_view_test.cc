// The timetable view (docs/views-domain23.md#timetable): Diagram 2 as data,
// for any month: what is due, what arrived, what arrived late, what is late.
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

std::string Report(const std::string& title, const std::string& kind, const std::string& meeting,
                   const std::string& entry) {
  std::string r =
      R"({"title":")" + title + R"(","kind":")" + kind + R"(","meeting":")" + meeting + "\"";
  if (!entry.empty()) r += R"(,"timetable_entry":")" + entry + "\"";
  return r + "}";
}

class TimetableViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s.Add(Admin(), "agency.registered", "agency/police",
          R"({"agency_id":"police","name":"Cleveland Police","kind":"police"})", "2026-01-02");
    s.Add(Admin(), "report.presented", "report/r1",
          Report("Audit: neglect", "audit", "2026-02-10", "multi-agency-audit-report"),
          "2026-02-10");
    s.Add(Admin(), "report.presented", "report/r3", Report("PMF Q3", "pmf", "2026-02-24", ""),
          "2026-02-24");
    s.Add(Admin(), "report.presented", "report/r2",
          Report("SCR update", "scr_update", "2026-03-10", "scr-update"), "2026-03-10");
    s.Add(Admin(), "report.presented", "report/r4",
          Report("SCR update", "scr_update", "2026-05-12", "scr-update"), "2026-05-12");
  }
  static std::vector<std::string> Slots(const Json& v) {
    std::vector<std::string> out;
    for (const Json& slot : v["slots"]) {
      out.push_back(slot["entry"].get<std::string>() + " " + slot["status"].get<std::string>());
    }
    return out;
  }
  Json JudgedAsOf(const std::string& date, const std::string& month) {
    ViewContext ctx;
    ctx.as_of.kind = AsOf::Kind::kDate;
    ctx.as_of.date = *ParseDate(date);
    ctx.filters = {{"month", month}};
    Result<BoardState> state = BuildBoardState(s.log(), ctx.as_of);
    EXPECT_TRUE(state.ok());
    return *RenderView("timetable", *state, ctx);
  }
  Scenario s;
};

using Rows = std::vector<std::string>;

TEST_F(TimetableViewTest, DueArrivedAndLateInAMonth) {
  Json v = s.Must("timetable", "2026-06-01", {{"month", "2026-02"}});
  EXPECT_EQ(v["month"], "2026-02");
  // February in Diagram 2: the multi-agency audit report and the SCR update.
  // The SCR update came in March, before its next slot (May): late arrival.
  EXPECT_EQ(Slots(v), (Rows{"multi-agency-audit-report arrived", "scr-update arrived_late"}));
  EXPECT_EQ(v["slots"][1]["reports"], Json::parse(R"(["report/r2"])"));
  // The PMF report fills no February slot.
  ASSERT_EQ(v["other_reports"].size(), 1u);
  EXPECT_EQ(v["other_reports"][0]["stream"], "report/r3");
  // May's SCR update is May's, not a late February one.
  EXPECT_EQ(Slots(s.Must("timetable", "2026-06-01", {{"month", "2026-05"}})),
            (Rows{"cse-vemt-deep-dive late", "scr-update arrived"}));
  // January: nothing presented, all three slots late once January is over.
  EXPECT_EQ(Slots(s.Must("timetable", "2026-06-01", {{"month", "2026-01"}})),
            (Rows{"early-help-deep-dive late", "national-local-learning-review late",
                  "s11-audit-report late"}));
  EXPECT_EQ(s.Must("timetable", "2026-06-01", {{"month", "2026-01"}})["summary"]["late"], 3);
}

TEST_F(TimetableViewTest, LateOnlyAfterTheMonthsLastDay) {
  // As of 28 February the SCR update was still due; as of 1 March, late.
  EXPECT_EQ(Slots(JudgedAsOf("2026-02-28", "2026-02"))[1], "scr-update due");
  EXPECT_EQ(Slots(JudgedAsOf("2026-03-01", "2026-02"))[1], "scr-update late");
}

TEST_F(TimetableViewTest, DefaultMonthIsTheJudgementMonth) {
  Json v = s.Must("timetable", "2026-10-14");
  EXPECT_EQ(v["month"], "2026-10");
  // October: the annual report and the LIPSG actions review (the seed's Diagram 2).
  EXPECT_EQ(Slots(v), (Rows{"annual-report due", "lipsg-actions-monitor due"}));
  // December: the multi-agency audit report, and police's yearly assurance
  // report is due on the 31st.
  Json dec = s.Must("timetable", "2026-12-01", {{"month", "2026-12"}});
  EXPECT_EQ(Slots(dec), (Rows{"multi-agency-audit-report due"}));
  ASSERT_EQ(dec["assurance_due"].size(), 1u);
  EXPECT_EQ(dec["assurance_due"][0]["owner"], "police");
  EXPECT_EQ(dec["assurance_due"][0]["status"], "due");
  Result<Json> bad = s.View("timetable", "2026-10-14", {{"month", "2026-13"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().path(), "month");
}

TEST_F(TimetableViewTest, AnAdministratorChangesTheTimetable) {
  s.Add(Admin(), "timetable.entry_set", "timetable/pmf-report",
        R"({"title":"PMF quarterly report","kind":"pmf","months":[11,2,5,8]})", "2026-06-02");
  s.Add(Admin(), "timetable.entry_removed", "timetable/scr-update",
        R"({"reason":"Part of the reviews report now"})", "2026-06-02");
  Json v = s.Must("timetable", "2026-06-03", {{"month", "2026-02"}});
  EXPECT_EQ(Slots(v), (Rows{"multi-agency-audit-report arrived", "pmf-report late"}));
  // The PMF report names no slot, so it still does not fill the new one.
  EXPECT_EQ(v["other_reports"].size(), 1u);
  bool found = false;
  for (const Json& e : v["timetable"]) {
    if (e["entry"] != "pmf-report") continue;
    found = true;
    EXPECT_EQ(e["months"], Json::parse("[2,5,8,11]"));
    EXPECT_EQ(e["source"], "admin");
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(v["timetable"].size(), 11u);  // 11 default slots, one removed, one added.
}

}  // namespace
}  // namespace lif
