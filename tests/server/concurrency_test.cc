// Idempotency and optimistic concurrency under load, against a live server
// (docs/reliability.md#idempotency-and-concurrency): many connections retrying
// the same request at once, and many writers racing on one stream.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "core/json.h"
#include "tests/server/live_server.h"

namespace lif {
namespace {

// Releases every waiting thread at once, so that their requests overlap.
class StartLine {
 public:
  explicit StartLine(int n) : waiting_(n) {}
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    if (--waiting_ == 0) cv_.notify_all();
    cv_.wait(lock, [&] { return waiting_ <= 0; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int waiting_;
};

struct Answer {
  int status = 0;
  std::string body;
  bool replayed = false;
};

std::string LearningBody(const std::string& id, const std::string& title) {
  return R"({"type":"learning.identified","stream":"learning/)" + id + R"(","data":{"title":")" +
         title +
         R"(","kind":"lesson","source":{"kind":"case_review","stream":"review/2026-01"},"themes":["voice-of-child"]}})";
}

std::string PriorityBody(const std::string& stream, int64_t expected_version,
                         const std::string& title) {
  return Json{{"type", "priority.set"},
              {"stream", stream},
              {"expected_version", expected_version},
              {"data", {{"title", title}, {"status", "active"}}}}
      .dump();
}

class ConcurrencyTest : public ::testing::Test {
 protected:
  // Sends `bodies[i]` from thread i, all with the same Idempotency-Key, each on
  // its own connection, released together.
  std::vector<Answer> SendTogether(const std::vector<std::string>& bodies, const std::string& key) {
    std::vector<Answer> answers(bodies.size());
    StartLine start(static_cast<int>(bodies.size()));
    std::vector<std::thread> threads;
    for (size_t i = 0; i < bodies.size(); ++i) {
      threads.emplace_back([&, i] {
        httplib::Client client = server.Client();
        client.set_tcp_nodelay(true);
        httplib::Headers h = server.As("admin");
        h.emplace("Idempotency-Key", key);
        start.Wait();
        auto r = client.Post("/v1/events", h, bodies[i], "application/json");
        if (!r) {
          answers[i].body = "no answer: " + httplib::to_string(r.error());
          return;
        }
        answers[i].status = r->status;
        answers[i].body = r->body;
        answers[i].replayed = r->get_header_value("Idempotent-Replayed") == "true";
      });
    }
    for (auto& t : threads) t.join();
    return answers;
  }

  testing::LiveServer server;
};

TEST_F(ConcurrencyTest, ThirtyTwoClientsRetryingOneKeyAppendOnceAndGetOneAnswer) {
  constexpr int kClients = 32;
  constexpr int kRounds = 10;
  for (int round = 0; round < kRounds; ++round) {
    const int64_t before = server.Head();
    const std::string id = "idem-" + std::to_string(round);
    // Even rounds send one event, odd rounds an atomic batch of three.
    std::string body = LearningBody(id, "Retried " + id);
    if (round % 2 == 1) {
      body = R"({"events":[)" + LearningBody(id + "-a", "A") + "," + LearningBody(id + "-b", "B") +
             "," + LearningBody(id + "-c", "C") + "]}";
    }
    std::vector<Answer> answers =
        SendTogether(std::vector<std::string>(kClients, body), "retry-" + id);
    int fresh = 0;
    for (const Answer& a : answers) {
      ASSERT_EQ(a.status, 201) << a.body;  // A body starting "no answer" names the client error.
      EXPECT_EQ(Json::parse(a.body), Json::parse(answers[0].body)) << "every retry gets one answer";
      if (!a.replayed) ++fresh;
    }
    EXPECT_EQ(fresh, 1) << "exactly one answer is not marked Idempotent-Replayed";
    const int64_t appended = round % 2 == 1 ? 3 : 1;
    ASSERT_EQ(server.Head(), before + appended) << "round " << round;
    // The log holds the events once, at the answered positions.
    Json first = Json::parse(answers[0].body);
    Json list = round % 2 == 1 ? first["events"] : Json::array({first});
    auto read = server.Get("admin", "/v1/events?after=" + std::to_string(before) + "&limit=10");
    ASSERT_EQ(read->status, 200);
    Json events = Json::parse(read->body)["events"];
    ASSERT_EQ(events.size(), list.size());
    for (size_t i = 0; i < list.size(); ++i) {
      EXPECT_EQ(events[i]["position"], list[i]["position"]);
      EXPECT_EQ(events[i]["hash"], list[i]["hash"]);
    }
  }
}

