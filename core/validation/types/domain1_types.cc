// Domain 1, identification of learning: PMF indicator values and every
// qualitative source with its lifecycle (docs/catalogue-domain1.md).
//
// Stream kinds: indicator/ (values, on the indicator's stream), review/ (case
// reviews: the 2015 serious case review regime and today's notification, rapid
// review and local child safeguarding practice review), cdr/ (child death
// reviews), audit/ (multi- and single-agency case audits), s11/ (Section 11
// returns), learning-review/ (national and local learning reviews and their
// presentation rota), inspection/, thematic/ (thematic and deep-dive reviews),
// voice/ (voice of the child) and feedback/ (service-user feedback).
#include <set>

#include "core/validation/catalogue.h"
#include "core/validation/schema.h"

namespace lif {
namespace {

const std::vector<Role> kAdminAgency = {Role::kAdmin, Role::kAgency};
const std::vector<Role> kAdminChair = {Role::kAdmin, Role::kSubgroupChair};
const std::vector<Role> kAdminAgencyChair = {Role::kAdmin, Role::kAgency, Role::kSubgroupChair};

// Builds a closed object schema from its properties and required names.
Json Object(Json properties, std::vector<std::string> required) {
  return Json{{"type", "object"},
              {"additionalProperties", false},
              {"required", required},
              {"properties", std::move(properties)}};
}

Json Text(int max_length) {
  return Json{{"type", "string"}, {"minLength", 1}, {"maxLength", max_length}};
}
Json DateField() { return Json{{"type", "string"}, {"format", "date"}}; }
Json AgencyField(const char* description) {
  return Json{{"type", "string"},
              {"format", "identifier"},
              {"x-lif-agency", true},
              {"description", description}};
}
Json ChildRef(const char* description) {
  return Json{{"type", "string"},
              {"format", "pseudonym"},
              {"x-lif-ref", "child"},
              {"description", description}};
}
Json Enum(std::vector<std::string> values) { return Json{{"enum", values}}; }
Json TextList(int max_items) {
  return Json{{"type", "array"}, {"maxItems", max_items}, {"items", Text(2000)}};
}
Json Themes() {
  return Json{{"type", "array"},
              {"maxItems", 20},
              {"uniqueItems", true},
              {"items", {{"type", "string"}, {"format", "identifier"}}}};
}
Json Personal(Json schema) {
  schema["x-lif-personal"] = true;
  return schema;
}

// The national child death reporting form's categories.
const std::vector<std::string>& CdrCategories() {
  static const std::vector<std::string> k = {"deliberately_inflicted_injury_abuse_or_neglect",
                                             "suicide_or_deliberate_self_inflicted_harm",
                                             "trauma_and_other_external_factors",
                                             "malignancy",
                                             "acute_medical_or_surgical_condition",
                                             "chronic_medical_condition",
                                             "chromosomal_genetic_and_congenital_anomalies",
                                             "perinatal_neonatal_event",
                                             "infection",
                                             "sudden_unexpected_unexplained_death"};
  return k;
}

// Rejects a list of {standard, ...} rows that names a standard twice.
Status UniqueStandards(const Json& data) {
  std::set<std::string> seen;
  const Json& rows = data["standards"];
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!seen.insert(rows[i]["standard"].get<std::string>()).second) {
      return Status::Invalid("names a standard twice",
                             "/standards/" + std::to_string(i) + "/standard");
    }
  }
  return Status::Ok();
}

Status NotBefore(const Json& data, const char* earlier, const char* later) {
  if (!data.contains(earlier) || !data.contains(later)) return Status::Ok();
  // Both are ISO dates (checked by the schema): string order is date order.
  if (data[later].get<std::string>() < data[earlier].get<std::string>()) {
    return Status::Invalid(std::string("must not be before ") + earlier, std::string("/") + later);
  }
  return Status::Ok();
}

