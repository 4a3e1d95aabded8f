// The plan reports view (docs/views-followup.md#plan_reports): each action
// plan's six-monthly progress report to the board, as an obligation with its
// due date and whether it was received, received late, is overdue or still
// due. A plan's report is a report.presented whose `subject` is the plan's
// stream (any kind; the timetable's "action_monitoring" slot is one), received
// on its `meeting` date.
//
// Rules, judged at ctx.today:
//  - every plan owes one report for each half year (January-June due 30
//    June, July-December due 31 December) from the half in which it was
//    created (plan.created's occurred_at), for every half that has started;
//  - a half is "received" when reports on the plan were presented at
//    meetings within it (received_on the earliest); a report answers the
//    half of its meeting first, so a report is late for the half before only
//    when its own half has another: a half with no report of its own is
//    "received_late" when the next half holds two or more reports (the first
//    of them answers it, late, and the others the next half); else
//    "overdue" once today is after the due date, or "due";
//  - reports whose subject names a plan stream that no plan.created made
//    are listed under `unmatched_reports`, never dropped.
// Filters: plan (a plan stream), status (received, received_late, overdue or
// due). A bad value is a 400 naming the filter.
#include <algorithm>

#include "core/views/followup_view_util.h"
#include "core/views/view_registry.h"

namespace lif {
namespace {

struct PlanReport {
  const ReportRecord* report;
};

// The half year (1 or 2) of a date, and its first and last days.
struct Half {
  int year;
  int half;
  std::string Period() const { return std::to_string(year) + (half == 1 ? "-H1" : "-H2"); }
  std::string Start() const { return std::to_string(year) + (half == 1 ? "-01-01" : "-07-01"); }
  std::string End() const { return std::to_string(year) + (half == 1 ? "-06-30" : "-12-31"); }
  Half Next() const { return half == 1 ? Half{year, 2} : Half{year + 1, 1}; }
};

Half HalfOf(Date d) {
  const CivilDate c = CivilFromDate(d);
  return Half{c.year, c.month <= 6 ? 1 : 2};
}

}  // namespace

Result<Json> RenderPlanReportsView(const BoardState& state, const ViewContext& ctx) {
  LIF_RETURN_IF_ERROR(CheckFilterFormat(ctx, "plan", "stream-id", "plan"));
  LIF_RETURN_IF_ERROR(
      CheckFilterChoice(ctx, "status", {"received", "received_late", "overdue", "due"}));
  const std::string plan_filter = FilterValue(ctx, "plan");
  const std::string status_filter = FilterValue(ctx, "status");
  const std::string today = FormatDate(ctx.today);
  const auto& plans = state.actions().plans();

  // The reports on each plan, by meeting date then stream.
  std::map<std::string, std::vector<PlanReport>> by_plan;
  Json unmatched = Json::array();
  for (const auto& [stream, r] : state.assurance().reports()) {
    if (r.subject.rfind("plan/", 0) != 0) continue;
    if (!plans.count(r.subject)) {
      unmatched.push_back(
          {{"stream", stream}, {"subject", r.subject}, {"meeting", r.meeting}, {"title", r.title}});
      continue;
    }
    by_plan[r.subject].push_back({&r});
  }
  for (auto& [plan, reports] : by_plan) {
    std::sort(reports.begin(), reports.end(), [](const PlanReport& x, const PlanReport& y) {
      return x.report->meeting != y.report->meeting ? x.report->meeting < y.report->meeting
                                                    : x.report->stream < y.report->stream;
    });
  }

  std::map<std::string, int64_t> summary = {
      {"received", 0}, {"received_late", 0}, {"overdue", 0}, {"due", 0}};
  Json obligations = Json::array();
  Json reports_json = Json::array();
  for (const auto& [stream, plan] : plans) {
    if (!plan_filter.empty() && stream != plan_filter) continue;
    std::vector<PlanReport>& reports = by_plan[stream];
    for (const PlanReport& r : reports) {
      reports_json.push_back({{"stream", r.report->stream},
                              {"plan", stream},
                              {"title", r.report->title},
                              {"kind", r.report->kind},
                              {"meeting", r.report->meeting},
                              {"corrections", CorrectionsJson(r.report->corrections)}});
    }
    Result<Date> created = ParseDate(plan.created_on);
    if (!created.ok()) continue;
    // The halves owed, and the reports presented within each.
    std::vector<Half> halves;
    for (Half h = HalfOf(*created); h.Start() <= today; h = h.Next()) halves.push_back(h);
    std::vector<std::vector<const ReportRecord*>> within(halves.size());
    for (const PlanReport& r : reports) {
      for (size_t i = 0; i < halves.size(); ++i) {
        if (r.report->meeting >= halves[i].Start() && r.report->meeting <= halves[i].End()) {
          within[i].push_back(r.report);
        }
      }
    }
    std::vector<size_t> taken(halves.size(), 0);  // Reports of a half used late by the one before.
    for (size_t i = 0; i < halves.size(); ++i) {
      const Half& h = halves[i];
      const std::string due = h.End();
      Json answered = Json::array();
      std::string received_on, status;
      for (size_t k = taken[i]; k < within[i].size(); ++k) {
        answered.push_back(within[i][k]->stream);
        if (received_on.empty()) received_on = within[i][k]->meeting;
      }
      if (!answered.empty()) {
        status = "received";
      } else if (i + 1 < halves.size() && within[i + 1].size() >= 2) {
        // The next half has a report of its own besides its first: the first is this one's, late.
        taken[i + 1] = 1;
        answered.push_back(within[i + 1][0]->stream);
        received_on = within[i + 1][0]->meeting;
        status = "received_late";
      } else {
        status = today > due ? "overdue" : "due";
      }
      if (!status_filter.empty() && status != status_filter) continue;
      ++summary[status];
      obligations.push_back(
          {{"plan", stream},
           {"title", plan.title},
           {"kind", plan.kind},
           {"owner", NullIfEmpty(!plan.subgroup.empty() ? plan.subgroup : plan.agency)},
           {"period", h.Period()},
           {"start", h.Start()},
           {"due", due},
           {"status", status},
           {"reports", std::move(answered)},
           {"received_on", NullIfEmpty(received_on)}});
    }
  }
  return Json{{"summary", summary},
              {"obligations", std::move(obligations)},
              {"reports", std::move(reports_json)},
              {"unmatched_reports", std::move(unmatched)}};
}

}  // namespace lif
