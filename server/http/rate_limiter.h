// The per-token request rate limit (docs/api.md#limits): one token bucket per
// bearer token, refilled at a sustained rate up to a burst size. A request
// that finds its bucket empty is answered 429 with Retry-After and recorded
// nowhere (the log only holds events).
//
// Only authenticated tokens get a bucket, so hostile input cannot grow the
// table: it holds at most one small entry per issued token.
//
// Thread-safety: Take() may be called from any thread (one mutex).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace lif::server {

struct RateLimit {
  // Sustained requests per second per token; 0 or less disables the limit.
  double per_second = 20000;
  // Requests a token may make at once after being idle (the bucket's size,
  // a whole number of at least 1).
  double burst = 20000;
};

class RateLimiter {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  // `clock` defaults to std::chrono::steady_clock (tests pass their own).
  explicit RateLimiter(RateLimit limit, Clock clock = nullptr);

  // Takes one request from `key`'s bucket. Returns 0 when the request may go
  // ahead, otherwise the whole number of seconds (at least 1) after which the
  // bucket holds a request again: the Retry-After value.
  int64_t Take(const std::string& key);

 private:
  const bool enabled_;
  const std::chrono::nanoseconds interval_;   // Between requests at the sustained rate.
  const std::chrono::nanoseconds tolerance_;  // (burst - 1) intervals.
  const Clock clock_;
  std::mutex mu_;
  // Per key, the theoretical arrival time of its next request (GCRA): exact
  // integer arithmetic on the clock's own ticks, no floating-point drift.
  std::unordered_map<std::string, std::chrono::steady_clock::time_point> tats_;
};

}  // namespace lif::server
