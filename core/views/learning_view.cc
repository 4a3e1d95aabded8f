// The learning register view (docs/views.md#learning).
#include "core/views/view_registry.h"

namespace lif {

Result<Json> RenderLearningView(const BoardState& state, const ViewContext& ctx) {
  const std::string source_filter = ctx.filters.count("source") ? ctx.filters.at("source") : "";
  const std::string theme_filter = ctx.filters.count("theme") ? ctx.filters.at("theme") : "";
  Json items = Json::array();
  std::map<std::string, int64_t> by_source, by_theme, by_kind;
  for (const auto& [stream, item] : state.learning().items()) {
    if (!source_filter.empty() && item.source_kind != source_filter) continue;
    if (!theme_filter.empty() &&
        std::find(item.themes.begin(), item.themes.end(), theme_filter) == item.themes.end()) {
      continue;
    }
    ++by_source[item.source_kind];
    ++by_kind[item.kind];
    for (const std::string& t : item.themes) ++by_theme[t];
    items.push_back({{"stream", item.stream},
                     {"title", item.title},
                     {"kind", item.kind},
                     {"source", {{"kind", item.source_kind}, {"stream", item.source_stream}}},
                     {"themes", item.themes},
                     {"agency", item.agency.empty() ? Json(nullptr) : Json(item.agency)},
                     {"identified_on", item.identified_on},
                     {"recorded_at", item.recorded_at}});
  }
  return Json{{"total", items.size()},
              {"by_source", by_source},
              {"by_kind", by_kind},
              {"by_theme", by_theme},
              {"items", items}};
}

}  // namespace lif
