// The learning register view (docs/views-domain23.md#learning): every
// learning item with its source, themes and status (open, in_action,
// embedded: see core/projections/learning_loop.h), corrections applied and
// shown, and counts by source kind, kind, theme and status.
// Filters: source (a source kind), theme, status. A bad value is a 400
// naming the filter.
#include "core/projections/learning_loop.h"
#include "core/views/domain23_view_util.h"
#include "core/views/view_registry.h"

namespace lif {

Result<Json> RenderLearningView(const BoardState& state, const ViewContext& ctx) {
  LIF_RETURN_IF_ERROR(CheckFilterFormat(ctx, "source", "identifier"));
  LIF_RETURN_IF_ERROR(CheckFilterFormat(ctx, "theme", "identifier"));
  const std::string source_filter = FilterValue(ctx, "source");
  const std::string theme_filter = FilterValue(ctx, "theme");
  const std::string status_filter = FilterValue(ctx, "status");
  if (ctx.filters.count("status") && !ParseLearningStatus(status_filter)) {
    return Status::Invalid("status must be open, in_action or embedded", "status");
  }
  Json items = Json::array();
  std::map<std::string, int64_t> by_source, by_theme, by_kind;
  std::map<std::string, int64_t> by_status = {{"open", 0}, {"in_action", 0}, {"embedded", 0}};
  for (const auto& [stream, item] : state.learning().items()) {
    if (!source_filter.empty() && item.source_kind != source_filter) continue;
    if (!theme_filter.empty() &&
        std::find(item.themes.begin(), item.themes.end(), theme_filter) == item.themes.end()) {
      continue;
    }
    const LearningLoop loop = LoopOf(state, stream);
    const std::string status = LearningStatusName(loop.status);
    if (!status_filter.empty() && status != status_filter) continue;
    ++by_source[item.source_kind];
    ++by_kind[item.kind];
    ++by_status[status];
    for (const std::string& t : item.themes) ++by_theme[t];
    Json actions = Json::array();
    for (const ActionRecord* a : loop.actions) actions.push_back(a->stream);
    items.push_back({{"stream", item.stream},
                     {"title", item.title},
                     {"kind", item.kind},
                     {"source", {{"kind", item.source_kind}, {"stream", item.source_stream}}},
                     {"themes", item.themes},
                     {"agency", NullIfEmpty(item.agency)},
                     {"status", status},
                     {"actions", actions},
                     {"identified_on", item.identified_on},
                     {"recorded_at", item.recorded_at},
                     {"corrections", CorrectionsJson(item.corrections)}});
  }
  return Json{{"total", items.size()}, {"by_source", by_source}, {"by_kind", by_kind},
              {"by_theme", by_theme},  {"by_status", by_status}, {"items", items}};
}

}  // namespace lif
