// Domain 2 of the framework, improvement planning and implementation: business
// plan priorities, action plans and actions, the training needs analysis and
// programme, policy and procedure reviews, and dissemination of learning
// (docs/catalogue-domain23.md). Cross-stream rules that need the log (does the
// plan exist? may this agency progress that action?) are judged by the
// projections, never here: a check only sees one event's data.
#include <set>
#include <string>

#include "core/validation/catalogue.h"

namespace lif {
namespace {

// Checks that the stream id at `pointer` (a top-level field), if present,
// is of kind `kind`.
Status CheckStreamKind(const Json& d, const std::string& pointer, const std::string& kind) {
  const std::string field = pointer.substr(1);
  if (!d.contains(field)) return Status::Ok();
  const std::string s = d[field].get<std::string>();
  if (s.compare(0, kind.size() + 1, kind + "/") != 0) {
    return Status::Invalid("must name a '" + kind + "/...' stream", pointer);
  }
  return Status::Ok();
}

// The same for every item of the array at `pointer`.
Status CheckStreamKinds(const Json& d, const std::string& pointer, const std::string& kind) {
  const std::string field = pointer.substr(1);
  if (!d.contains(field)) return Status::Ok();
  const Json& items = d[field];
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].get<std::string>().compare(0, kind.size() + 1, kind + "/") != 0) {
      return Status::Invalid("must name a '" + kind + "/...' stream",
                             pointer + "/" + std::to_string(i));
    }
  }
  return Status::Ok();
}

Status CheckPlan(const Json& d) {
  const std::string kind = d.value("kind", "");
  if (kind == "subgroup" && !d.contains("subgroup")) {
    return Status::Invalid("a sub-group plan names its sub-group", "/subgroup");
  }
  if (kind == "single_agency" && !d.contains("agency")) {
    return Status::Invalid("a single-agency plan names its agency", "/agency");
  }
  if (kind != "subgroup" && d.contains("subgroup")) {
    return Status::Invalid("only a sub-group plan names a sub-group", "/subgroup");
  }
  if (kind != "single_agency" && d.contains("agency")) {
    return Status::Invalid("only a single-agency plan names an agency", "/agency");
  }
  return CheckStreamKinds(d, "/priorities", "priority");
}

Status CheckActionPlanned(const Json& d) {
  LIF_RETURN_IF_ERROR(CheckStreamKind(d, "/plan", "plan"));
  LIF_RETURN_IF_ERROR(CheckStreamKind(d, "/priority", "priority"));
  return CheckStreamKinds(d, "/learning", "learning");
}

Status CheckNeeds(const Json& d) {
  std::set<std::string> ids;
  const Json& needs = d["needs"];
  for (size_t i = 0; i < needs.size(); ++i) {
    if (!ids.insert(needs[i].value("id", "")).second) {
      return Status::Invalid("repeats the need id of an earlier item",
                             "/needs/" + std::to_string(i) + "/id");
    }
    LIF_RETURN_IF_ERROR(CheckStreamKinds(needs[i], "/learning", "learning")
                            .WithPathPrefix("/needs/" + std::to_string(i)));
  }
  return Status::Ok();
}

Status CheckCoursePlanned(const Json& d) {
  LIF_RETURN_IF_ERROR(CheckStreamKind(d, "/needs_analysis", "tna"));
  return CheckStreamKinds(d, "/learning", "learning");
}

Status CheckDelivered(const Json& d) {
  std::set<std::string> agencies;
  const Json& attendees = d["attendees"];
  for (size_t i = 0; i < attendees.size(); ++i) {
    if (!agencies.insert(attendees[i].value("agency", "")).second) {
      return Status::Invalid("names an agency a second time",
                             "/attendees/" + std::to_string(i) + "/agency");
    }
  }
  return Status::Ok();
}

Status CheckReviewRequested(const Json& d) {
  const Json& trigger = d["trigger"];
  const std::string kind = trigger.value("kind", "");
  if ((kind == "case_review" || kind == "learning" || kind == "audit") &&
      !trigger.contains("stream")) {
    return Status::Invalid("a " + kind + " trigger names the stream it came from",
                           "/trigger/stream");
  }
  if (kind == "learning")
    return CheckStreamKind(trigger, "/stream", "learning").WithPathPrefix("/trigger");
  return Status::Ok();
}

}  // namespace

