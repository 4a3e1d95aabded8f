// Reference data recorded by the board's administrator: agencies, sub-groups,
// PMF indicators, comparator areas and averages, and added bank holidays
// (docs/catalogue-domain1.md#reference-data).
#include "core/validation/catalogue.h"

namespace lif {

void RegisterReferenceTypes(Catalogue* c) {
  const std::vector<Role> admin = {Role::kAdmin};
  c->Register(EventTypeDef{"agency.registered", "agency",
                           "A partner agency joins the board (or its registration is restated).",
                           Json::parse(R"({
        "type": "object",
        "additionalProperties": false,
        "required": ["agency_id", "name", "kind"],
        "properties": {
          "agency_id": {"type": "string", "format": "identifier"},
          "name": {"type": "string", "minLength": 1, "maxLength": 200},
          "kind": {"enum": ["local_authority", "police", "health", "education", "probation",
                            "youth_justice", "voluntary", "housing", "other"]},
          "section11": {"type": "boolean",
                        "description": "whether the agency owes a yearly Section 11 return"}
        }
      })"),
                           admin, nullptr, StreamRule::kAny});
  c->Register(EventTypeDef{"subgroup.registered", "subgroup",
                           "A sub-group of the board and the agency that chairs it.",
                           Json::parse(R"({
        "type": "object",
        "additionalProperties": false,
        "required": ["subgroup_id", "name", "chair_agency"],
        "properties": {
          "subgroup_id": {"type": "string", "format": "identifier"},
          "name": {"type": "string", "minLength": 1, "maxLength": 200},
          "chair_agency": {"type": "string", "format": "identifier"},
          "remit": {"type": "string", "maxLength": 2000}
        }
      })"),
                           admin, nullptr, StreamRule::kAny});
  c->Register(EventTypeDef{
      "indicator.defined", "indicator",
      "A Performance Management Framework indicator; a later definition replaces the earlier.",
      Json::parse(R"({
        "type": "object",
        "additionalProperties": false,
        "required": ["indicator_id", "title", "area", "polarity", "unit"],
        "properties": {
          "indicator_id": {"type": "string", "format": "identifier"},
          "title": {"type": "string", "minLength": 1, "maxLength": 300},
          "area": {"enum": ["healthy_lives", "right_support", "safe"]},
          "polarity": {"enum": ["higher_is_better", "lower_is_better"]},
          "unit": {"type": "string", "minLength": 1, "maxLength": 40},
          "threshold": {"type": "number",
                        "description": "the value past which the board wants an exception"},
          "description": {"type": "string", "maxLength": 2000}
        }
      })"),
      admin, nullptr, StreamRule::kAny});
  c->Register(EventTypeDef{
      "area.registered", "area",
      "An area whose indicator values are compared: the board's own, a comparator, an average.",
      Json::parse(R"({
        "type": "object",
        "additionalProperties": false,
        "required": ["area_code", "name", "kind"],
        "properties": {
          "area_code": {"type": "string", "format": "identifier"},
          "name": {"type": "string", "minLength": 1, "maxLength": 200},
          "kind": {"enum": ["own", "comparator", "regional_average", "national_average"]}
        }
      })"),
      admin, nullptr, StreamRule::kAny});
  c->Register(EventTypeDef{
      "calendar.holiday_added", "calendar",
      "A bank holiday (or local closure day) added to the working-days calendar.", Json::parse(R"({
        "type": "object",
        "additionalProperties": false,
        "required": ["date", "name"],
        "properties": {
          "date": {"type": "string", "format": "date"},
          "name": {"type": "string", "minLength": 1, "maxLength": 200}
        }
      })"),
      admin, nullptr, StreamRule::kAny});
}

}  // namespace lif
