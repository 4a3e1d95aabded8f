// ViewService: the server's live BoardState and the "as of" builds.
//
// The live state is folded from the log at start-up (from the last checkpoint
// when there is one, see docs/storage.md#checkpoints) and then kept current by
// the log's commit listener. Views "as of" a past position or date are built
// by folding the log's prefix into a private state.
//
// Thread-safety: Render() may be called concurrently with appends; the live
// state is guarded by a shared mutex (readers share, the commit listener
// excludes). Lifetime: must be destroyed before the log it listens to.
#pragma once

#include <atomic>
#include <functional>
#include <shared_mutex>

#include "core/projections/board_state.h"
#include "core/views/views.h"
#include "server/store/rocks_log.h"

namespace lif::server {

struct ViewServiceOptions {
  int64_t checkpoint_every = 50000;  // Events between checkpoints.
  std::function<Date()> today;       // Defaults to the UTC date of the system clock.
};

class ViewService {
 public:
  // Builds the live state (from a checkpoint when valid) and subscribes to `log`.
  static Result<std::unique_ptr<ViewService>> Start(store::RocksLog* log,
                                                    ViewServiceOptions options);

  // Renders `name` with `filters`, as of `as_of`.
  Result<Json> Render(const std::string& name, const AsOf& as_of,
                      const std::map<std::string, std::string>& filters) const;

  // Writes a checkpoint of the live state now (also done on shutdown).
  Status Checkpoint();

  // Folds the whole log again into a new live state and replaces the
  // checkpoint with it. Called after a subject's personal data was erased, so
  // that neither the live state nor the stored checkpoint keeps its text.
  Status Rebuild();

  int64_t position() const;
  // How the live state was built at start: events replayed, and whether a checkpoint was used.
  int64_t replayed_at_start() const { return replayed_at_start_; }
  bool used_checkpoint() const { return used_checkpoint_; }

  // The identity of the projection code: checkpoints made by other code are ignored.
  static std::string ProjectionFingerprint();

 private:
  ViewService(store::RocksLog* log, ViewServiceOptions options);
  void OnCommit(const std::vector<Event>& events);

  store::RocksLog* log_;
  ViewServiceOptions options_;
  mutable std::shared_mutex mu_;
  BoardState live_;  // Guarded by mu_.
  std::atomic<int64_t> last_checkpoint_{0};
  int64_t replayed_at_start_ = 0;
  bool used_checkpoint_ = false;
};

}  // namespace lif::server
