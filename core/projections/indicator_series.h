// Indicator values by indicator, quarter and area, from `indicator.recorded`.
// A later value for the same indicator, period and area replaces the earlier
// one (a revised figure); other areas of that period are kept.
// Not thread-safe: owned by one BoardState.
#pragma once

#include <map>
#include <string>

#include "core/projections/projection.h"

namespace lif {

class IndicatorSeries : public Projection {
 public:
  // period ("YYYY-Qn", which sorts in time order) -> area_code -> value.
  using Periods = std::map<std::string, std::map<std::string, double>>;

  std::string_view name() const override { return "indicator_series"; }
  void Apply(const Event& event) override;
  bool Consumes(std::string_view type) const override { return type == "indicator.recorded"; }
  Json Snapshot() const override;
  Status Restore(const Json& snapshot) override;

  // indicator_id -> its periods.
  const std::map<std::string, Periods>& series() const { return series_; }

 private:
  std::map<std::string, Periods> series_;
};

}  // namespace lif
