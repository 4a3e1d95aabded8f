// The assurance view on a hand-made board (docs/views-domain23.md#assurance):
// yearly single-agency reports, six-monthly sub-group reports, received,
// late, overdue (the day after the period ends) or still due.
#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

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

class AssuranceViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s.Add(Admin(), "agency.registered", "agency/police",
          R"({"agency_id":"police","name":"Cleveland Police","kind":"police"})", "2026-01-02",
          "2025-03-01");
    police_2025 =
        s.Add(Agency("police"), "assurance.submitted", "assurance/police-2025",
              R"({"kind":"single_agency","agency":"police","period":"2025","improvements":["A"],
              "areas_for_development":["B"],"evidence_of_impact":["C"]})",
              "2026-01-20");
    s.Add(Admin(), "agency.registered", "agency/health",
          R"({"agency_id":"health","name":"North Tees NHS","kind":"health"})", "2026-02-01");
    s.Add(Admin(), "subgroup.registered", "subgroup/lipsg",
          R"({"subgroup_id":"lipsg","name":"Learning and Improving Practice",
              "chair_agency":"health"})",
          "2026-02-01", "2026-01-15");
    s.Add(Agency("health"), "assurance.submitted", "assurance/health-2026-h1",
          R"({"kind":"single_agency","agency":"health","period":"2026-H1","improvements":[],
              "areas_for_development":[],"evidence_of_impact":[]})",
          "2026-06-30");
    s.Add(Chair("health", "lipsg"), "assurance.submitted", "assurance/lipsg-2026-h1",
          R"({"kind":"subgroup","subgroup":"lipsg","period":"2026-H1","improvements":[],
              "areas_for_development":[],"evidence_of_impact":[]})",
          "2026-07-01");
  }
  static std::vector<std::string> Owed(const Json& v) {
    std::vector<std::string> out;
    for (const Json& o : v["obligations"]) {
      out.push_back(o["owner"].get<std::string>() + " " + o["period"].get<std::string>() + " " +
                    o["status"].get<std::string>());
    }
    return out;
  }
  Scenario s;
  Event police_2025;
};

using Rows = std::vector<std::string>;

TEST_F(AssuranceViewTest, WhoOwesWhatForWhichPeriod) {
  Json v = s.Must("assurance", "2026-07-15");
  // Police registered in March 2025 owes 2025 (received 20 January 2026: late)
  // and 2026 (due); health owes 2026, met by its half-year report; the
  // sub-group owes each half of 2026 from January.
  EXPECT_EQ(Owed(v), (Rows{"health 2026 received", "police 2025 received_late", "police 2026 due",
                           "lipsg 2026-H1 received_late", "lipsg 2026-H2 due"}));
  EXPECT_EQ(v["summary"], Json::parse(R"({"received":1,"received_late":2,"overdue":0,"due":2})"));
  EXPECT_EQ(v["obligations"][1]["name"], "Cleveland Police");
  EXPECT_EQ(v["obligations"][1]["received_on"], "2026-01-20");
  EXPECT_EQ(v["obligations"][1]["due"], "2025-12-31");
  EXPECT_EQ(v["reports"].size(), 3u);
}

TEST_F(AssuranceViewTest, OverdueTheDayAfterThePeriodEnds) {
  EXPECT_EQ(Owed(s.Must("assurance", "2026-12-31"))[2], "police 2026 due");
  Json v = s.Must("assurance", "2027-01-01");
  EXPECT_EQ(Owed(v), (Rows{"health 2026 received", "health 2027 due", "police 2025 received_late",
                           "police 2026 overdue", "police 2027 due", "lipsg 2026-H1 received_late",
                           "lipsg 2026-H2 overdue", "lipsg 2027-H1 due"}));
  EXPECT_EQ(v["summary"]["overdue"], 2);
}

