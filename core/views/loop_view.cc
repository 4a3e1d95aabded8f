// The loop view (docs/views-domain23.md#loop): for each learning item the
// chain learning -> actions -> evidence of impact -> embedded assurance, its
// stage (core/projections/learning_loop.h), and the share of items whose
// loop is closed: closed_percent = round(100 * closed / total), half up.
// Filters: theme, source (a source kind). Both are identifiers; a bad value
// is a 400 naming the filter.
#include "core/projections/learning_loop.h"
#include "core/views/domain23_view_util.h"
#include "core/views/view_registry.h"

namespace lif {

Result<Json> RenderLoopView(const BoardState& state, const ViewContext& ctx) {
  LIF_RETURN_IF_ERROR(CheckFilterFormat(ctx, "theme", "identifier"));
  LIF_RETURN_IF_ERROR(CheckFilterFormat(ctx, "source", "identifier"));
  const std::string theme = FilterValue(ctx, "theme");
  const std::string source = FilterValue(ctx, "source");
  std::map<std::string, int64_t> by_stage = {
      {"identified", 0}, {"in_action", 0}, {"impact_evidenced", 0}, {"closed", 0}};
  Json items = Json::array();
  int64_t closed = 0;
  for (const auto& [stream, item] : state.learning().items()) {
    if (!source.empty() && item.source_kind != source) continue;
    if (!theme.empty() &&
        std::find(item.themes.begin(), item.themes.end(), theme) == item.themes.end()) {
      continue;
    }
    const LearningLoop loop = LoopOf(state, stream);
    ++by_stage[loop.stage];
    if (loop.closed) ++closed;
    Json actions = Json::array();
    for (const ActionRecord* a : loop.actions) {
      actions.push_back({{"stream", a->stream},
                         {"title", a->title},
                         {"owner_agency", a->owner_agency},
                         {"status", ActionStatusName(a->status)},
                         {"due", a->due},
                         {"overdue", ActionOverdue(*a, ctx.today)},
                         {"evidence_of_impact", NullIfEmpty(a->evidence_of_impact)}});
    }
    Json presented = Json::array();
    Json disseminated = Json::array();
    Json embedded = Json::array();
    if (loop.dissemination != nullptr) {
      for (const LearningPresentation& p : loop.dissemination->presentations) {
        presented.push_back(p.meeting);
      }
      for (const LearningDissemination& d : loop.dissemination->disseminations) {
        disseminated.push_back({{"agency", d.agency}, {"method", d.method}, {"date", d.date}});
      }
      for (const LearningEmbedding& e : loop.dissemination->embeddings) {
        embedded.push_back({{"agency", e.agency},
                            {"evidence", e.evidence},
                            {"assurance", NullIfEmpty(e.assurance)},
                            {"on", e.on}});
      }
    }
    items.push_back({{"stream", stream},
                     {"title", item.title},
                     {"kind", item.kind},
                     {"source", {{"kind", item.source_kind}, {"stream", item.source_stream}}},
                     {"status", LearningStatusName(loop.status)},
                     {"stage", loop.stage},
                     {"closed", loop.closed},
                     {"actions", actions},
                     {"actions_complete", loop.actions_complete},
                     {"actions_signed_off", loop.actions_signed_off},
                     {"presented", presented},
                     {"disseminated", disseminated},
                     {"embedded", embedded}});
  }
  const int64_t total = static_cast<int64_t>(items.size());
  return Json{
      {"total", total},
      {"closed", closed},
      {"closed_percent", total == 0 ? Json(nullptr) : Json((closed * 200 + total) / (2 * total))},
      {"by_stage", by_stage},
      {"items", items}};
}

}  // namespace lif
