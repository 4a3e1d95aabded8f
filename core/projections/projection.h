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
#include "core/projections/checkpoint_io.h"
#include "core/status.h"

namespace lif {

class Projection {
 public:
  virtual ~Projection() = default;
  virtual std::string_view name() const = 0;
  virtual void Apply(const Event& event) = 0;
  // Whether Apply reads events of `type` (when not, they leave it unchanged):
  // a correction of such an event folds only the projections that read it.
  virtual bool Consumes(std::string_view type) const {
    (void)type;
    return true;
  }
  virtual Json Snapshot() const = 0;
  virtual Status Restore(const Json& snapshot) = 0;

  // The binary checkpoint form (checkpoint_io.h), much faster to load. By
  // default the JSON snapshot as MessagePack; projections whose state grows
  // with the log write their facts and records directly.
  virtual void Save(CheckpointWriter& out) const {
    const std::vector<uint8_t> bytes = Json::to_msgpack(Snapshot());
    out.Str(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  }
  virtual Status Load(CheckpointReader& in) {
    const std::string_view bytes = in.StrView();
    if (!in.ok()) return in.status(std::string(name()));
    Json snapshot = Json::from_msgpack(bytes.begin(), bytes.end(), /*strict=*/true,
                                       /*allow_exceptions=*/false);
    if (snapshot.is_discarded()) {
      return Status::Internal("checkpoint is damaged (" + std::string(name()) + ")");
    }
    return Restore(snapshot);
  }
};

}  // namespace lif
