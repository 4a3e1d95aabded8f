// FeedHub: what the live feed waits on (docs/api.md#the-live-feed). The
// long-poll (GET /v1/events?wait=S) and the Server-Sent Events streams wait
// here for the log's head to pass a position; the hub hears every committed
// group from the log and wakes them.
//
// It also bounds the feed: at most `max_connections` requests wait or stream
// at once (a FeedSlot each); past that the routes answer 503 with
// Retry-After. Shutdown() wakes every waiter at once and makes further waits
// return immediately, so that the HTTP server's workers can be joined.
//
// Ownership: borrows the log, which must outlive the hub (the hub holds a
// commit subscription, cancelled when it is destroyed).
// Thread-safety: every method may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/event.h"
#include "core/status.h"
#include "server/store/rocks_log.h"

namespace lif::server {

// The live feed's limits (docs/api.md#the-live-feed); ApiOptions::feed.
struct FeedOptions {
  // Requests waiting (a long-poll) or streaming (SSE) at once; past it, 503
  // with Retry-After. The HTTP server has this many workers besides
  // ApiOptions::worker_threads, so the feed never takes the others' workers.
  size_t max_connections = 64;
  // The longest a long-poll may wait (?wait=, whole seconds).
  int max_wait_seconds = 30;
  // The longest an SSE stream stays open before the server ends it (the
  // client reconnects with Last-Event-ID), so no worker is held for ever.
  int max_stream_seconds = 300;
  // A comment line on an idle SSE stream this often; the token is checked
  // again at each (a revoked token's stream ends).
  std::chrono::milliseconds heartbeat{5000};
  // Retry-After of the 503 past max_connections.
  int retry_after_seconds = 2;
  // Events an agency's feed looks at for one page (or one SSE step).
  size_t agency_scan_budget = 5000;
};

// Whose events a feed carries.
struct FeedScope {
  // Empty: every event. Set: only the events of streams this agency started
  // (the rule of GET /v1/streams/{stream} for an agency's token).
  std::optional<std::string> agency;
};

// One page of a feed.
struct FeedPage {
  std::vector<Event> events;
  // The position to ask after next: the last event returned, or for an
  // agency's feed the last position looked at (which may be past the last
  // event returned, so that other agencies' events are not looked at again).
  int64_t next_after = 0;
  int64_t head = 0;  // The log's head when the page was read.
};

class FeedHub;

// A held feed connection: one of the hub's `max_connections`. Released when
// destroyed.
class FeedSlot {
 public:
  explicit FeedSlot(FeedHub* hub) : hub_(hub) {}
  FeedSlot(const FeedSlot&) = delete;
  FeedSlot& operator=(const FeedSlot&) = delete;
  ~FeedSlot();

 private:
  FeedHub* hub_;
};

// How a wait ended.
enum class FeedWake { kNewEvents, kTimedOut, kShutdown };

class FeedHub {
 public:
  FeedHub(store::RocksLog* log, size_t max_connections);
  ~FeedHub();

  FeedHub(const FeedHub&) = delete;
  FeedHub& operator=(const FeedHub&) = delete;

  // A slot, or null when `max_connections` are held or the hub is shut down.
  std::unique_ptr<FeedSlot> TryAcquire();
  size_t held() const;
  size_t max_connections() const { return max_connections_; }

  // Blocks until the log's head is past `after`, until `deadline`, or until
  // Shutdown(), whichever is first.
  FeedWake WaitPast(int64_t after, std::chrono::steady_clock::time_point deadline);

  // The log's head position now.
  int64_t Head() const { return log_->Head().position; }

  // Wakes every waiter; later waits return kShutdown at once.
  void Shutdown();
  bool shutting_down() const;

  // Reads up to `limit` events after `after` that `scope` lets through. An
  // agency's page looks at no more than `scan_budget` events (so one request
  // never walks the whole log for a quiet agency).
  Result<FeedPage> Read(const FeedScope& scope, int64_t after, size_t limit,
                        size_t scan_budget) const;

 private:
  friend class FeedSlot;
  void Release();
  void OnCommit(const store::CommittedGroup& group);
  // The agency that started `stream` (null for a stream started without
  // one), from a cache filled as streams are first looked up.
  Result<std::optional<std::string>> StartedBy(const Event& e) const;

  store::RocksLog* log_;
  const size_t max_connections_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  int64_t head_ = 0;  // Guarded by mu_.
  size_t held_ = 0;   // Guarded by mu_.
  bool shutdown_ = false;
  // Streams never change their first event, so a cached starter stays true.
  mutable std::mutex starters_mu_;
  mutable std::unordered_map<std::string, std::optional<std::string>> starters_;
  store::CommitSubscription subscription_;  // Last: cancelled first on destruction.
};

}  // namespace lif::server
