// An in-memory EventLog: the same sealing and checks as the RocksDB log,
// without durability. Used by tests, by the browser (loading a bundle) and by
// tools that build a log before writing it.
//
// Thread-safety: all methods are safe to call concurrently (one mutex).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "core/log/event_log.h"

namespace lif {

class MemoryLog : public EventLog {
 public:
  // `catalogue` may be null (no validation); `clock` returns the server time.
  MemoryLog(Sha256Fn sha256, const Catalogue* catalogue, std::function<Timestamp()> clock,
            std::function<std::string()> new_id);

  Result<AppendOutcome> Append(AppendRequest request) override;
  Result<std::vector<Event>> ReadRange(int64_t after, size_t limit) const override;
  Result<std::vector<Event>> ReadStream(std::string_view stream, int64_t after_version,
                                        size_t limit) const override;
  Status Scan(int64_t after, int64_t up_to,
              const std::function<IterationDecision(const Event&)>& fn) const override;
  LogHead Head() const override;

  // Adds already-sealed events (e.g. from a bundle) after checking the chain.
  Status Load(std::vector<Event> events);

  // Seals personal fields with `protect` before hashing, as the server's log
  // does (AppendContext::protect_personal; null, the default, stores them as
  // given). For tools that make test bundles with sealed values. Call before
  // the first Append.
  void SetProtectPersonal(ProtectPersonalFn protect) { protect_personal_ = std::move(protect); }

 private:
  struct IdempotencyRecord {
    std::string digest;
    std::vector<int64_t> positions;
  };
  Sha256Fn sha256_;
  const Catalogue* catalogue_;
  std::function<Timestamp()> clock_;
  std::function<std::string()> new_id_;
  ProtectPersonalFn protect_personal_;
  mutable std::mutex mu_;
  // events_[i]->position == i + 1. Shared and immutable, so that Scan copies
  // pointers under the lock and calls `fn` without holding it.
  std::vector<std::shared_ptr<const Event>> events_;
  std::unordered_map<std::string, std::vector<int64_t>> streams_;  // stream -> positions
  std::map<std::string, IdempotencyRecord> idempotency_;           // actor + '\0' + key
};

}  // namespace lif