void RegisterDomain2Types(Catalogue* c) {
  const std::vector<Role> kAdmin = {Role::kAdmin};
  const std::vector<Role> kAdminChair = {Role::kAdmin, Role::kSubgroupChair};
  const std::vector<Role> kAnyWriter = {Role::kAdmin, Role::kAgency, Role::kSubgroupChair};

  c->Register(EventTypeDef{
      "priority.set", "priority",
      "Sets (or updates) one of the priorities of the board's business plan.", Json::parse(R"js({
        "type": "object",
        "additionalProperties": false,
        "required": ["title", "status"],
        "properties": {
          "title": {"type": "string", "minLength": 1, "maxLength": 300},
          "description": {"type": "string", "maxLength": 10000},
          "expected_impact": {"type": "string", "maxLength": 10000},
          "status": {"enum": ["active", "retired"]},
          "period_start": {"type": "string", "format": "date"},
          "period_end": {"type": "string", "format": "date"}
        }
      })js"),
      kAdmin,
      [](const Json& d) -> Status {
        if (d.contains("period_start") && d.contains("period_end") &&
            d["period_end"].get<std::string>() < d["period_start"].get<std::string>()) {
          return Status::Invalid("ends before it starts", "/period_end");
        }
        return Status::Ok();
      },
      StreamRule::kAny});

  c->Register(EventTypeDef{
      "plan.created", "plan",
      "Creates an action plan: the board's, a sub-group's multi-agency plan or one agency's.",
      Json::parse(R"js({
        "type": "object",
        "additionalProperties": false,
        "required": ["title", "kind"],
        "properties": {
          "title": {"type": "string", "minLength": 1, "maxLength": 300},
          "kind": {"enum": ["board", "subgroup", "single_agency"]},
          "subgroup": {"type": "string", "format": "identifier",
                       "description": "the sub-group that owns a sub-group plan"},
          "agency": {"type": "string", "format": "identifier", "x-lif-agency": true,
                     "description": "the agency that owns a single-agency plan"},
          "priorities": {"type": "array", "maxItems": 50, "uniqueItems": true,
                         "items": {"type": "string", "format": "stream-id",
                                   "x-lif-stream-kind": "priority"}}
        }
      })js"),
      kAnyWriter, CheckPlan, StreamRule::kCreates, OwnershipRule::kChairsSubgroupPlan});

  c->Register(EventTypeDef{
      "action.planned", "action",
      "Plans an action: what, in which plan, which agency owns it, who leads, by when, "
      "and the learning (and priority) it answers.",
      Json::parse(R"js({
        "type": "object",
        "additionalProperties": false,
        "required": ["title", "plan", "owner_agency", "lead", "due", "learning"],
        "properties": {
          "title": {"type": "string", "minLength": 1, "maxLength": 300},
          "description": {"type": "string", "maxLength": 10000, "x-lif-personal": true},
          "plan": {"type": "string", "format": "stream-id", "x-lif-stream-kind": "plan"},
          "owner_agency": {"type": "string", "format": "identifier", "x-lif-agency": true},
          "lead": {"type": "string", "minLength": 1, "maxLength": 200, "x-lif-personal": true,
                   "description": "the lead practitioner or manager"},
          "due": {"type": "string", "format": "date"},
          "learning": {"type": "array", "maxItems": 50, "uniqueItems": true,
                       "items": {"type": "string", "format": "stream-id",
                                 "x-lif-stream-kind": "learning"}},
          "priority": {"type": "string", "format": "stream-id", "x-lif-stream-kind": "priority"}
        }
      })js"),
      kAnyWriter, CheckActionPlanned, StreamRule::kCreates, OwnershipRule::kChairsSubgroupPlan});

  c->Register(EventTypeDef{
      "action.progressed", "action",
      "A progress update on an action with its red/amber/green rating.", Json::parse(R"js({
        "type": "object",
        "additionalProperties": false,
        "required": ["note", "rag"],
        "properties": {
          "note": {"type": "string", "minLength": 1, "maxLength": 10000, "x-lif-personal": true},
          "rag": {"enum": ["red", "amber", "green"]}
        }
      })js"),
      kAnyWriter, nullptr, StreamRule::kContinues, OwnershipRule::kOwningAgency});

  c->Register(EventTypeDef{
      "action.due_revised", "action",
      "Moves an action's target date; the original date stays visible.", Json::parse(R"js({
        "type": "object",
        "additionalProperties": false,
        "required": ["due", "reason"],
        "properties": {
          "due": {"type": "string", "format": "date"},
          "reason": {"type": "string", "minLength": 1, "maxLength": 2000}
        }
      })js"),
      kAnyWriter, nullptr, StreamRule::kContinues, OwnershipRule::kOwningAgency});

  c->Register(EventTypeDef{
      "action.completed", "action", "Reports an action complete, with the evidence of its impact.",
      Json::parse(R"js({
        "type": "object",
        "additionalProperties": false,
        "required": ["evidence_of_impact"],
        "properties": {
          "evidence_of_impact": {"type": "string", "minLength": 1, "maxLength": 10000}
        }
      })js"),
      kAnyWriter, nullptr, StreamRule::kContinues, OwnershipRule::kOwningAgency});

  c->Register(EventTypeDef{
      "action.signed_off", "action",
      "The plan's owner (a sub-group chair or the board) accepts a completed action.",
      Json::parse(R"js({
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "note": {"type": "string", "maxLength": 2000}
        }
      })js"),
      kAdminChair, nullptr, StreamRule::kContinues, OwnershipRule::kChairsSubgroupPlan});

  c->Register(EventTypeDef{
      "action.reopened", "action", "Reopens a completed or signed-off action, with the reason.",
      Json::parse(R"js({
        "type": "object",
        "additionalProperties": false,
        "required": ["reason"],
        "properties": {
          "reason": {"type": "string", "minLength": 1, "maxLength": 2000}
        }
      })js"),
      kAdminChair, nullptr, StreamRule::kContinues, OwnershipRule::kChairsSubgroupPlan});

  c->Register(EventTypeDef{
      "training.needs_analysed", "tna",
      "A multi-agency training needs analysis: the needs found, for whom, and the learning "
      "behind them.",
      Json::parse(R"js({
        "type": "object",
        "additionalProperties": false,
        "required": ["period", "needs"],
        "properties": {
          "period": {"type": "string", "minLength": 1, "maxLength": 40,
                     "description": "the programme year it informs, e.g. 2026-27"},
          "needs": {"type": "array", "minItems": 1, "maxItems": 200,
                    "items": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": ["id", "need"],
                      "properties": {
                        "id": {"type": "string", "format": "identifier"},
                        "need": {"type": "string", "minLength": 1, "maxLength": 2000},
                        "audience": {"type": "string", "maxLength": 300},
                        "agencies": {"type": "array", "maxItems": 100, "uniqueItems": true,
                                     "items": {"type": "string", "format": "identifier"}},
                        "learning": {"type": "array", "maxItems": 50, "uniqueItems": true,
                                     "items": {"type": "string", "format": "stream-id",
                                               "x-lif-stream-kind": "learning"}}
                      }
                    }}
        }
      })js"),
      kAdminChair, CheckNeeds, StreamRule::kAny});

  c->Register(EventTypeDef{"course.planned", "course",
                           "Adds a course to the multi-agency training programme.",
                           Json::parse(R"js({
        "type": "object",
        "additionalProperties": false,
        "required": ["title"],
        "properties": {
          "title": {"type": "string", "minLength": 1, "maxLength": 300},
          "description": {"type": "string", "maxLength": 10000},
          "needs_analysis": {"type": "string", "format": "stream-id", "x-lif-stream-kind": "tna"},
          "meets_needs": {"type": "array", "maxItems": 50, "uniqueItems": true,
                          "items": {"type": "string", "format": "identifier"}},
          "learning": {"type": "array", "maxItems": 50, "uniqueItems": true,
                       "items": {"type": "string", "format": "stream-id",
                                 "x-lif-stream-kind": "learning"}},
          "capacity": {"type": "integer", "minimum": 1, "maximum": 100000}
        }
      })js"),
                           kAdminChair, CheckCoursePlanned, StreamRule::kCreates});

  c->Register(
      EventTypeDef{"course.delivered", "course",
                   "One delivery of a course: its date and how many attended from each agency.",
                   Json::parse(R"js({
        "type": "object",
        "additionalProperties": false,
        "required": ["date", "attendees"],
        "properties": {
          "date": {"type": "string", "format": "date"},
          "attendees": {"type": "array", "maxItems": 200,
                        "items": {
                          "type": "object",
                          "additionalProperties": false,
                          "required": ["agency", "count"],
                          "properties": {
                            "agency": {"type": "string", "format": "identifier"},
                            "count": {"type": "integer", "minimum": 0, "maximum": 100000}
                          }
                        }}
        }
      })js"),
                   kAdminChair, CheckDelivered, StreamRule::kContinues});

  c->Register(EventTypeDef{
      "policy.review_requested", "policy",
      "Asks for a policy or procedure to be reviewed, naming what triggered the request.",
      Json::parse(R"js({
        "type": "object",
        "additionalProperties": false,
        "required": ["title", "trigger"],
        "properties": {
          "title": {"type": "string", "minLength": 1, "maxLength": 300},
          "owner": {"enum": ["tees_procedures_group", "board"],
                    "description": "who holds the procedure"},
          "requested_by": {"type": "string", "format": "identifier", "x-lif-agency": true},
          "trigger": {
            "type": "object",
            "additionalProperties": false,
            "required": ["kind"],
            "properties": {
              "kind": {"enum": ["website", "agency_request", "national_guidance", "case_review",
                                "learning", "audit", "scheduled", "other"]},
              "stream": {"type": "string", "format": "stream-id"},
              "note": {"type": "string", "maxLength": 2000}
            }
          }
        }
      })js"),
      kAnyWriter, CheckReviewRequested, StreamRule::kAny});

  c->Register(EventTypeDef{"policy.revised", "policy",
                           "A revision of a policy or procedure is published.", Json::parse(R"js({
        "type": "object",
        "additionalProperties": false,
        "required": ["version", "summary", "effective"],
        "properties": {
          "version": {"type": "string", "minLength": 1, "maxLength": 40},
          "summary": {"type": "string", "minLength": 1, "maxLength": 10000},
          "effective": {"type": "string", "format": "date"}
        }
      })js"),
                           kAdminChair, nullptr, StreamRule::kContinues});

  c->Register(
      EventTypeDef{"learning.presented", "learning",
                   "A learning item is presented to the board (by the learning sub-group's chair).",
                   Json::parse(R"js({
        "type": "object",
        "additionalProperties": false,
        "required": ["meeting"],
        "properties": {
          "meeting": {"type": "string", "format": "date",
                      "description": "the date of the board meeting"},
          "presented_by": {"type": "string", "maxLength": 200, "x-lif-personal": true}
        }
      })js"),
                   kAdminChair, nullptr, StreamRule::kContinues});

  c->Register(EventTypeDef{"learning.disseminated", "learning",
                           "An agency reports how it spread a learning item within the agency.",
                           Json::parse(R"js({
        "type": "object",
        "additionalProperties": false,
        "required": ["agency", "method", "date"],
        "properties": {
          "agency": {"type": "string", "format": "identifier", "x-lif-agency": true},
          "method": {"enum": ["team_meeting", "supervision", "briefing", "action_plan", "report",
                              "training", "newsletter", "user_group", "other"]},
          "date": {"type": "string", "format": "date"},
          "reach": {"type": "integer", "minimum": 0, "maximum": 1000000,
                    "description": "how many staff it reached"},
          "note": {"type": "string", "maxLength": 2000}
        }
      })js"),
                           kAnyWriter, nullptr, StreamRule::kContinues});

  c->Register(EventTypeDef{
      "learning.embedded", "learning",
      "An agency assures the board that a learning item is embedded in its practice.",
      Json::parse(R"js({
        "type": "object",
        "additionalProperties": false,
        "required": ["agency", "evidence"],
        "properties": {
          "agency": {"type": "string", "format": "identifier", "x-lif-agency": true},
          "evidence": {"type": "string", "minLength": 1, "maxLength": 10000},
          "assurance": {"type": "string", "format": "stream-id", "x-lif-stream-kind": "assurance"}
        }
      })js"),
      kAnyWriter, [](const Json& d) { return CheckStreamKind(d, "/assurance", "assurance"); },
      StreamRule::kContinues});
}

}  // namespace lif
