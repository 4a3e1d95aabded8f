// The server's limits (docs/api.md#limits) against a live server: body size,
// batch size, the per-token rate limit (429 with Retry-After, with a clock the
// test moves) and what happens to connections beyond the worker pool.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <regex>
#include <string>

#include "core/json.h"
#include "server/http/access.h"
#include "tests/server/live_server.h"
#include "tests/server/raw_http.h"

namespace lif {
namespace {

using namespace std::chrono_literals;

std::string Learning(const std::string& id) {
  return R"({"type":"learning.identified","stream":"learning/)" + id +
         R"(","data":{"title":"Hear the child","kind":"lesson","source":{"kind":"case_review","stream":"review/2026-01"},"themes":["voice"]}})";
}

Json ErrorOf(const httplib::Result& r) {
  Json j = Json::parse(r->body, nullptr, false);
  return j.is_object() && j.contains("error") ? j["error"] : Json();
}

TEST(LimitsTest, BodyLargerThanTheLimitIs413AndTheLimitItselfFits) {
  server::ApiOptions options;
  options.max_body_bytes = 1024;
  testing::LiveServer server(options);
  const int64_t head = server.Head();
  std::string fits = Learning("fits");
  fits.append(1024 - fits.size(), ' ');  // Whitespace pads the body to exactly the limit.
  std::string over = Learning("over");
  over.append(1025 - over.size(), ' ');
  auto big = server.Post("admin", "/v1/events", over);
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(ErrorOf(big)["code"], "too_large");
  EXPECT_EQ(server.Head(), head);
  auto ok = server.Post("admin", "/v1/events", fits);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 201) << ok->body;
  EXPECT_EQ(server.Head(), head + 1);
  EXPECT_EQ(server.Get("", "/healthz")->status, 200);
}

TEST(LimitsTest, BatchLargerThanTheLimitIs413NamingEvents) {
  server::ApiOptions options;
  options.max_batch_events = 3;
  testing::LiveServer server(options);
  const int64_t head = server.Head();
  auto batch = [](int n, const std::string& prefix) {
    std::string body = R"({"events":[)";
    for (int i = 0; i < n; ++i) body += (i ? "," : "") + Learning(prefix + std::to_string(i));
    return body + "]}";
  };
  auto four = server.Post("admin", "/v1/events", batch(4, "a"));
  ASSERT_TRUE(four);
  EXPECT_EQ(four->status, 413);
  EXPECT_EQ(ErrorOf(four)["code"], "too_large");
  EXPECT_EQ(ErrorOf(four)["path"], "/events");
  EXPECT_EQ(server.Head(), head);
  auto three = server.Post("admin", "/v1/events", batch(3, "b"));
  ASSERT_TRUE(three);
  EXPECT_EQ(three->status, 201) << three->body;
  EXPECT_EQ(server.Head(), head + 3);
}

// A clock the test moves, read by the server's threads.
struct TestClock {
  std::atomic<int64_t> millis{0};
  server::RateLimiter::Clock Fn() {
    return [this] {
      return std::chrono::steady_clock::time_point(std::chrono::milliseconds(millis.load()));
    };
  }
};

