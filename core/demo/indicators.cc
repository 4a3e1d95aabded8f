// Quarterly indicator values, their revisions and the learning from breaches (board.h).
#include <algorithm>

#include "core/demo/board.h"

namespace lif::demo {

int64_t Board::RecordIndicator(size_t i, int quarter_index, Date occurred,
                               bool correction_later) {
  const IndicatorDef& ind = Indicators()[i];
  int t = quarter_index - (first_quarter_index_ - 5);  // Quarters since the history began.
  Json values = Json::object();
  double own = ind.own + ind.trend * t + ind.own * 0.03 * (rng_.Unit() * 2 - 1);
  double nat = ind.national + ind.trend * 0.2 * t + ind.national * 0.01 * (rng_.Unit() * 2 - 1);
  for (size_t a = 0; a < areas_.size(); ++a) {
    double v;
    const std::string& kind = areas_[a][2];
    if (kind == "own") {
      v = own;
    } else if (kind == "national_average") {
      v = nat;
    } else if (kind == "regional_average") {
      v = (own + nat) / 2 + ind.national * 0.01 * (rng_.Unit() * 2 - 1);
    } else {
      v = own * (1 + offsets_[i][a]) + own * 0.02 * (rng_.Unit() * 2 - 1);
    }
    values[areas_[a][0]] = Round(std::max(0.0, v));
  }
  const std::string supplier = std::string(ind.area) == "healthy_lives" ? "tees-icb"
                               : std::string(ind.area) == "safe"        ? "cleveland-police"
                                                                        : "hartlepool-cs";
  int year = quarter_index / 4, q = quarter_index % 4 + 1;
  Json data = {{"indicator_id", ind.id},
               {"period", QuarterName(year, q)},
               {"values", values},
               {"agency", supplier}};
  int64_t pos = Emit(DemoAgencyPrincipal(supplier), "indicator.recorded",
                     std::string("indicator/") + ind.id, data, occurred);
  if (correction_later && pos > 0) {
    // The supplier revises its own figure a few days later; the admin records it.
    Json fixed = values;
    fixed["hartlepool"] = Round(values["hartlepool"].get<double>() * 0.97);
    std::string target = DemoEventId(o_.seed, pos);
    On(Plus(Today(), rng_.Between(3, 10)), [this, target, fixed]() {
      Emit(DemoAdmin(), "correction.recorded", Id("correction/c"),
           {{"corrects", target},
            {"reason", "Hartlepool figure revised after data cleansing by the supplier"},
            {"fields", {{"values", fixed}}}},
           Today());
    });
  }
  // Judge the own value: a breach of the threshold may become learning.
  double own_value = values["hartlepool"].get<double>();
  bool breach = ind.threshold != 0 &&
                (ind.higher_is_better ? own_value < ind.threshold : own_value > ind.threshold);
  if (breach && occurred >= start_ && rng_.Chance(8)) {
    std::string stream = std::string("indicator/") + ind.id;
    std::string title =
        std::string(ind.title) + " is past the board's threshold in " + QuarterName(year, q);
    On(Plus(occurred, rng_.Between(14, 40)), [this, title, stream]() {
      Learn(Chair("qap"), "finding", title, "performance_data", stream, {Pick(Themes()).id}, "");
    });
  }
  return pos;
}

}  // namespace lif::demo
