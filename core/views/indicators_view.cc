// The indicators view (docs/views-domain1.md#indicators): per PMF indicator
// the series per area, the latest own value against comparators and the
// averages, the direction of travel and the exceptions, all respecting the
// indicator's polarity.
//
// Rules (each strict: an equal value is never worse):
//  - threshold_breach: the latest own value is worse than the threshold;
//  - worse_than_national: worse than the national average of the same period;
//  - worsening_two_quarters: the own value got worse in each of the last two
//    quarters, over three consecutive quarters (a missing quarter breaks it).
// The direction of travel compares the latest own value with the previous
// recorded one: improving, worsening or stable.
#include <cmath>

#include "core/views/domain23_view_util.h"
#include "core/views/view_registry.h"

namespace lif {
namespace {

// a is better than b under `polarity`.
bool Better(double a, double b, const std::string& polarity) {
  return polarity == "lower_is_better" ? a < b : a > b;
}

std::string Compare(double own, double other, const std::string& polarity) {
  if (Better(own, other, polarity)) return "better";
  if (Better(other, own, polarity)) return "worse";
  return "same";
}

// "2026-Q1" -> 2026 * 4 + 0, for consecutive-quarter checks.
int QuarterIndex(const std::string& period) {
  if (period.size() != 7) return -1;
  int year = 0;
  for (int i = 0; i < 4; ++i) year = year * 10 + (period[i] - '0');
  return year * 4 + (period[6] - '1');
}

// Rounds away binary noise (0.1 + 0.2) so that differences read as typed.
double Round6(double v) { return std::round(v * 1e6) / 1e6; }

}  // namespace

std::vector<const char*> IndicatorExceptionFlags(const IndicatorDefinition& def,
                                                 const IndicatorSeries::Periods& periods,
                                                 const std::string& own,
                                                 const std::string& national) {
  std::vector<const char*> flags;
  if (own.empty()) return flags;
  // The last three periods with an own value, newest first.
  const std::string* period[3] = {nullptr, nullptr, nullptr};
  double value[3] = {0, 0, 0};
  int found = 0;
  for (auto it = periods.rbegin(); it != periods.rend() && found < 3; ++it) {
    auto v = it->second.find(own);
    if (v == it->second.end()) continue;
    period[found] = &it->first;
    value[found] = v->second;
    ++found;
  }
  if (found == 0) return flags;
  const double latest = value[0];
  if (def.has_threshold && Better(def.threshold, latest, def.polarity)) {
    flags.push_back("threshold_breach");
  }
  if (!national.empty()) {
    const auto& at = periods.at(*period[0]);
    auto n = at.find(national);
    if (n != at.end() && Compare(latest, n->second, def.polarity) == "worse") {
      flags.push_back("worse_than_national");
    }
  }
  if (found == 3) {
    // Oldest to newest: a, b, c.
    const bool consecutive = QuarterIndex(*period[1]) == QuarterIndex(*period[2]) + 1 &&
                             QuarterIndex(*period[0]) == QuarterIndex(*period[1]) + 1;
    if (consecutive && Better(value[2], value[1], def.polarity) &&
        Better(value[1], value[0], def.polarity)) {
      flags.push_back("worsening_two_quarters");
    }
  }
  return flags;
}

Result<Json> RenderIndicatorsView(const BoardState& state, const ViewContext& ctx) {
  LIF_RETURN_IF_ERROR(CheckFilterFormat(ctx, "indicator", "identifier"));
  const std::string area_filter = ctx.filters.count("area") ? ctx.filters.at("area") : "";
  const std::string id_filter = ctx.filters.count("indicator") ? ctx.filters.at("indicator") : "";
  if (!area_filter.empty() && area_filter != "healthy_lives" && area_filter != "right_support" &&
      area_filter != "safe") {
    return Status::Invalid("area must be healthy_lives, right_support or safe", "area");
  }
  const auto& areas = state.reference().areas();
  std::string own, national, regional;
  std::vector<std::string> comparators;
  for (const auto& [code, a] : areas) {
    if (a.kind == "own" && own.empty()) own = code;
    if (a.kind == "national_average" && national.empty()) national = code;
    if (a.kind == "regional_average" && regional.empty()) regional = code;
    if (a.kind == "comparator") comparators.push_back(code);
  }
  const auto& all_series = state.indicator_series().series();
  Json indicators = Json::array();
  Json exceptions = Json::array();
  for (const auto& [id, def] : state.reference().indicators()) {
    if (!area_filter.empty() && def.area != area_filter) continue;
    if (!id_filter.empty() && id != id_filter) continue;
    static const IndicatorSeries::Periods kNone;
    auto found = all_series.find(id);
    const IndicatorSeries::Periods& periods = found == all_series.end() ? kNone : found->second;

    Json series = Json::object();
    std::vector<std::pair<std::string, double>> own_values;  // In period order.
    for (const auto& [period, values] : periods) {
      for (const auto& [code, value] : values) {
        series[code].push_back({{"period", period}, {"value", value}});
      }
      auto v = values.find(own);
      if (!own.empty() && v != values.end()) own_values.emplace_back(period, v->second);
    }

    Json latest = nullptr;
    std::string direction = "unknown";
    Json flags = Json::array();
    if (!own_values.empty()) {
      const auto& [period, value] = own_values.back();
      const auto& at = periods.at(period);
      // Structured bindings cannot be captured in C++17 (clang rejects it).
      auto against = [&, value = value, &def = def](const std::string& code) -> Json {
        auto v = at.find(code);
        if (code.empty() || v == at.end()) return nullptr;
        return {{"area_code", code},
                {"name", areas.at(code).name},
                {"value", v->second},
                {"difference", Round6(value - v->second)},
                {"own_is", Compare(value, v->second, def.polarity)}};
      };
      Json comparator_rows = Json::array();
      for (const std::string& code : comparators) {
        Json row = against(code);
        if (!row.is_null()) comparator_rows.push_back(row);
      }
      latest = {{"period", period},
                {"own", value},
                {"previous_period", nullptr},
                {"previous", nullptr},
                {"comparators", comparator_rows},
                {"regional_average", against(regional)},
                {"national_average", against(national)}};
      if (own_values.size() >= 2) {
        const auto& [prev_period, prev] = own_values[own_values.size() - 2];
        latest["previous_period"] = prev_period;
        latest["previous"] = prev;
        direction = Better(value, prev, def.polarity)   ? "improving"
                    : Better(prev, value, def.polarity) ? "worsening"
                                                        : "stable";
      }
      for (const char* f : IndicatorExceptionFlags(def, periods, own, national)) {
        flags.push_back(f);
      }
    }
    for (const Json& f : flags) {
      exceptions.push_back({{"indicator_id", id}, {"title", def.title}, {"exception", f}});
    }
    indicators.push_back({{"indicator_id", id},
                          {"title", def.title},
                          {"area", def.area},
                          {"polarity", def.polarity},
                          {"unit", def.unit},
                          {"threshold", def.has_threshold ? Json(def.threshold) : Json(nullptr)},
                          {"series", series},
                          {"latest", latest},
                          {"direction", direction},
                          {"exceptions", flags}});
  }
  Json undefined = Json::array();
  for (const auto& [id, periods] : all_series) {
    if (!state.reference().indicators().count(id)) undefined.push_back(id);
  }
  return Json{{"own_area", own.empty() ? Json(nullptr) : Json(own)},
              {"total", indicators.size()},
              {"exception_count", exceptions.size()},
              {"exceptions", exceptions},
              {"indicators", indicators},
              {"undefined_indicators", undefined}};
}

}  // namespace lif