TEST_F(ConcurrencyTest, OneKeyWithTwoBodiesRacingHasOneWinningBody) {
  constexpr int kClients = 32;
  for (int round = 0; round < 5; ++round) {
    const int64_t before = server.Head();
    const std::string id = "two-" + std::to_string(round);
    std::vector<std::string> bodies;
    for (int i = 0; i < kClients; ++i) {
      bodies.push_back(LearningBody(id + (i % 2 ? "-odd" : "-even"), "Body " + id));
    }
    std::vector<Answer> answers = SendTogether(bodies, "two-bodies-" + id);
    std::set<std::string> winning_bodies;
    std::set<std::string> answers_201;
    int mismatches = 0;
    for (int i = 0; i < kClients; ++i) {
      if (answers[i].status == 201) {
        winning_bodies.insert(bodies[i]);
        answers_201.insert(Json::parse(answers[i].body).dump());
      } else {
        ASSERT_EQ(answers[i].status, 422) << answers[i].body;
        EXPECT_EQ(Json::parse(answers[i].body)["error"]["code"], "idempotency_key_reused");
        ++mismatches;
      }
    }
    EXPECT_EQ(winning_bodies.size(), 1u) << "only one body may own the key";
    EXPECT_EQ(answers_201.size(), 1u);
    EXPECT_EQ(mismatches, kClients / 2);
    EXPECT_EQ(server.Head(), before + 1);
  }
}

TEST_F(ConcurrencyTest, RacingWritersOnOneStreamGetOneWinnerPerVersionAndNoLostUpdate) {
  constexpr int kWriters = 16;
  constexpr int kTargetVersion = 200;
  const std::string stream = "priority/race";
  struct Win {
    int64_t version;
    std::string hash;
    std::string title;
  };
  std::mutex mu;
  std::vector<Win> wins;
  std::atomic<int> conflicts{0};
  std::atomic<int> failures{0};
  std::atomic<bool> done{false};
  StartLine start(kWriters);
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      httplib::Client client = server.Client();
      client.set_tcp_nodelay(true);
      const httplib::Headers h = server.As("admin");
      int64_t known = 0;  // The version this writer believes is current.
      start.Wait();
      for (int attempt = 0; !done.load() && attempt < 10000; ++attempt) {
        const std::string title = "w" + std::to_string(w) + "-a" + std::to_string(attempt);
        auto r =
            client.Post("/v1/events", h, PriorityBody(stream, known, title), "application/json");
        if (!r) {
          ++failures;
          return;
        }
        Json body = Json::parse(r->body);
        if (r->status == 201) {
          const int64_t v = body["version"].get<int64_t>();
          if (v != known + 1) ++failures;  // A 201 must be exactly the next version.
          known = v;
          std::lock_guard<std::mutex> lock(mu);
          wins.push_back({v, body["hash"].get<std::string>(), title});
          if (v >= kTargetVersion) done = true;
        } else if (r->status == 409) {
          ++conflicts;
          // The 409 names the stream's current version, which someone else moved on.
          if (!body["error"].contains("current_version")) {
            ++failures;
            return;
          }
          const int64_t current = body["error"]["current_version"].get<int64_t>();
          if (current <= known) ++failures;
          known = current;
        } else {
          ++failures;
          return;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(conflicts.load(), 0) << "the writers never raced: the test proves nothing";
  std::printf("racing writers: %zu answers 201, %d answers 409\n", wins.size(), conflicts.load());

  // One winner per version: the 201s are exactly versions 1..n, each once.
  std::map<int64_t, Win> by_version;
  for (const Win& win : wins) {
    EXPECT_TRUE(by_version.emplace(win.version, win).second)
        << "two 201s for version " << win.version;
  }
  const int64_t n = static_cast<int64_t>(wins.size());
  ASSERT_GE(n, kTargetVersion);
  EXPECT_EQ(by_version.begin()->first, 1);
  EXPECT_EQ(by_version.rbegin()->first, n);

  // No lost update: the stream holds every winner, in version order, and nothing else.
  auto read = server.Get("admin", "/v1/streams/" + stream + "?limit=1000");
  ASSERT_EQ(read->status, 200);
  Json events = Json::parse(read->body)["events"];
  ASSERT_EQ(static_cast<int64_t>(events.size()), n);
  for (const Json& e : events) {
    const Win& win = by_version.at(e["version"].get<int64_t>());
    EXPECT_EQ(e["hash"], win.hash);
    EXPECT_EQ(e["data"]["title"], win.title);
  }
  // One more write with the final version wins; a stale one is a 409 naming it.
  auto next = server.Post("admin", "/v1/events", PriorityBody(stream, n, "last"));
  EXPECT_EQ(next->status, 201) << next->body;
  auto stale = server.Post("admin", "/v1/events", PriorityBody(stream, n, "stale"));
  ASSERT_EQ(stale->status, 409);
  EXPECT_EQ(Json::parse(stale->body)["error"]["current_version"], n + 1);
}

}  // namespace
}  // namespace lif
