// The plan reports view (docs/views-followup.md#plan_reports): every action
// plan owes the board a progress report each half year; a report.presented
// whose subject is the plan answers one half, on time or late.
#include <gtest/gtest.h>

#include "tests/support/domain_scenario.h"

namespace lif {
namespace {

using testing::Scenario;
Principal Admin() { return testing::DomainAdmin(); }

std::string Report(const std::string& subject, const std::string& meeting) {
  return R"({"title":"Plan progress","kind":"action_monitoring","meeting":")" + meeting +
         R"(","subject":")" + subject + R"("})";
}

class PlanReportsViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s.Add(Admin(), "plan.created", "plan/board", R"({"title":"Board plan","kind":"board"})",
          "2025-05-01");
    // The board plan: 2025-H1 on time; nothing in 2025-H2, then one report in
    // February 2026, which answers 2026-H1 (its own half). Events are added in
    // the order they were recorded.
    s.Add(Admin(), "report.presented", "report/r1", Report("plan/board", "2025-06-10"),
          "2025-06-10");
    s.Add(Admin(), "plan.created", "plan/lipsg",
          R"({"title":"LIPSG plan","kind":"subgroup","subgroup":"lipsg"})", "2026-02-01");
    late = s.Add(Admin(), "report.presented", "report/r2", Report("plan/board", "2026-02-10"),
                 "2026-02-10");
    s.Add(Admin(), "report.presented", "report/r3", Report("plan/lipsg", "2026-04-14"),
          "2026-04-14");
    s.Add(Admin(), "report.presented", "report/r4", Report("plan/gone", "2026-04-14"),
          "2026-04-14");
  }
  static std::vector<std::string> Owed(const Json& v) {
    std::vector<std::string> out;
    for (const Json& o : v["obligations"]) {
      out.push_back(o["plan"].get<std::string>() + " " + o["period"].get<std::string>() + " " +
                    o["status"].get<std::string>());
    }
    return out;
  }
  Scenario s;
  Event late;
};

using Rows = std::vector<std::string>;

TEST_F(PlanReportsViewTest, SixMonthlyReportsOwedReceivedOrOverdue) {
  Json v = s.Must("plan_reports", "2026-07-01");
  EXPECT_EQ(Owed(v), (Rows{"plan/board 2025-H1 received", "plan/board 2025-H2 overdue",
                           "plan/board 2026-H1 received", "plan/board 2026-H2 due",
                           "plan/lipsg 2026-H1 received", "plan/lipsg 2026-H2 due"}));
  EXPECT_EQ(v["summary"], Json::parse(R"({"received":3,"received_late":0,"overdue":1,"due":2})"));
  EXPECT_EQ(v["obligations"][2]["received_on"], "2026-02-10");
  EXPECT_EQ(v["obligations"][2]["reports"], Json::parse(R"(["report/r2"])"));
  EXPECT_EQ(v["obligations"][1]["due"], "2025-12-31");
  EXPECT_EQ(v["obligations"][1]["reports"], Json::array());
  EXPECT_EQ(v["obligations"][4]["owner"], "lipsg");
  ASSERT_EQ(v["unmatched_reports"].size(), 1u);
  EXPECT_EQ(v["unmatched_reports"][0]["subject"], "plan/gone");
  EXPECT_EQ(v["reports"].size(), 3u);
}

TEST_F(PlanReportsViewTest, AHalfWhoseNextHalfHasTwoReportsIsReceivedLate) {
  s.Add(Admin(), "report.presented", "report/r5", Report("plan/board", "2026-05-12"), "2026-05-12");
  Json v = s.Must("plan_reports", "2026-07-01", {{"plan", "plan/board"}});
  EXPECT_EQ(Owed(v), (Rows{"plan/board 2025-H1 received", "plan/board 2025-H2 received_late",
                           "plan/board 2026-H1 received", "plan/board 2026-H2 due"}));
  EXPECT_EQ(v["obligations"][1]["reports"], Json::parse(R"(["report/r2"])"));
  EXPECT_EQ(v["obligations"][1]["received_on"], "2026-02-10");
  EXPECT_EQ(v["obligations"][2]["reports"], Json::parse(R"(["report/r5"])"));
}

TEST_F(PlanReportsViewTest, OverdueTheDayAfterTheHalfEndsAndAsOf) {
  EXPECT_EQ(Owed(s.Must("plan_reports", "2025-12-31"))[1], "plan/board 2025-H2 due");
  EXPECT_EQ(Owed(s.Must("plan_reports", "2026-01-01"))[1], "plan/board 2025-H2 overdue");
  // As of January 2026 the February report was not yet presented.
  ViewContext ctx;
  ctx.today = *ParseDate("2026-07-01");
  ctx.as_of.kind = AsOf::Kind::kDate;
  ctx.as_of.date = *ParseDate("2026-01-15");
  Result<Json> then = RenderView("plan_reports", s.State(ctx.as_of), ctx);
  ASSERT_TRUE(then.ok());
  EXPECT_EQ(Owed(*then), (Rows{"plan/board 2025-H1 received", "plan/board 2025-H2 overdue",
                               "plan/board 2026-H1 due"}));
}

TEST_F(PlanReportsViewTest, ACorrectedMeetingDateMovesTheReport) {
  // The February report was in fact presented in December: on time.
  s.Add(Admin(), "correction.recorded", "correction/c1",
        R"({"corrects":")" + late.id +
            R"(","reason":"Wrong meeting date","fields":{"meeting":"2025-12-09"}})",
        "2026-03-01");
  Json v = s.Must("plan_reports", "2026-07-01");
  EXPECT_EQ(Owed(v)[1], "plan/board 2025-H2 received");
  EXPECT_EQ(Owed(v)[2], "plan/board 2026-H1 overdue");
  EXPECT_EQ(v["summary"]["overdue"], 1);
  EXPECT_EQ(v["reports"][1]["corrections"].size(), 1u);
}

TEST_F(PlanReportsViewTest, FiltersAndBadValues) {
  EXPECT_EQ(s.Must("plan_reports", "2026-07-01", {{"plan", "plan/lipsg"}})["obligations"].size(),
            2u);
  EXPECT_EQ(s.Must("plan_reports", "2026-07-01", {{"status", "received"}})["obligations"].size(),
            3u);
  EXPECT_EQ(s.Must("plan_reports", "2026-07-01", {{"plan", "plan/none"}})["obligations"].size(),
            0u);
  for (const auto& [filter, value] : std::vector<std::pair<std::string, std::string>>{
           {"plan", "priority/x"}, {"status", "late"}}) {
    Result<Json> r = s.View("plan_reports", "2026-07-01", {{filter, value}});
    ASSERT_FALSE(r.ok()) << filter;
    EXPECT_EQ(r.status().path(), filter);
  }
}

}  // namespace
}  // namespace lif
