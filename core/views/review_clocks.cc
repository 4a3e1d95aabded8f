#include "core/views/review_clocks.h"

#include <algorithm>

namespace lif {
namespace {

Json DateOrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

// A clock counted in working days from `start` (an ISO date) to `done_on`.
Json WorkingDaysClock(const std::string& rule, const std::string& start, int working_days,
                      const std::string& done_on, const WorkingDaysCalendar& calendar, Date today) {
  Result<Date> s = ParseDate(start);
  if (!s.ok()) {
    return {{"rule", rule},
            {"starts", nullptr},
            {"due", nullptr},
            {"done_on", DateOrNull(done_on)},
            {"working_days_elapsed", nullptr},
            {"working_days_left", nullptr},
            {"state", "not_started"},
            {"near_deadline", false}};
  }
  const Date due = calendar.AddWorkingDays(*s, working_days);
  Result<Date> done = ParseDate(done_on);
  Json clock = {{"rule", rule},
                {"starts", start},
                {"due", FormatDate(due)},
                {"done_on", DateOrNull(done_on)}};
  if (done.ok()) {
    clock["working_days_elapsed"] = std::max(0, calendar.WorkingDaysBetween(*s, *done));
    clock["working_days_left"] = nullptr;
    clock["state"] = *done <= due ? "met" : "late";
    clock["near_deadline"] = false;
    return clock;
  }
  const int left = calendar.WorkingDaysBetween(today, due);
  clock["working_days_elapsed"] = std::max(0, calendar.WorkingDaysBetween(*s, today));
  clock["working_days_left"] = left;
  clock["state"] = today > due ? "overdue" : "open";
  clock["near_deadline"] = today <= due && left <= kNearDeadlineWorkingDays;
  return clock;
}

}  // namespace

Json ReviewClocks(const CaseReview& r, const WorkingDaysCalendar& calendar, Date today) {
  Json clocks = {{"notification", nullptr}, {"rapid_review", nullptr}, {"publication", nullptr}};
  if (r.regime == "cspr_2018") {
    clocks["notification"] =
        WorkingDaysClock("5 working days from becoming aware", r.aware_on, kNotificationWorkingDays,
                         r.notified_on, calendar, today);
    clocks["rapid_review"] =
        WorkingDaysClock("15 working days from the notification", r.notified_on,
                         kRapidReviewWorkingDays, r.rapid_review_completed_on, calendar, today);
  }
  Result<Date> decided = ParseDate(r.decided_on);
  if (r.decision == "hold" && decided.ok()) {
    const Date due = AddMonths(*decided, kPublicationMonths);
    Result<Date> published = ParseDate(r.published_on);
    Json clock = {{"rule", "6 months from the decision"},
                  {"starts", r.decided_on},
                  {"due", FormatDate(due)},
                  {"done_on", DateOrNull(r.published_on)}};
    if (published.ok()) {
      clock["days_elapsed"] = std::max(0, published->days - decided->days);
      clock["days_left"] = nullptr;
      clock["state"] = *published <= due ? "met" : "late";
      clock["near_deadline"] = false;
    } else {
      clock["days_elapsed"] = std::max(0, today.days - decided->days);
      clock["days_left"] = due.days - today.days;
      clock["state"] = today > due ? "overdue" : "open";
      clock["near_deadline"] = today <= due && due.days - today.days <= kNearDeadlineDays;
    }
    clocks["publication"] = clock;
  }
  return clocks;
}

bool HasRunningClock(const CaseReview& r) {
  auto running = [](const std::string& start, const std::string& done) {
    return ParseDate(start).ok() && !ParseDate(done).ok();
  };
  if (r.regime == "cspr_2018" &&
      (running(r.aware_on, r.notified_on) || running(r.notified_on, r.rapid_review_completed_on))) {
    return true;
  }
  return r.decision == "hold" && running(r.decided_on, r.published_on);
}

std::string CaseReviewStage(const CaseReview& r) {
  if (!r.published_on.empty()) return "published";
  if (!r.report_received_on.empty()) return "report_received";
  if (!r.commissioned_on.empty()) return "commissioned";
  if (!r.decision.empty()) return r.decision == "hold" ? "decided_to_hold" : "decided_not_to_hold";
  if (!r.referred_on.empty()) return "referred";
  if (!r.rapid_review_completed_on.empty()) return "rapid_review_completed";
  if (!r.notified_on.empty()) return "notified";
  return "opened";
}

Json CriteriaCheck(const CaseReview& r) {
  auto yes = [&](const char* key) {
    auto it = r.criteria.find(key);
    return it != r.criteria.end() && it->second;
  };
  Json out = {{"answered", !r.criteria.empty()},
              {"decision", DateOrNull(r.decision)},
              {"rationale_recorded", !r.rationale.empty()}};
  Json reasons = Json::array();
  std::string outcome = "not_assessed";
  if (!r.criteria.empty()) {
    const bool abuse = yes("abuse_or_neglect_known_or_suspected");
    // Must: abuse or neglect AND (death OR serious harm with concern about how
    // agencies worked together).
    if (abuse && yes("child_died")) reasons.push_back("abuse_or_neglect_and_child_died");
    if (abuse && yes("child_seriously_harmed") && yes("concern_about_agencies_working_together")) {
      reasons.push_back("abuse_or_neglect_and_serious_harm_with_concern_about_agencies");
    }
    const bool mandatory = !reasons.empty();
    // Should always: a death in custody or a secure setting, while detained
    // under the Mental Health Act, or a suspected suicide with abuse or neglect.
    if (yes("died_in_custody_or_secure_setting"))
      reasons.push_back("death_in_custody_or_secure_setting");
    if (yes("died_detained_under_mental_health_act")) {
      reasons.push_back("death_detained_under_mental_health_act");
    }
    if (abuse && yes("suspected_suicide"))
      reasons.push_back("suspected_suicide_with_abuse_or_neglect");
    outcome = mandatory ? "mandatory" : !reasons.empty() ? "expected" : "not_met";
  }
  const bool met = outcome == "mandatory" || outcome == "expected";
  const bool against = met && r.decision == "not_hold";
  out["outcome"] = outcome;
  out["reasons"] = reasons;
  out["against_criteria"] = against;
  out["flag"] = against && r.rationale.empty() ? Json("decision_against_criteria_without_rationale")
                                               : Json(nullptr);
  return out;
}

ClockSummary SummariseClocks(const Json& clocks) {
  ClockSummary s;
  for (const char* name : {"notification", "rapid_review", "publication"}) {
    const Json& c = clocks[name];
    if (c.is_null()) continue;
    s.any_overdue = s.any_overdue || c["state"] == "overdue";
    s.any_near = s.any_near || c["near_deadline"] == true;
  }
  return s;
}

}  // namespace lif
