// The demo board read as a practitioner would read it (issue 25, point 7):
// whatever month the simulated year starts in, no quarter of any indicator is
// missing, the agencies' yearly assurance returns mostly arrive, child deaths'
// categories agree with the children's ages and with the factors the panel
// found, a review's rationale agrees with its criteria, inspections find about
// what they inspect, and the comparators are the other Tees authorities.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/demo/generator.h"
#include "core/log/memory_log.h"
#include "core/projections/board_state.h"
#include "core/validation/catalogue.h"
#include "core/views/views.h"
#include "tests/support/demo_log.h"

namespace lif {
namespace {

struct Board {
  std::unique_ptr<MemoryLog> log;
  std::vector<Event> events;
  std::string end;
};

// One year of the seed-1 demo ending on `end`.
Board Generate(const std::string& end) {
  Board b;
  b.end = end;
  DemoOptions o;
  o.end = *ParseDate(end);
  testing::DemoLog d = testing::AppendDemo(o);
  EXPECT_TRUE(d.status.ok()) << end << ": " << d.status.ToString();
  b.log = std::move(d.log);
  Result<std::vector<Event>> all = b.log->ReadRange(0, b.log->Head().position);
  EXPECT_TRUE(all.ok());
  if (all.ok()) b.events = std::move(*all);
  return b;
}

// Boards whose year starts in each kind of month of a quarter, and in
// December (the case: a board opened on 2026-12-07).
const std::vector<std::string>& Ends() {
  static const std::vector<std::string> k = {"2026-12-07", "2026-06-30", "2026-11-15",
                                             "2026-01-20"};
  return k;
}

const Board& BoardEnding(const std::string& end) {
  static std::map<std::string, Board>* boards = new std::map<std::string, Board>();
  auto it = boards->find(end);
  if (it == boards->end()) it = boards->emplace(end, Generate(end)).first;
  return it->second;
}

Json View(const Board& b, const std::string& name) {
  Result<BoardState> state = BuildBoardState(*b.log, AsOf{});
  EXPECT_TRUE(state.ok());
  if (!state.ok()) return Json::object();
  ViewContext ctx;
  ctx.today = *ParseDate(b.end);
  Result<Json> v = RenderView(name, *state, ctx);
  EXPECT_TRUE(v.ok()) << name << ": " << v.status().ToString();
  return v.ok() ? *v : Json::object();
}

// "2025-Q3" to a quarter count.
int QuarterIndex(const std::string& period) {
  return std::stoi(period.substr(0, 4)) * 4 + (period[6] - '1');
}

TEST(DemoCoherenceTest, NoIndicatorMissesAQuarterWhateverMonthTheYearStarts) {
  for (const std::string& end : Ends()) {
    const Board& b = BoardEnding(end);
    std::map<std::string, std::set<int>> quarters;
    for (const Event& e : b.events) {
      if (e.type != "indicator.recorded") continue;
      quarters[e.data["indicator_id"].get<std::string>()].insert(
          QuarterIndex(e.data["period"].get<std::string>()));
    }
    ASSERT_FALSE(quarters.empty()) << end;
    for (const auto& [indicator, seen] : quarters) {
      for (int q = *seen.begin(); q <= *seen.rbegin(); ++q) {
        EXPECT_TRUE(seen.count(q))
            << end << ": " << indicator << " has no figures for " << q / 4 << "-Q" << q % 4 + 1;
      }
      EXPECT_GE(seen.size(), 7u) << end << ": " << indicator;
    }
  }
}

TEST(DemoCoherenceTest, MostAgenciesAssuranceReturnsArrive) {
  for (const std::string& end : Ends()) {
    const Board& b = BoardEnding(end);
    Json v = View(b, "assurance");
    std::map<std::string, int> owed, overdue;
    std::map<std::string, std::string> due;
    for (const Json& o : v["obligations"]) {
      if (o["owner_kind"] != "agency" || o["due"].get<std::string>() >= end) continue;
      ++owed[o["period"].get<std::string>()];
      due[o["period"].get<std::string>()] = o["due"];
      if (o["status"] == "overdue") ++overdue[o["period"].get<std::string>()];
    }
    ASSERT_FALSE(owed.empty()) << end;
    for (const auto& [period, n] : owed) {
      // The demo designs in one agency that never reports, and a quarter of
      // them late by up to three months: within three months of the due date
      // at most half are still awaited, after that at most a quarter.
      const bool recent = ParseDate(end)->days - ParseDate(due[period])->days < 90;
      EXPECT_LE(overdue[period] * (recent ? 2 : 4), n)
          << end << ": " << overdue[period] << " of " << n << " agencies' " << period
          << " returns overdue";
    }
  }
}

TEST(DemoCoherenceTest, ChildDeathsAgreeWithAgeAndFactors) {
  const std::set<std::string> infant_only = {"perinatal_neonatal_event"};
  const std::set<std::string> adolescent_only = {"suicide_or_deliberate_self_inflicted_harm"};
  const std::set<std::string> expected_kinds = {"malignancy", "chronic_medical_condition",
                                                "chromosomal_genetic_and_congenital_anomalies"};
  const std::set<std::string> never_expected = {
      "deliberately_inflicted_injury_abuse_or_neglect", "suicide_or_deliberate_self_inflicted_harm",
      "trauma_and_other_external_factors", "sudden_unexpected_unexplained_death"};
  const Board& b = BoardEnding(Ends()[0]);
  std::map<std::string, Json> notified;
  int reviewed = 0;
  for (const Event& e : b.events) {
    if (e.type == "cdr.notified") notified[e.stream] = e.data;
    if (e.type != "cdr.reviewed") continue;
    ++reviewed;
    ASSERT_TRUE(notified.count(e.stream)) << e.stream;
    const Json& n = notified[e.stream];
    const std::string category = e.data["category"], band = n["age_band"];
    const std::string expected = n["expected"];
    if (infant_only.count(category)) {
      EXPECT_EQ(band, "under_28_days") << e.stream;
    }
    if (adolescent_only.count(category)) {
      EXPECT_TRUE(band == "10_to_14" || band == "15_to_17") << e.stream << " " << band;
    }
    if (category == "sudden_unexpected_unexplained_death") {
      EXPECT_TRUE(band == "under_28_days" || band == "28_days_to_1_year" || band == "1_to_4")
          << e.stream;
    }
    if (expected_kinds.count(category)) {
      EXPECT_EQ(expected, "expected") << e.stream;
    }
    if (never_expected.count(category)) {
      EXPECT_EQ(expected, "unexpected") << e.stream;
    }
    if (e.data["modifiable_factors"] == "yes") {
      ASSERT_TRUE(e.data.contains("factors")) << e.stream;
      const std::string factor = e.data["factors"][0];
      // A factor about sleep belongs to an infant's sudden death, never to a
      // perinatal event or an adolescent's death.
      if (factor == "Unsafe sleeping arrangements") {
        EXPECT_EQ(category, "sudden_unexpected_unexplained_death") << e.stream;
      }
    } else {
      EXPECT_FALSE(e.data.contains("factors")) << e.stream;
    }
  }
  EXPECT_GT(reviewed, 3);
}

TEST(DemoCoherenceTest, AReviewsRationaleAgreesWithItsCriteria) {
  int holds = 0;
  for (const std::string& end : Ends()) {
    Json v = View(BoardEnding(end), "reviews");
    for (const Json& r : v["case_reviews"]["items"]) {
      if (r["decision"] != "hold") continue;
      ++holds;
      const std::string rationale = r["rationale"].is_string() ? r["rationale"] : "";
      const std::string outcome = r["criteria_check"]["outcome"];
      // A rationale that says the criteria are met never sits beside an
      // outcome that says they are not, and the other way round.
      if (rationale.find("meets the criteria") != std::string::npos) {
        EXPECT_NE(outcome, "not_met") << end << " " << r["stream"];
      }
      if (rationale.find("criteria are not met") != std::string::npos) {
        EXPECT_EQ(outcome, "not_met") << end << " " << r["stream"];
      }
    }
  }
  EXPECT_GT(holds, 0);
}

TEST(DemoCoherenceTest, InspectionsFindAboutWhatTheyInspect) {
  const std::map<std::string, std::set<std::string>> themes_of = {
      {"hmip", {"exploitation", "transition", "substance-misuse"}},
      {"cqc", {"parental-mental-health", "self-harm", "safe-sleep", "information-sharing"}},
  };
  for (const std::string& end : Ends()) {
    const Board& b = BoardEnding(end);
    std::map<std::string, std::string> inspectorate;
    for (const Event& e : b.events) {
      if (e.type == "inspection.reported") inspectorate[e.stream] = e.data["inspectorate"];
      if (e.type != "learning.identified" || e.data["source"]["kind"] != "inspection") continue;
      auto it = themes_of.find(inspectorate[e.data["source"]["stream"].get<std::string>()]);
      if (it == themes_of.end()) continue;
      for (const Json& t : e.data["themes"]) {
        EXPECT_TRUE(it->second.count(t.get<std::string>()))
            << end << ": a " << it->first << " finding themed " << t;
      }
    }
  }
}

TEST(DemoCoherenceTest, TheComparatorsAreTheOtherTeesAuthorities) {
  const Board& b = BoardEnding(Ends()[0]);
  std::set<std::string> comparators;
  for (const Event& e : b.events) {
    if (e.type == "area.registered" && e.data["kind"] == "comparator") {
      comparators.insert(e.data["area_code"].get<std::string>());
    }
  }
  EXPECT_EQ(comparators,
            (std::set<std::string>{"middlesbrough", "redcar-and-cleveland", "stockton-on-tees"}));
}

}  // namespace
}  // namespace lif