void RegisterIndicatorValues(Catalogue* c) {
  c->Register(EventTypeDef{
      "indicator.recorded", "indicator",
      "Quarterly values of an indicator for the board's own area, comparators and averages; a "
      "later value for the same period and area replaces the earlier one.",
      Object({{"indicator_id", {{"type", "string"}, {"format", "identifier"}}},
              {"period", {{"type", "string"}, {"format", "quarter"}}},
              {"values",
               {{"type", "object"}, {"description", "area_code -> number, one entry per area"}}},
              {"agency", AgencyField("the agency that supplied the values")},
              {"note", Text(2000)}},
             {"indicator_id", "period", "values"}),
      kAdminAgency,
      [](const Json& data) -> Status {
        const Json& values = data["values"];
        if (values.empty()) return Status::Invalid("needs at least one area", "/values");
        if (values.size() > 100) return Status::Invalid("has more than 100 areas", "/values");
        for (auto it = values.begin(); it != values.end(); ++it) {
          const std::string path = "/values/" + JsonPointerEscape(it.key());
          if (!MatchesFormat("identifier", it.key())) {
            return Status::Invalid("area code must be an identifier", path);
          }
          if (!it.value().is_number()) return Status::Invalid("must be of type number", path);
        }
        return Status::Ok();
      },
      StreamRule::kContinues});
}

void RegisterCaseReviews(Catalogue* c) {
  c->Register(EventTypeDef{
      "review.opened", "review",
      "A serious incident (or, before 2018, a case that may need a serious case review) is "
      "opened as a case review.",
      Object({{"regime", Enum({"scr_2015", "cspr_2018"})},
              {"title", Text(300)},
              {"child", ChildRef("the child (a pseudonym, never a name)")},
              {"incident_date", DateField()},
              {"aware_on", DateField()},
              {"lead_agency", AgencyField("the agency that opens the review (usually the "
                                          "local authority)")},
              {"summary", Personal(Text(10000))}},
             {"regime", "title", "child", "incident_date", "aware_on", "lead_agency"}),
      kAdminAgency, [](const Json& d) { return NotBefore(d, "incident_date", "aware_on"); },
      StreamRule::kCreates});
  c->Register(EventTypeDef{
      "review.notified", "review",
      "The serious incident was notified to the national Child Safeguarding Practice Review "
      "Panel (due within 5 working days of becoming aware).",
      Object({{"notified_on", DateField()},
              {"panel_reference", Text(100)},
              {"agency", AgencyField("the notifying agency")}},
             {"notified_on"}),
      kAdminAgency, nullptr, StreamRule::kContinues});
  c->Register(EventTypeDef{
      "review.rapid_review_completed", "review",
      "The rapid review was completed and sent to the panel (due within 15 working days of the "
      "notification).",
      Object({{"completed_on", DateField()},
              {"recommendation", Enum({"lcspr", "no_lcspr", "other_review"})},
              {"summary", Text(10000)},
              {"agency", AgencyField("the agency that records it")}},
             {"completed_on", "recommendation"}),
      kAdminAgencyChair, nullptr, StreamRule::kContinues});
  c->Register(EventTypeDef{
      "review.referred", "review",
      "The case was referred for a decision, with the answers to the Working Together 2015 "
      "serious case review criteria.",
      Object(
          {{"referred_on", DateField()},
           {"referred_by", AgencyField("the referring agency")},
           {"criteria",
            Object({{"abuse_or_neglect_known_or_suspected", {{"type", "boolean"}}},
                    {"child_died", {{"type", "boolean"}}},
                    {"child_seriously_harmed", {{"type", "boolean"}}},
                    {"concern_about_agencies_working_together", {{"type", "boolean"}}},
                    {"died_in_custody_or_secure_setting", {{"type", "boolean"}}},
                    {"died_detained_under_mental_health_act", {{"type", "boolean"}}},
                    {"suspected_suicide", {{"type", "boolean"}}}},
                   {"abuse_or_neglect_known_or_suspected", "child_died", "child_seriously_harmed",
                    "concern_about_agencies_working_together", "died_in_custody_or_secure_setting",
                    "died_detained_under_mental_health_act", "suspected_suicide"})},
           {"reason", Text(10000)}},
          {"referred_on", "referred_by", "criteria"}),
      kAdminAgency,
      [](const Json& d) -> Status {
        const Json& k = d["criteria"];
        if (k["child_died"].get<bool>()) return Status::Ok();
        for (const char* about_a_death :
             {"died_in_custody_or_secure_setting", "died_detained_under_mental_health_act",
              "suspected_suicide"}) {
          if (k[about_a_death].get<bool>()) {
            return Status::Invalid("is about a death but child_died is false",
                                   std::string("/criteria/") + about_a_death);
          }
        }
        return Status::Ok();
      },
      StreamRule::kContinues});
  c->Register(EventTypeDef{
      "review.decided", "review",
      "The decision whether to hold a review (serious case review or local child safeguarding "
      "practice review), with its rationale.",
      Object({{"decided_on", DateField()},
              {"decision", Enum({"hold", "not_hold"})},
              {"review_kind", Enum({"scr", "lcspr", "other_learning_review"})},
              {"rationale", Text(10000)}},
             {"decided_on", "decision"}),
      kAdminChair,
      [](const Json& d) -> Status {
        if (d["decision"] == "hold" && !d.contains("review_kind")) {
          return Status::Invalid("is required when the decision is to hold a review",
                                 "/review_kind");
        }
        if (d["decision"] == "not_hold" && d.contains("review_kind")) {
          return Status::Invalid("only applies to a decision to hold a review", "/review_kind");
        }
        return Status::Ok();
      },
      StreamRule::kContinues});
  c->Register(EventTypeDef{
      "review.commissioned", "review", "The review was commissioned from a reviewer.",
      Object({{"commissioned_on", DateField()},
              {"reviewer", Personal(Text(200))},
              {"methodology", Enum({"learning_together", "significant_incident_learning_process",
                                    "systems_review", "traditional", "other"})},
              {"terms_of_reference", Text(10000)}},
             {"commissioned_on", "methodology"}),
      kAdminChair, nullptr, StreamRule::kContinues});
  c->Register(EventTypeDef{
      "review.report_received", "review", "The reviewer's report was received by the board.",
      Object({{"received_on", DateField()},
              {"recommendations", {{"type", "integer"}, {"minimum", 0}, {"maximum", 1000}}},
              {"summary", Text(10000)}},
             {"received_on"}),
      kAdminChair, nullptr, StreamRule::kContinues});
  c->Register(EventTypeDef{
      "review.published", "review",
      "The review's report was published (an LCSPR is due within 6 months of the decision).",
      Object({{"published_on", DateField()}, {"url", Text(2000)}}, {"published_on"}), kAdminChair,
      nullptr, StreamRule::kContinues});
}

