// The dashboard view (docs/views-domain23.md#dashboard): what a board
// meeting opens with, on a small hand-made board.
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

std::string Action(const std::string& owner, const std::string& due) {
  return R"({"title":"Do it","plan":"plan/lipsg","owner_agency":")" + owner +
         R"(","lead":"L","due":")" + due + R"(","learning":[]})";
}

class DashboardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s.Add(Admin(), "agency.registered", "agency/police",
          R"({"agency_id":"police","name":"Cleveland Police","kind":"police"})", "2026-01-02",
          "2025-01-10");
    s.Add(Admin(), "area.registered", "area/hartlepool",
          R"({"area_code":"hartlepool","name":"Hartlepool","kind":"own"})", "2026-01-02");
    s.Add(Admin(), "area.registered", "area/england",
          R"({"area_code":"england","name":"England","kind":"national_average"})", "2026-01-02");
    s.Add(Admin(), "indicator.defined", "indicator/cp-rate",
          R"({"indicator_id":"cp-rate","title":"Child protection plans per 10,000",
              "area":"safe","polarity":"lower_is_better","unit":"per 10k","threshold":60})",
          "2026-01-02");
    // 70 is above the threshold of 60 and above England's 50: two exceptions.
    s.Add(Admin(), "indicator.recorded", "indicator/cp-rate",
          R"({"indicator_id":"cp-rate","period":"2026-Q1",
              "values":{"hartlepool":70,"england":50}})",
          "2026-04-02");
    s.Add(Agency("police"), "action.planned", "action/a1", Action("police", "2026-03-31"),
          "2026-01-10");
    s.Add(Agency("health"), "action.planned", "action/a2", Action("health", "2026-06-30"),
          "2026-01-10");
    s.Add(Agency("health"), "action.planned", "action/a3", Action("health", "2026-06-30"),
          "2026-01-10");
    s.Add(Agency("health"), "action.progressed", "action/a2", R"({"note":"Stuck","rag":"red"})",
          "2026-03-01");
    s.Add(Agency("health"), "action.progressed", "action/a3", R"({"note":"Late","rag":"red"})",
          "2026-03-01");
    s.Add(Agency("health"), "action.completed", "action/a3",
          R"({"evidence_of_impact":"Done after all"})", "2026-04-01");
  }
  Scenario s;
};

TEST_F(DashboardTest, WhatTheMeetingOpensWith) {
  Json v = s.Must("dashboard", "2026-04-15");
  EXPECT_EQ(v["summary"], Json::parse(R"({"overdue_actions":1,"overdue_actions_shown":1,
                                           "overdue_reports":1,"overdue_reports_shown":1,
                                           "red_actions":1,"red_actions_shown":1,
                                           "stale_actions":0,"indicator_exceptions":2,
                                           "reviews_near_deadline":0,"learning_items":0,
                                           "loops_closed":0})"));
  ASSERT_EQ(v["overdue_actions"].size(), 1u);
  EXPECT_EQ(v["overdue_actions"][0]["stream"], "action/a1");
  EXPECT_EQ(v["overdue_actions"][0]["days_overdue"], 15);  // 31 March to 15 April.
  // a3 was red but is complete: only a2 is listed.
  ASSERT_EQ(v["red_actions"].size(), 1u);
  EXPECT_EQ(v["red_actions"][0]["stream"], "action/a2");
  EXPECT_EQ(v["indicator_exceptions"][0]["indicator_id"], "cp-rate");
  EXPECT_EQ(v["reviews_near_deadline"], Json::array());
  // April in Diagram 2, and police's 2025 assurance report (overdue since 1 January).
  const Json& due = v["reports_due_this_month"];
  EXPECT_EQ(due["month"], "2026-04");
  ASSERT_EQ(due["timetable"].size(), 2u);
  EXPECT_EQ(due["timetable"][0]["entry"], "lipsg-actions-monitor");
  EXPECT_EQ(due["timetable"][0]["status"], "due");
  EXPECT_EQ(due["timetable"][1]["entry"], "national-local-learning-review");
  EXPECT_EQ(due["assurance"], Json::parse(R"([{"owner_kind":"agency","owner":"police",
      "period":"2025","due":"2025-12-31","status":"overdue"}])"));
}

// The assurance reports due this month are all listed; those overdue from
// earlier months at most 25, oldest due date first (a tie in agency order),
// while the summary counts every overdue one.
TEST_F(DashboardTest, OverdueReportsFromEarlierMonthsAreCutOldestFirst) {
  auto id = [](int i) { return std::string("ag") + (i < 10 ? "0" : "") + std::to_string(i); };
  // Registered in March 2024: each owes 2024 (due 31 December 2024) and 2025.
  for (int i = 29; i >= 0; --i) {
    s.Add(Admin(), "agency.registered", "agency/" + id(i),
          R"({"agency_id":")" + id(i) + R"(","name":"Agency )" + id(i) + R"(","kind":"police"})",
          "2026-01-02", "2024-03-01");
  }
  // On 15 December 2025: 31 reports for 2025 due this month (police too), and
  // the 30 for 2024 overdue.
  Json v = s.Must("dashboard", "2025-12-15");
  EXPECT_EQ(v["summary"]["overdue_reports"], 30);
  EXPECT_EQ(v["summary"]["overdue_reports_shown"], 25);
  const Json& listed = v["reports_due_this_month"]["assurance"];
  ASSERT_EQ(listed.size(), 31u + 25u);
  for (size_t k = 0; k < 31; ++k) {
    EXPECT_EQ(listed[k]["due"], "2025-12-31") << k;
    EXPECT_EQ(listed[k]["status"], "due") << k;
  }
  for (int k = 0; k < 25; ++k) {
    EXPECT_EQ(listed[31 + k]["owner"], id(k)) << k;
    EXPECT_EQ(listed[31 + k]["period"], "2024") << k;
    EXPECT_EQ(listed[31 + k]["status"], "overdue") << k;
  }
  // On 15 April 2026 the 2025 reports are overdue too: the oldest (2024) are listed.
  Json april = s.Must("dashboard", "2026-04-15");
  EXPECT_EQ(april["summary"]["overdue_reports"], 61);
  EXPECT_EQ(april["summary"]["overdue_reports_shown"], 25);
  ASSERT_EQ(april["reports_due_this_month"]["assurance"].size(), 25u);
  EXPECT_EQ(april["reports_due_this_month"]["assurance"][24]["period"], "2024");
}

