// The append-only log interface. Implementations: MemoryLog (core, for tests,
// the demo generator's dry runs and the browser) and RocksLog (server/store).
//
// Contract for every implementation:
//  - Append is all-or-nothing and durable when it returns OK (for RocksLog:
//    the WAL is synced).
//  - Positions are 1..N with no gaps; versions per stream 1..n with no gaps.
//  - Nothing is ever updated or deleted.
//  - An append with an idempotency key that was used before by the same actor
//    returns the first answer (replayed = true) when the request digest
//    matches, and kIdempotencyMismatch (422) when it differs.
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <cassert>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/log/append.h"
#include "core/principal.h"
#include "core/status.h"

namespace lif {

struct AppendRequest {
  std::vector<ProposedEvent> events;
  RequestForm form = RequestForm::kSingle;
  Principal principal;
  std::string idempotency_key;  // Empty: none.
  std::string request_digest;   // Hex SHA-256 of the canonical request body.
};

// The events of an append's answer, in position order. They may be shared:
// RocksLog answers with a view into the group it gave its commit listeners
// rather than a copy of it, so copying an EventSpan copies no event.
// Immutable once made; safe to read from any thread; the events live as long
// as any span of them.
class EventSpan {
 public:
  EventSpan() = default;
  // Owns `events` (a vector converts, as it is one run of events).
  EventSpan(std::vector<Event> events)  // NOLINT(google-explicit-constructor)
      : group_(std::make_shared<const std::vector<Event>>(std::move(events))),
        end_(group_->size()) {}
  // Events [begin, end) of `group`.
  EventSpan(std::shared_ptr<const std::vector<Event>> group, size_t begin, size_t end)
      : group_(std::move(group)), begin_(begin), end_(end) {
    assert(group_ != nullptr && begin_ <= end_ && end_ <= group_->size() && "span out of range");
  }

  const Event* begin() const { return group_ ? group_->data() + begin_ : nullptr; }
  const Event* end() const { return group_ ? group_->data() + end_ : nullptr; }
  size_t size() const { return end_ - begin_; }
  bool empty() const { return begin_ == end_; }
  const Event& operator[](size_t i) const {
    assert(i < size() && "index out of range");
    return (*group_)[begin_ + i];
  }
  const Event& front() const { return (*this)[0]; }
  const Event& back() const { return (*this)[size() - 1]; }
  std::vector<Event> ToVector() const { return std::vector<Event>(begin(), end()); }

 private:
  std::shared_ptr<const std::vector<Event>> group_;
  size_t begin_ = 0;
  size_t end_ = 0;
};

struct AppendOutcome {
  // Personal values are opened (plain), as every reader of the log sees them.
  EventSpan events;
  bool replayed = false;  // True when answered from an earlier idempotent request.
};

enum class IterationDecision { kContinue, kBreak };

inline constexpr size_t kMaxIdempotencyKeyLength = 128;
Status ValidateIdempotencyKey(std::string_view key);

class EventLog {
 public:
  virtual ~EventLog() = default;

  virtual Result<AppendOutcome> Append(AppendRequest request) = 0;

  // Events with position > after, at most `limit`, in order.
  virtual Result<std::vector<Event>> ReadRange(int64_t after, size_t limit) const = 0;

  // Events of one stream with version > after_version, at most `limit`.
  virtual Result<std::vector<Event>> ReadStream(std::string_view stream, int64_t after_version,
                                                size_t limit) const = 0;

  // Calls `fn` for each event with after < position <= up_to, in order, until
  // it returns kBreak. Fails only on a storage error or a corrupt event.
  virtual Status Scan(int64_t after, int64_t up_to,
                      const std::function<IterationDecision(const Event&)>& fn) const = 0;

  // The same events for a fold (BoardState): `hash` may be left empty, as no
  // projection reads it (the stored bytes are still checked), and an
  // implementation may read and decode ahead on another thread while `fn`
  // runs on this one.
  virtual Status ScanForFold(int64_t after, int64_t up_to,
                             const std::function<IterationDecision(const Event&)>& fn) const {
    return Scan(after, up_to, fn);
  }

  virtual LogHead Head() const = 0;
};

}  // namespace lif
