// Reference data: the agencies, sub-groups, comparison areas and PMF indicator
// definitions the administrator has registered. A later registration of the
// same id replaces the earlier one (so names and thresholds can change).
// Not thread-safe: owned by one BoardState.
#pragma once

#include <map>
#include <string>

#include "core/projections/projection.h"

namespace lif {

struct AgencyRecord {
  std::string agency_id;
  std::string name;
  std::string kind;
  bool section11 = false;  // Owes a yearly Section 11 return.
};

struct SubgroupRecord {
  std::string subgroup_id;
  std::string name;
  std::string chair_agency;
  std::string remit;
};

struct AreaRecord {
  std::string area_code;
  std::string name;
  std::string kind;  // own | comparator | regional_average | national_average
};

struct IndicatorDefinition {
  std::string indicator_id;
  std::string title;
  std::string area;      // healthy_lives | right_support | safe
  std::string polarity;  // higher_is_better | lower_is_better
  std::string unit;
  std::string description;
  bool has_threshold = false;
  double threshold = 0;
};

class ReferenceData : public Projection {
 public:
  std::string_view name() const override { return "reference"; }
  void Apply(const Event& event) override;
  bool Consumes(std::string_view type) const override {
    return type == "agency.registered" || type == "subgroup.registered" ||
           type == "area.registered" || type == "indicator.defined";
  }
  Json Snapshot() const override;
  Status Restore(const Json& snapshot) override;

  // Keyed by their ids.
  const std::map<std::string, AgencyRecord>& agencies() const { return agencies_; }
  const std::map<std::string, SubgroupRecord>& subgroups() const { return subgroups_; }
  const std::map<std::string, AreaRecord>& areas() const { return areas_; }
  const std::map<std::string, IndicatorDefinition>& indicators() const { return indicators_; }

 private:
  std::map<std::string, AgencyRecord> agencies_;
  std::map<std::string, SubgroupRecord> subgroups_;
  std::map<std::string, AreaRecord> areas_;
  std::map<std::string, IndicatorDefinition> indicators_;
};

}  // namespace lif
