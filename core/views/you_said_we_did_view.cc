// The "you said, we did" view (docs/views-followup.md#you_said_we_did): every
// voice-of-the-child record (voice/...) and service-user feedback record
// (feedback/...), the learning items identified from it (learning.identified
// whose source.stream is the record's stream) and the actions answering each
// item (action.planned listing it in `learning`), with their status.
//
// Rules, judged at ctx.today:
//  - outcome: "acted_on" when at least one action answers a learning item
//    from the record; else "learning_only" when a learning item names the
//    record as its source; else "nothing" (it led to nothing yet);
//  - an action is overdue by the actions view's rule.
// Also lists the learning items whose source kind is voice_of_child or
// service_user_feedback but whose source stream is no record held
// (`learning_without_record`): the link is broken, not silently dropped.
// Filters: kind (voice or feedback), agency (the record's agency), outcome
// (acted_on, learning_only or nothing). A bad value is a 400 naming the
// filter.
#include <set>

#include "core/projections/learning_loop.h"
#include "core/views/followup_view_util.h"
#include "core/views/view_registry.h"

namespace lif {
namespace {

// What the view reads of either kind of record.
struct HeardRecord {
  std::string kind;  // "voice" or "feedback".
  std::string stream;
  std::string title;
  std::string agency;
  std::string on;
  std::string method;
  int64_t people = 0;
  std::string summary;
  std::vector<std::string> themes;
  std::string sentiment;
};

std::vector<HeardRecord> HeardRecords(const LearningSources& sources) {
  std::vector<HeardRecord> out;
  for (const auto& [stream, v] : sources.voice()) {
    out.push_back(HeardRecord{"voice", stream, v.title, v.agency, v.collected_on, v.method,
                              v.participants, v.summary, v.themes, ""});
  }
  for (const auto& [stream, f] : sources.feedback()) {
    out.push_back(HeardRecord{"feedback",
                              stream,
                              f.about,
                              f.agency,
                              f.received_on,
                              f.method,
                              f.respondents,
                              f.summary,
                              {},
                              f.sentiment});
  }
  return out;
}

}  // namespace

Result<Json> RenderYouSaidWeDidView(const BoardState& state, const ViewContext& ctx) {
  LIF_RETURN_IF_ERROR(CheckFilterChoice(ctx, "kind", {"voice", "feedback"}));
  LIF_RETURN_IF_ERROR(CheckFilterFormat(ctx, "agency", "identifier"));
  LIF_RETURN_IF_ERROR(CheckFilterChoice(ctx, "outcome", {"acted_on", "learning_only", "nothing"}));
  const std::string kind = FilterValue(ctx, "kind");
  const std::string agency = FilterValue(ctx, "agency");
  const std::string outcome_filter = FilterValue(ctx, "outcome");

  const auto by_source = LearningBySource(state);
  const std::map<std::string, Json> corrections = CorrectionsByStream(state);
  std::map<std::string, int64_t> by_kind = {{"voice", 0}, {"feedback", 0}};
  std::map<std::string, int64_t> by_outcome = {
      {"acted_on", 0}, {"learning_only", 0}, {"nothing", 0}};
  int64_t learning_count = 0, action_count = 0, actions_complete = 0;
  Json records = Json::array();
  for (const HeardRecord& r : HeardRecords(state.learning_sources())) {
    if (!kind.empty() && r.kind != kind) continue;
    if (!agency.empty() && r.agency != agency) continue;
    Json learning = Json::array();
    // An action answering two items of the record is counted once.
    std::set<std::string> answering, complete;
    auto items = by_source.find(r.stream);
    if (items != by_source.end()) {
      for (const LearningRegister::Item* item : items->second) {
        const LearningLoop loop = LoopOf(state, item->stream);
        Json actions = Json::array();
        for (const ActionRecord* a : loop.actions) {
          actions.push_back(ActionBriefJson(*a, ctx.today));
          answering.insert(a->stream);
          if (a->IsComplete()) complete.insert(a->stream);
        }
        learning.push_back({{"stream", item->stream},
                            {"title", item->title},
                            {"identified_on", item->identified_on},
                            {"status", LearningStatusName(loop.status)},
                            {"stage", loop.stage},
                            {"actions", std::move(actions)}});
      }
    }
    const int64_t actions_here = static_cast<int64_t>(answering.size());
    const int64_t complete_here = static_cast<int64_t>(complete.size());
    const std::string outcome = actions_here > 0    ? "acted_on"
                                : !learning.empty() ? "learning_only"
                                                    : "nothing";
    if (!outcome_filter.empty() && outcome != outcome_filter) continue;
    ++by_kind[r.kind];
    ++by_outcome[outcome];
    learning_count += static_cast<int64_t>(learning.size());
    action_count += actions_here;
    actions_complete += complete_here;
    auto c = corrections.find(r.stream);
    records.push_back({{"stream", r.stream},
                       {"kind", r.kind},
                       {"title", r.title},
                       {"agency", NullIfEmpty(r.agency)},
                       {"on", r.on},
                       {"method", r.method},
                       {"people", r.people},
                       {"summary", r.summary},
                       {"themes", r.themes},
                       {"sentiment", NullIfEmpty(r.sentiment)},
                       {"outcome", outcome},
                       {"learning", std::move(learning)},
                       {"actions", actions_here},
                       {"actions_complete", complete_here},
                       {"corrections", c == corrections.end() ? Json::array() : c->second}});
  }
  // Items that say they came from a voice or feedback record that is not held.
  const auto& sources = state.learning_sources();
  Json orphans = Json::array();
  for (const auto& [stream, item] : state.learning().items()) {
    if (item.source_kind != "voice_of_child" && item.source_kind != "service_user_feedback") {
      continue;
    }
    if (sources.voice().count(item.source_stream) || sources.feedback().count(item.source_stream)) {
      continue;
    }
    orphans.push_back({{"stream", stream},
                       {"title", item.title},
                       {"source", {{"kind", item.source_kind}, {"stream", item.source_stream}}}});
  }
  return Json{{"total", records.size()},
              {"by_kind", by_kind},
              {"by_outcome", by_outcome},
              {"led_to_nothing", by_outcome["nothing"]},
              {"learning_items", learning_count},
              {"actions", action_count},
              {"actions_complete", actions_complete},
              {"records", std::move(records)},
              {"learning_without_record", std::move(orphans)}};
}

}  // namespace lif
