// The training view on a hand-made programme (docs/views-domain23.md#training):
// attendance by agency, before/after evaluation change, needs met and unmet.
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

class TrainingViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s.Add(Admin(), "training.needs_analysed", "tna/2026-27",
          R"({"period":"2026-27","needs":[
              {"id":"neglect","need":"Recognising neglect","agencies":["police","health"]},
              {"id":"dv","need":"Domestic abuse risk","agencies":["police"]}]})",
          "2026-03-01");
    s.Add(Chair("health", "training"), "course.planned", "course/neglect-1",
          R"({"title":"Neglect basics","needs_analysis":"tna/2026-27",
              "meets_needs":["neglect"],"capacity":30})",
          "2026-03-05");
    delivery = s.Add(Admin(), "course.delivered", "course/neglect-1",
                     R"({"date":"2026-05-12","attendees":[{"agency":"police","count":12},
                         {"agency":"health","count":8}]})",
                     "2026-05-12");
    s.Add(Admin(), "course.delivered", "course/neglect-1",
          R"({"date":"2026-06-09","attendees":[{"agency":"police","count":5},
              {"agency":"education","count":3}]})",
          "2026-06-09");
    // Scores out of 10: 3 -> 7, 5 -> 6, 6 -> 6.
    s.Add(Admin(), "course.evaluated", "course/neglect-1",
          R"({"date":"2026-05-12","basis":"per_delegate","scale_max":10,"scores":[
              {"delegate":"d1","before":3,"after":7},{"delegate":"d2","before":5,"after":6},
              {"delegate":"d3","before":6,"after":6}]})",
          "2026-05-13");
    // One pair for the second delivery, out of 5: 2 -> 4.
    s.Add(Admin(), "course.evaluated", "course/neglect-1",
          R"({"date":"2026-06-09","basis":"per_course","scale_max":5,
              "scores":[{"before":2,"after":4}]})",
          "2026-06-10");
  }
  Scenario s;
  Event delivery;
};

TEST_F(TrainingViewTest, AttendanceAndBeforeAfterChange) {
  Json v = s.Must("training", "2026-06-30");
  EXPECT_EQ(v["totals"]["courses"], 1);
  EXPECT_EQ(v["totals"]["deliveries"], 2);
  EXPECT_EQ(v["totals"]["attendees"], 28);  // 12 + 8 + 5 + 3.
  EXPECT_EQ(v["totals"]["by_agency"], Json::parse(R"({"education":3,"health":8,"police":17})"));
  const Json& c = v["courses"][0];
  EXPECT_EQ(c["attendance"]["total"], 28);
  EXPECT_EQ(c["deliveries"][0]["total"], 20);
  const Json& e = c["evaluation"];
  EXPECT_EQ(e["responses"], 4);
  EXPECT_EQ(e["improved"], 3);  // d1, d2 and the per-course pair; d3 stayed at 6.
  // First evaluation: before 14/3 = 4.67, after 19/3 = 6.33, change 5/3 = 1.67.
  EXPECT_EQ(e["evaluations"][0]["mean_before"], 4.67);
  EXPECT_EQ(e["evaluations"][0]["mean_after"], 6.33);
  EXPECT_EQ(e["evaluations"][0]["change"], 1.67);
  EXPECT_EQ(e["evaluations"][1]["change"], 2);
  // As percentages of each scale: before (30+50+60+40)/4 = 45, after (70+60+60+80)/4 = 67.5.
  EXPECT_EQ(e["mean_before_pct"], 45);
  EXPECT_EQ(e["mean_after_pct"], 67.5);
  EXPECT_EQ(e["change_pct"], 22.5);
}

TEST_F(TrainingViewTest, NeedsMetByCoursesAndUnmetNeeds) {
  Json v = s.Must("training", "2026-06-30");
  const Json& tna = v["needs_analyses"][0];
  EXPECT_EQ(tna["needs"][0]["met_by"], Json::parse(R"(["course/neglect-1"])"));
  EXPECT_EQ(tna["unmet"], Json::parse(R"(["dv"])"));
}

TEST_F(TrainingViewTest, CorrectedAttendanceAndFilters) {
  s.Add(Admin(), "correction.recorded", "correction/t1",
        R"({"corrects":")" + delivery.id + R"(","reason":"Two police delegates missed",
            "fields":{"attendees":[{"agency":"police","count":14},{"agency":"health","count":8}]}})",
        "2026-06-20");
  Json v = s.Must("training", "2026-06-30", {{"course", "course/neglect-1"}});
  EXPECT_EQ(v["totals"]["attendees"], 30);
  EXPECT_EQ(v["courses"][0]["attendance"]["by_agency"]["police"], 19);
  EXPECT_EQ(v["courses"][0]["corrections"][0]["reason"], "Two police delegates missed");
  EXPECT_EQ(s.Must("training", "2026-06-30", {{"course", "course/other"}})["courses"].size(), 0u);
  Result<Json> bad = s.View("training", "2026-06-30", {{"course", "tna/2026-27"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().path(), "course");
}

}  // namespace
}  // namespace lif
