// The "you said, we did" view (docs/views-followup.md#you_said_we_did): voice
// of the child and service-user feedback, the learning identified from each
// and the actions answering that learning; records that led to nothing are
// counted; a learning item naming a record that is not held is listed.
#include <gtest/gtest.h>

#include "tests/support/domain_scenario.h"

namespace lif {
namespace {

using testing::Agency;
using testing::Scenario;
Principal Admin() { return testing::DomainAdmin(); }

class YouSaidWeDidTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string d = "2026-02-02";
    s.Add(Admin(), "agency.registered", "agency/la",
          R"({"agency_id":"la","name":"Hartlepool Children's Services","kind":"local_authority"})",
          "2026-01-05");
    s.Add(Admin(), "agency.registered", "agency/health",
          R"({"agency_id":"health","name":"North Tees NHS","kind":"health"})", "2026-01-05");
    s.Add(Admin(), "plan.created", "plan/board", R"({"title":"Board plan","kind":"board"})",
          "2026-01-05");
    voice = s.Add(Agency("la"), "voice.recorded", "voice/v1",
                  R"({"method":"survey","title":"What young people told us about moving home",
                      "collected_on":"2026-01-20","participants":40,"summary":"Same worker.",
                      "themes":["voice-of-child"],"agency":"la"})",
                  d);
    s.Add(Agency("la"), "voice.recorded", "voice/v2",
          R"({"method":"consultation","title":"Care leavers on housing",
              "collected_on":"2026-01-25","summary":"Nobody asked.","agency":"la"})",
          d);
    s.Add(Agency("health"), "feedback.recorded", "feedback/f1",
          R"({"agency":"health","received_on":"2026-01-28","method":"complaint","about":"process",
              "respondents":3,"sentiment":"negative","summary":"Told the story three times."})",
          d);
    s.Add(Agency("la"), "learning.identified", "learning/l1",
          R"({"title":"Keep the same worker","kind":"lesson",
              "source":{"kind":"voice_of_child","stream":"voice/v1"},"themes":["voice-of-child"]})",
          "2026-02-03");
    s.Add(Agency("health"), "learning.identified", "learning/l2",
          R"({"title":"Tell it once","kind":"finding",
              "source":{"kind":"service_user_feedback","stream":"feedback/f1"},"themes":[]})",
          "2026-02-03");
    s.Add(Admin(), "learning.identified", "learning/l3",
          R"({"title":"A lost survey","kind":"finding",
              "source":{"kind":"voice_of_child","stream":"voice/lost"},"themes":[]})",
          "2026-02-03");
    s.Add(Agency("la"), "action.planned", "action/a1",
          R"({"title":"Allocate one worker","plan":"plan/board","owner_agency":"la","lead":"HoS",
              "due":"2026-03-31","learning":["learning/l1"]})",
          "2026-02-04");
    s.Add(Agency("la"), "action.planned", "action/a2",
          R"({"title":"Explain changes of worker","plan":"plan/board","owner_agency":"la",
              "lead":"HoS","due":"2026-06-30","learning":["learning/l1"]})",
          "2026-02-04");
    s.Add(Agency("la"), "action.completed", "action/a2",
          R"({"evidence_of_impact":"Letters sent to every child."})", "2026-02-20");
  }
  static Json Record(const Json& v, const std::string& stream) {
    for (const Json& r : v["records"]) {
      if (r["stream"] == stream) return r;
    }
    return Json();
  }
  Scenario s;
  Event voice;
};