TEST_F(AssuranceViewTest, FiltersAndBadValues) {
  EXPECT_EQ(Owed(s.Must("assurance", "2026-07-15", {{"agency", "police"}})),
            (Rows{"police 2025 received_late", "police 2026 due"}));
  EXPECT_EQ(Owed(s.Must("assurance", "2026-07-15", {{"status", "due"}})),
            (Rows{"police 2026 due", "lipsg 2026-H2 due"}));
  Result<Json> bad = s.View("assurance", "2026-07-15", {{"status", "late"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().path(), "status");
  bad = s.View("assurance", "2026-07-15", {{"agency", "Police Force"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().path(), "agency");
}

TEST_F(AssuranceViewTest, AReportOfAnotherKindDoesNotCount) {
  // A Section 11 return is not the single-agency assurance report.
  s.Add(Agency("police"), "assurance.submitted", "assurance/police-s11",
        R"({"kind":"section11","agency":"police","period":"2026","improvements":[],
            "areas_for_development":[],"evidence_of_impact":[]})",
        "2026-08-01");
  EXPECT_EQ(Owed(s.Must("assurance", "2027-01-01"))[3], "police 2026 overdue");
}

TEST_F(AssuranceViewTest, AReportMeetsEveryObligationItsPeriodOverlaps) {
  // A sub-group's yearly report meets both halves; an agency's last quarter
  // meets its year, and nothing before it.
  s.Add(Chair("health", "lipsg"), "assurance.submitted", "assurance/lipsg-2027",
        R"({"kind":"subgroup","subgroup":"lipsg","period":"2027","improvements":[],
            "areas_for_development":[],"evidence_of_impact":[]})",
        "2027-12-01");
  s.Add(Agency("police"), "assurance.submitted", "assurance/police-2027-q4",
        R"({"kind":"single_agency","agency":"police","period":"2027-Q4","improvements":[],
            "areas_for_development":[],"evidence_of_impact":[]})",
        "2027-12-02");
  EXPECT_EQ(Owed(s.Must("assurance", "2028-01-01", {{"status", "received"}})),
            (Rows{"health 2026 received", "police 2027 received", "lipsg 2027-H2 received"}));
  // Submitted in December, it came late for the first half.
  EXPECT_EQ(Owed(s.Must("assurance", "2028-01-01", {{"status", "received_late"}})),
            (Rows{"police 2025 received_late", "lipsg 2026-H1 received_late",
                  "lipsg 2027-H1 received_late"}));
  Json v = s.Must("assurance", "2028-01-01", {{"agency", "police"}});
  EXPECT_EQ(Owed(v), (Rows{"police 2025 received_late", "police 2026 overdue",
                           "police 2027 received", "police 2028 due"}));
  EXPECT_EQ(v["obligations"][2]["reports"], Json::array({"assurance/police-2027-q4"}));
}

}  // namespace
}  // namespace lif

namespace lif {
namespace {

// The index the register keeps, as a recomputation from its records gives it.
OwnedReports Recomputed(const AssuranceRegister& r, const std::string& kind) {
  OwnedReports out;
  for (const auto& [stream, a] : r.assurances()) {
    if (a.kind != kind || a.range.start.empty()) continue;
    out[kind == "subgroup" ? a.subgroup : a.agency].push_back(
        OwnedReport{stream, a.range, a.submitted_on});
  }
  for (auto& [owner, reports] : out) {
    std::sort(reports.begin(), reports.end(), [](const OwnedReport& x, const OwnedReport& y) {
      return std::tie(x.range.start, x.stream) < std::tie(y.range.start, y.stream);
    });
  }
  return out;
}

void ExpectIndexRecomputed(const BoardState& state) {
  const AssuranceRegister& r = state.assurance();
  EXPECT_EQ(r.single_agency_reports(), Recomputed(r, "single_agency"));
  EXPECT_EQ(r.subgroup_reports(), Recomputed(r, "subgroup"));
  BoardState loaded;
  ASSERT_TRUE(loaded.LoadBinary(state.SaveBinary()).ok());
  EXPECT_EQ(loaded.assurance().single_agency_reports(), r.single_agency_reports());
  EXPECT_EQ(loaded.assurance().subgroup_reports(), r.subgroup_reports());
  BoardState restored;
  ASSERT_TRUE(restored.Restore(state.Snapshot()).ok());
  EXPECT_EQ(restored.assurance().single_agency_reports(), r.single_agency_reports());
  EXPECT_EQ(restored.assurance().subgroup_reports(), r.subgroup_reports());
}

TEST_F(AssuranceViewTest, KeptReportIndexFollowsCorrections) {
  ExpectIndexRecomputed(s.State());
  EXPECT_EQ(s.State().assurance().single_agency_reports().size(), 2u);
  // A corrected period moves the police report from 2025 to 2026.
  s.Add(Agency("police"), "correction.recorded", "correction/c1",
        R"({"corrects":")" + police_2025.id +
            R"(","reason":"Wrong year","fields":{"period":"2026"}})",
        "2026-07-02");
  ExpectIndexRecomputed(s.State());
  EXPECT_EQ(Owed(s.Must("assurance", "2026-07-15", {{"agency", "police"}})),
            (Rows{"police 2025 overdue", "police 2026 received"}));
  // Corrected to another kind, it leaves the index, and its owner's entry with it.
  s.Add(Agency("police"), "correction.recorded", "correction/c2",
        R"({"corrects":")" + police_2025.id +
            R"(","reason":"It was the Section 11 return","fields":{"kind":"section11"}})",
        "2026-07-03");
  ExpectIndexRecomputed(s.State());
  EXPECT_EQ(s.State().assurance().single_agency_reports().count("police"), 0u);
  EXPECT_EQ(Owed(s.Must("assurance", "2026-07-15", {{"agency", "police"}})),
            (Rows{"police 2025 overdue", "police 2026 due"}));
}

}  // namespace
}  // namespace lif
