// The indicators view on a hand-made PMF scenario: series per area, latest
// value against comparators and averages, direction of travel and the three
// exceptions, each at its edge and under both polarities.
#include <gtest/gtest.h>

#include "core/log/memory_log.h"
#include "core/projections/board_state.h"
#include "core/validation/catalogue.h"
#include "core/views/views.h"
#include "tests/support/test_digest.h"

namespace lif {
namespace {

const Principal kAdmin{"tok-admin", Role::kAdmin, std::nullopt, std::nullopt};

class IndicatorsViewTest : public ::testing::Test {
 protected:
  IndicatorsViewTest()
      : log_(
            testing::TestSha256(), &Catalogue::Default(),
            [] { return StartOf(*ParseDate("2026-05-01")); },
            [this] {
              char buf[64];
              std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012lld",
                            static_cast<long long>(++ids_));
              return std::string(buf);
            }) {}

  void Post(const std::string& type, const std::string& stream, const Json& data) {
    AppendRequest req;
    req.principal = kAdmin;
    req.events.push_back({type, stream, data, {}, {}});
    Result<AppendOutcome> out = log_.Append(req);
    ASSERT_TRUE(out.ok()) << type << ": " << out.status().ToString();
  }

  void Area(const std::string& code, const std::string& name, const std::string& kind) {
    Post("area.registered", "area/" + code, {{"area_code", code}, {"name", name}, {"kind", kind}});
  }

  void Define(const std::string& id, const std::string& area, const std::string& polarity,
              Json threshold) {
    Json d = {
        {"indicator_id", id}, {"title", id}, {"area", area}, {"polarity", polarity}, {"unit", "%"}};
    if (!threshold.is_null()) d["threshold"] = threshold;
    Post("indicator.defined", "indicator/" + id, d);
  }

  void Record(const std::string& id, const std::string& period, const Json& values) {
    Post("indicator.recorded", "indicator/" + id,
         {{"indicator_id", id}, {"period", period}, {"values", values}});
  }

  // Builds the scenario shared by the tests.
  void SetUpScenario() {
    Area("hartlepool", "Hartlepool", "own");
    Area("stockton", "Stockton-on-Tees", "comparator");
    Area("middlesbrough", "Middlesbrough", "comparator");
    Area("north-east", "North East", "regional_average");
    Area("england", "England", "national_average");
    // Repeat child protection plans: lower is better, threshold 20.
    Define("cp-repeat", "safe", "lower_is_better", 20);
    Record("cp-repeat", "2025-Q3", {{"hartlepool", 18}, {"england", 20}});
    Record("cp-repeat", "2025-Q4", {{"hartlepool", 19}, {"england", 20}});
    Record("cp-repeat", "2026-Q1",
           {{"hartlepool", 25},
            {"stockton", 17},
            {"middlesbrough", 23},
            {"north-east", 19.5},
            {"england", 20.5}});
    // A revised figure for the own area only: the others of that quarter stay.
    Record("cp-repeat", "2026-Q1", {{"hartlepool", 21}});
    // The same numbers with the opposite polarity: nothing is an exception.
    Define("stability", "right_support", "higher_is_better", 20);
    Record("stability", "2025-Q3", {{"hartlepool", 18}, {"england", 20}});
    Record("stability", "2025-Q4", {{"hartlepool", 19}, {"england", 20}});
    Record("stability", "2026-Q1", {{"hartlepool", 21}, {"england", 20.5}});
    // Falling over three recorded quarters, but Q3 2025 is missing.
    Define("early-help", "right_support", "higher_is_better", 80);
    Record("early-help", "2025-Q2", {{"hartlepool", 85}});
    Record("early-help", "2025-Q4", {{"hartlepool", 80}});
    Record("early-help", "2026-Q1", {{"hartlepool", 78}, {"england", 75}});
    // Exactly at the threshold and at the national average: no exception.
    Define("attendance", "healthy_lives", "higher_is_better", 90);
    Record("attendance", "2026-Q1", {{"hartlepool", 90}, {"england", 90}});
  }

  Json Render(std::map<std::string, std::string> filters = {}) {
    Result<BoardState> state = BuildBoardState(log_, AsOf{});
    EXPECT_TRUE(state.ok());
    ViewContext ctx{*ParseDate("2026-05-01"), AsOf{}, std::move(filters)};
    Result<Json> view = RenderView("indicators", *state, ctx);
    EXPECT_TRUE(view.ok()) << view.status().ToString();
    return view.ok() ? *view : Json();
  }

  static const Json& Indicator(const Json& view, const std::string& id) {
    for (const Json& i : view["indicators"]) {
      if (i["indicator_id"] == id) return i;
    }
    static const Json kNull;
    ADD_FAILURE() << "no indicator " << id;
    return kNull;
  }

