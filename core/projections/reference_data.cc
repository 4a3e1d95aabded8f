#include "core/projections/reference_data.h"

namespace lif {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(AgencyRecord, agency_id, name, kind, section11)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SubgroupRecord, subgroup_id, name, chair_agency, remit)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(AreaRecord, area_code, name, kind)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(IndicatorDefinition, indicator_id, title, area, polarity, unit,
                                   description, has_threshold, threshold)

void ReferenceData::Apply(const Event& e) {
  const Json& d = e.data;
  if (e.type == "agency.registered") {
    AgencyRecord a{d.value("agency_id", ""), d.value("name", ""), d.value("kind", ""),
                   d.value("section11", false)};
    agencies_[a.agency_id] = a;
  } else if (e.type == "subgroup.registered") {
    SubgroupRecord s{d.value("subgroup_id", ""), d.value("name", ""), d.value("chair_agency", ""),
                     d.value("remit", "")};
    subgroups_[s.subgroup_id] = s;
  } else if (e.type == "area.registered") {
    AreaRecord a{d.value("area_code", ""), d.value("name", ""), d.value("kind", "")};
    areas_[a.area_code] = a;
  } else if (e.type == "indicator.defined") {
    IndicatorDefinition i;
    i.indicator_id = d.value("indicator_id", "");
    i.title = d.value("title", "");
    i.area = d.value("area", "");
    i.polarity = d.value("polarity", "");
    i.unit = d.value("unit", "");
    i.description = d.value("description", "");
    i.has_threshold = d.contains("threshold") && d["threshold"].is_number();
    i.threshold = i.has_threshold ? d["threshold"].get<double>() : 0;
    indicators_[i.indicator_id] = i;
  }
}

Json ReferenceData::Snapshot() const {
  return {{"agencies", agencies_},
          {"subgroups", subgroups_},
          {"areas", areas_},
          {"indicators", indicators_}};
}

Status ReferenceData::Restore(const Json& s) {
  try {
    agencies_ = s.at("agencies").get<std::map<std::string, AgencyRecord>>();
    subgroups_ = s.at("subgroups").get<std::map<std::string, SubgroupRecord>>();
    areas_ = s.at("areas").get<std::map<std::string, AreaRecord>>();
    indicators_ = s.at("indicators").get<std::map<std::string, IndicatorDefinition>>();
  } catch (const std::exception& ex) {
    return Status::Internal(std::string("reference data snapshot: ") + ex.what());
  }
  return Status::Ok();
}

}  // namespace lif
