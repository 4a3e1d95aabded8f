// The live feed end to end on a live server (docs/api.md#the-live-feed): the
// long-poll, the Server-Sent Events streams, the agency feeds, the bound on
// connections, shutdown, and the requests it refuses.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <set>
#include <thread>

#include "core/json.h"
#include "server/http/feed_routes.h"
#include "tests/server/live_server.h"
#include "tests/server/sse_client.h"

namespace lif {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::string Learning(const std::string& id) {
  return R"({"type":"learning.identified","stream":"learning/)" + id +
         R"(","data":{"title":"t","kind":"lesson","source":{"kind":"other","stream":"other/x"},"themes":[]}})";
}

int64_t Append(testing::LiveServer& server, const std::string& who, const std::string& id) {
  auto r = server.Post(who, "/v1/events", Learning(id));
  EXPECT_TRUE(r && r->status == 201) << (r ? r->body : "no answer");
  return r && r->status == 201 ? Json::parse(r->body)["position"].get<int64_t>() : -1;
}

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

server::ApiOptions FastFeed() {
  server::ApiOptions options;
  options.feed.heartbeat = milliseconds(200);
  return options;
}

TEST(FeedTest, LongPollAnswersAtOnceWhenThereAreEvents) {
  testing::LiveServer server;
  const int64_t p = Append(server, "police", "l1");
  const auto start = Clock::now();
  auto r = server.Get("admin", "/v1/events?after=" + std::to_string(p - 1) + "&wait=20");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_LT(Seconds(start), 2.0);
  Json page = Json::parse(r->body);
  ASSERT_EQ(page["events"].size(), 1u);
  EXPECT_EQ(page["events"][0]["position"], p);
  EXPECT_EQ(page["next_after"], p);
}

TEST(FeedTest, LongPollWaitsForTheNextEventAndAnswersAsSoonAsItIsRecorded) {
  testing::LiveServer server;
  const int64_t head = server.Head();
  const auto start = Clock::now();
  auto waiter = std::async(std::launch::async, [&] {
    return server.Get("inspector", "/v1/events?after=" + std::to_string(head) + "&wait=20");
  });
  EXPECT_EQ(waiter.wait_for(milliseconds(400)), std::future_status::timeout)
      << "the long-poll answered before any event was recorded";
  const int64_t p = Append(server, "police", "l1");
  auto r = waiter.get();
  EXPECT_LT(Seconds(start), 5.0);
  ASSERT_EQ(r->status, 200) << r->body;
  Json page = Json::parse(r->body);
  ASSERT_EQ(page["events"].size(), 1u);
  EXPECT_EQ(page["events"][0]["position"], p);
  EXPECT_EQ(page["next_after"], p);
  EXPECT_EQ(r->get_header_value("Connection"), "close");
}

TEST(FeedTest, LongPollThatTimesOutAnswersAnEmptyPage) {
  testing::LiveServer server;
  const int64_t head = server.Head();
  const auto start = Clock::now();
  auto r = server.Get("admin", "/v1/events?after=" + std::to_string(head) + "&wait=1");
  EXPECT_GE(Seconds(start), 0.95);
  ASSERT_EQ(r->status, 200) << r->body;
  Json page = Json::parse(r->body);
  EXPECT_TRUE(page["events"].empty());
  EXPECT_EQ(page["next_after"], head);
  EXPECT_EQ(page["head"], head);
  EXPECT_FALSE(r->has_header("Link"));
}

