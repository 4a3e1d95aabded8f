// The audits view on hand-made audits and Section 11 returns: the grade
// distribution (with a regraded case), and self versus moderated ratings by
// agency and standard.
#include <gtest/gtest.h>

#include "core/log/memory_log.h"
#include "core/projections/board_state.h"
#include "core/validation/catalogue.h"
#include "core/views/views.h"
#include "tests/support/test_digest.h"

namespace lif {
namespace {

const Principal kAdmin{"tok-admin", Role::kAdmin, std::nullopt, std::nullopt};
const Principal kHealth{"tok-health", Role::kAgency, std::string("health"), std::nullopt};
const Principal kPolice{"tok-police", Role::kAgency, std::string("police"), std::nullopt};

std::string Pseudonym(int n) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "pn_%032d", n);
  return buf;
}

class AuditsViewTest : public ::testing::Test {
 protected:
  AuditsViewTest()
      : log_(
            testing::TestSha256(), &Catalogue::Default(),
            [] { return StartOf(*ParseDate("2026-06-01")); },
            [this] {
              char buf[64];
              std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012lld",
                            static_cast<long long>(++ids_));
              return std::string(buf);
            }) {}

  void Post(const Principal& who, const std::string& type, const std::string& stream,
            const Json& data) {
    AppendRequest req;
    req.principal = who;
    req.events.push_back({type, stream, data, {}, {}});
    Result<AppendOutcome> out = log_.Append(req);
    ASSERT_TRUE(out.ok()) << type << ": " << out.status().ToString();
  }

  void SetUpScenario() {
    for (const char* id : {"health", "police", "school", "probation"}) {
      Post(kAdmin, "agency.registered", std::string("agency/") + id,
           {{"agency_id", id},
            {"name", id},
            {"kind", "other"},
            {"section11", std::string(id) != "probation"}});
    }
    // A multi-agency neglect audit of four cases; case 3 is regraded.
    Post(kAdmin, "audit.commissioned", "audit/neglect",
         {{"scope", "multi_agency"},
          {"title", "Neglect"},
          {"theme", "neglect"},
          {"sampling", "purposive"},
          {"planned_cases", 4},
          {"lead_agency", "health"},
          {"agencies", {"health", "police"}},
          {"commissioned_on", "2026-02-01"}});
    const char* grades[] = {"good", "good", "inadequate", "requires_improvement"};
    for (int i = 0; i < 4; ++i) {
      Post(kAdmin, "audit.case_graded", "audit/neglect",
           {{"case", Pseudonym(i + 1)}, {"grade", grades[i]}});
    }
    Post(kAdmin, "audit.case_graded", "audit/neglect",
         {{"case", Pseudonym(3)}, {"grade", "requires_improvement"}});
    Post(kAdmin, "audit.completed", "audit/neglect",
         {{"completed_on", "2026-04-30"}, {"findings", {"Fathers rarely seen"}}});
    // A single-agency audit by health, still open.
    Post(kHealth, "audit.commissioned", "audit/health-supervision",
         {{"scope", "single_agency"},
          {"title", "Supervision"},
          {"theme", "supervision"},
          {"sampling", "random"},
          {"lead_agency", "health"},
          {"commissioned_on", "2026-03-01"}});
    Post(kHealth, "audit.case_graded", "audit/health-supervision",
         {{"case", Pseudonym(7)}, {"grade", "outstanding"}, {"agency", "health"}});
    Post(kHealth, "audit.case_graded", "audit/health-supervision",
         {{"case", Pseudonym(8)}, {"grade", "inadequate"}, {"agency", "health"}});
    // Section 11: police rate three standards; the board lowers one, agrees one
    // and rates one the police left out. Health rates all eight green.
    Post(kPolice, "s11.submitted", "s11/police-2026",
         {{"agency", "police"},
          {"year", 2026},
          {"submitted_on", "2026-03-31"},
          {"standards",
           {{{"standard", "training"}, {"rating", "green"}, {"evidence", "98% trained"}},
            {{"standard", "information_sharing"}, {"rating", "amber"}, {"evidence", "Protocol"}},
            {{"standard", "inter_agency_working"}, {"rating", "amber"}, {"evidence", "MASH"}}}}});
    Post(kAdmin, "s11.moderated", "s11/police-2026",
         {{"moderated_on", "2026-05-10"},
          {"standards",
           {{{"standard", "information_sharing"}, {"rating", "red"}, {"comment", "No audit"}},
            {{"standard", "training"}, {"rating", "green"}},
            {{"standard", "line_of_accountability"}, {"rating", "amber"}}}}});
    Json all_green = Json::array();
    for (const char* s :
         {"senior_management_commitment", "statement_of_responsibilities", "line_of_accountability",
          "service_development_informed_by_children", "training",
          "safer_recruitment_and_allegations", "inter_agency_working", "information_sharing"}) {
      all_green.push_back({{"standard", s}, {"rating", "green"}, {"evidence", "Policy"}});
    }
    Post(kHealth, "s11.submitted", "s11/health-2026",
         {{"agency", "health"},
          {"year", 2026},
          {"submitted_on", "2026-04-15"},
          {"standards", all_green}});
    // An older return of the police, for the year filter.
    Post(kPolice, "s11.submitted", "s11/police-2025",
         {{"agency", "police"},
          {"year", 2025},
          {"submitted_on", "2025-03-31"},
          {"standards", {{{"standard", "training"}, {"rating", "red"}, {"evidence", "None"}}}}});
  }

  Json Render(std::map<std::string, std::string> filters = {}) {
    Result<BoardState> state = BuildBoardState(log_, AsOf{});
    EXPECT_TRUE(state.ok());
    Result<Json> view =
        RenderView("audits", *state, ViewContext{*ParseDate("2026-06-01"), AsOf{}, filters});
    EXPECT_TRUE(view.ok()) << view.status().ToString();
    return view.ok() ? *view : Json();
  }

  MemoryLog log_;
  int64_t ids_ = 0;
};

