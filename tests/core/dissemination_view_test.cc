// The dissemination view (docs/views-followup.md#dissemination): once a
// learning item is presented to the board, every registered agency is
// expected to disseminate it and assure the board it is embedded; the view
// says, per item and per agency, who has not.
#include <gtest/gtest.h>

#include "tests/support/domain_scenario.h"

namespace lif {
namespace {

using testing::Agency;
using testing::Scenario;
Principal Admin() { return testing::DomainAdmin(); }

class DisseminationViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* a : {"health", "la", "police"}) {
      s.Add(Admin(), "agency.registered", std::string("agency/") + a,
            std::string(R"({"agency_id":")") + a + R"(","name":")" + a + R"(","kind":"other"})",
            "2026-01-05");
    }
    for (const char* l : {"l1", "l2", "l3"}) {
      s.Add(Admin(), "learning.identified", std::string("learning/") + l,
            std::string(R"({"title":"Item )") + l +
                R"(","kind":"lesson","source":{"kind":"other","stream":"other/x"},"themes":[]})",
            "2026-01-10");
    }
    presented = s.Add(Admin(), "learning.presented", "learning/l1", R"({"meeting":"2026-01-20"})",
                      "2026-01-20");
    s.Add(Admin(), "learning.presented", "learning/l2", R"({"meeting":"2026-01-20"})",
          "2026-01-20");
    s.Add(Agency("police"), "learning.disseminated", "learning/l1",
          R"({"agency":"police","method":"briefing","date":"2026-02-01"})", "2026-02-01");
    s.Add(Agency("health"), "learning.disseminated", "learning/l1",
          R"({"agency":"health","method":"supervision","date":"2026-02-03"})", "2026-02-03");
    s.Add(Agency("police"), "learning.embedded", "learning/l1",
          R"({"agency":"police","evidence":"Dip sample of 10 records."})", "2026-03-01");
    for (const char* a : {"health", "la", "police"}) {
      s.Add(Agency(a), "learning.disseminated", "learning/l2",
            std::string(R"({"agency":")") + a + R"(","method":"team_meeting","date":"2026-02-05"})",
            "2026-02-05");
      s.Add(Agency(a), "learning.embedded", "learning/l2",
            std::string(R"({"agency":")") + a + R"(","evidence":"Audit."})", "2026-02-06");
    }
  }
  Scenario s;
  Event presented;
};

TEST_F(DisseminationViewTest, WhoHasNotDisseminatedOrAssuredEachItem) {
  Json v = s.Must("dissemination", "2026-03-10");
  EXPECT_EQ(v["total"], 3);
  EXPECT_EQ(v["presented"], 2);
  EXPECT_EQ(v["fully_disseminated"], 1);
  EXPECT_EQ(v["fully_assured"], 1);
  EXPECT_EQ(v["expected_agencies"], Json::parse(R"(["health","la","police"])"));
  const Json& l1 = v["items"][0];
  EXPECT_EQ(l1["presented_at"], Json::parse(R"(["2026-01-20"])"));
  EXPECT_EQ(l1["disseminated_by"], Json::parse(R"(["health","police"])"));
  EXPECT_EQ(l1["not_disseminated"], Json::parse(R"(["la"])"));
  EXPECT_EQ(l1["assured_by"], Json::parse(R"(["police"])"));
  EXPECT_EQ(l1["not_assured"], Json::parse(R"(["health","la"])"));
  EXPECT_EQ(v["items"][1]["not_assured"], Json::array());
  // Not yet presented: nothing is expected of anyone.
  const Json& l3 = v["items"][2];
  EXPECT_EQ(l3["presented"], false);
  EXPECT_EQ(l3["not_disseminated"], Json::array());
  // Per agency: la spread and assured l2 but not l1.
  EXPECT_EQ(v["agencies"][1], Json::parse(R"({"agency":"la","expected":2,"disseminated":1,
      "assured":1,"not_disseminated":1,"not_assured":1})"));
  EXPECT_EQ(v["agencies"][2]["not_assured"], 0);
}

TEST_F(DisseminationViewTest, FilteredByAgencyAndOutstanding) {
  Json la = s.Must("dissemination", "2026-03-10", {{"agency", "la"}});
  EXPECT_EQ(la["expected_agencies"], Json::parse(R"(["la"])"));
  EXPECT_EQ(la["items"][0]["not_disseminated"], Json::parse(R"(["la"])"));
  EXPECT_EQ(la["items"][0]["disseminated_by"], Json::array());
  ASSERT_EQ(la["agencies"].size(), 1u);
  Json out = s.Must("dissemination", "2026-03-10", {{"outstanding", "true"}});
  ASSERT_EQ(out["items"].size(), 1u);
  EXPECT_EQ(out["items"][0]["stream"], "learning/l1");
  Json done = s.Must("dissemination", "2026-03-10", {{"outstanding", "false"}});
  ASSERT_EQ(done["items"].size(), 1u);
  EXPECT_EQ(done["items"][0]["stream"], "learning/l2");
  // An agency never registered expects nothing and owes nothing.
  Json nobody = s.Must("dissemination", "2026-03-10", {{"agency", "nobody"}});
  EXPECT_EQ(nobody["expected_agencies"], Json::array());
  EXPECT_EQ(nobody["agencies"], Json::array());
  EXPECT_EQ(nobody["fully_assured"], 2);
  EXPECT_EQ(s.Must("dissemination", "2026-03-10", {{"learning", "learning/l3"}})["total"], 1);
  for (const auto& [filter, value] : std::vector<std::pair<std::string, std::string>>{
           {"agency", "Bad Agency"}, {"outstanding", "yes"}, {"learning", "policy/p1"}}) {
    Result<Json> r = s.View("dissemination", "2026-03-10", {{filter, value}});
    ASSERT_FALSE(r.ok()) << filter;
    EXPECT_EQ(r.status().path(), filter);
  }
}

TEST_F(DisseminationViewTest, AsOfAndCorrections) {
  ViewContext ctx;
  ctx.today = *ParseDate("2026-03-10");
  ctx.as_of.kind = AsOf::Kind::kDate;
  ctx.as_of.date = *ParseDate("2026-01-31");
  Result<Json> then = RenderView("dissemination", s.State(ctx.as_of), ctx);
  ASSERT_TRUE(then.ok());
  EXPECT_EQ((*then)["items"][0]["not_disseminated"], Json::parse(R"(["health","la","police"])"));
  // A correction moving l1's presentation is shown beside the item.
  s.Add(Admin(), "correction.recorded", "correction/c1",
        R"({"corrects":")" + presented.id +
            R"(","reason":"Wrong meeting","fields":{"meeting":"2026-01-27"}})",
        "2026-03-02");
  Json l1 = s.Must("dissemination", "2026-03-10")["items"][0];
  EXPECT_EQ(l1["presented_at"], Json::parse(R"(["2026-01-27"])"));
  ASSERT_EQ(l1["corrections"].size(), 1u);
  EXPECT_EQ(l1["corrections"][0]["reason"], "Wrong meeting");
}

}  // namespace
}  // namespace lif