// Fifty clients wait at once; one append wakes every one of them with it,
// and meanwhile the other endpoints answer as usual (the feed does not take
// their workers).
TEST(FeedTest, FiftyConcurrentWaitersAllGetTheEventAndOthersAreNotStarved) {
  testing::LiveServer server;
  const int64_t head = server.Head();
  std::vector<std::future<httplib::Result>> waiters;
  for (int i = 0; i < 50; ++i) {
    waiters.push_back(std::async(std::launch::async, [&] {
      return server.Get("admin", "/v1/events?after=" + std::to_string(head) + "&wait=25");
    }));
  }
  std::this_thread::sleep_for(milliseconds(700));
  for (int i = 0; i < 20; ++i) {
    const auto start = Clock::now();
    auto r = server.Get("board", "/v1/views/learning");
    ASSERT_EQ(r->status, 200);
    EXPECT_LT(Seconds(start), 2.0) << "a view waited behind the long-polls";
  }
  for (auto& w : waiters) {
    EXPECT_EQ(w.wait_for(milliseconds(0)), std::future_status::timeout);
  }
  const int64_t p = Append(server, "police", "l1");
  for (auto& w : waiters) {
    ASSERT_EQ(w.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    auto r = w.get();
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    Json page = Json::parse(r->body);
    ASSERT_EQ(page["events"].size(), 1u);
    EXPECT_EQ(page["events"][0]["position"], p);
  }
}

// Past the bound, a waiting request is refused with 503 and Retry-After; a
// request with events to answer at once is not; a freed slot is used again.
TEST(FeedTest, ConnectionsPastTheBoundAre503WithRetryAfter) {
  server::ApiOptions options = FastFeed();
  options.feed.max_connections = 3;
  testing::LiveServer server(options);
  const int64_t head = server.Head();
  const std::string wait = "/v1/events?after=" + std::to_string(head) + "&wait=20";
  std::vector<std::future<httplib::Result>> waiters;
  for (int i = 0; i < 3; ++i) {
    waiters.push_back(std::async(std::launch::async, [&] { return server.Get("admin", wait); }));
  }
  std::this_thread::sleep_for(milliseconds(500));
  auto busy = server.Get("admin", wait);
  ASSERT_EQ(busy->status, 503) << busy->body;
  EXPECT_EQ(busy->get_header_value("Retry-After"), "2");
  EXPECT_EQ(Json::parse(busy->body)["error"]["code"], "unavailable");
  auto stream = testing::ReadSse(server.port(), "/v1/events/stream", server.As("admin"),
                                 [](const testing::SseRead&) { return true; });
  EXPECT_EQ(stream.status, 503);
  // Not waiting (events to answer at once, or wait=0) needs no slot.
  EXPECT_EQ(server.Get("admin", "/v1/events?after=0&wait=20")->status, 200);
  EXPECT_EQ(server.Get("admin", "/v1/events?after=" + std::to_string(head))->status, 200);
  Append(server, "police", "l1");
  for (auto& w : waiters) EXPECT_EQ(w.get()->status, 200);
  // The slots are free again.
  auto again = server.Get("admin", "/v1/events?after=" + std::to_string(server.Head()) + "&wait=1");
  EXPECT_EQ(again->status, 200);
}

// A client reads part of the stream, loses its connection, more events are
// recorded meanwhile, and it reconnects with Last-Event-ID: it gets every
// event exactly once, in order.
TEST(FeedTest, StreamResumesFromLastEventIdMissingNothingAndRepeatingNothing) {
  testing::LiveServer server(FastFeed());
  const int64_t start = server.Head();
  for (int i = 0; i < 5; ++i) Append(server, "police", "a" + std::to_string(i));
  auto first = testing::ReadSse(server.port(), "/v1/events/stream?after=" + std::to_string(start),
                                server.As("inspector"),
                                [](const testing::SseRead& r) { return r.events.size() >= 3; });
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.content_type.rfind("text/event-stream", 0), 0u) << first.content_type;
  EXPECT_FALSE(first.retry.empty());
  ASSERT_GE(first.events.size(), 3u);
  for (int i = 0; i < 5; ++i) Append(server, "nhs", "b" + std::to_string(i));
  const int64_t end = server.Head();
  std::vector<int64_t> got;
  for (const auto& e : first.events) got.push_back(std::stoll(e.id));
  httplib::Headers resume = server.As("inspector");
  resume.emplace("Last-Event-ID", first.events.back().id);
  // A browser resends the first ?after= too: Last-Event-ID wins.
  auto second =
      testing::ReadSse(server.port(), "/v1/events/stream?after=" + std::to_string(start), resume,
                       [end](const testing::SseRead& r) {
                         return !r.events.empty() && std::stoll(r.events.back().id) >= end;
                       });
  ASSERT_EQ(second.status, 200) << second.body;
  for (const auto& e : second.events) got.push_back(std::stoll(e.id));
  std::vector<int64_t> want;
  for (int64_t p = start + 1; p <= end; ++p) want.push_back(p);
  EXPECT_EQ(got, want);
  // Each data line is the event itself, its position the id.
  Json e = Json::parse(second.events.back().data);
  EXPECT_EQ(e["position"], end);
  EXPECT_EQ(e["stream"], "learning/b4");
}

TEST(FeedTest, StreamWithoutAPositionStartsAtTheHeadAndCarriesNewEvents) {
  testing::LiveServer server(FastFeed());
  Append(server, "police", "old");
  std::atomic<bool> opened{false};
  auto reader = std::async(std::launch::async, [&] {
    return testing::ReadSse(server.port(), "/v1/events/stream?wait=10", server.As("admin"),
                            [&](const testing::SseRead& r) {
                              opened = true;
                              return !r.events.empty();
                            });
  });
  while (!opened) std::this_thread::sleep_for(milliseconds(20));
  const int64_t p = Append(server, "police", "new");
  auto read = reader.get();
  ASSERT_EQ(read.events.size(), 1u);
  EXPECT_EQ(read.events[0].id, std::to_string(p));
}

