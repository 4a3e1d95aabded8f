// The actions view (docs/views-domain23.md#actions): every action with its
// plan, owner, due date (and the original one), RAG, last progress, overdue
// flag, evidence of impact and sign-off, corrections applied and shown.
//
// Rules, judged at ctx.today:
//  - overdue: not complete (neither completed nor signed off) and today is
//    after the current due date (an action due today is not yet overdue);
//  - progress_stale: not complete and neither planned nor progressed within
//    the last six months (progress is expected at least six-monthly).
// Filters: agency (owner), plan, priority, status (planned, in_progress,
// completed, signed_off), overdue (true or false), rag (red, amber, green:
// the latest progress update's RAG; an action with no update has none and
// matches no rag value). A bad value is a 400 naming the filter.
#include "core/views/domain23_view_util.h"
#include "core/views/view_registry.h"

namespace lif {
namespace {

Json ProgressJson(const ActionProgress& p) {
  return {{"on", p.on}, {"note", p.note}, {"rag", p.rag}, {"agency", NullIfEmpty(p.agency)}};
}

}  // namespace

Json ActionJson(const BoardState& state, const ActionRecord& a, Date today) {
  const bool overdue = ActionOverdue(a, today);
  Json plan = {{"stream", a.plan}, {"title", nullptr}, {"kind", nullptr}};
  auto p = state.actions().plans().find(a.plan);
  if (p != state.actions().plans().end()) {
    plan["title"] = p->second.title;
    plan["kind"] = p->second.kind;
  }
  Json revisions = Json::array();
  for (const DueRevision& r : a.revisions) {
    revisions.push_back({{"due", r.due}, {"reason", r.reason}, {"on", r.on}});
  }
  Json reopenings = Json::array();
  for (const Reopening& r : a.reopenings) {
    reopenings.push_back({{"on", r.on}, {"reason", r.reason}});
  }
  Result<Date> due = ParseDate(a.due);
  int64_t days_overdue = overdue && due.ok() ? today.days - due->days : 0;
  return {{"stream", a.stream},
          {"title", a.title},
          {"plan", plan},
          {"owner_agency", a.owner_agency},
          {"lead", a.lead},
          {"priority", NullIfEmpty(a.priority)},
          {"learning", a.learning},
          {"planned_on", a.planned_on},
          {"due", a.due},
          {"original_due", a.original_due},
          {"due_revised", !a.revisions.empty()},
          {"revisions", revisions},
          {"status", ActionStatusName(a.status)},
          {"rag", NullIfEmpty(a.LatestRag())},
          {"last_progress", a.progress.empty() ? Json(nullptr) : ProgressJson(a.progress.back())},
          {"progress_updates", a.progress.size()},
          {"overdue", overdue},
          {"days_overdue", days_overdue},
          {"progress_stale", ActionProgressStale(a, today)},
          {"evidence_of_impact", NullIfEmpty(a.evidence_of_impact)},
          {"completed_on", NullIfEmpty(a.completed_on)},
          {"completed_late", !a.completed_on.empty() && a.completed_on > a.due},
          {"signed_off", a.status == ActionStatus::kSignedOff},
          {"signed_off_on", NullIfEmpty(a.signed_off_on)},
          {"reopenings", reopenings},
          {"anomalies", a.anomalies},
          {"corrections", CorrectionsJson(a.corrections)}};
}

bool DuePassed(const std::string& due, const std::string& today) {
  return !due.empty() && today > due;
}

bool ProgressStaleOn(const std::optional<Date>& stale_after, Date today) {
  return stale_after.has_value() && *stale_after < today;
}

bool ActionOverdue(const ActionRecord& a, Date today) {
  return !a.IsComplete() && DuePassed(a.due, FormatDate(today));
}

bool ActionProgressStale(const ActionRecord& a, Date today) {
  return !a.IsComplete() && ProgressStaleOn(a.ProgressStaleAfter(), today);
}

Result<Json> RenderActionsView(const BoardState& state, const ViewContext& ctx) {
  LIF_RETURN_IF_ERROR(CheckFilterFormat(ctx, "agency", "identifier"));
  LIF_RETURN_IF_ERROR(CheckFilterFormat(ctx, "plan", "stream-id", "plan"));
  LIF_RETURN_IF_ERROR(CheckFilterFormat(ctx, "priority", "stream-id", "priority"));
  const std::string status = FilterValue(ctx, "status");
  if (ctx.filters.count("status") && !ParseActionStatus(status)) {
    return Status::Invalid("status must be planned, in_progress, completed or signed_off",
                           "status");
  }
  const std::string overdue_filter = FilterValue(ctx, "overdue");
  if (ctx.filters.count("overdue") && overdue_filter != "true" && overdue_filter != "false") {
    return Status::Invalid("overdue must be true or false", "overdue");
  }
  const std::string rag_filter = FilterValue(ctx, "rag");
  if (ctx.filters.count("rag") && rag_filter != "red" && rag_filter != "amber" &&
      rag_filter != "green") {
    return Status::Invalid("rag must be red, amber or green", "rag");
  }
  const std::string agency = FilterValue(ctx, "agency");
  const std::string plan = FilterValue(ctx, "plan");
  const std::string priority = FilterValue(ctx, "priority");

  Json actions = Json::array();
  std::map<std::string, int64_t> by_status = {
      {"planned", 0}, {"in_progress", 0}, {"completed", 0}, {"signed_off", 0}};
  std::map<std::string, int64_t> by_rag = {{"red", 0}, {"amber", 0}, {"green", 0}, {"none", 0}};
  int64_t overdue_count = 0;
  for (const auto& [stream, a] : state.actions().actions()) {
    const bool overdue = ActionOverdue(a, ctx.today);
    if (!agency.empty() && a.owner_agency != agency) continue;
    if (!plan.empty() && a.plan != plan) continue;
    if (!priority.empty() && a.priority != priority) continue;
    if (!status.empty() && ActionStatusName(a.status) != status) continue;
    if (!overdue_filter.empty() && overdue != (overdue_filter == "true")) continue;
    const std::string rag = a.LatestRag();
    if (!rag_filter.empty() && rag != rag_filter) continue;
    ++by_status[ActionStatusName(a.status)];
    ++by_rag[rag.empty() ? "none" : rag];
    if (overdue) ++overdue_count;
    actions.push_back(ActionJson(state, a, ctx.today));
  }
  Json plans = Json::array();
  for (const auto& [stream, p] : state.actions().plans()) {
    plans.push_back({{"stream", stream},
                     {"title", p.title},
                     {"kind", p.kind},
                     {"subgroup", NullIfEmpty(p.subgroup)},
                     {"agency", NullIfEmpty(p.agency)},
                     {"priorities", p.priorities},
                     {"corrections", CorrectionsJson(p.corrections)}});
  }
  Json priorities = Json::array();
  for (const auto& [stream, p] : state.actions().priorities()) {
    priorities.push_back({{"stream", stream},
                          {"title", p.title},
                          {"status", p.status},
                          {"expected_impact", NullIfEmpty(p.expected_impact)},
                          {"period_start", NullIfEmpty(p.period_start)},
                          {"period_end", NullIfEmpty(p.period_end)},
                          {"corrections", CorrectionsJson(p.corrections)}});
  }
  return Json{{"total", actions.size()}, {"overdue", overdue_count}, {"by_status", by_status},
              {"by_rag", by_rag},        {"actions", actions},       {"plans", plans},
              {"priorities", priorities}};
}

}  // namespace lif