void RegisterChildDeathReviews(Catalogue* c) {
  c->Register(EventTypeDef{
      "cdr.notified", "cdr", "The death of a child under 18 was notified for a child death review.",
      Object({{"child", ChildRef("the child (a pseudonym)")},
              {"date_of_death", DateField()},
              {"age_band", Enum({"under_28_days", "28_days_to_1_year", "1_to_4", "5_to_9",
                                 "10_to_14", "15_to_17"})},
              {"expected", Enum({"expected", "unexpected"})},
              {"notified_by", AgencyField("the notifying agency")}},
             {"child", "date_of_death", "age_band", "expected", "notified_by"}),
      kAdminAgency, nullptr, StreamRule::kCreates});
  c->Register(EventTypeDef{
      "cdr.reviewed",
      "cdr",
      "The child death overview panel reviewed the death: a category from the national list and "
      "whether modifiable factors were identified.",
      Object({{"reviewed_on", DateField()},
              {"category", Enum(CdrCategories())},
              {"modifiable_factors", Enum({"yes", "no"})},
              {"factors", TextList(20)},
              {"learning", Text(10000)}},
             {"reviewed_on", "category", "modifiable_factors"}),
      {Role::kAdmin},
      [](const Json& d) -> Status {
        if (d["modifiable_factors"] == "no" && d.contains("factors") && !d["factors"].empty()) {
          return Status::Invalid("lists factors but modifiable_factors is 'no'", "/factors");
        }
        return Status::Ok();
      },
      StreamRule::kContinues});
}

