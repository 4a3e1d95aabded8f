// The priorities view (docs/views-followup.md#priorities): for each business
// plan priority, the progress of the actions that name it (action.planned's
// `priority`, as corrected): counts by status and by the latest RAG, how many
// are complete, the percentage complete, overdue and with stale progress, and
// the plans that list the priority.
//
// Rules, judged at ctx.today:
//  - complete: completed or signed off; complete_percent = round(100 *
//    complete / actions), halves up, null for a priority with no action;
//  - overdue and progress_stale by the actions view's rules;
//  - RAG: the latest progress update's; "none" for an action with no update.
// Also counts the actions that name no priority, and those that name a
// priority stream no priority.set ever set (`unknown_priority`: listed, not
// dropped).
// Filters: status (active or retired), priority (a priority stream). A bad
// value is a 400 naming the filter.
#include "core/views/followup_view_util.h"
#include "core/views/view_registry.h"

namespace lif {
namespace {

struct Rollup {
  std::map<std::string, int64_t> by_status = {
      {"planned", 0}, {"in_progress", 0}, {"completed", 0}, {"signed_off", 0}};
  std::map<std::string, int64_t> by_rag = {{"red", 0}, {"amber", 0}, {"green", 0}, {"none", 0}};
  int64_t total = 0, complete = 0, overdue = 0, stale = 0;
  Json overdue_actions = Json::array();

  void Add(const ActionRecord& a, Date today) {
    ++total;
    ++by_status[ActionStatusName(a.status)];
    const std::string rag = a.LatestRag();
    ++by_rag[rag.empty() ? "none" : rag];
    if (a.IsComplete()) ++complete;
    if (ActionOverdue(a, today)) {
      ++overdue;
      overdue_actions.push_back(a.stream);
    }
    if (ActionProgressStale(a, today)) ++stale;
  }
};

}  // namespace

Result<Json> RenderPrioritiesView(const BoardState& state, const ViewContext& ctx) {
  LIF_RETURN_IF_ERROR(CheckFilterChoice(ctx, "status", {"active", "retired"}));
  LIF_RETURN_IF_ERROR(CheckFilterFormat(ctx, "priority", "stream-id", "priority"));
  const std::string status = FilterValue(ctx, "status");
  const std::string priority_filter = FilterValue(ctx, "priority");
  const auto& priorities = state.actions().priorities();

  std::map<std::string, Rollup> rollups;
  int64_t without_priority = 0;
  std::map<std::string, int64_t> unknown;  // Priority stream -> actions naming it.
  for (const auto& [stream, a] : state.actions().actions()) {
    if (a.priority.empty()) {
      ++without_priority;
    } else if (!priorities.count(a.priority)) {
      ++unknown[a.priority];
    } else {
      rollups[a.priority].Add(a, ctx.today);
    }
  }
  Json rows = Json::array();
  for (const auto& [stream, p] : priorities) {
    if (!status.empty() && p.status != status) continue;
    if (!priority_filter.empty() && stream != priority_filter) continue;
    const Rollup& r = rollups[stream];
    Json plans = Json::array();
    for (const auto& [plan_stream, plan] : state.actions().plans()) {
      for (const std::string& listed : plan.priorities) {
        if (listed == stream) {
          plans.push_back(plan_stream);
          break;
        }
      }
    }
    rows.push_back({{"stream", stream},
                    {"title", p.title},
                    {"status", p.status},
                    {"expected_impact", NullIfEmpty(p.expected_impact)},
                    {"period_start", NullIfEmpty(p.period_start)},
                    {"period_end", NullIfEmpty(p.period_end)},
                    {"plans", std::move(plans)},
                    {"actions", r.total},
                    {"complete", r.complete},
                    {"complete_percent", PercentOf(r.complete, r.total)},
                    {"overdue", r.overdue},
                    {"progress_stale", r.stale},
                    {"by_status", r.by_status},
                    {"by_rag", r.by_rag},
                    {"overdue_actions", r.overdue_actions},
                    {"corrections", CorrectionsJson(p.corrections)}});
  }
  Json unknown_rows = Json::array();
  for (const auto& [stream, n] : unknown) {
    unknown_rows.push_back({{"priority", stream}, {"actions", n}});
  }
  return Json{{"total", rows.size()},
              {"actions_without_priority", without_priority},
              {"priorities", std::move(rows)},
              {"unknown_priority", std::move(unknown_rows)}};
}

}  // namespace lif
