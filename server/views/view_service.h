// ViewService: the server's live BoardState, its checkpoints and the "as of"
// builds (docs/storage.md#checkpoints).
//
// The live state is folded from the log at start-up (from the newest
// checkpoint when there is a valid one) and then kept current from the log's
// commit listener. The listener only queues each committed group; a fold
// thread of the service applies them, so the log's syncer thread does not
// wait for the projections before it answers the appends (docs/storage.md).
// A view of the latest state is rendered only once the fold has reached the
// log's head as it was when the request came: every read shows every append
// acknowledged before it (read-your-writes). Every `checkpoint_every` events a background thread
// writes a checkpoint of the live state (the binary form of BoardState) to a file in
// `checkpoint_dir`, resting between checkpoints in proportion to how long the last one
// took (`checkpoint_rest_factor`); one is also written at a clean shutdown. The checkpoints
// are spaced along the log and also serve views "as of" a past position or
// date: such a state is the newest checkpoint at or before that point with
// the events after it folded in, so it costs at most the events between two
// checkpoints instead of the whole prefix.
//
// Rendered views (the JSON text) are cached by name, as_of, filters and the
// judgement date until the next commit, so repeated reads of an unchanged log
// are served without rendering again.
//
// Thread-safety: Render() may be called concurrently with appends; the live
// state is guarded by a shared mutex (readers share, the fold thread
// excludes); "as of" builds run one at a time (each holds a whole state).
// Lifetime: must be destroyed before the log it listens to.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>

#include "core/projections/board_state.h"
#include "core/views/views.h"
#include "server/store/rocks_log.h"

namespace lif::server {

struct ViewServiceOptions {
  int64_t checkpoint_every = 50000;  // Events between checkpoints (at least).
  // At most this many checkpoints are kept (2 at least). Past it, the one whose
  // removal leaves the smallest gap between its neighbours goes (the newest
  // always stays; the start of the log counts as a neighbour), so they stay
  // spread over the log: the disk they take grows with the state, not with
  // the state times the log's length, and a view "as of" any point replays a
  // bounded share of the log.
  size_t max_checkpoints = 32;
  // After each checkpoint the thread rests this many times as long as the
  // checkpoint took before it writes the next: under a sustained load of
  // appends it uses at most about 1 / (1 + factor) of a core. 0: no rest.
  int checkpoint_rest_factor = 9;
  std::function<Date()> today;  // Defaults to the UTC date of the system clock.
  // Folder of the checkpoint files; empty: "<log folder>/checkpoints".
  std::string checkpoint_dir;
  bool use_checkpoints = true;  // False: fold the whole log at start (benchmarks).
  // How long a read of the latest state waits for the fold to reach the head
  // it saw before failing with kUnavailable (WaitFolded).
  std::chrono::milliseconds fold_wait{10000};
};

class ViewService {
 public:
  // Builds the live state (from a checkpoint when valid) and subscribes to `log`.
  static Result<std::unique_ptr<ViewService>> Start(store::RocksLog* log,
                                                    ViewServiceOptions options);
  ~ViewService();

  // Renders `name` with `filters`, as of `as_of`.
  Result<Json> Render(const std::string& name, const AsOf& as_of,
                      const std::map<std::string, std::string>& filters) const;
  // The same view as its JSON text, from the cache when the log has not moved.
  Result<std::shared_ptr<const std::string>> RenderText(
      const std::string& name, const AsOf& as_of,
      const std::map<std::string, std::string>& filters) const;

  // The date views are judged at (options.today).
  Date today() const { return options_.today(); }

  // Calls `compute` with the state `as_of` asks for (built from the nearest
  // checkpoint for a past point; the live state, folded up to the log's
  // head, for the latest) and `today`, and returns what it returns. Used for
  // documents assembled from several views (the annual report). Fails as
  // Render does, without calling `compute`.
  Result<Json> Compute(
      const AsOf& as_of,
      const std::function<Result<Json>(const BoardState&, Date today)>& compute) const;

  // Writes a checkpoint of the live state now (also done on shutdown).
  Status Checkpoint();

  // Folds the whole log again into a new live state and replaces the
  // checkpoint with it. Called after a subject's personal data was erased, so
  // that neither the live state nor the stored checkpoint keeps its text.
  Status Rebuild();
  // Whether a subject's key was erased after the views last forgot erased
  // text: a rebuild after an erasure failed or never ran (the log's
  // ErasureCount is above the count the last rebuild recorded). Start()
  // then discards every checkpoint and folds the whole log; the erasure
  // endpoint's retry rebuilds.
  Result<bool> ErasuresPending() const;

  // The position of the live state (it may trail the log's head by the
  // groups still queued for the fold).
  int64_t position() const;
  // Blocks until the live state has folded every event up to `position`
  // (at once when it has, or when the service is stopping). kUnavailable
  // when the fold has not got there within options.fold_wait (it should
  // never take that long; a read then fails with 503 rather than hanging).
  Status WaitFolded(int64_t position) const;
  // How the live state was built at start: events replayed, and whether a checkpoint was used.
  int64_t replayed_at_start() const { return replayed_at_start_; }
  bool used_checkpoint() const { return used_checkpoint_; }
  // Positions of the checkpoints on disk, in order.
  std::vector<int64_t> checkpoint_positions() const;

