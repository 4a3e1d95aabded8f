// The names view (docs/views-domain23.md#names): each identifier the other
// views show, with the name a reader needs, as of the view's date.
#include <gtest/gtest.h>

#include "core/views/views.h"
#include "tests/support/domain_scenario.h"

namespace lif {
namespace {

using testing::Chair;
using testing::Scenario;
Principal Admin() { return testing::DomainAdmin(); }

class NamesViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s.Add(Admin(), "agency.registered", "agency/police",
          R"({"agency_id":"police","name":"Police","kind":"police"})", "2026-01-02");
    s.Add(Admin(), "subgroup.registered", "subgroup/lipsg",
          R"({"subgroup_id":"lipsg","name":"Learning and Improving Practice",
              "chair_agency":"police"})",
          "2026-01-02");
    s.Add(Admin(), "area.registered", "area/redcar-and-cleveland",
          R"({"area_code":"redcar-and-cleveland","name":"Redcar and Cleveland","kind":"comparator"})",
          "2026-01-02");
    s.Add(Admin(), "priority.set", "priority/neglect",
          R"({"title":"Children living with neglect","status":"active"})", "2026-01-05");
    s.Add(Chair("police", "lipsg"), "plan.created", "plan/lipsg",
          R"({"title":"LIPSG plan 2026","kind":"subgroup","subgroup":"lipsg"})", "2026-01-05");
    s.Add(Admin(), "learning.identified", "learning/l1",
          R"({"title":"Escalation","kind":"lesson","source":{"kind":"case_review",
              "stream":"scr/2025-1"},"themes":["neglect"]})",
          "2026-01-06");
    // A later registration renames the agency.
    s.Add(Admin(), "agency.registered", "agency/police",
          R"({"agency_id":"police","name":"Cleveland Police","kind":"police"})", "2026-03-01");
  }
  Scenario s;
};

TEST_F(NamesViewTest, NamesEachIdentifierTheViewsShow) {
  Json v = s.Must("names", "2026-04-01");
  EXPECT_EQ(v["agencies"], Json::parse(R"({"police":"Cleveland Police"})"));
  EXPECT_EQ(v["subgroups"], Json::parse(R"({"lipsg":"Learning and Improving Practice"})"));
  EXPECT_EQ(v["areas"], Json::parse(R"({"redcar-and-cleveland":"Redcar and Cleveland"})"));
  EXPECT_EQ(v["priorities"], Json::parse(R"({"priority/neglect":"Children living with neglect"})"));
  EXPECT_EQ(v["plans"], Json::parse(R"({"plan/lipsg":"LIPSG plan 2026"})"));
  EXPECT_EQ(v["learning"], Json::parse(R"({"learning/l1":"Escalation"})"));
  EXPECT_EQ(v["indicators"], Json::object());
  EXPECT_EQ(v["courses"], Json::object());
  EXPECT_EQ(v["reviews"], Json::object());
}

Json NamesAsOf(const Scenario& s, const std::string& date) {
  ViewContext ctx;
  ctx.as_of.kind = AsOf::Kind::kDate;
  ctx.as_of.date = *ParseDate(date);
  ctx.today = ctx.as_of.date;
  Result<Json> v = RenderView("names", s.State(ctx.as_of), ctx);
  EXPECT_TRUE(v.ok());
  return v.ok() ? *v : Json();
}

TEST_F(NamesViewTest, AsOfADateTheNamesAreThoseOfThatDate) {
  Json v = NamesAsOf(s, "2026-02-01");
  EXPECT_EQ(v["agencies"]["police"], "Police");
  EXPECT_EQ(v["learning"], Json::parse(R"({"learning/l1":"Escalation"})"));
  Json before = NamesAsOf(s, "2026-01-03");
  EXPECT_EQ(before["agencies"]["police"], "Police");
  EXPECT_EQ(before["plans"], Json::object());
  EXPECT_EQ(before["learning"], Json::object());
}

}  // namespace
}  // namespace lif
