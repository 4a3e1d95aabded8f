#include "core/projections/indicator_series.h"

namespace lif {

void IndicatorSeries::Apply(const Event& e) {
  if (e.type != "indicator.recorded" || !e.data.contains("values")) return;
  auto& period = series_[e.data.value("indicator_id", "")][e.data.value("period", "")];
  for (auto it = e.data["values"].begin(); it != e.data["values"].end(); ++it) {
    if (it.value().is_number()) period[it.key()] = it.value().get<double>();
  }
}

Json IndicatorSeries::Snapshot() const { return {{"series", series_}}; }

Status IndicatorSeries::Restore(const Json& s) {
  try {
    series_ = s.at("series").get<std::map<std::string, Periods>>();
  } catch (const std::exception& ex) {
    return Status::Internal(std::string("indicator series snapshot: ") + ex.what());
  }
  return Status::Ok();
}

}  // namespace lif
