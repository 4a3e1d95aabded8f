// Small helpers shared by the domain 2 and 3 views (actions, training,
// assurance, timetable, loop, dashboard, learning). Pure; thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/projections/fact.h"
#include "core/views/views.h"

namespace lif {

// The filter's value, or "" when absent.
std::string FilterValue(const ViewContext& ctx, const std::string& name);

// Checks an optional filter against a JSON Schema format ("identifier",
// "stream-id", "month") and, for stream ids, their kind (empty: any).
// kInvalid with the filter's name as the path.
Status CheckFilterFormat(const ViewContext& ctx, const std::string& name, const std::string& format,
                         const std::string& stream_kind = "");

// A string, or null when empty.
Json NullIfEmpty(const std::string& value);

// The corrections applied to a record, for display beside its values.
Json CorrectionsJson(const std::vector<CorrectionNote>& notes);

// An action is overdue when it is not complete and `today` is after its
// current due date (docs/views-domain23.md#actions).
bool ActionOverdue(const ActionRecord& action, Date today);
// Not complete, and neither planned nor progressed in the six months to `today`.
bool ActionProgressStale(const ActionRecord& action, Date today);
// The two rules above for an action known not to be complete, on the values
// ActionTracker keeps of it (OpenAction): the one place they are written.
// `today` is YYYY-MM-DD; an action without a due date is never overdue.
bool DuePassed(const std::string& due, const std::string& today);
bool ProgressStaleOn(const std::optional<Date>& stale_after, Date today);
// One action as the actions view shows it (also used by loop and dashboard).
Json ActionJson(const BoardState& state, const ActionRecord& action, Date today);

// One report an agency or sub-group owes the board (docs/views-domain23.md#assurance).
// The views point into the state it was judged on (or at string literals), so
// an obligation is valid only while that state is; none of it is allocated
// but the report list (the dashboard judges thousands on every render).
struct AssuranceObligation {
  std::string_view owner_kind;  // "agency" or "subgroup".
  std::string_view owner;
  std::string period;  // "2026" (agency, yearly) or "2026-H1" (sub-group, six-monthly).
  PeriodRange range;
  std::string due;          // The period's last day.
  std::string_view status;  // "received", "received_late", "overdue" or "due".
  // Assurance streams that meet it, in stream order: filled only with
  // ObligationDetail::kWithReports.
  std::vector<const std::string*> reports;
  std::string_view received_on;  // Earliest of their submission dates; empty when none.
};
// What a caller of ForEachAssuranceObligation needs of each obligation.
enum class ObligationDetail {
  kStatus,       // Everything but `reports` (left empty).
  kWithReports,  // Also the streams of the reports that meet it.
};
// Calls `visit` for every obligation whose period has started by `today`,
// agencies then sub-groups, each by id then period. The obligation passed is
// reused for the next one: copy what is kept beyond the call.
void ForEachAssuranceObligation(const BoardState& state, Date today, ObligationDetail detail,
                                const std::function<void(const AssuranceObligation&)>& visit);

// One slot of the reporting timetable in one month, judged at a date
// (docs/views-domain23.md#timetable).
struct TimetableSlot {
  const TimetableEntry* entry = nullptr;
  std::string status;                // "arrived", "arrived_late", "late" or "due".
  std::vector<std::string> reports;  // The report streams that filled it.
};
// The slots of month `month_start` (the first day of a month), judged at `today`.
std::vector<TimetableSlot> TimetableSlots(const BoardState& state, Date month_start, Date today);

// Rounds to two decimals (so that means read as typed, the same everywhere).
double Round2(double value);

}  // namespace lif