TEST_F(AuditsViewTest, GradeDistributionCountsTheLatestGradePerCase) {
  SetUpScenario();
  Json view = Render();
  const Json& multi = view["multi_agency"];
  ASSERT_EQ(multi["total"], 1);
  const Json& neglect = multi["audits"][0];
  EXPECT_EQ(neglect["cases_graded"], 4);
  EXPECT_EQ(neglect["planned_cases"], 4);
  // good, good, inadequate -> requires_improvement, requires_improvement.
  EXPECT_EQ(neglect["grades"], Json::parse(R"({"outstanding":0,"good":2,
                                               "requires_improvement":2,"inadequate":0})"));
  EXPECT_EQ(neglect["good_or_better"], 2);
  EXPECT_EQ(neglect["status"], "completed");
  EXPECT_EQ(neglect["sampling"], "purposive");
  EXPECT_EQ(neglect["findings"], Json::parse(R"(["Fathers rarely seen"])"));
  EXPECT_EQ(multi["grades"], neglect["grades"]);
  const Json& single = view["single_agency"];
  ASSERT_EQ(single["total"], 1);
  EXPECT_EQ(single["audits"][0]["status"], "in_progress");
  EXPECT_EQ(single["audits"][0]["planned_cases"], nullptr);
  EXPECT_EQ(single["grades"], Json::parse(R"({"outstanding":1,"good":0,
                                              "requires_improvement":0,"inadequate":1})"));
}