TEST(FeedTest, IdleStreamSendsHeartbeatsAndEndsAfterItsWait) {
  testing::LiveServer server(FastFeed());
  const auto start = Clock::now();
  auto read = testing::ReadSse(server.port(), "/v1/events/stream?wait=1", server.As("admin"),
                               [](const testing::SseRead&) { return false; });
  EXPECT_TRUE(read.ended_by_server);
  EXPECT_GE(Seconds(start), 0.95);
  EXPECT_LT(Seconds(start), 5.0);
  int beats = 0;
  for (const std::string& c : read.comments) beats += c.find("heartbeat") != std::string::npos;
  EXPECT_GE(beats, 3) << read.body;
  EXPECT_TRUE(read.events.empty());
}

TEST(FeedTest, StreamOfARevokedTokenEnds) {
  testing::LiveServer server(FastFeed());
  auto issued = server.Post("admin", "/v1/tokens", R"({"name":"feed","role":"inspector"})");
  ASSERT_EQ(issued->status, 201) << issued->body;
  Json token = Json::parse(issued->body);
  const std::string secret = token["token"];
  const std::string id = token["record"]["id"];
  auto reader = std::async(std::launch::async, [&] {
    return testing::ReadSse(server.port(), "/v1/events/stream?wait=60",
                            {{"Authorization", "Bearer " + secret}},
                            [](const testing::SseRead&) { return false; });
  });
  std::this_thread::sleep_for(milliseconds(300));
  const auto revoked_at = Clock::now();
  ASSERT_EQ(server.Client().Delete(("/v1/tokens/" + id).c_str(), server.As("admin"))->status, 200);
  ASSERT_EQ(reader.wait_for(std::chrono::seconds(5)), std::future_status::ready)
      << "the revoked token's stream went on";
  auto read = reader.get();
  EXPECT_TRUE(read.ended_by_server);
  EXPECT_LT(Seconds(revoked_at), 5.0);
  bool said = false;
  for (const std::string& c : read.comments)
    said = said || c.find("no longer valid") != std::string::npos;
  EXPECT_TRUE(said) << read.body;
}

// An agency's feed carries the events of the streams it started, including
// later events on them recorded by others, and nothing of other agencies'.
TEST(FeedTest, AgencyFeedCarriesOnlyTheStreamsTheAgencyStarted) {
  server::ApiOptions options = FastFeed();
  options.feed.agency_scan_budget = 3;  // Pages stop early: next_after must still move on.
  testing::LiveServer server(options);
  const int64_t start = server.Head();
  const int64_t p1 = Append(server, "police", "p1");
  for (int i = 0; i < 6; ++i) Append(server, "nhs", "n" + std::to_string(i));
  auto presented = server.Post("admin", "/v1/events",
                               R"({"type":"learning.presented","stream":"learning/p1",)"
                               R"("data":{"meeting":"2026-03-10"}})");
  ASSERT_EQ(presented->status, 201) << presented->body;
  const int64_t p2 = Json::parse(presented->body)["position"];
  std::vector<int64_t> got;
  int64_t after = start;
  for (int pages = 0; pages < 20 && after < server.Head(); ++pages) {
    auto r = server.Get("police", "/v1/agencies/police/events?after=" + std::to_string(after));
    ASSERT_EQ(r->status, 200) << r->body;
    Json page = Json::parse(r->body);
    for (const Json& e : page["events"]) {
      got.push_back(e["position"]);
      EXPECT_EQ(e["stream"], "learning/p1");
    }
    ASSERT_GT(page["next_after"].get<int64_t>(), after) << "the page did not move on";
    after = page["next_after"];
  }
  EXPECT_EQ(got, (std::vector<int64_t>{p1, p2}));
  // The same through the stream.
  auto read = testing::ReadSse(server.port(),
                               "/v1/agencies/police/events/stream?after=" + std::to_string(start),
                               server.As("chair"), [p2](const testing::SseRead& r) {
                                 return !r.events.empty() && std::stoll(r.events.back().id) >= p2;
                               });
  ASSERT_EQ(read.status, 200) << read.body;
  ASSERT_EQ(read.events.size(), 2u);
  EXPECT_EQ(read.events[0].id, std::to_string(p1));
  EXPECT_EQ(read.events[1].id, std::to_string(p2));
  // An inspector reads any agency's feed. The budget of 3 looks at p1, n0
  // and n1 only: two events, and the next page starts after n1.
  auto nhs = server.Get("inspector",
                        "/v1/agencies/nhs-trust/events?limit=1000&after=" + std::to_string(start));
  ASSERT_EQ(nhs->status, 200);
  Json nhs_page = Json::parse(nhs->body);
  EXPECT_EQ(nhs_page["events"].size(), 2u) << nhs->body;
  EXPECT_EQ(nhs_page["next_after"], start + 3);
  EXPECT_EQ(server.Get("admin", "/v1/agencies/nhs-trust/events")->status, 200);
}

