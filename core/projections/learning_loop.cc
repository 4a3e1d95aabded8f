#include "core/projections/learning_loop.h"

namespace lif {

const char* LearningStatusName(LearningStatus s) {
  switch (s) {
    case LearningStatus::kOpen:
      return "open";
    case LearningStatus::kInAction:
      return "in_action";
    case LearningStatus::kEmbedded:
      return "embedded";
  }
  return "open";
}

std::optional<LearningStatus> ParseLearningStatus(const std::string& name) {
  for (LearningStatus s :
       {LearningStatus::kOpen, LearningStatus::kInAction, LearningStatus::kEmbedded}) {
    if (name == LearningStatusName(s)) return s;
  }
  return std::nullopt;
}

LearningLoop LoopOf(const BoardState& state, const std::string& learning_stream) {
  LearningLoop loop;
  for (const std::string& stream : state.actions().ActionsForLearning(learning_stream)) {
    const ActionRecord& a = state.actions().actions().at(stream);
    loop.actions.push_back(&a);
    if (a.IsComplete()) ++loop.actions_complete;
    if (a.status == ActionStatus::kSignedOff) ++loop.actions_signed_off;
  }
  loop.dissemination = state.dissemination().Find(learning_stream);
  const bool embedded = loop.dissemination != nullptr && !loop.dissemination->embeddings.empty();
  const int64_t n = static_cast<int64_t>(loop.actions.size());
  loop.status = embedded ? LearningStatus::kEmbedded
                : n > 0  ? LearningStatus::kInAction
                         : LearningStatus::kOpen;
  if (n == 0) {
    loop.stage = "identified";
  } else if (loop.actions_complete < n) {
    loop.stage = "in_action";
  } else if (loop.actions_signed_off < n || !embedded) {
    loop.stage = "impact_evidenced";
  } else {
    loop.stage = "closed";
    loop.closed = true;
  }
  return loop;
}

}  // namespace lif