void RegisterAudits(Catalogue* c) {
  c->Register(EventTypeDef{
      "audit.commissioned", "audit",
      "A multi-agency or single-agency case audit: its theme and how cases are sampled.",
      Object({{"scope", Enum({"multi_agency", "single_agency"})},
              {"title", Text(300)},
              {"theme", {{"type", "string"}, {"format", "identifier"}}},
              {"sampling", Enum({"random", "purposive"})},
              {"planned_cases", {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}}},
              {"lead_agency", AgencyField("the agency leading (or, single-agency, doing) it")},
              {"agencies",
               {{"type", "array"},
                {"uniqueItems", true},
                {"maxItems", 50},
                {"items", {{"type", "string"}, {"format", "identifier"}}}}},
              {"commissioned_on", DateField()}},
             {"scope", "title", "theme", "sampling", "lead_agency", "commissioned_on"}),
      kAdminAgencyChair,
      [](const Json& d) -> Status {
        if (d["scope"] == "multi_agency" && (!d.contains("agencies") || d["agencies"].size() < 2)) {
          return Status::Invalid("a multi-agency audit names at least two agencies", "/agencies");
        }
        if (d["scope"] == "single_agency" && d.contains("agencies") &&
            (d["agencies"].size() != 1 || d["agencies"][0] != d["lead_agency"])) {
          return Status::Invalid("a single-agency audit involves only its lead agency",
                                 "/agencies");
        }
        return Status::Ok();
      },
      StreamRule::kCreates});
  c->Register(EventTypeDef{
      "audit.case_graded", "audit",
      "One audited case and its grade; grading the same case again replaces the grade.",
      Object({{"case", ChildRef("the audited child's case (a pseudonym)")},
              {"grade", Enum({"outstanding", "good", "requires_improvement", "inadequate"})},
              {"agency", AgencyField("the grading agency")},
              {"notes", Personal(Text(10000))}},
             {"case", "grade"}),
      kAdminAgencyChair, nullptr, StreamRule::kContinues});
  c->Register(EventTypeDef{
      "audit.completed", "audit", "The audit's findings were reported.",
      Object({{"completed_on", DateField()},
              {"findings",
               {{"type", "array"}, {"minItems", 1}, {"maxItems", 50}, {"items", Text(2000)}}},
              {"summary", Text(10000)},
              {"agency", AgencyField("the reporting agency")}},
             {"completed_on", "findings"}),
      kAdminAgencyChair, nullptr, StreamRule::kContinues});
}

Json Section11Rows(bool evidence_required) {
  Json row = Object(
      {{"standard",
        Enum({"senior_management_commitment", "statement_of_responsibilities",
              "line_of_accountability", "service_development_informed_by_children", "training",
              "safer_recruitment_and_allegations", "inter_agency_working", "information_sharing"})},
       {"rating", Enum({"red", "amber", "green"})},
       {"evidence", Text(10000)},
       {"comment", Text(10000)}},
      evidence_required ? std::vector<std::string>{"standard", "rating", "evidence"}
                        : std::vector<std::string>{"standard", "rating"});
  return Json{{"type", "array"}, {"minItems", 1}, {"maxItems", 8}, {"items", row}};
}

void RegisterSection11(Catalogue* c) {
  c->Register(
      EventTypeDef{"s11.submitted", "s11",
                   "An agency's Section 11 self-assessment: a rating and evidence per standard.",
                   Object({{"agency", AgencyField("the agency assessing itself")},
                           {"year", {{"type", "integer"}, {"minimum", 2015}, {"maximum", 2100}}},
                           {"submitted_on", DateField()},
                           {"standards", Section11Rows(true)}},
                          {"agency", "year", "submitted_on", "standards"}),
                   kAdminAgency, &UniqueStandards, StreamRule::kAny});
  c->Register(EventTypeDef{
      "s11.moderated", "s11",
      "The board's moderation of a Section 11 return: a moderated rating per standard.",
      Object({{"moderated_on", DateField()}, {"standards", Section11Rows(false)}},
             {"moderated_on", "standards"}),
      kAdminChair, &UniqueStandards, StreamRule::kContinues});
}