TEST(LimitsTest, SpentTokenGets429WithRetryAfterUntilRefilled) {
  TestClock clock;
  server::ApiOptions options;
  options.rate_limit = {/*per_second=*/0.5, /*burst=*/2};
  options.clock = clock.Fn();
  testing::LiveServer server(options);
  const int64_t head = server.Head();
  EXPECT_EQ(server.Post("police", "/v1/events", Learning("one"))->status, 201);
  EXPECT_EQ(server.Get("police", "/v1/views/learning")->status, 200);
  // The bucket is empty: the next requests, reads or writes, are refused.
  auto refused = server.Post("police", "/v1/events", Learning("two"));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 429);
  EXPECT_EQ(refused->get_header_value("Retry-After"), "2");
  EXPECT_EQ(ErrorOf(refused)["code"], "rate_limited");
  EXPECT_EQ(server.Head(), head + 1) << "a refused request appended something";
  EXPECT_EQ(server.Get("police", "/v1/views/learning")->status, 429);
  // Other tokens have buckets of their own; public endpoints have none.
  EXPECT_EQ(server.Get("nhs", "/v1/views/learning")->status, 200);
  EXPECT_EQ(server.Get("", "/healthz")->status, 200);
  // Half the wait is not enough; all of it is.
  clock.millis += 1000;
  auto still = server.Get("police", "/v1/views/learning");
  EXPECT_EQ(still->status, 429);
  EXPECT_EQ(still->get_header_value("Retry-After"), "1");
  clock.millis += 1000;
  auto after = server.Post("police", "/v1/events", Learning("two"));
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 201) << after->body;
  EXPECT_EQ(server.Head(), head + 2);
  EXPECT_EQ(server.Get("police", "/v1/views/learning")->status, 429);
}

// Every operation that takes a token answers 429 once the token is spent, and
// /openapi.json says so (with Retry-After); public operations are never limited.
TEST(LimitsTest, EveryTokenOperationIsLimitedAndDocumentedSo) {
  TestClock clock;
  server::ApiOptions options;
  options.rate_limit = {/*per_second=*/0.001, /*burst=*/1};
  options.clock = clock.Fn();
  testing::LiveServer server(options);
  ASSERT_EQ(server.Get("admin", "/v1/views")->status, 200);
  int limited = 0, open = 0;
  testing::ForEachDocumentedOperation(
      server, "admin",
      [&](const std::string& path, const std::string& method, const Json& op,
          const httplib::Result& res) {
        ASSERT_TRUE(res) << method << " " << path;
        if (op.contains("security") && !op["security"].empty()) {
          EXPECT_EQ(res->status, 429) << method << " " << path;
          EXPECT_EQ(res->get_header_value("Retry-After"), "1000") << method << " " << path;
          EXPECT_TRUE(op["responses"].contains("429")) << method << " " << path << " omits 429";
          EXPECT_TRUE(op["responses"]["429"]["headers"].contains("Retry-After")) << path;
          ++limited;
        } else {
          EXPECT_NE(res->status, 429) << method << " " << path;
          EXPECT_FALSE(op["responses"].contains("429")) << method << " " << path;
          ++open;
        }
      });
  int with_token = 0;
  for (const server::EndpointInfo& e : server::Endpoints()) with_token += e.public_access ? 0 : 1;
  EXPECT_EQ(limited, with_token);
  EXPECT_EQ(open, static_cast<int>(server::Endpoints().size()) - with_token);
}

// Connections beyond the worker pool wait for a free worker (they are not
// refused): here two idle keep-alive connections hold both workers until the
// keep-alive timeout frees them.
TEST(LimitsTest, ConnectionsBeyondThePoolWaitForAWorker) {
  server::ApiOptions options;
  options.worker_threads = 2;
  options.feed.max_connections = 0;  // No workers for the live feed: the pool is these two.
  options.keep_alive_timeout_seconds = 1;
  testing::LiveServer server(options);
  testing::RawConnection a(server.port()), b(server.port());
  for (testing::RawConnection* c : {&a, &b}) {
    ASSERT_TRUE(c->Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    std::optional<testing::RawResponse> r = c->ReadResponse(5s);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 200);
  }
  // Both workers now wait for the next request on their idle connection.
  const auto start = std::chrono::steady_clock::now();
  auto third = server.Get("", "/healthz");
  const auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(third);
  EXPECT_EQ(third->status, 200);
  EXPECT_GE(waited, 500ms) << "the third connection was served without waiting for a worker";
  EXPECT_LT(waited, 5s);
  // The idle connections were closed by the keep-alive timeout.
  EXPECT_TRUE(a.ClosedWithin(3s));
  EXPECT_TRUE(b.ClosedWithin(3s));
}

}  // namespace
}  // namespace lif