TEST(FeedTest, AgencyLongPollWaitsPastOtherAgenciesEvents) {
  testing::LiveServer server(FastFeed());
  const int64_t head = server.Head();
  auto waiter = std::async(std::launch::async, [&] {
    return server.Get("police",
                      "/v1/agencies/police/events?after=" + std::to_string(head) + "&wait=20");
  });
  std::this_thread::sleep_for(milliseconds(300));
  Append(server, "nhs", "n1");
  EXPECT_EQ(waiter.wait_for(milliseconds(500)), std::future_status::timeout)
      << "another agency's event woke the police's long-poll with an answer";
  const int64_t p = Append(server, "police", "p1");
  auto r = waiter.get();
  ASSERT_EQ(r->status, 200) << r->body;
  Json page = Json::parse(r->body);
  ASSERT_EQ(page["events"].size(), 1u);
  EXPECT_EQ(page["events"][0]["position"], p);
}

TEST(FeedTest, AgenciesAndOtherRolesReadOnlyWhatTheyMay) {
  testing::LiveServer server(FastFeed());
  Append(server, "nhs", "secret-of-the-trust");
  for (const char* path :
       {"/v1/agencies/nhs-trust/events", "/v1/agencies/nhs-trust/events/stream?wait=0"}) {
    auto r = server.Get("police", path);
    ASSERT_EQ(r->status, 403) << path;
    EXPECT_EQ(r->body.find("secret-of-the-trust"), std::string::npos);
    EXPECT_EQ(Json::parse(r->body)["error"]["path"], "agency");
    EXPECT_EQ(server.Get("chair", path)->status, 403) << path;
    EXPECT_EQ(server.Get("board", path)->status, 403) << path;
    EXPECT_EQ(server.Get("", path)->status, 401) << path;
  }
  for (const char* path : {"/v1/events", "/v1/events/stream?wait=0"}) {
    EXPECT_EQ(server.Get("police", path)->status, 403) << path;
    EXPECT_EQ(server.Get("board", path)->status, 403) << path;
  }
}

TEST(FeedTest, BadPositionsWaitsAndAgenciesAreRefusedNamingTheParameter) {
  testing::LiveServer server(FastFeed());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/v1/events?wait=31", "wait"},
      {"/v1/events?wait=-1", "wait"},
      {"/v1/events?wait=1.5", "wait"},
      {"/v1/events?after=x", "after"},
      {"/v1/events?after=1&after=2", "after"},
      {"/v1/events?limit=0", "limit"},
      {"/v1/events/stream?wait=301", "wait"},
      {"/v1/events/stream?after=-4", "after"},
      {"/v1/agencies/Not%20An%20Agency/events", "agency"},
  };
  for (const auto& [path, param] : cases) {
    auto r = server.Get("admin", path);
    ASSERT_EQ(r->status, 400) << path << " " << r->body;
    EXPECT_EQ(Json::parse(r->body)["error"]["path"], param) << path;
  }
  for (const char* id : {"x", "-1", "1e3", "99999999999999999"}) {
    httplib::Headers h = server.As("admin");
    h.emplace("Last-Event-ID", id);
    auto r = server.Client().Get("/v1/events/stream", h);
    ASSERT_EQ(r->status, 400) << id;
    EXPECT_EQ(Json::parse(r->body)["error"]["path"], "Last-Event-ID") << id;
  }
  httplib::Headers twice = server.As("admin");
  twice.emplace("Last-Event-ID", "1");
  twice.emplace("Last-Event-ID", "2");
  EXPECT_EQ(server.Client().Get("/v1/events/stream", twice)->status, 400);
}

// Stopping the server ends every long-poll and stream at once: no worker is
// held until its wait runs out.
TEST(FeedTest, ShutdownEndsWaitsAndStreamsAtOnce) {
  testing::LiveServer server;
  const int64_t head = server.Head();
  auto poll = std::async(std::launch::async, [&] {
    return server.Get("admin", "/v1/events?after=" + std::to_string(head) + "&wait=30");
  });
  auto stream = std::async(std::launch::async, [&] {
    return testing::ReadSse(server.port(), "/v1/events/stream", server.As("admin"),
                            [](const testing::SseRead&) { return false; });
  });
  std::this_thread::sleep_for(milliseconds(500));
  const auto start = Clock::now();
  server.Shutdown();
  EXPECT_LT(Seconds(start), 5.0);
  ASSERT_EQ(poll.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  ASSERT_EQ(stream.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  auto r = poll.get();
  if (r) {
    EXPECT_EQ(r->status, 200);
    EXPECT_TRUE(Json::parse(r->body)["events"].empty());
  }
  stream.get();
}

}  // namespace
}  // namespace lif
