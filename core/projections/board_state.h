// BoardState: every projection of the board, folded together from one pass
// over the log. Views (core/views) render from it.
//
// Invariant: position() is the position of the last applied event, and events
// are applied in strictly increasing position order (asserted).
// Not thread-safe: the server guards its live BoardState with a mutex and
// builds "as of" states as private copies.
#pragma once

#include <string>

#include "core/log/event_log.h"
#include "core/projections/learning_register.h"
#include "core/time/civil_time.h"

namespace lif {

class BoardState {
 public:
  void Apply(const Event& event);

  int64_t position() const { return position_; }
  const std::string& last_recorded_at() const { return last_recorded_at_; }
  const LearningRegister& learning() const { return learning_; }

  // Checkpoint support: {"format": 1, "position": P, "projections": {...}}.
  Json Snapshot() const;
  Status Restore(const Json& snapshot);

 private:
  int64_t position_ = 0;
  std::string last_recorded_at_;
  LearningRegister learning_;
};

// Which prefix of the log a view is built from.
struct AsOf {
  enum class Kind { kLatest, kPosition, kDate };
  Kind kind = Kind::kLatest;
  int64_t position = 0;  // For kPosition.
  Date date;             // For kDate: everything recorded on or before this date (UTC).
};

// Parses the as_of query parameter: empty (latest), a position ("1234") or a
// date ("2026-03-01").
Result<AsOf> ParseAsOf(std::string_view text);

// True when `event` belongs to the prefix selected by `as_of`. Because
// recorded_at never decreases along the log, the selection is always a prefix.
bool IncludedAsOf(const AsOf& as_of, const Event& event);

// Folds the log's prefix selected by `as_of` into a new BoardState.
Result<BoardState> BuildBoardState(const EventLog& log, const AsOf& as_of);

}  // namespace lif
