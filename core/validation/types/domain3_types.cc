// Domain 3 of the framework, monitoring, evaluation and reporting: training
// evaluations, assurance reports, reports presented to the board, the
// reporting timetable, and corrections of any earlier event
// (docs/catalogue-domain23.md).
#include <set>
#include <string>

#include "core/projections/assurance.h"
#include "core/validation/catalogue.h"

namespace lif {
namespace {

Status CheckEvaluated(const Json& d) {
  const double scale_max = d["scale_max"].get<double>();
  const bool per_course = d["basis"] == "per_course";
  const Json& scores = d["scores"];
  if (per_course && scores.size() != 1) {
    return Status::Invalid("a per-course evaluation has exactly one score", "/scores");
  }
  std::set<std::string> delegates;
  for (size_t i = 0; i < scores.size(); ++i) {
    const std::string at = "/scores/" + std::to_string(i);
    const Json& s = scores[i];
    if (per_course && s.contains("delegate")) {
      return Status::Invalid("a per-course score names no delegate", at + "/delegate");
    }
    if (!per_course && !s.contains("delegate")) {
      return Status::Invalid("a per-delegate score names its delegate", at + "/delegate");
    }
    if (!per_course && !delegates.insert(s["delegate"].get<std::string>()).second) {
      return Status::Invalid("names a delegate a second time", at + "/delegate");
    }
    for (const char* field : {"before", "after"}) {
      if (s[field].get<double>() > scale_max) {
        return Status::Invalid("is above the scale's maximum", at + "/" + field);
      }
    }
  }
  return Status::Ok();
}

Status CheckAssurance(const Json& d) {
  if (!ParseReportingPeriod(d["period"].get<std::string>()).has_value()) {
    return Status::Invalid("must be a year (2026), a half (2026-H1) or a quarter (2026-Q3)",
                           "/period");
  }
  const std::string kind = d["kind"].get<std::string>();
  if ((kind == "single_agency" || kind == "section11") && !d.contains("agency")) {
    return Status::Invalid("a " + kind + " report names its agency", "/agency");
  }
  if (kind == "subgroup" && !d.contains("subgroup")) {
    return Status::Invalid("a sub-group report names its sub-group", "/subgroup");
  }
  return Status::Ok();
}

Status CheckCorrection(const Json& d) {
  if (d["fields"].empty()) {
    return Status::Invalid("a correction replaces at least one field", "/fields");
  }
  return Status::Ok();
}

Status CheckTimetableEntry(const Json& d) {
  std::set<int> months;
  const Json& m = d["months"];
  for (size_t i = 0; i < m.size(); ++i) {
    if (!months.insert(m[i].get<int>()).second) {
      return Status::Invalid("repeats a month", "/months/" + std::to_string(i));
    }
  }
  return Status::Ok();
}

// The kinds of report the board receives; shared by report.presented and the
// reporting timetable so that a report can be matched to its slot.
constexpr const char* kReportKinds =
    R"js(["deep_dive", "learning_review", "section11", "audit", "scr_update",
        "action_monitoring", "training", "annual", "assurance", "subgroup", "pmf", "other"])js";

}  // namespace

