// The dashboard view (docs/views-domain23.md#dashboard): what a board meeting
// opens with, judged at ctx.today:
//  - overdue actions (see the actions view), oldest due date first;
//  - actions whose latest RAG is red and that are not complete;
//  - exceptions from the PMF indicators (the indicators view's rules);
//  - case reviews with a statutory clock overdue or near its deadline (the
//    reviews view's rules);
//  - reports due this month: the reporting timetable's slots for the month of
//    ctx.today, and the assurance reports due this month or already overdue;
//  - the share of learning items whose loop is closed (the loop view).
// No filters.
#include "core/projections/learning_loop.h"
#include "core/views/domain23_view_util.h"
#include "core/views/view_registry.h"

namespace lif {

Result<Json> RenderDashboardView(const BoardState& state, const ViewContext& ctx) {
  // Actions.
  std::vector<const ActionRecord*> overdue;
  Json red = Json::array();
  int64_t stale = 0;
  for (const auto& [stream, a] : state.actions().actions()) {
    if (ActionOverdue(a, ctx.today)) overdue.push_back(&a);
    if (!a.IsComplete() && a.LatestRag() == "red") {
      red.push_back({{"stream", stream},
                     {"title", a.title},
                     {"owner_agency", a.owner_agency},
                     {"due", a.due},
                     {"last_progress_on", a.progress.back().on},
                     {"note", a.progress.back().note}});
    }
    if (ActionProgressStale(a, ctx.today)) ++stale;
  }
  std::stable_sort(overdue.begin(), overdue.end(),
                   [](const ActionRecord* x, const ActionRecord* y) { return x->due < y->due; });
  Json overdue_json = Json::array();
  for (const ActionRecord* a : overdue) {
    Result<Date> due = ParseDate(a->due);
    overdue_json.push_back({{"stream", a->stream},
                            {"title", a->title},
                            {"owner_agency", a->owner_agency},
                            {"due", a->due},
                            {"original_due", a->original_due},
                            {"days_overdue", due.ok() ? ctx.today.days - due->days : 0},
                            {"rag", NullIfEmpty(a->LatestRag())}});
  }

  // Domain 1: indicator exceptions and review clocks, by the domain 1 views' rules.
  ViewContext plain = ctx;
  plain.filters.clear();
  Result<Json> indicators = RenderIndicatorsView(state, plain);
  if (!indicators.ok()) return indicators.status();
  Result<Json> reviews = RenderReviewsView(state, plain);
  if (!reviews.ok()) return reviews.status();
  Json near_reviews = Json::array();
  for (const Json& r : (*reviews)["case_reviews"]["items"]) {
    if (r["overdue"] != true && r["near_deadline"] != true) continue;
    near_reviews.push_back({{"stream", r["stream"]},
                            {"title", r["title"]},
                            {"stage", r["stage"]},
                            {"overdue", r["overdue"]},
                            {"near_deadline", r["near_deadline"]},
                            {"clocks", r["clocks"]}});
  }

  // Reports due this month.
  const CivilDate t = CivilFromDate(ctx.today);
  const Date month_start = DateFromCivil({t.year, t.month, 1});
  const std::string first = FormatDate(month_start);
  const std::string last = FormatDate(Date{AddMonths(month_start, 1).days - 1});
  Json slots = Json::array();
  for (const TimetableSlot& s : TimetableSlots(state, month_start, ctx.today)) {
    slots.push_back({{"entry", s.entry->id},
                     {"title", s.entry->title},
                     {"status", s.status},
                     {"reports", s.reports}});
  }
  Json assurance = Json::array();
  for (const AssuranceObligation& o : AssuranceObligations(state, ctx.today)) {
    const bool due_this_month = o.due >= first && o.due <= last;
    if (!due_this_month && o.status != "overdue") continue;
    assurance.push_back({{"owner_kind", o.owner_kind},
                         {"owner", o.owner},
                         {"period", o.period},
                         {"due", o.due},
                         {"status", o.status}});
  }

  // The loop.
  int64_t items = 0;
  int64_t closed = 0;
  for (const auto& [stream, item] : state.learning().items()) {
    ++items;
    if (LoopOf(state, stream).closed) ++closed;
  }

  return Json{{"summary",
               {{"overdue_actions", overdue_json.size()},
                {"red_actions", red.size()},
                {"stale_actions", stale},
                {"indicator_exceptions", (*indicators)["exceptions"].size()},
                {"reviews_near_deadline", near_reviews.size()},
                {"learning_items", items},
                {"loops_closed", closed}}},
              {"overdue_actions", overdue_json},
              {"red_actions", red},
              {"indicator_exceptions", (*indicators)["exceptions"]},
              {"reviews_near_deadline", near_reviews},
              {"reports_due_this_month",
               {{"month", first.substr(0, 7)}, {"timetable", slots}, {"assurance", assurance}}}};
}

}  // namespace lif
