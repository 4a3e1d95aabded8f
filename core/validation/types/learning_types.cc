// Learning items: a lesson, a finding or good practice, always traced to its
// source (docs/catalogue-domain1.md, "Learning items").
#include "core/validation/catalogue.h"

namespace lif {

void RegisterLearningTypes(Catalogue* c) {
  c->Register(EventTypeDef{
      "learning.identified",
      "learning",
      "A learning item (lesson, finding or good practice) identified from a named source.",
      Json::parse(R"({
        "type": "object",
        "additionalProperties": false,
        "required": ["title", "kind", "source", "themes"],
        "properties": {
          "title": {"type": "string", "minLength": 1, "maxLength": 300},
          "kind": {"enum": ["lesson", "finding", "good_practice"]},
          "summary": {"type": "string", "maxLength": 10000},
          "source": {
            "type": "object",
            "additionalProperties": false,
            "required": ["kind", "stream"],
            "properties": {
              "kind": {"enum": ["performance_data", "voice_of_child", "case_review",
                                "child_death_review", "multi_agency_audit",
                                "single_agency_audit", "section11", "learning_review",
                                "inspection", "thematic_review", "service_user_feedback",
                                "training_evaluation", "other"]},
              "stream": {"type": "string", "format": "stream-id"}
            }
          },
          "themes": {"type": "array", "maxItems": 20, "uniqueItems": true,
                     "items": {"type": "string", "format": "identifier"}},
          "agency": {"type": "string", "format": "identifier", "x-lif-agency": true,
                     "description": "the agency that identified it"}
        }
      })"),
      {Role::kAdmin, Role::kAgency, Role::kSubgroupChair},
      nullptr,
      StreamRule::kCreates});
}

}  // namespace lif