void RegisterDomain3Types(Catalogue* c) {
  const std::vector<Role> kAdmin = {Role::kAdmin};
  const std::vector<Role> kAdminChair = {Role::kAdmin, Role::kSubgroupChair};
  const std::vector<Role> kAnyWriter = {Role::kAdmin, Role::kAgency, Role::kSubgroupChair};

  c->Register(EventTypeDef{
      "course.evaluated", "course",
      "Training evaluations taken at the start and end of a course: before/after scores "
      "per delegate or one pair for the course.",
      Json::parse(R"js({
        "type": "object",
        "additionalProperties": false,
        "required": ["date", "basis", "scale_max", "scores"],
        "properties": {
          "date": {"type": "string", "format": "date", "description": "the delivery evaluated"},
          "basis": {"enum": ["per_delegate", "per_course"]},
          "scale_max": {"type": "integer", "minimum": 1, "maximum": 100,
                        "description": "scores run from 0 to this value"},
          "scores": {"type": "array", "minItems": 1, "maxItems": 1000,
                     "items": {
                       "type": "object",
                       "additionalProperties": false,
                       "required": ["before", "after"],
                       "properties": {
                         "delegate": {"type": "string", "minLength": 1, "maxLength": 64,
                                      "x-lif-personal": true,
                                      "description": "a delegate code, not a name"},
                         "before": {"type": "number", "minimum": 0},
                         "after": {"type": "number", "minimum": 0}
                       }
                     }}
        }
      })js"),
      kAdminChair, CheckEvaluated, StreamRule::kContinues});

  Json assurance_schema = Json::parse(R"js({
        "type": "object",
        "additionalProperties": false,
        "required": ["kind", "period", "improvements", "areas_for_development",
                     "evidence_of_impact"],
        "properties": {
          "kind": {"enum": ["single_agency", "subgroup", "section11", "annual"]},
          "agency": {"type": "string", "format": "identifier", "x-lif-agency": true},
          "subgroup": {"type": "string", "format": "identifier"},
          "period": {"type": "string", "minLength": 4, "maxLength": 7,
                     "description": "2026, 2026-H1 or 2026-Q3"},
          "improvements": {"type": "array", "maxItems": 100,
                           "items": {"type": "string", "minLength": 1, "maxLength": 2000}},
          "areas_for_development": {"type": "array", "maxItems": 100,
                                    "items": {"type": "string", "minLength": 1,
                                              "maxLength": 2000}},
          "evidence_of_impact": {"type": "array", "maxItems": 100,
                                 "items": {"type": "string", "minLength": 1,
                                           "maxLength": 2000}},
          "learning": {"type": "array", "maxItems": 100, "uniqueItems": true,
                       "items": {"type": "string", "format": "stream-id",
                                 "x-lif-stream-kind": "learning"}}
        }
      })js");
  c->Register(EventTypeDef{
      "assurance.submitted", "assurance",
      "An assurance report on the standard template: improvements, areas for development and "
      "key evidence of impact.",
      assurance_schema, kAnyWriter, CheckAssurance, StreamRule::kCreates});

  Json report_schema = Json::parse(R"js({
        "type": "object",
        "additionalProperties": false,
        "required": ["title", "kind", "meeting"],
        "properties": {
          "title": {"type": "string", "minLength": 1, "maxLength": 300},
          "meeting": {"type": "string", "format": "date",
                      "description": "the date of the board meeting"},
          "timetable_entry": {"type": "string", "format": "identifier",
                              "description": "the reporting timetable slot it fills"},
          "subject": {"type": "string", "format": "stream-id",
                      "description": "what it reports on (an assurance report, a review...)"},
          "presented_by": {"type": "string", "format": "identifier", "x-lif-agency": true},
          "challenge": {"type": "string", "maxLength": 10000, "x-lif-personal": true,
                        "description": "the board's challenge and the answer"}
        }
      })js");
  report_schema["properties"]["kind"] = {{"enum", Json::parse(kReportKinds)}};
  c->Register(EventTypeDef{"report.presented", "report",
                           "A report is presented to the board at a meeting.", report_schema,
                           kAdminChair, nullptr, StreamRule::kCreates});

  c->Register(EventTypeDef{
      "correction.recorded", "correction",
      "Corrects an earlier event: names it by id, says why, and gives the replacement values "
      "of its data fields. Nothing is edited; every view shows the corrected value and the "
      "correction beside it.",
      Json::parse(R"js({
        "type": "object",
        "additionalProperties": false,
        "required": ["corrects", "reason", "fields"],
        "properties": {
          "corrects": {"type": "string", "format": "uuid", "description": "the event's id"},
          "reason": {"type": "string", "minLength": 1, "maxLength": 2000},
          "fields": {"type": "object",
                     "description": "replacement values of top-level data fields"}
        }
      })js"),
      kAnyWriter, CheckCorrection, StreamRule::kCreates});

  Json entry_schema = Json::parse(R"js({
        "type": "object",
        "additionalProperties": false,
        "required": ["title", "kind", "months"],
        "properties": {
          "title": {"type": "string", "minLength": 1, "maxLength": 300},
          "months": {"type": "array", "minItems": 1, "maxItems": 12,
                     "items": {"type": "integer", "minimum": 1, "maximum": 12}},
          "owner": {"type": "string", "format": "identifier",
                    "description": "the sub-group or agency that presents it"}
        }
      })js");
  entry_schema["properties"]["kind"] = {{"enum", Json::parse(kReportKinds)}};
  c->Register(EventTypeDef{
      "timetable.entry_set", "timetable",
      "Adds or replaces a slot of the reporting timetable (stream timetable/<entry id>).",
      entry_schema, kAdmin, CheckTimetableEntry, StreamRule::kAny});

  c->Register(EventTypeDef{
      "timetable.entry_removed", "timetable",
      "Removes a slot from the reporting timetable, including one of the default slots.",
      Json::parse(R"js({
        "type": "object",
        "additionalProperties": false,
        "required": ["reason"],
        "properties": {
          "reason": {"type": "string", "minLength": 1, "maxLength": 2000}
        }
      })js"),
      kAdmin, nullptr, StreamRule::kAny});
}

}  // namespace lif
