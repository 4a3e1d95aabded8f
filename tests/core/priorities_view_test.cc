// The priorities view (docs/views-followup.md#priorities): each business
// plan priority with the progress of its actions rolled up: by status and
// RAG, percent complete, overdue and stale progress.
#include <gtest/gtest.h>

#include "tests/support/domain_scenario.h"

namespace lif {
namespace {

using testing::Agency;
using testing::Scenario;
Principal Admin() { return testing::DomainAdmin(); }

std::string Action(const std::string& priority, const std::string& due) {
  std::string d = R"({"title":"Do it","plan":"plan/board","owner_agency":"police","lead":"L",
                      "due":")" +
                  due + R"(","learning":[])";
  if (!priority.empty()) d += R"(,"priority":")" + priority + R"(")";
  return d + "}";
}

class PrioritiesViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s.Add(Admin(), "agency.registered", "agency/police",
          R"({"agency_id":"police","name":"Cleveland Police","kind":"police"})", "2026-01-02");
    neglect = s.Add(Admin(), "priority.set", "priority/neglect",
                    R"({"title":"Neglect","status":"active","expected_impact":"Fewer repeats"})",
                    "2026-01-02");
    s.Add(Admin(), "priority.set", "priority/exploitation",
          R"({"title":"Exploitation","status":"retired"})", "2026-01-02");
    s.Add(Admin(), "plan.created", "plan/board",
          R"({"title":"Board plan","kind":"board","priorities":["priority/neglect"]})",
          "2026-01-02");
    s.Add(Agency("police"), "action.planned", "action/a1", Action("priority/neglect", "2026-02-28"),
          "2026-01-05");
    s.Add(Agency("police"), "action.planned", "action/a2", Action("priority/neglect", "2026-06-30"),
          "2026-01-05");
    s.Add(Agency("police"), "action.planned", "action/a3", Action("priority/neglect", "2026-03-31"),
          "2026-01-05");
    s.Add(Agency("police"), "action.planned", "action/a4", Action("", "2026-03-31"), "2026-01-05");
    s.Add(Agency("police"), "action.planned", "action/a5", Action("priority/unknown", "2026-03-31"),
          "2026-01-05");
    s.Add(Agency("police"), "action.progressed", "action/a1", R"({"note":"Late","rag":"red"})",
          "2026-02-10");
    s.Add(Agency("police"), "action.progressed", "action/a2", R"({"note":"Fine","rag":"green"})",
          "2026-02-10");
    s.Add(Agency("police"), "action.completed", "action/a3",
          R"({"evidence_of_impact":"Re-audit good"})", "2026-03-01");
  }
  Scenario s;
  Event neglect;
};

TEST_F(PrioritiesViewTest, EachPriorityWithItsActionsRolledUp) {
  Json v = s.Must("priorities", "2026-03-15");
  EXPECT_EQ(v["total"], 2);
  EXPECT_EQ(v["actions_without_priority"], 1);
  EXPECT_EQ(v["unknown_priority"], Json::parse(R"([{"priority":"priority/unknown","actions":1}])"));
  // Streams in order: exploitation (no actions), then neglect.
  const Json& e = v["priorities"][0];
  EXPECT_EQ(e["stream"], "priority/exploitation");
  EXPECT_EQ(e["actions"], 0);
  EXPECT_EQ(e["complete_percent"], nullptr);
  EXPECT_EQ(e["plans"], Json::array());
  const Json& n = v["priorities"][1];
  EXPECT_EQ(n["actions"], 3);
  EXPECT_EQ(n["complete"], 1);
  EXPECT_EQ(n["complete_percent"], 33);
  EXPECT_EQ(n["overdue"], 1);
  EXPECT_EQ(n["overdue_actions"], Json::parse(R"(["action/a1"])"));
  EXPECT_EQ(n["by_status"],
            Json::parse(R"({"planned":0,"in_progress":2,"completed":1,"signed_off":0})"));
  EXPECT_EQ(n["by_rag"], Json::parse(R"({"red":1,"amber":0,"green":1,"none":1})"));
  EXPECT_EQ(n["plans"], Json::parse(R"(["plan/board"])"));
  EXPECT_EQ(n["progress_stale"], 0);
  // In August a2 has had no update for six months and a1 is still overdue.
  Json later = s.Must("priorities", "2026-08-11")["priorities"][1];
  EXPECT_EQ(later["progress_stale"], 2);
  EXPECT_EQ(later["overdue"], 2);
}

TEST_F(PrioritiesViewTest, FiltersCorrectionsAndAsOf) {
  EXPECT_EQ(s.Must("priorities", "2026-03-15", {{"status", "active"}})["total"], 1);
  EXPECT_EQ(s.Must("priorities", "2026-03-15", {{"priority", "priority/neglect"}})["total"], 1);
  EXPECT_EQ(s.Must("priorities", "2026-03-15", {{"priority", "priority/none"}})["total"], 0);
  for (const auto& [filter, value] : std::vector<std::pair<std::string, std::string>>{
           {"status", "done"}, {"priority", "plan/board"}}) {
    Result<Json> r = s.View("priorities", "2026-03-15", {{filter, value}});
    ASSERT_FALSE(r.ok()) << filter;
    EXPECT_EQ(r.status().path(), filter);
  }
  s.Add(Admin(), "correction.recorded", "correction/c1",
        R"({"corrects":")" + neglect.id +
            R"(","reason":"Full title","fields":{"title":"Children living with neglect"}})",
        "2026-03-02");
  Json n = s.Must("priorities", "2026-03-15")["priorities"][1];
  EXPECT_EQ(n["title"], "Children living with neglect");
  EXPECT_EQ(n["corrections"].size(), 1u);
  ViewContext ctx;
  ctx.today = *ParseDate("2026-03-15");
  ctx.as_of.kind = AsOf::Kind::kDate;
  ctx.as_of.date = *ParseDate("2026-02-01");
  Result<Json> then = RenderView("priorities", s.State(ctx.as_of), ctx);
  ASSERT_TRUE(then.ok());
  EXPECT_EQ((*then)["priorities"][1]["complete"], 0);
  EXPECT_EQ((*then)["priorities"][1]["overdue"], 0);
  EXPECT_EQ((*then)["priorities"][1]["by_rag"]["none"], 3);
}

}  // namespace
}  // namespace lif
