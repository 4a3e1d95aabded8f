#include "core/projections/audits.h"

namespace lif {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CaseAudit, stream, scope, title, theme, sampling, planned_cases,
                                   lead_agency, agencies, commissioned_on, grades, completed_on,
                                   findings, summary)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Section11Rating, rating, text)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Section11Return, stream, agency, year, submitted_on,
                                   moderated_on, self, moderated)

const std::vector<std::string>& Section11Standards() {
  static const std::vector<std::string> k = {"senior_management_commitment",
                                             "statement_of_responsibilities",
                                             "line_of_accountability",
                                             "service_development_informed_by_children",
                                             "training",
                                             "safer_recruitment_and_allegations",
                                             "inter_agency_working",
                                             "information_sharing"};
  return k;
}

namespace {

std::vector<std::string> Strings(const Json& data, const char* key) {
  std::vector<std::string> out;
  if (!data.contains(key) || !data[key].is_array()) return out;
  for (const Json& s : data[key]) {
    if (s.is_string()) out.push_back(s.get<std::string>());
  }
  return out;
}

// Merges {standard, rating, <text_key>} rows into `into` (a later row for a
// standard replaces the earlier one).
void MergeRatings(const Json& data, const char* text_key,
                  std::map<std::string, Section11Rating>* into) {
  if (!data.contains("standards")) return;
  for (const Json& row : data["standards"]) {
    (*into)[row.value("standard", "")] =
        Section11Rating{row.value("rating", ""), row.value(text_key, "")};
  }
}

}  // namespace

void Audits::Apply(const Event& e) {
  const Json& d = e.data;
  if (e.type == "audit.commissioned") {
    CaseAudit a;
    a.stream = e.stream;
    a.scope = d.value("scope", "");
    a.title = d.value("title", "");
    a.theme = d.value("theme", "");
    a.sampling = d.value("sampling", "");
    a.planned_cases = d.value("planned_cases", int64_t{0});
    a.lead_agency = d.value("lead_agency", "");
    a.agencies = Strings(d, "agencies");
    a.commissioned_on = d.value("commissioned_on", "");
    audits_[e.stream] = a;
  } else if (e.type == "audit.case_graded" || e.type == "audit.completed") {
    auto it = audits_.find(e.stream);
    if (it == audits_.end()) return;
    if (e.type == "audit.case_graded") {
      it->second.grades[d.value("case", "")] = d.value("grade", "");
    } else {
      it->second.completed_on = d.value("completed_on", "");
      it->second.findings = Strings(d, "findings");
      it->second.summary = d.value("summary", "");
    }
  } else if (e.type == "s11.submitted") {
    Section11Return& r = section11_[e.stream];
    r.stream = e.stream;
    r.agency = d.value("agency", "");
    r.year = d.value("year", int64_t{0});
    r.submitted_on = d.value("submitted_on", "");
    MergeRatings(d, "evidence", &r.self);
  } else if (e.type == "s11.moderated") {
    auto it = section11_.find(e.stream);
    if (it == section11_.end()) return;
    it->second.moderated_on = d.value("moderated_on", "");
    MergeRatings(d, "comment", &it->second.moderated);
  }
}

Json Audits::Snapshot() const { return {{"audits", audits_}, {"section11", section11_}}; }

Status Audits::Restore(const Json& s) {
  try {
    audits_ = s.at("audits").get<std::map<std::string, CaseAudit>>();
    section11_ = s.at("section11").get<std::map<std::string, Section11Return>>();
  } catch (const std::exception& ex) {
    return Status::Internal(std::string("audits snapshot: ") + ex.what());
  }
  return Status::Ok();
}

}  // namespace lif