TEST_F(DashboardTest, OverdueListIsOldestFirstAndJudgedAtTheDate) {
  s.Add(Agency("police"), "action.planned", "action/a0", Action("police", "2026-02-15"),
        "2026-04-03");
  Json v = s.Must("dashboard", "2026-04-15");
  ASSERT_EQ(v["overdue_actions"].size(), 2u);
  EXPECT_EQ(v["overdue_actions"][0]["stream"], "action/a0");
  EXPECT_EQ(v["overdue_actions"][1]["stream"], "action/a1");
  // On a1's due date nothing of it is overdue yet; a0 is.
  EXPECT_EQ(s.Must("dashboard", "2026-03-31")["summary"]["overdue_actions"], 1);
}

TEST_F(DashboardTest, ListsShowTheFirst25AndCountThemAll) {
  // x00..x29 are due in March, two on each day and later days for lower
  // numbers (x28 and x29 on 1 March, x26 and x27 on 2 March, ...): all
  // overdue on 15 April, with a1 (31 March). The even ones are red.
  auto name = [](const char* prefix, int i) {
    return std::string("action/") + prefix + (i < 10 ? "0" : "") + std::to_string(i);
  };
  for (int i = 0; i < 30; ++i) {
    const int day = 1 + (29 - i) / 2;
    const std::string due = std::string("2026-03-") + (day < 10 ? "0" : "") + std::to_string(day);
    s.Add(Agency("police"), "action.planned", name("x", i), Action("police", due), "2026-04-03");
    if (i % 2 == 0) {
      s.Add(Agency("police"), "action.progressed", name("x", i), R"({"note":"Stuck","rag":"red"})",
            "2026-04-03");
    }
  }
  // y00..y14 are red and not yet due: y14 on 6 May, ..., y00 on 20 May.
  for (int j = 0; j < 15; ++j) {
    const int day = 20 - j;
    const std::string due = std::string("2026-05-") + (day < 10 ? "0" : "") + std::to_string(day);
    s.Add(Agency("police"), "action.planned", name("y", j), Action("police", due), "2026-04-03");
    s.Add(Agency("police"), "action.progressed", name("y", j), R"({"note":"Stuck","rag":"red"})",
          "2026-04-03");
  }
  Json v = s.Must("dashboard", "2026-04-15");
  // The counts are the totals: 30 x and a1 overdue; 15 x, 15 y and a2 red.
  EXPECT_EQ(v["summary"]["overdue_actions"], 31);
  EXPECT_EQ(v["summary"]["overdue_actions_shown"], 25);
  EXPECT_EQ(v["summary"]["red_actions"], 31);
  EXPECT_EQ(v["summary"]["red_actions_shown"], 25);
  auto streams = [](const Json& list) {
    std::vector<std::string> out;
    for (const Json& a : list) out.push_back(a["stream"]);
    return out;
  };
  // Overdue: oldest due date first, a tie in stream order; a1 is not reached.
  std::vector<std::string> overdue;
  for (int k = 0; overdue.size() < 25; ++k) {
    overdue.push_back(name("x", 28 - 2 * k));
    if (overdue.size() < 25) overdue.push_back(name("x", 29 - 2 * k));
  }
  EXPECT_EQ(streams(v["overdue_actions"]), overdue);
  EXPECT_EQ(v["overdue_actions"][0]["days_overdue"], 45);  // 1 March to 15 April.
  EXPECT_EQ(v["overdue_actions"][24]["stream"], "action/x04");
  // Red: earliest current due date first, so the 15 red x (March) then the
  // first ten y by due date (y14 to y05); a2 (30 June) is not reached.
  std::vector<std::string> red;
  for (int i = 28; i >= 0; i -= 2) red.push_back(name("x", i));
  for (int j = 14; j >= 5; --j) red.push_back(name("y", j));
  EXPECT_EQ(streams(v["red_actions"]), red);
  EXPECT_EQ(v["red_actions"][15]["due"], "2026-05-06");
  // The actions view lists them all with the filters the page links to.
  EXPECT_EQ(s.Must("actions", "2026-04-15", {{"overdue", "true"}})["total"], 31);
  EXPECT_EQ(s.Must("actions", "2026-04-15", {{"rag", "red"}, {"status", "in_progress"}})["total"],
            31);
}

}  // namespace
}  // namespace lif
