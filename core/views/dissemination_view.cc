// The dissemination view (docs/views-followup.md#dissemination): for each
// learning item presented to the board, which agencies have spread it within
// their agency (learning.disseminated) and assured the board it is embedded
// (learning.embedded), and which have not; and the same per agency.
//
// Rules, judged on the view's state:
//  - once a learning item has been presented to the board
//    (learning.presented), every registered agency is expected to
//    disseminate it and then to assure the board it is embedded (the seed's
//    dissemination cycle). An item not yet presented expects nothing yet and
//    is listed with presented false;
//  - an agency that recorded either without being registered is listed
//    among those that did, never among those expected.
// Filters: agency (an identifier: each item shows only that agency, and the
// per-agency list only its row), outstanding (true: only the items some
// expected agency has not disseminated or not assured; false: only those
// complete), learning (a learning stream). A bad value is a 400 naming the
// filter.
#include <set>

#include "core/views/followup_view_util.h"
#include "core/views/view_registry.h"

namespace lif {
namespace {

Json Strings(const std::set<std::string>& set) {
  return Json(std::vector<std::string>(set.begin(), set.end()));
}

struct AgencyTally {
  int64_t expected = 0;
  int64_t disseminated = 0;
  int64_t assured = 0;
  int64_t not_disseminated = 0;
  int64_t not_assured = 0;
};

}  // namespace

Result<Json> RenderDisseminationView(const BoardState& state, const ViewContext& ctx) {
  LIF_RETURN_IF_ERROR(CheckFilterFormat(ctx, "agency", "identifier"));
  LIF_RETURN_IF_ERROR(CheckFilterChoice(ctx, "outstanding", {"true", "false"}));
  LIF_RETURN_IF_ERROR(CheckFilterFormat(ctx, "learning", "stream-id", "learning"));
  const std::string agency = FilterValue(ctx, "agency");
  const std::string outstanding = FilterValue(ctx, "outstanding");
  const std::string learning = FilterValue(ctx, "learning");

  // The agencies expected of every presented item (all, or the one asked for).
  std::set<std::string> registered;
  for (const auto& [id, a] : state.reference().agencies()) {
    if (agency.empty() || id == agency) registered.insert(id);
  }
  std::map<std::string, AgencyTally> tally;
  for (const std::string& id : registered) tally[id];
  int64_t presented_count = 0, fully_disseminated = 0, fully_assured = 0;
  Json items = Json::array();
  for (const auto& [stream, item] : state.learning().items()) {
    if (!learning.empty() && stream != learning) continue;
    const DisseminationRecord* record = state.dissemination().Find(stream);
    std::set<std::string> disseminated, assured, meetings;
    if (record != nullptr) {
      for (const LearningPresentation& p : record->presentations) meetings.insert(p.meeting);
      for (const LearningDissemination& d : record->disseminations) {
        if (agency.empty() || d.agency == agency) disseminated.insert(d.agency);
      }
      for (const LearningEmbedding& e : record->embeddings) {
        if (agency.empty() || e.agency == agency) assured.insert(e.agency);
      }
    }
    const bool presented = !meetings.empty();
    std::set<std::string> not_disseminated, not_assured;
    if (presented) {
      for (const std::string& id : registered) {
        if (!disseminated.count(id)) not_disseminated.insert(id);
        if (!assured.count(id)) not_assured.insert(id);
      }
    }
    const bool complete = presented && not_disseminated.empty() && not_assured.empty();
    if (outstanding == "true" && (!presented || complete)) continue;
    if (outstanding == "false" && !complete) continue;
    if (presented) {
      ++presented_count;
      if (not_disseminated.empty()) ++fully_disseminated;
      if (not_assured.empty()) ++fully_assured;
      for (const std::string& id : registered) {
        AgencyTally& t = tally[id];
        ++t.expected;
        if (disseminated.count(id)) ++t.disseminated;
        if (assured.count(id)) ++t.assured;
      }
      for (const std::string& id : not_disseminated) ++tally[id].not_disseminated;
      for (const std::string& id : not_assured) ++tally[id].not_assured;
    }
    items.push_back({{"stream", stream},
                     {"title", item.title},
                     {"presented", presented},
                     {"presented_at", Strings(meetings)},
                     {"disseminated_by", Strings(disseminated)},
                     {"assured_by", Strings(assured)},
                     {"not_disseminated", Strings(not_disseminated)},
                     {"not_assured", Strings(not_assured)},
                     {"corrections",
                      record == nullptr ? Json::array() : CorrectionsJson(record->corrections)}});
  }
  Json agencies = Json::array();
  for (const auto& [id, t] : tally) {
    agencies.push_back({{"agency", id},
                        {"expected", t.expected},
                        {"disseminated", t.disseminated},
                        {"assured", t.assured},
                        {"not_disseminated", t.not_disseminated},
                        {"not_assured", t.not_assured}});
  }
  return Json{{"total", items.size()},          {"expected_agencies", Strings(registered)},
              {"presented", presented_count},   {"fully_disseminated", fully_disseminated},
              {"fully_assured", fully_assured}, {"items", std::move(items)},
              {"agencies", std::move(agencies)}};
}

}  // namespace lif
