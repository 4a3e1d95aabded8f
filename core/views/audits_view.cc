// The audits view (docs/views-domain1.md#audits): multi-agency and
// single-agency case audits with their grade distribution, and Section 11
// returns by agency and standard with the self-assessed and moderated ratings.
#include <set>

#include "core/views/domain23_view_util.h"
#include "core/views/view_registry.h"

namespace lif {
namespace {

const std::vector<std::string>& Grades() {
  static const std::vector<std::string> k = {"outstanding", "good", "requires_improvement",
                                             "inadequate"};
  return k;
}

Json ZeroCounts(const std::vector<std::string>& keys) {
  Json out = Json::object();
  for (const std::string& k : keys) out[k] = 0;
  return out;
}

int RagRank(const std::string& rating) {
  return rating == "red" ? 0 : rating == "amber" ? 1 : rating == "green" ? 2 : -1;
}

Json AuditRow(const CaseAudit& a, Json* totals) {
  Json grades = ZeroCounts(Grades());
  for (const auto& [case_ref, grade] : a.grades) {
    grades[grade] = grades[grade].get<int64_t>() + 1;
    (*totals)[grade] = (*totals)[grade].get<int64_t>() + 1;
  }
  return {{"stream", a.stream},
          {"title", a.title},
          {"theme", a.theme},
          {"sampling", a.sampling},
          {"lead_agency", a.lead_agency},
          {"agencies", a.agencies},
          {"commissioned_on", a.commissioned_on},
          {"planned_cases", a.planned_cases == 0 ? Json(nullptr) : Json(a.planned_cases)},
          {"cases_graded", a.grades.size()},
          {"grades", grades},
          {"good_or_better", grades["outstanding"].get<int64_t>() + grades["good"].get<int64_t>()},
          {"status", a.completed_on.empty() ? "in_progress" : "completed"},
          {"completed_on", a.completed_on.empty() ? Json(nullptr) : Json(a.completed_on)},
          {"findings", a.findings}};
}

}  // namespace

Result<Json> RenderAuditsView(const BoardState& state, const ViewContext& ctx) {
  LIF_RETURN_IF_ERROR(CheckFilterFormat(ctx, "agency", "identifier"));
  const std::string agency_filter = ctx.filters.count("agency") ? ctx.filters.at("agency") : "";
  int64_t year_filter = 0;
  if (ctx.filters.count("year")) {
    const std::string& y = ctx.filters.at("year");
    bool digits = y.size() == 4;
    for (char c : y) digits = digits && c >= '0' && c <= '9';
    if (!digits) return Status::Invalid("year must be four digits", "year");
    year_filter = std::stoll(y);
  }

  Json multi = Json::array(), single = Json::array();
  Json multi_totals = ZeroCounts(Grades()), single_totals = ZeroCounts(Grades());
  for (const auto& [stream, a] : state.audits().audits()) {
    const bool involved =
        agency_filter.empty() || a.lead_agency == agency_filter ||
        std::find(a.agencies.begin(), a.agencies.end(), agency_filter) != a.agencies.end();
    if (!involved) continue;
    if (a.scope == "multi_agency") {
      multi.push_back(AuditRow(a, &multi_totals));
    } else {
      single.push_back(AuditRow(a, &single_totals));
    }
  }

  const std::vector<std::string> rag = {"red", "amber", "green"};
  Json returns = Json::array();
  Json by_standard = Json::object();
  for (const std::string& s : Section11Standards()) {
    by_standard[s] = {{"self", ZeroCounts(rag)}, {"moderated", ZeroCounts(rag)}};
  }
  std::set<std::string> returned;
  for (const auto& [stream, r] : state.audits().section11()) {
    if (!agency_filter.empty() && r.agency != agency_filter) continue;
    if (year_filter != 0 && r.year != year_filter) continue;
    returned.insert(r.agency);
    Json standards = Json::array();
    Json self_counts = ZeroCounts(rag), moderated_counts = ZeroCounts(rag);
    Json missing = Json::array();
    int64_t lowered = 0, raised = 0;
    for (const std::string& s : Section11Standards()) {
      auto self = r.self.find(s);
      auto mod = r.moderated.find(s);
      Json self_json = nullptr, mod_json = nullptr;
      if (self != r.self.end()) {
        self_json = {{"rating", self->second.rating}, {"evidence", self->second.text}};
        self_counts[self->second.rating] = self_counts[self->second.rating].get<int64_t>() + 1;
        by_standard[s]["self"][self->second.rating] =
            by_standard[s]["self"][self->second.rating].get<int64_t>() + 1;
      } else {
        missing.push_back(s);
      }
      if (mod != r.moderated.end()) {
        mod_json = {{"rating", mod->second.rating},
                    {"comment", mod->second.text.empty() ? Json(nullptr) : Json(mod->second.text)}};
        moderated_counts[mod->second.rating] =
            moderated_counts[mod->second.rating].get<int64_t>() + 1;
        by_standard[s]["moderated"][mod->second.rating] =
            by_standard[s]["moderated"][mod->second.rating].get<int64_t>() + 1;
      }
      std::string change;
      if (self == r.self.end()) {
        change = mod == r.moderated.end() ? "not_assessed" : "moderated_without_self_assessment";
      } else if (mod == r.moderated.end()) {
        change = "awaiting_moderation";
      } else {
        const int d = RagRank(mod->second.rating) - RagRank(self->second.rating);
        change = d == 0 ? "agreed" : d < 0 ? "lowered" : "raised";
        lowered += d < 0;
        raised += d > 0;
      }
      standards.push_back(
          {{"standard", s}, {"self", self_json}, {"moderated", mod_json}, {"change", change}});
    }
    returns.push_back(
        {{"stream", r.stream},
         {"agency", r.agency},
         {"year", r.year},
         {"submitted_on", r.submitted_on},
         {"moderated_on", r.moderated_on.empty() ? Json(nullptr) : Json(r.moderated_on)},
         {"self", self_counts},
         {"moderated", moderated_counts},
         {"lowered", lowered},
         {"raised", raised},
         {"missing_standards", missing},
         {"standards", standards}});
  }
  // With a year, the agencies that owe a return and have not sent one.
  Json owed = Json::array();
  if (year_filter != 0) {
    for (const auto& [id, agency] : state.reference().agencies()) {
      if (!agency.section11 || returned.count(id)) continue;
      if (!agency_filter.empty() && id != agency_filter) continue;
      owed.push_back(id);
    }
  }
  return Json{
      {"multi_agency", {{"total", multi.size()}, {"grades", multi_totals}, {"audits", multi}}},
      {"single_agency", {{"total", single.size()}, {"grades", single_totals}, {"audits", single}}},
      {"section11",
       {{"year", year_filter == 0 ? Json(nullptr) : Json(year_filter)},
        {"returns", returns},
        {"by_standard", by_standard},
        {"not_returned", owed}}}};
}

}  // namespace lif
