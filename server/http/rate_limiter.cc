#include "server/http/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace lif::server {
namespace {

using Nanos = std::chrono::nanoseconds;

// Bounds that keep the integer arithmetic below far from overflow: at most
// one request per 10^6 s (11.6 days), and a burst of at most 10^8 s of them.
constexpr double kMaxIntervalNanos = 1e15;
constexpr double kMaxToleranceNanos = 1e17;

}  // namespace

RateLimiter::RateLimiter(RateLimit limit, Clock clock)
    : enabled_(limit.per_second > 0),
      interval_(Nanos(static_cast<int64_t>(
          enabled_ ? std::clamp(1e9 / limit.per_second, 1.0, kMaxIntervalNanos) : 1.0))),
      tolerance_(Nanos(static_cast<int64_t>(std::min(
          static_cast<double>(interval_.count()) * (std::max(1.0, std::floor(limit.burst)) - 1.0),
          kMaxToleranceNanos)))),
      clock_(clock ? std::move(clock) : Clock([] { return std::chrono::steady_clock::now(); })) {}

int64_t RateLimiter::Take(const std::string& key) {
  if (!enabled_) return 0;
  const auto now = clock_();
  std::lock_guard<std::mutex> lock(mu_);
  // The generic cell rate algorithm: `tat` is when the bucket would be full
  // again; a request fits while tat is at most `tolerance_` ahead of now.
  auto [it, inserted] = tats_.try_emplace(key, now);
  const auto tat = std::max(it->second, now);
  if (tat - now <= tolerance_) {
    it->second = tat + interval_;
    return 0;
  }
  const int64_t wait = (tat - tolerance_ - now).count();
  return std::max<int64_t>(1, (wait + 999999999) / 1000000000);
}

}  // namespace lif::server
