// The policy and procedure register (docs/views-followup.md#policies): each
// policy with the learning item or review that triggered its review, its
// requested and revised dates, status, days open and corrections.
#include <gtest/gtest.h>

#include "tests/support/domain_scenario.h"

namespace lif {
namespace {

using testing::Agency;
using testing::Scenario;
Principal Admin() { return testing::DomainAdmin(); }

class PoliciesViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s.Add(Admin(), "agency.registered", "agency/police",
          R"({"agency_id":"police","name":"Cleveland Police","kind":"police"})", "2026-01-05");
    s.Add(Admin(), "learning.identified", "learning/l1",
          R"({"title":"Escalation between agencies","kind":"lesson",
              "source":{"kind":"other","stream":"other/x"},"themes":[]})",
          "2026-01-10");
    escalation = s.Add(Agency("police"), "policy.review_requested", "policy/escalation",
                       R"({"title":"Escalation procedure","owner":"tees_procedures_group",
                           "requested_by":"police",
                           "trigger":{"kind":"learning","stream":"learning/l1"}})",
                       "2026-01-12");
    s.Add(Admin(), "policy.review_requested", "policy/neglect",
          R"({"title":"Neglect strategy","owner":"board",
              "trigger":{"kind":"national_guidance","note":"Working Together 2023"}})",
          "2026-02-01");
    s.Add(Admin(), "policy.revised", "policy/escalation",
          R"({"version":"v2.0","summary":"Adds a five-day step.","effective":"2026-03-01"})",
          "2026-02-10");
  }
  Scenario s;
  Event escalation;
};

TEST_F(PoliciesViewTest, EachPolicyWithItsTriggersDatesAndStatus) {
  Json v = s.Must("policies", "2026-02-20");
  EXPECT_EQ(v["total"], 2);
  EXPECT_EQ(v["by_status"], Json::parse(R"({"requested":1,"revised":1})"));
  EXPECT_EQ(v["by_trigger"]["learning"], 1);
  EXPECT_EQ(v["by_trigger"]["national_guidance"], 1);
  EXPECT_EQ(v["by_trigger"]["audit"], 0);
  const Json& e = v["policies"][0];
  EXPECT_EQ(e["stream"], "policy/escalation");
  EXPECT_EQ(e["status"], "revised");
  EXPECT_EQ(e["requested_on"], "2026-01-12");
  EXPECT_EQ(e["revised_on"], "2026-02-10");
  EXPECT_EQ(e["version"], "v2.0");
  EXPECT_EQ(e["days_open"], nullptr);
  // Revised, but not yet in force until 1 March.
  EXPECT_EQ(e["in_force"], false);
  EXPECT_EQ(e["requests"][0]["trigger"], Json::parse(R"({"kind":"learning","stream":"learning/l1",
                            "title":"Escalation between agencies","note":null})"));
  EXPECT_EQ(e["requests"][0]["requested_by"], "police");
  const Json& n = v["policies"][1];
  EXPECT_EQ(n["status"], "requested");
  EXPECT_EQ(n["days_open"], 19);
  EXPECT_EQ(n["revised_on"], nullptr);
  EXPECT_EQ(n["requests"][0]["trigger"]["stream"], nullptr);
  EXPECT_EQ(s.Must("policies", "2026-03-01")["policies"][0]["in_force"], true);
}

TEST_F(PoliciesViewTest, ANewRequestAfterARevisionReopensIt) {
  s.Add(Admin(), "policy.review_requested", "policy/escalation",
        R"({"title":"Escalation procedure","trigger":{"kind":"scheduled"}})", "2026-03-10");
  Json e = s.Must("policies", "2026-03-20")["policies"][0];
  EXPECT_EQ(e["status"], "requested");
  EXPECT_EQ(e["first_requested_on"], "2026-01-12");
  EXPECT_EQ(e["requested_on"], "2026-03-10");
  EXPECT_EQ(e["days_open"], 10);
  EXPECT_EQ(e["requests"].size(), 2u);
  // The owner of the first request is kept when a later one does not say.
  EXPECT_EQ(e["owner"], "tees_procedures_group");
}

TEST_F(PoliciesViewTest, FiltersAndBadValues) {
  EXPECT_EQ(s.Must("policies", "2026-02-20", {{"status", "requested"}})["total"], 1);
  EXPECT_EQ(s.Must("policies", "2026-02-20", {{"owner", "board"}})["total"], 1);
  EXPECT_EQ(s.Must("policies", "2026-02-20", {{"trigger", "learning"}})["total"], 1);
  EXPECT_EQ(s.Must("policies", "2026-02-20", {{"learning", "learning/l1"}})["total"], 1);
  EXPECT_EQ(s.Must("policies", "2026-02-20", {{"learning", "learning/none"}})["total"], 0);
  for (const auto& [filter, value] :
       std::vector<std::pair<std::string, std::string>>{{"status", "overdue"},
                                                        {"owner", "police"},
                                                        {"trigger", "whim"},
                                                        {"learning", "action/a1"}}) {
    Result<Json> r = s.View("policies", "2026-02-20", {{filter, value}});
    ASSERT_FALSE(r.ok()) << filter;
    EXPECT_EQ(r.status().path(), filter);
  }
}

TEST_F(PoliciesViewTest, CorrectionsAndAsOf) {
  s.Add(Admin(), "correction.recorded", "correction/c1",
        R"({"corrects":")" + escalation.id +
            R"(","reason":"Wrong title","fields":{"title":"Escalation and resolution"}})",
        "2026-02-15");
  Json e = s.Must("policies", "2026-02-20")["policies"][0];
  EXPECT_EQ(e["title"], "Escalation and resolution");
  ASSERT_EQ(e["corrections"].size(), 1u);
  EXPECT_EQ(e["corrections"][0]["reason"], "Wrong title");
  // As of 1 February the revision was not yet recorded.
  ViewContext ctx;
  ctx.today = *ParseDate("2026-02-20");
  ctx.as_of.kind = AsOf::Kind::kDate;
  ctx.as_of.date = *ParseDate("2026-02-01");
  Result<Json> then = RenderView("policies", s.State(ctx.as_of), ctx);
  ASSERT_TRUE(then.ok());
  EXPECT_EQ((*then)["policies"][0]["status"], "requested");
  EXPECT_EQ((*then)["policies"][0]["title"], "Escalation procedure");
  EXPECT_EQ((*then)["policies"][0]["days_open"], 20);
}

}  // namespace
}  // namespace lif
