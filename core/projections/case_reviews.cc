#include "core/projections/case_reviews.h"

namespace lif {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CaseReview, stream, regime, title, child, incident_date,
                                   aware_on, lead_agency, notified_on, panel_reference,
                                   rapid_review_completed_on, rapid_review_recommendation,
                                   referred_on, referred_by, criteria, decided_on, decision,
                                   review_kind, rationale, commissioned_on, methodology,
                                   report_received_on, published_on, url, position, last_position)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ChildDeathReview, stream, child, date_of_death, age_band,
                                   expected, notified_by, reviewed_on, category, modifiable_factors,
                                   factors, learning)

namespace {

std::vector<std::string> Strings(const Json& data, const char* key) {
  std::vector<std::string> out;
  if (!data.contains(key) || !data[key].is_array()) return out;
  for (const Json& s : data[key]) {
    if (s.is_string()) out.push_back(s.get<std::string>());
  }
  return out;
}

}  // namespace

void CaseReviews::Apply(const Event& e) {
  const Json& d = e.data;
  if (e.type == "review.opened") {
    CaseReview r;
    r.stream = e.stream;
    r.regime = d.value("regime", "");
    r.title = d.value("title", "");
    r.child = d.value("child", "");
    r.incident_date = d.value("incident_date", "");
    r.aware_on = d.value("aware_on", "");
    r.lead_agency = d.value("lead_agency", "");
    r.position = e.position;
    r.last_position = e.position;
    reviews_[e.stream] = r;
    return;
  }
  auto it = reviews_.find(e.stream);
  if (it == reviews_.end()) return;
  CaseReview& r = it->second;
  r.last_position = e.position;
  if (e.type == "review.notified") {
    r.notified_on = d.value("notified_on", "");
    r.panel_reference = d.value("panel_reference", "");
  } else if (e.type == "review.rapid_review_completed") {
    r.rapid_review_completed_on = d.value("completed_on", "");
    r.rapid_review_recommendation = d.value("recommendation", "");
  } else if (e.type == "review.referred") {
    r.referred_on = d.value("referred_on", "");
    r.referred_by = d.value("referred_by", "");
    r.criteria.clear();
    if (d.contains("criteria")) {
      for (auto c = d["criteria"].begin(); c != d["criteria"].end(); ++c) {
        if (c.value().is_boolean()) r.criteria[c.key()] = c.value().get<bool>();
      }
    }
  } else if (e.type == "review.decided") {
    r.decided_on = d.value("decided_on", "");
    r.decision = d.value("decision", "");
    r.review_kind = d.value("review_kind", "");
    r.rationale = d.value("rationale", "");
  } else if (e.type == "review.commissioned") {
    r.commissioned_on = d.value("commissioned_on", "");
    r.methodology = d.value("methodology", "");
  } else if (e.type == "review.report_received") {
    r.report_received_on = d.value("received_on", "");
  } else if (e.type == "review.published") {
    r.published_on = d.value("published_on", "");
    r.url = d.value("url", "");
  }
}

Json CaseReviews::Snapshot() const { return {{"reviews", reviews_}}; }

Status CaseReviews::Restore(const Json& s) {
  try {
    reviews_ = s.at("reviews").get<std::map<std::string, CaseReview>>();
  } catch (const std::exception& ex) {
    return Status::Internal(std::string("case reviews snapshot: ") + ex.what());
  }
  return Status::Ok();
}

void ChildDeathReviews::Apply(const Event& e) {
  const Json& d = e.data;
  if (e.type == "cdr.notified") {
    ChildDeathReview r;
    r.stream = e.stream;
    r.child = d.value("child", "");
    r.date_of_death = d.value("date_of_death", "");
    r.age_band = d.value("age_band", "");
    r.expected = d.value("expected", "");
    r.notified_by = d.value("notified_by", "");
    reviews_[e.stream] = r;
    return;
  }
  auto it = reviews_.find(e.stream);
  if (it == reviews_.end() || e.type != "cdr.reviewed") return;
  ChildDeathReview& r = it->second;
  r.reviewed_on = d.value("reviewed_on", "");
  r.category = d.value("category", "");
  r.modifiable_factors = d.value("modifiable_factors", "");
  r.factors = Strings(d, "factors");
  r.learning = d.value("learning", "");
}

Json ChildDeathReviews::Snapshot() const { return {{"reviews", reviews_}}; }

Status ChildDeathReviews::Restore(const Json& s) {
  try {
    reviews_ = s.at("reviews").get<std::map<std::string, ChildDeathReview>>();
  } catch (const std::exception& ex) {
    return Status::Internal(std::string("child death reviews snapshot: ") + ex.what());
  }
  return Status::Ok();
}

}  // namespace lif
