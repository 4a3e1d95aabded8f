// Projections fold the log, in order, into read models.
//
// A projection sees each event once, in position order, and never looks at
// the clock: all time judgements (overdue, statutory clocks) happen when a
// view is rendered, against ViewContext::today. This is what makes "as of"
// views and checkpoints possible: the state after position P depends only on
// events 1..P.
//
// Each projection can save its state as JSON (Snapshot) and load it again
// (Restore); server/store keeps such checkpoints so that a restart does not
// replay the whole log.
#pragma once

#include <string_view>

#include "core/event.h"
#include "core/json.h"
#include "core/status.h"

namespace lif {

class Projection {
 public:
  virtual ~Projection() = default;
  virtual std::string_view name() const = 0;
  virtual void Apply(const Event& event) = 0;
  virtual Json Snapshot() const = 0;
  virtual Status Restore(const Json& snapshot) = 0;
};

}  // namespace lif
