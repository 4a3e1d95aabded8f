// The learning loop of one learning item, derived from the board's
// projections: learning -> actions -> evidence of impact -> embedded
// assurance (docs/views-domain23.md#loop).
//
// Rules:
//  - status: "embedded" once any agency has assured the board the item is
//    embedded (learning.embedded); else "in_action" once any action names the
//    item; else "open";
//  - stage: "identified" (no action names it), "in_action" (some linked action
//    is not complete), "impact_evidenced" (every linked action is complete
//    with evidence of impact, but some are not signed off or no agency has yet
//    assured that it is embedded), "closed" (every linked action signed off
//    and at least one embedding assurance).
// Pure functions of a BoardState; thread-safe for concurrent readers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/projections/board_state.h"

namespace lif {

enum class LearningStatus { kOpen, kInAction, kEmbedded };
const char* LearningStatusName(LearningStatus status);
std::optional<LearningStatus> ParseLearningStatus(const std::string& name);

struct LearningLoop {
  std::vector<const ActionRecord*> actions;  // Linked actions, in stream order.
  int64_t actions_complete = 0;              // Completed or signed off.
  int64_t actions_signed_off = 0;
  const DisseminationRecord* dissemination = nullptr;  // Null when none.
  LearningStatus status = LearningStatus::kOpen;
  std::string stage;
  bool closed = false;
};

LearningLoop LoopOf(const BoardState& state, const std::string& learning_stream);

}  // namespace lif
