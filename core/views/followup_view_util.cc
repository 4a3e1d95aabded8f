#include "core/views/followup_view_util.h"

namespace lif {

std::map<std::string, std::vector<const LearningRegister::Item*>> LearningBySource(
    const BoardState& state) {
  std::map<std::string, std::vector<const LearningRegister::Item*>> out;
  for (const auto& [stream, item] : state.learning().items()) {
    if (!item.source_stream.empty()) out[item.source_stream].push_back(&item);
  }
  return out;
}

std::map<std::string, Json> CorrectionsByStream(const BoardState& state) {
  std::map<std::string, Json> out;
  for (const CorrectionEntry& c : state.corrections().entries()) {
    if (c.target_stream.empty()) continue;
    Json& list = out[c.target_stream];
    if (!list.is_array()) list = Json::array();
    list.push_back({{"correction", c.id},
                    {"reason", c.reason},
                    {"recorded_at", c.recorded_at},
                    {"fields", c.fields},
                    {"outcome", c.outcome},
                    {"message", NullIfEmpty(c.message)}});
  }
  return out;
}

Json ActionBriefJson(const ActionRecord& a, Date today) {
  return {{"stream", a.stream},
          {"title", a.title},
          {"owner_agency", a.owner_agency},
          {"status", ActionStatusName(a.status)},
          {"due", a.due},
          {"overdue", ActionOverdue(a, today)},
          {"rag", NullIfEmpty(a.LatestRag())},
          {"evidence_of_impact", NullIfEmpty(a.evidence_of_impact)}};
}

Json PercentOf(int64_t part, int64_t whole) {
  return whole == 0 ? Json(nullptr) : Json((part * 200 + whole) / (2 * whole));
}

Status CheckFilterChoice(const ViewContext& ctx, const std::string& name,
                         const std::vector<std::string>& allowed) {
  auto it = ctx.filters.find(name);
  if (it == ctx.filters.end()) return Status::Ok();
  for (const std::string& a : allowed) {
    if (it->second == a) return Status::Ok();
  }
  std::string words;
  for (size_t i = 0; i < allowed.size(); ++i) {
    if (i > 0) words += i + 1 == allowed.size() ? " or " : ", ";
    words += allowed[i];
  }
  return Status::Invalid(name + " must be " + words, name);
}

}  // namespace lif