TEST_F(AuditsViewTest, Section11SelfVersusModeratedByStandard) {
  SetUpScenario();
  Json view = Render({{"year", "2026"}});
  const Json& s11 = view["section11"];
  EXPECT_EQ(s11["year"], 2026);
  ASSERT_EQ(s11["returns"].size(), 2u);  // health-2026 and police-2026, by stream.
  const Json& health = s11["returns"][0];
  EXPECT_EQ(health["agency"], "health");
  EXPECT_EQ(health["self"], Json::parse(R"({"red":0,"amber":0,"green":8})"));
  EXPECT_EQ(health["moderated"], Json::parse(R"({"red":0,"amber":0,"green":0})"));
  EXPECT_EQ(health["moderated_on"], nullptr);
  EXPECT_EQ(health["standards"][0]["change"], "awaiting_moderation");
  const Json& police = s11["returns"][1];
  EXPECT_EQ(police["agency"], "police");
  EXPECT_EQ(police["self"], Json::parse(R"({"red":0,"amber":2,"green":1})"));
  EXPECT_EQ(police["moderated"], Json::parse(R"({"red":1,"amber":1,"green":1})"));
  EXPECT_EQ(police["lowered"], 1);
  EXPECT_EQ(police["raised"], 0);
  EXPECT_EQ(police["missing_standards"].size(), 5u);
  // Standards in the fixed order: 2 line_of_accountability, 4 training,
  // 6 inter_agency_working, 7 information_sharing.
  EXPECT_EQ(police["standards"][2]["change"], "moderated_without_self_assessment");
  EXPECT_EQ(police["standards"][4]["change"], "agreed");
  EXPECT_EQ(police["standards"][6]["change"], "awaiting_moderation");
  EXPECT_EQ(police["standards"][7],
            Json::parse(R"({"standard":"information_sharing","change":"lowered",
                            "self":{"rating":"amber","evidence":"Protocol"},
                            "moderated":{"rating":"red","comment":"No audit"}})"));
  EXPECT_EQ(police["standards"][0]["change"], "not_assessed");
  // Across agencies: training self-rated green twice (2025's red is filtered out).
  EXPECT_EQ(s11["by_standard"]["training"], Json::parse(R"({"self":{"red":0,"amber":0,"green":2},
                            "moderated":{"red":0,"amber":0,"green":1}})"));
  // School owes a return for 2026; probation does not owe one.
  EXPECT_EQ(s11["not_returned"], Json::parse(R"(["school"])"));
}

TEST_F(AuditsViewTest, FiltersByAgencyAndYear) {
  SetUpScenario();
  Json police = Render({{"agency", "police"}});
  EXPECT_EQ(police["multi_agency"]["total"], 1);  // A partner in the neglect audit.
  EXPECT_EQ(police["single_agency"]["total"], 0);
  EXPECT_EQ(police["section11"]["returns"].size(), 2u);           // 2025 and 2026.
  EXPECT_EQ(police["section11"]["not_returned"], Json::array());  // No year: nothing owed.
  Json police_2025 = Render({{"agency", "police"}, {"year", "2025"}});
  ASSERT_EQ(police_2025["section11"]["returns"].size(), 1u);
  EXPECT_EQ(police_2025["section11"]["returns"][0]["self"],
            Json::parse(R"({"red":1,"amber":0,"green":0})"));
  Result<BoardState> state = BuildBoardState(log_, AsOf{});
  ASSERT_TRUE(state.ok());
  Result<Json> bad =
      RenderView("audits", *state, ViewContext{*ParseDate("2026-06-01"), AsOf{}, {{"year", "26"}}});
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalid);
}

TEST_F(AuditsViewTest, SnapshotRoundTripKeepsTheView) {
  SetUpScenario();
  Result<BoardState> state = BuildBoardState(log_, AsOf{});
  ASSERT_TRUE(state.ok());
  BoardState restored;
  ASSERT_TRUE(restored.Restore(state->Snapshot()).ok());
  ViewContext ctx{*ParseDate("2026-06-01"), AsOf{}, {{"year", "2026"}}};
  for (const char* name : {"audits", "reviews", "indicators"}) {
    Result<Json> a = RenderView(name, *state, ctx);
    Result<Json> b = RenderView(name, restored, ctx);
    ASSERT_TRUE(a.ok() && b.ok()) << name;
    EXPECT_EQ(a->dump(), b->dump()) << name;
  }
}

}  // namespace
}  // namespace lif