  MemoryLog log_;
  int64_t ids_ = 0;
};

TEST_F(IndicatorsViewTest, LowerIsBetweenWorseningTriggersAllThreeExceptions) {
  SetUpScenario();
  Json view = Render();
  EXPECT_EQ(view["own_area"], "hartlepool");
  EXPECT_EQ(view["total"], 4);
  const Json& cp = Indicator(view, "cp-repeat");
  // The series keeps every area, with the revised own value for 2026-Q1.
  EXPECT_EQ(cp["series"]["hartlepool"],
            Json::parse(R"([{"period":"2025-Q3","value":18.0},{"period":"2025-Q4","value":19.0},
                            {"period":"2026-Q1","value":21.0}])"));
  EXPECT_EQ(cp["series"]["stockton"], Json::parse(R"([{"period":"2026-Q1","value":17.0}])"));
  const Json& latest = cp["latest"];
  EXPECT_EQ(latest["period"], "2026-Q1");
  EXPECT_EQ(latest["own"], 21.0);
  EXPECT_EQ(latest["previous_period"], "2025-Q4");
  EXPECT_EQ(latest["previous"], 19.0);
  // Comparators in area-code order: Middlesbrough 23 (own 21 is better, 2 lower),
  // Stockton 17 (own is worse, 4 higher).
  ASSERT_EQ(latest["comparators"].size(), 2u);
  EXPECT_EQ(latest["comparators"][0]["area_code"], "middlesbrough");
  EXPECT_EQ(latest["comparators"][0]["difference"], -2.0);
  EXPECT_EQ(latest["comparators"][0]["own_is"], "better");
  EXPECT_EQ(latest["comparators"][1]["area_code"], "stockton");
  EXPECT_EQ(latest["comparators"][1]["difference"], 4.0);
  EXPECT_EQ(latest["comparators"][1]["own_is"], "worse");
  EXPECT_EQ(latest["regional_average"]["difference"], 1.5);
  EXPECT_EQ(latest["regional_average"]["own_is"], "worse");
  EXPECT_EQ(latest["national_average"]["value"], 20.5);
  EXPECT_EQ(latest["national_average"]["difference"], 0.5);
  EXPECT_EQ(cp["direction"], "worsening");  // 19 -> 21 with lower better.
  // 21 > threshold 20; 21 > England 20.5; 18 -> 19 -> 21 over three consecutive quarters.
  EXPECT_EQ(cp["exceptions"],
            Json::parse(R"(["threshold_breach","worse_than_national","worsening_two_quarters"])"));
}

TEST_F(IndicatorsViewTest, HigherIsBetterReadsTheSameNumbersTheOtherWay) {
  SetUpScenario();
  Json view = Render();
  const Json& s = Indicator(view, "stability");
  EXPECT_EQ(s["direction"], "improving");
  EXPECT_EQ(s["latest"]["national_average"]["own_is"], "better");
  EXPECT_EQ(s["exceptions"], Json::array());
}

TEST_F(IndicatorsViewTest, AGapInTheQuartersAndEqualValuesAreNotExceptions) {
  SetUpScenario();
  Json view = Render();
  const Json& eh = Indicator(view, "early-help");
  // 85 -> 80 -> 78 falls twice, but 2025-Q3 is missing, so the quarters are not consecutive.
  // 78 < threshold 80 is a breach (higher is better); 78 > England 75 is better.
  EXPECT_EQ(eh["direction"], "worsening");
  EXPECT_EQ(eh["exceptions"], Json::parse(R"(["threshold_breach"])"));
  const Json& att = Indicator(view, "attendance");
  EXPECT_EQ(att["exceptions"], Json::array());  // 90 at threshold 90 and at England's 90.
  EXPECT_EQ(att["latest"]["national_average"]["own_is"], "same");
  EXPECT_EQ(att["direction"], "unknown");  // Only one quarter recorded.
  EXPECT_EQ(att["latest"]["previous"], nullptr);
  // The summary: 3 exceptions for cp-repeat, 1 for early-help.
  EXPECT_EQ(view["exception_count"], 4);
  EXPECT_EQ(view["exceptions"][3], Json::parse(R"({"indicator_id":"early-help","title":"early-help",
                            "exception":"threshold_breach"})"));
}

TEST_F(IndicatorsViewTest, FiltersByAreaAndIndicator) {
  SetUpScenario();
  Json safe = Render({{"area", "safe"}});
  ASSERT_EQ(safe["total"], 1);
  EXPECT_EQ(safe["indicators"][0]["indicator_id"], "cp-repeat");
  Json support = Render({{"area", "right_support"}});
  EXPECT_EQ(support["total"], 2);
  Json one = Render({{"indicator", "attendance"}});
  EXPECT_EQ(one["total"], 1);
  Result<BoardState> state = BuildBoardState(log_, AsOf{});
  ASSERT_TRUE(state.ok());
  Result<Json> bad = RenderView("indicators", *state,
                                ViewContext{*ParseDate("2026-05-01"), AsOf{}, {{"area", "x"}}});
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalid);
}

TEST_F(IndicatorsViewTest, WithoutAnOwnAreaThereIsNoJudgement) {
  Define("cp-repeat", "safe", "lower_is_better", 20);
  Record("cp-repeat", "2026-Q1", {{"england", 20}});
  Json view = Render();
  EXPECT_EQ(view["own_area"], nullptr);
  const Json& cp = Indicator(view, "cp-repeat");
  EXPECT_EQ(cp["latest"], nullptr);
  EXPECT_EQ(cp["exceptions"], Json::array());
  EXPECT_EQ(cp["series"]["england"].size(), 1u);
}

}  // namespace
}  // namespace lif