void RegisterOtherSources(Catalogue* c) {
  c->Register(EventTypeDef{"learning_review.received", "learning-review",
                           "A national or local learning review the board will learn from.",
                           Object({{"scope", Enum({"national", "local"})},
                                   {"title", Text(300)},
                                   {"publisher", Text(200)},
                                   {"published_on", DateField()},
                                   {"url", Text(2000)}},
                                  {"scope", "title", "publisher", "published_on"}),
                           kAdminChair, nullptr, StreamRule::kCreates});
  c->Register(
      EventTypeDef{"learning_review.assigned", "learning-review",
                   "The rota: which agency presents the review's lessons, at which meeting.",
                   Object({{"presenter_agency", {{"type", "string"}, {"format", "identifier"}}},
                           {"meeting_date", DateField()},
                           {"meeting", Text(200)}},
                          {"presenter_agency", "meeting_date"}),
                   kAdminChair, nullptr, StreamRule::kContinues});
  c->Register(EventTypeDef{"learning_review.presented", "learning-review",
                           "The review's lessons were presented by the agency on the rota.",
                           Object({{"presented_on", DateField()},
                                   {"presenter_agency", AgencyField("the presenting agency")},
                                   {"summary", Text(10000)},
                                   {"lessons", TextList(50)}},
                                  {"presented_on", "presenter_agency"}),
                           kAdminAgencyChair, nullptr, StreamRule::kContinues});
  c->Register(EventTypeDef{
      "inspection.reported", "inspection", "An inspection report and its judgement.",
      Object({{"inspectorate", Enum({"ofsted", "cqc", "hmicfrs", "jtai", "hmip", "other"})},
              {"title", Text(300)},
              {"published_on", DateField()},
              {"judgement",
               Enum({"outstanding", "good", "requires_improvement", "inadequate", "not_judged"})},
              {"agency", AgencyField("the inspected agency, absent for an area-wide one")},
              {"summary", Text(10000)},
              {"url", Text(2000)}},
             {"inspectorate", "title", "published_on", "judgement"}),
      kAdminAgency, nullptr, StreamRule::kAny});
  c->Register(EventTypeDef{"thematic.commissioned", "thematic",
                           "A thematic or deep-dive review was commissioned.",
                           Object({{"kind", Enum({"thematic", "deep_dive"})},
                                   {"title", Text(300)},
                                   {"theme", {{"type", "string"}, {"format", "identifier"}}},
                                   {"commissioned_on", DateField()},
                                   {"lead_agency", AgencyField("the leading agency")},
                                   {"subgroup", {{"type", "string"}, {"format", "identifier"}}}},
                                  {"kind", "title", "theme", "commissioned_on"}),
                           kAdminAgencyChair, nullptr, StreamRule::kCreates});
  c->Register(EventTypeDef{
      "thematic.reported", "thematic", "A thematic or deep-dive review reported its findings.",
      Object({{"reported_on", DateField()},
              {"findings",
               {{"type", "array"}, {"minItems", 1}, {"maxItems", 50}, {"items", Text(2000)}}},
              {"summary", Text(10000)},
              {"agency", AgencyField("the reporting agency")}},
             {"reported_on", "findings"}),
      kAdminAgencyChair, nullptr, StreamRule::kContinues});
  c->Register(EventTypeDef{
      "voice.recorded", "voice",
      "What children and young people said (a survey, consultation or participation group).",
      Object({{"method", Enum({"survey", "consultation", "participation_group", "case_audit",
                               "advocacy", "other"})},
              {"title", Text(300)},
              {"collected_on", DateField()},
              {"participants", {{"type", "integer"}, {"minimum", 0}, {"maximum", 1000000}}},
              {"summary", Text(10000)},
              {"themes", Themes()},
              {"agency", AgencyField("the collecting agency")}},
             {"method", "title", "collected_on", "summary"}),
      kAdminAgency, nullptr, StreamRule::kAny});
  c->Register(EventTypeDef{
      "feedback.recorded", "feedback", "Service-user feedback collected by an agency.",
      Object({{"agency", AgencyField("the agency that collected it")},
              {"received_on", DateField()},
              {"method",
               Enum({"survey", "complaint", "compliment", "interview", "focus_group", "other"})},
              {"about", Enum({"service", "training", "process", "other"})},
              {"respondents", {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000000}}},
              {"sentiment", Enum({"positive", "mixed", "negative"})},
              {"summary", Text(10000)}},
             {"agency", "received_on", "method", "about", "sentiment", "summary"}),
      kAdminAgency, nullptr, StreamRule::kAny});
}

}  // namespace

void RegisterDomain1Types(Catalogue* c) {
  RegisterIndicatorValues(c);
  RegisterCaseReviews(c);
  RegisterChildDeathReviews(c);
  RegisterAudits(c);
  RegisterSection11(c);
  RegisterOtherSources(c);
}

}  // namespace lif
