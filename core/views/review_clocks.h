// The statutory clocks of a case review, judged at a date (docs/views-domain1.md#reviews):
//  - notification to the national panel: 5 working days from `aware_on`;
//  - rapid review: 15 working days from the notification;
//  - publication: 6 calendar months from a decision to hold a review.
// And the Working Together 2015 serious case review criteria check.
// Pure functions of a CaseReview, a calendar and a date; thread-safe.
#pragma once

#include "core/calendar/working_days.h"
#include "core/json.h"
#include "core/projections/case_reviews.h"
#include "core/time/civil_time.h"

namespace lif {

inline constexpr int kNotificationWorkingDays = 5;
inline constexpr int kRapidReviewWorkingDays = 15;
inline constexpr int kPublicationMonths = 6;
// A clock is "near its deadline" when open and at most this much is left.
inline constexpr int kNearDeadlineWorkingDays = 2;
inline constexpr int kNearDeadlineDays = 28;

// The three clocks of one review as JSON objects (null when the clock does not
// apply): {"notification": ..., "rapid_review": ..., "publication": ...}.
Json ReviewClocks(const CaseReview& review, const WorkingDaysCalendar& calendar, Date today);

// True when a clock of the review is running (started, not done), i.e. when
// ReviewClocks can judge it overdue or near its deadline at some date; false
// means every clock is absent, not started, met or late at any date.
bool HasRunningClock(const CaseReview& review);

// Whether any clock of ReviewClocks' answer is overdue, and whether any is
// near its deadline.
struct ClockSummary {
  bool any_overdue = false;
  bool any_near = false;
};
ClockSummary SummariseClocks(const Json& clocks);

// The furthest lifecycle step a review has reached ("opened" ... "published").
std::string CaseReviewStage(const CaseReview& review);

// The criteria check: {"answered", "outcome": mandatory|expected|not_met|
// not_assessed, "reasons": [...], "decision", "against_criteria",
// "rationale_recorded", "flag"}.
Json CriteriaCheck(const CaseReview& review);

}  // namespace lif