  // The identity of the projection code: checkpoints made by other code are ignored.
  static std::string ProjectionFingerprint();

 private:
  class Arenas;
  struct CheckpointInfo {
    std::string path;
    std::string last_recorded_at;
  };

  ViewService(store::RocksLog* log, ViewServiceOptions options);
  // The log's commit listener (its syncer thread): queues the group for FoldLoop.
  void OnCommit(const store::CommittedGroup& group);
  // The fold thread: applies the queued groups to the live state in order.
  void FoldLoop();
  void CheckpointLoop();
  // Writes `bytes` (a BoardState at `position`, whose event has `hash`) as
  // a checkpoint file and drops the earlier ones it makes redundant.
  Status WriteCheckpoint(const std::string& bytes, int64_t position,
                         const std::string& last_recorded_at, const std::string& hash);
  // At start (write_mu_ held), in one pass over the checkpoint folder: lists
  // this code's checkpoints (their headers parse and carry its fingerprint)
  // and removes the files it can never use (made by other projection code,
  // unreadable, or temporaries a crash left), and, when none of this code's
  // is left, every arena file too; then thins the list to max_checkpoints.
  // Without the removal each upgrade of the projection code would leave the
  // last version's files behind for good. Best effort: a file that cannot be
  // removed stays (docs/storage.md#checkpoints).
  void ScanCheckpoints();
  // Removes checkpoints (files and entries) past options_.max_checkpoints, as
  // that option says. Needs checkpoints_mu_ held.
  void ThinCheckpointsLocked();
  // The log's erasure count when the views have not forgotten every erasure
  // in it (ErasuresPending), else nullopt. A damaged or unreadable count of
  // the views' counts as none forgotten: the safe side is to fold again.
  Result<std::optional<int64_t>> ErasuresToForget() const;
  Status CheckpointLocked();  // Checkpoint(), with write_mu_ held.
  // Removes every checkpoint and arena file (write_mu_ held).
  Status RemoveCheckpointFiles();
  // Loads the newest usable checkpoint at or before `as_of` into `state`;
  // false when there is none (or none loads).
  bool LoadCheckpoint(const AsOf& as_of, BoardState* state) const;
  Result<BoardState> BuildAsOf(const AsOf& as_of) const;
  // Calls `fn` with the state `as_of` asks for: a past state built for it, or
  // the live state once folded up to `head` (read-your-writes), under its
  // shared lock, setting `*shown_at` (when given) to its position. Fails as
  // BuildAsOf or WaitFolded do, without calling `fn`.
  Status WithState(const AsOf& as_of, int64_t head,
                   const std::function<void(const BoardState&)>& fn,
                   int64_t* shown_at = nullptr) const;
  // A shared lock of mu_ over a settled live state. The fold leaves the
  // refold that corrections ask for (BoardState::Settle) to the first reader
  // after them, which takes mu_ exclusively for it: appends alone never pay
  // for refolds, and many corrections between two reads cost one.
  std::shared_lock<std::shared_mutex> LockSettled() const;

  store::RocksLog* log_;
  ViewServiceOptions options_;
  std::unique_ptr<Arenas> arenas_;  // The checkpoints' fact arenas.
  mutable std::shared_mutex mu_;
  // Guarded by mu_. Mutable only for Settle(), which changes how the state
  // is held, not what it shows (see LockSettled).
  mutable BoardState live_;
  std::atomic<int64_t> last_checkpoint_{0};
  // The size of the last checkpoint written by CheckpointLocked (under write_mu_).
  size_t last_checkpoint_bytes_ = 0;
  int64_t replayed_at_start_ = 0;
  bool used_checkpoint_ = false;

  mutable std::mutex checkpoints_mu_;
  std::map<int64_t, CheckpointInfo> checkpoints_;  // By position; guarded by checkpoints_mu_.
  std::mutex write_mu_;                            // One checkpoint write at a time.

  std::mutex loop_mu_;
  std::condition_variable loop_cv_;
  bool checkpoint_wanted_ = false;  // Guarded by loop_mu_.
  bool stopping_ = false;           // Guarded by loop_mu_.
  std::thread checkpoint_thread_;

  // Committed groups waiting for the fold thread, in log order.
  mutable std::mutex fold_mu_;
  mutable std::condition_variable fold_cv_;       // Signals queued work and stopping.
  mutable std::condition_variable folded_cv_;     // Signals a new folded_ (readers wait).
  std::deque<store::CommittedGroup> fold_queue_;  // Guarded by fold_mu_.
  int64_t folded_ = 0;                            // live_'s position; guarded by fold_mu_.
  bool fold_stopping_ = false;                    // Guarded by fold_mu_.
  std::thread fold_thread_;

  mutable std::mutex as_of_mu_;  // "As of" builds run one at a time.

  // Rendered views of the current position, by name, as_of, filters and date.
  mutable std::mutex cache_mu_;
  mutable int64_t cache_position_ = -1;  // Guarded by cache_mu_.
  mutable std::map<std::string, std::shared_ptr<const std::string>> cache_;

  // The log's calls of OnCommit; cancelled first when the service is destroyed.
  store::CommitSubscription subscription_;
};

}  // namespace lif::server