TEST_F(YouSaidWeDidTest, EachRecordWithTheLearningAndActionsItLedTo) {
  Json v = s.Must("you_said_we_did", "2026-04-01");
  EXPECT_EQ(v["total"], 3);
  EXPECT_EQ(v["by_kind"], Json::parse(R"({"voice":2,"feedback":1})"));
  EXPECT_EQ(v["by_outcome"], Json::parse(R"({"acted_on":1,"learning_only":1,"nothing":1})"));
  EXPECT_EQ(v["led_to_nothing"], 1);
  EXPECT_EQ(v["learning_items"], 2);
  EXPECT_EQ(v["actions"], 2);
  EXPECT_EQ(v["actions_complete"], 1);
  // Voice records first, then feedback, each in stream order.
  EXPECT_EQ(v["records"][0]["stream"], "voice/v1");
  EXPECT_EQ(v["records"][2]["stream"], "feedback/f1");

  Json v1 = Record(v, "voice/v1");
  EXPECT_EQ(v1["outcome"], "acted_on");
  EXPECT_EQ(v1["people"], 40);
  EXPECT_EQ(v1["agency"], "la");
  ASSERT_EQ(v1["learning"].size(), 1u);
  EXPECT_EQ(v1["learning"][0]["stream"], "learning/l1");
  EXPECT_EQ(v1["learning"][0]["status"], "in_action");
  ASSERT_EQ(v1["learning"][0]["actions"].size(), 2u);
  // a1 was due 31 March and is not complete: overdue on 1 April.
  EXPECT_EQ(v1["learning"][0]["actions"][0]["stream"], "action/a1");
  EXPECT_EQ(v1["learning"][0]["actions"][0]["overdue"], true);
  EXPECT_EQ(v1["learning"][0]["actions"][1]["status"], "completed");
  EXPECT_EQ(v1["learning"][0]["actions"][1]["evidence_of_impact"], "Letters sent to every child.");

  Json f1 = Record(v, "feedback/f1");
  EXPECT_EQ(f1["outcome"], "learning_only");
  EXPECT_EQ(f1["sentiment"], "negative");
  EXPECT_EQ(f1["title"], "process");
  EXPECT_EQ(f1["learning"][0]["actions"], Json::array());

  // A record that led to nothing has empty lists, not missing ones.
  Json v2 = Record(v, "voice/v2");
  EXPECT_EQ(v2["outcome"], "nothing");
  EXPECT_EQ(v2["learning"], Json::array());
  EXPECT_EQ(v2["people"], 0);

  // The item that names a voice record lif does not hold.
  ASSERT_EQ(v["learning_without_record"].size(), 1u);
  EXPECT_EQ(v["learning_without_record"][0]["stream"], "learning/l3");
  EXPECT_EQ(v["learning_without_record"][0]["source"]["stream"], "voice/lost");
}

TEST_F(YouSaidWeDidTest, FiltersNarrowAndBadValuesAreRefusedByName) {
  EXPECT_EQ(s.Must("you_said_we_did", "2026-04-01", {{"kind", "feedback"}})["total"], 1);
  EXPECT_EQ(s.Must("you_said_we_did", "2026-04-01", {{"agency", "la"}})["total"], 2);
  Json nothing = s.Must("you_said_we_did", "2026-04-01", {{"outcome", "nothing"}});
  ASSERT_EQ(nothing["records"].size(), 1u);
  EXPECT_EQ(nothing["records"][0]["stream"], "voice/v2");
  // A well-formed agency that holds no record: nothing, not an error.
  EXPECT_EQ(s.Must("you_said_we_did", "2026-04-01", {{"agency", "nobody"}})["total"], 0);
  for (const auto& [filter, value] : std::vector<std::pair<std::string, std::string>>{
           {"kind", "voices"}, {"outcome", "done"}, {"agency", "Not An Id!"}}) {
    Result<Json> r = s.View("you_said_we_did", "2026-04-01", {{filter, value}});
    ASSERT_FALSE(r.ok()) << filter;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalid);
    EXPECT_EQ(r.status().path(), filter);
  }
}

TEST_F(YouSaidWeDidTest, AsOfADateShowsWhatWasKnownThenAndCorrectionsAreShown) {
  // Before the learning was identified, every record led to nothing.
  ViewContext ctx;
  ctx.today = *ParseDate("2026-04-01");
  ctx.as_of.kind = AsOf::Kind::kDate;
  ctx.as_of.date = *ParseDate("2026-02-02");
  Result<Json> before = RenderView("you_said_we_did", s.State(ctx.as_of), ctx);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ((*before)["led_to_nothing"], 3);
  EXPECT_EQ((*before)["judged_on"], "2026-02-02");

  s.Add(Agency("la"), "correction.recorded", "correction/c1",
        R"({"corrects":")" + voice.id + R"(","reason":"Miscounted","fields":{"participants":44}})",
        "2026-03-01");
  Json v1 = Record(s.Must("you_said_we_did", "2026-04-01"), "voice/v1");
  EXPECT_EQ(v1["people"], 44);
  ASSERT_EQ(v1["corrections"].size(), 1u);
  EXPECT_EQ(v1["corrections"][0]["reason"], "Miscounted");
  EXPECT_EQ(v1["corrections"][0]["outcome"], "applied");
}

}  // namespace
}  // namespace lif
