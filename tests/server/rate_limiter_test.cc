// The per-token token bucket (server/http/rate_limiter.h) with a hand-moved clock.
#include "server/http/rate_limiter.h"

#include <gtest/gtest.h>

#include <chrono>

namespace lif::server {
namespace {

using namespace std::chrono_literals;

class RateLimiterTest : public ::testing::Test {
 protected:
  RateLimiter::Clock Clock() {
    return [this] { return now; };
  }
  std::chrono::steady_clock::time_point now{};
};

TEST_F(RateLimiterTest, BurstThenRetryAfterThenRefill) {
  RateLimiter limiter({/*per_second=*/2, /*burst=*/3}, Clock());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Take("a"), 0) << i;
  EXPECT_EQ(limiter.Take("a"), 1);  // Half a second until the next request: rounds up to 1.
  now += 499ms;
  EXPECT_EQ(limiter.Take("a"), 1);
  now += 1ms;
  EXPECT_EQ(limiter.Take("a"), 0);
  EXPECT_EQ(limiter.Take("a"), 1);
  // Idle for long: the bucket refills to the burst, never beyond.
  now += 1h;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Take("a"), 0) << i;
  EXPECT_EQ(limiter.Take("a"), 1);
}

TEST_F(RateLimiterTest, BucketsArePerKey) {
  RateLimiter limiter({1, 1}, Clock());
  EXPECT_EQ(limiter.Take("a"), 0);
  EXPECT_EQ(limiter.Take("a"), 1);
  EXPECT_EQ(limiter.Take("b"), 0);
  EXPECT_EQ(limiter.Take("b"), 1);
}

TEST_F(RateLimiterTest, RetryAfterIsWholeSecondsRoundedUp) {
  RateLimiter limiter({0.25, 1}, Clock());  // One request every 4 s.
  EXPECT_EQ(limiter.Take("a"), 0);
  EXPECT_EQ(limiter.Take("a"), 4);
  now += 1500ms;
  EXPECT_EQ(limiter.Take("a"), 3);  // 2.5 s left.
  now += 2500ms;
  EXPECT_EQ(limiter.Take("a"), 0);
}

TEST_F(RateLimiterTest, RefusedRequestsDoNotDrainTheBucket) {
  RateLimiter limiter({1, 1}, Clock());
  EXPECT_EQ(limiter.Take("a"), 0);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(limiter.Take("a"), 1);
  now += 1s;
  EXPECT_EQ(limiter.Take("a"), 0);
}

TEST_F(RateLimiterTest, ZeroRateDisablesTheLimit) {
  RateLimiter limiter({0, 1}, Clock());
  for (int i = 0; i < 10000; ++i) ASSERT_EQ(limiter.Take("a"), 0);
}

TEST_F(RateLimiterTest, AClockGoingBackwardsRefillsNothing) {
  RateLimiter limiter({1, 1}, Clock());
  now += 10s;
  EXPECT_EQ(limiter.Take("a"), 0);
  now -= 5s;
  EXPECT_GT(limiter.Take("a"), 0);
  now += 5s;
  EXPECT_EQ(limiter.Take("a"), 1);
  now += 1s;
  EXPECT_EQ(limiter.Take("a"), 0);
}

TEST_F(RateLimiterTest, ExtremeSettingsStayInRange) {
  // One request per 10^6 s at most, a burst of at most 10^8 s of them: 101
  // requests fit, the 102nd waits 10^6 s.
  RateLimiter slow({1e-12, 1e12}, Clock());
  for (int i = 0; i < 101; ++i) ASSERT_EQ(slow.Take("a"), 0) << i;
  EXPECT_EQ(slow.Take("a"), 1000000);
  // At most one request per nanosecond.
  RateLimiter fast({1e12, 1}, Clock());
  EXPECT_EQ(fast.Take("a"), 0);
  EXPECT_EQ(fast.Take("a"), 1);
  now += 1ns;
  EXPECT_EQ(fast.Take("a"), 0);
  RateLimiter tiny_burst({1, 0.2}, Clock());
  EXPECT_EQ(tiny_burst.Take("a"), 0);
  EXPECT_EQ(tiny_burst.Take("a"), 1);
}

}  // namespace
}  // namespace lif::server
