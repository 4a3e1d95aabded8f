// Crash safety of the real server (docs/reliability.md#crash-safety).
//
// Starts `lif serve` (the built binary) on a free port in a temporary data
// folder, runs concurrent appends from many connections (single events and
// atomic batches, some with an Idempotency-Key, some with expected_version),
// kills the server at a random moment (SIGKILL, or SIGTERM followed by
// SIGKILL during the shutdown), runs `lif verify` on the stopped folder,
// restarts the server and checks, against everything the clients were told:
//  - every request that got a 201 is in the log exactly once, at the answered
//    positions with the answered hashes and versions;
//  - positions are 1..N without gaps and every stream's versions 1..n;
//  - a request whose answer was lost (the server died) is either wholly in
//    the log or wholly absent, never half a batch, and never twice; retried
//    with its Idempotency-Key after the restart it is applied exactly once;
//  - GET /v1/verify (chain) and `lif verify --data` (bytes, chain, Merkle tree
//    against the last signed head) both pass;
//  - every fifth round, a `lif backup` taken while the appends run restores
//    into a folder that `lif verify` accepts, holding a prefix of the log.
//
// Rounds: LIF_CRASH_ROUNDS (default 20); writers: LIF_CRASH_WRITERS (16); a
// new data folder every LIF_CRASH_ROUNDS_PER_FOLDER rounds (10); the kill comes
// 0 to LIF_CRASH_MAX_MS (800) milliseconds after the appends start;
// LIF_CRASH_SEED replays a run's choices (the seed is printed; thread timing
// still differs).
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/json.h"
#include "tests/reliability/lif_process.h"
#include "tests/support/temp_dir.h"

namespace lif {
namespace {

using testing::LifRun;
using testing::RunLif;
using testing::ServeProcess;

int EnvInt(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::atoi(v) : fallback;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// One append request as a client sent it.
struct Request {
  enum class Outcome { kAcked, kUnknown, kRejected };
  int64_t id = 0;
  int round = 0;
  std::string body;
  std::string key;                   // Idempotency-Key; empty: none.
  std::vector<std::string> markers;  // data.title of each event, in order.
  bool batch = false;
  Outcome outcome = Outcome::kUnknown;
  Json answer = Json::array();  // Of a 201: {"position","stream","version","hash"} per event.
  bool settled = false;
};

// Where the log holds an event the test put there (found by its marker).
struct Seen {
  int64_t position = 0;
  std::string hash;
  std::string stream;
  int64_t version = 0;
};

struct Figures {
  int64_t acked_requests = 0;
  int64_t acked_events = 0;
  int64_t unknown = 0;
  int64_t unknown_applied = 0;
  int64_t unknown_absent = 0;
  int64_t retried = 0;
  int64_t retried_replayed = 0;
  int64_t rejected_503 = 0;
  int64_t backups = 0;
  int64_t sigterm_rounds = 0;
  int64_t max_signed_head = 0;
};

std::string LearningEvent(const std::string& marker) {
  return R"({"type":"learning.identified","stream":"learning/)" + marker +
         R"(","data":{"title":")" + marker +
         R"(","kind":"lesson","source":{"kind":"case_review","stream":"review/2026-01"},"themes":["voice-of-child"]}})";
}

std::string PriorityEvent(int writer, int64_t expected_version, const std::string& marker) {
  return R"({"type":"priority.set","stream":"priority/t)" + std::to_string(writer) +
         R"(","expected_version":)" + std::to_string(expected_version) + R"(,"data":{"title":")" +
         marker + R"(","status":"active"}})";
}

class CrashHarness {
 public:
  CrashHarness(std::string data, std::string scratch, std::string token, unsigned seed)
      : data_(std::move(data)),
        scratch_(std::move(scratch)),
        token_(std::move(token)),
        seed_(seed) {}

  httplib::Client Client(int port) const {
    httplib::Client c("127.0.0.1", port);
    c.set_tcp_nodelay(true);
    c.set_connection_timeout(2, 0);
    c.set_read_timeout(30, 0);
    c.set_keep_alive(true);
    return c;
  }
  httplib::Headers Auth() const { return {{"Authorization", "Bearer " + token_}}; }

  // Reads every event after what was checked before, checks positions, stream
  // versions and markers, then settles the requests sent so far. Retries the
  // lost requests that carry an Idempotency-Key, once, and checks them too.
  void CheckLog(int port) {
    httplib::Client c = Client(port);
    auto verify = c.Get("/v1/verify", Auth());
    ASSERT_TRUE(verify) << "GET /v1/verify failed";
    ASSERT_EQ(verify->status, 200) << verify->body;
    Json report = Json::parse(verify->body);
    ASSERT_TRUE(report.value("ok", false)) << "the chain does not verify: " << verify->body;
    if (size_ > 0) {
      // The prefix checked before is unchanged: its last hash is still there,
      // and the chain (just verified) links everything before it.
      auto last =
          c.Get(("/v1/events?after=" + std::to_string(size_ - 1) + "&limit=1").c_str(), Auth());
      ASSERT_TRUE(last && last->status == 200);
      Json events = Json::parse(last->body)["events"];
      ASSERT_EQ(events.size(), 1u) << "position " << size_ << " vanished";
      ASSERT_EQ(events[0]["hash"], last_hash_) << "position " << size_ << " changed";
    }
    ASSERT_NO_FATAL_FAILURE(ReadNewEvents(&c));
    ASSERT_EQ(report.value("length", int64_t{-1}), size_) << "verify and the read disagree";
    ASSERT_NO_FATAL_FAILURE(Settle());

    // Retry lost requests with their key: each must now be applied exactly once.
    std::vector<Request*> retry;
    for (Request& r : requests_) {
      if (!r.settled && r.outcome == Request::Outcome::kUnknown && !r.key.empty()) {
        retry.push_back(&r);
      }
    }
    for (Request* r : retry) {
      const bool present_before = markers_.count(r->markers[0]) > 0;
      httplib::Headers h = Auth();
      h.emplace("Idempotency-Key", r->key);
      auto res = c.Post("/v1/events", h, r->body, "application/json");
      ASSERT_TRUE(res) << "retry failed";
      ASSERT_EQ(res->status, 201) << "retry of request " << r->id << ": " << res->body;
      const bool replayed = res->get_header_value("Idempotent-Replayed") == "true";
      EXPECT_EQ(replayed, present_before)
          << "a retry replays exactly when the lost request had been applied";
      ++figures_.retried;
      if (replayed) ++figures_.retried_replayed;
      Json body = Json::parse(res->body);
      r->answer = r->batch ? body["events"] : Json::array({body});
      r->outcome = Request::Outcome::kAcked;
    }
    if (!retry.empty()) {
      ASSERT_NO_FATAL_FAILURE(ReadNewEvents(&c));
      ASSERT_NO_FATAL_FAILURE(Settle());
    }
  }

  // One round of concurrent appends from `writers` connections until `stop`.
  void RunWriters(int port, int round, int writers, const std::atomic<bool>& stop) {
    std::vector<std::thread> threads;
    for (int w = 0; w < writers; ++w) {
      const std::string stream = "priority/t" + std::to_string(w);
      const int64_t known = versions_.count(stream) ? versions_.at(stream) : 0;
      threads.emplace_back(
          [this, port, round, w, known, &stop] { Writer(port, round, w, known, stop); });
    }
    for (auto& t : threads) t.join();
  }

  // Signs tree heads while the writers run, so `lif verify` has a signed head
  // to check the Merkle tree against (and its write races with the kill too).
  void RunSigner(int port, const std::atomic<bool>& stop) {
    httplib::Client c = Client(port);
    while (!stop.load()) {
      auto r = c.Get("/v1/head", Auth());
      if (!r) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  // `lif verify --data` on the stopped folder.
  void VerifyOffline() {
    LifRun run = RunLif({"verify", "--data", data_}, scratch_);
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
    Json report = Json::parse(run.out);
    ASSERT_TRUE(report.value("ok", false)) << run.out;
    figures_.max_signed_head =
        std::max(figures_.max_signed_head, report.value("signed_head_size", int64_t{0}));
  }

  // Takes `lif backup` of the live folder into a new folder; returns its name.
  std::optional<std::string> Backup(int round) {
    const std::string to = scratch_ + "/backup-" + std::to_string(round);
    LifRun run = RunLif({"backup", "--data", data_, "--to", to}, scratch_);
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    if (run.exit_code != 0) return std::nullopt;
    return to;
  }

  // Restores a backup, verifies it with `lif verify`, and checks that its head
  // is a position of the live log with the same hash.
  void CheckBackup(const std::string& backup, int port) {
    Json manifest = Json::parse(testing::ReadText(backup + "/backup.json"));
    const int64_t pos = manifest["head"]["position"].get<int64_t>();
    const std::string hash = manifest["head"]["hash"].get<std::string>();
    const std::string restored = backup + "-restored";
    LifRun restore = RunLif({"restore", "--from", backup, "--data", restored}, scratch_);
    ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err;
    LifRun verify = RunLif({"verify", "--data", restored}, scratch_);
    ASSERT_EQ(verify.exit_code, 0) << verify.out << verify.err;
    ASSERT_EQ(Json::parse(verify.out)["length"], pos);
    ASSERT_LE(pos, size_);
    httplib::Client c = Client(port);
    auto at = c.Get(("/v1/events?after=" + std::to_string(pos - 1) + "&limit=1").c_str(), Auth());
    ASSERT_TRUE(at && at->status == 200);
    ASSERT_EQ(Json::parse(at->body)["events"][0]["hash"], hash)
        << "the backup's head is not a prefix of the log";
    ++figures_.backups;
    std::error_code ec;
    std::filesystem::remove_all(backup, ec);
    std::filesystem::remove_all(restored, ec);
  }

  // Every request ever sent, checked once more against the final log.
  void FinalCheck() {
    for (Request& r : requests_) r.settled = false;
    Figures saved = figures_;
    ASSERT_NO_FATAL_FAILURE(Settle());
    figures_ = saved;
  }

  int64_t size() const { return size_; }
  const Figures& figures() const { return figures_; }
  size_t requests() const { return requests_.size(); }
  void CountSigterm() { ++figures_.sigterm_rounds; }

 private:
  void Writer(int port, int round, int w, int64_t known, const std::atomic<bool>& stop) {
    std::mt19937 rng(seed_ * 7919u + static_cast<unsigned>(round * 1000 + w));
    httplib::Client c = Client(port);
    while (!stop.load()) {
      Request r;
      r.round = round;
      r.id = next_id_.fetch_add(1);
      const std::string base = "m" + std::to_string(r.id);
      const int kind = static_cast<int>(rng() % 10);
      int priority_index = -1;  // Which event (if any) continues this writer's stream.
      if (kind < 4) {
        r.markers = {base + "-0"};
        r.body = LearningEvent(r.markers[0]);
      } else if (kind < 7) {
        r.markers = {base + "-0"};
        r.body = PriorityEvent(w, known, r.markers[0]);
        priority_index = 0;
      } else {
        r.batch = true;
        const int n = 2 + static_cast<int>(rng() % 5);
        std::string list;
        for (int k = 0; k < n; ++k) {
          r.markers.push_back(base + "-" + std::to_string(k));
          if (k == 0 && rng() % 2 == 0) {
            list += PriorityEvent(w, known, r.markers[k]);
            priority_index = 0;
          } else {
            list += (k ? "," : "") + LearningEvent(r.markers[k]);
          }
        }
        r.body = R"({"events":[)" + list + "]}";
      }
      if (rng() % 2 == 0) r.key = "crash-" + base;
      httplib::Headers h = Auth();
      if (!r.key.empty()) h.emplace("Idempotency-Key", r.key);
      auto res = c.Post("/v1/events", h, r.body, "application/json");
      if (!res) {
        r.outcome = Request::Outcome::kUnknown;  // The server died: the answer is lost.
        Add(std::move(r));
        return;
      }
      if (res->status == 201) {
        Json body = Json::parse(res->body);
        r.answer = r.batch ? body["events"] : Json::array({body});
        r.outcome = Request::Outcome::kAcked;
        if (priority_index >= 0) known = r.answer[priority_index]["version"].get<int64_t>();
        Add(std::move(r));
        continue;
      }
      // A 503 promises that nothing was appended; anything else is a defect.
      r.outcome = Request::Outcome::kRejected;
      if (res->status != 503) {
        ADD_FAILURE() << "request " << r.id << " answered " << res->status << ": " << res->body;
      }
      Add(std::move(r));
      return;
    }
  }

  void Add(Request r) {
    std::lock_guard<std::mutex> lock(mu_);
    requests_.push_back(std::move(r));
  }

  void ReadNewEvents(httplib::Client* c) {
    for (;;) {
      auto page =
          c->Get(("/v1/events?after=" + std::to_string(size_) + "&limit=1000").c_str(), Auth());
      ASSERT_TRUE(page) << "GET /v1/events failed";
      ASSERT_EQ(page->status, 200) << page->body;
      Json events = Json::parse(page->body)["events"];
      if (events.empty()) return;
      for (const Json& e : events) {
        const int64_t position = e["position"].get<int64_t>();
        ASSERT_EQ(position, size_ + 1) << "positions have a gap";
        const std::string stream = e["stream"].get<std::string>();
        const int64_t version = e["version"].get<int64_t>();
        int64_t& current = versions_[stream];
        ASSERT_EQ(version, current + 1) << "stream " << stream << " skips a version";
        current = version;
        size_ = position;
        last_hash_ = e["hash"].get<std::string>();
        const std::string type = e["type"].get<std::string>();
        if (type == "learning.identified" || type == "priority.set") {
          const std::string marker = e["data"]["title"].get<std::string>();
          auto [it, fresh] = markers_.emplace(marker, Seen{position, last_hash_, stream, version});
          ASSERT_TRUE(fresh) << "event " << marker << " is in the log twice, at "
                             << it->second.position << " and " << position;
        }
      }
    }
  }

  void Settle() {
    for (Request& r : requests_) {
      if (r.settled) continue;
      if (r.outcome == Request::Outcome::kAcked) {
        ++figures_.acked_requests;
        figures_.acked_events += static_cast<int64_t>(r.markers.size());
        ASSERT_EQ(r.answer.size(), r.markers.size());
        for (size_t i = 0; i < r.markers.size(); ++i) {
          auto it = markers_.find(r.markers[i]);
          ASSERT_NE(it, markers_.end())
              << "request " << r.id << " got a 201 but " << r.markers[i] << " is not in the log";
          const Json& a = r.answer[i];
          EXPECT_EQ(it->second.position, a["position"].get<int64_t>()) << r.markers[i];
          EXPECT_EQ(it->second.hash, a["hash"].get<std::string>()) << r.markers[i];
          EXPECT_EQ(it->second.version, a["version"].get<int64_t>()) << r.markers[i];
          EXPECT_EQ(it->second.stream, a["stream"].get<std::string>()) << r.markers[i];
        }
        r.settled = true;
        continue;
      }
      size_t present = 0;
      for (const std::string& m : r.markers) present += markers_.count(m);
      ASSERT_TRUE(present == 0 || present == r.markers.size())
          << "request " << r.id << " is half applied: " << present << " of " << r.markers.size();
      if (r.outcome == Request::Outcome::kRejected) {
        ASSERT_EQ(present, 0u) << "request " << r.id << " was refused but is in the log";
        ++figures_.rejected_503;
        r.settled = true;
        continue;
      }
      ++figures_.unknown;
      if (present) {
        ++figures_.unknown_applied;
      } else {
        ++figures_.unknown_absent;
      }
      if (r.key.empty()) r.settled = true;  // Keyed ones are retried by CheckLog.
    }
  }

  std::string data_, scratch_, token_;
  unsigned seed_;
  std::mutex mu_;
  std::deque<Request> requests_;  // Appended by writers under mu_, read when they are stopped.
  std::atomic<int64_t> next_id_{1};
  int64_t size_ = 0;
  std::string last_hash_;
  std::map<std::string, int64_t> versions_;
  std::unordered_map<std::string, Seen> markers_;
  Figures figures_;
};

struct Totals {
  int rounds = 0;
  int folders = 0;
  int64_t events = 0;
  int64_t requests = 0;
  Figures figures;
  void Add(const CrashHarness& h) {
    ++folders;
    events += h.size();
    requests += static_cast<int64_t>(h.requests());
    const Figures& f = h.figures();
    figures.acked_requests += f.acked_requests;
    figures.acked_events += f.acked_events;
    figures.unknown += f.unknown;
    figures.unknown_applied += f.unknown_applied;
    figures.unknown_absent += f.unknown_absent;
    figures.retried += f.retried;
    figures.retried_replayed += f.retried_replayed;
    figures.rejected_503 += f.rejected_503;
    figures.backups += f.backups;
    figures.sigterm_rounds += f.sigterm_rounds;
    figures.max_signed_head = std::max(figures.max_signed_head, f.max_signed_head);
  }
};

// Runs `rounds` kill-and-restart rounds on one new data folder.
void CrashRoundsOnOneFolder(int first_round, int rounds, int writers, unsigned kill_window_ms,
                            unsigned seed, std::mt19937* rng, Totals* totals) {
  testing::TempDir dir;
  const std::string data = dir.Sub("data");
  const std::string scratch = dir.Sub("scratch");
  std::filesystem::create_directories(scratch);
  LifRun token =
      RunLif({"token", "create", "--data", data, "--role", "admin", "--name", "crash"}, scratch);
  ASSERT_EQ(token.exit_code, 0) << token.err;
  CrashHarness h(data, scratch, Trim(token.out), seed + static_cast<unsigned>(first_round));

  using Clock = std::chrono::steady_clock;
  auto ms = [](Clock::time_point from) {
    return static_cast<long long>(
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - from).count());
  };
  for (int round = first_round; round < first_round + rounds; ++round) {
    const auto round_start = Clock::now();
    ServeProcess server(data, scratch);
    std::string error;
    ASSERT_TRUE(server.Start(&error)) << "round " << round << ": " << error;
    const long long start_ms = ms(round_start);
    const auto check_start = Clock::now();
    ASSERT_NO_FATAL_FAILURE(h.CheckLog(server.port())) << "after restart " << round;
    const long long check_ms = ms(check_start);

    std::atomic<bool> stop{false};
    std::thread writers_thread([&] { h.RunWriters(server.port(), round, writers, stop); });
    std::thread signer([&] { h.RunSigner(server.port(), stop); });
    std::optional<std::string> backup;
    std::thread backup_thread;
    if (round % 5 == 0) {
      const int delay = static_cast<int>((*rng)() % 400);
      backup_thread = std::thread([&, delay] {
        std::this_thread::sleep_for(std::chrono::milliseconds(delay));
        backup = h.Backup(round);
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds((*rng)() % kill_window_ms));
    if ((*rng)() % 4 == 0) {
      // A kill during the clean shutdown (the checkpoint write), if it is still running.
      h.CountSigterm();
      server.Kill(SIGTERM);
      std::this_thread::sleep_for(std::chrono::milliseconds((*rng)() % 300));
      if (!server.Exited()) server.Kill(SIGKILL);
    } else {
      server.Kill(SIGKILL);
    }
    stop = true;
    writers_thread.join();
    signer.join();
    if (backup_thread.joinable()) backup_thread.join();
    const auto verify_start = Clock::now();
    ASSERT_NO_FATAL_FAILURE(h.VerifyOffline()) << "round " << round;
    const long long verify_ms = ms(verify_start);
    if (backup) {
      ServeProcess check(data, scratch);
      ASSERT_TRUE(check.Start(&error)) << error;
      ASSERT_NO_FATAL_FAILURE(h.CheckLog(check.port()));
      ASSERT_NO_FATAL_FAILURE(h.CheckBackup(*backup, check.port()));
      check.Kill(SIGKILL);
    }
    ++totals->rounds;
    std::printf(
        "round %d: log %lld events checked; start %lld ms, check %lld ms, lif verify %lld ms, "
        "round %lld ms\n",
        round, static_cast<long long>(h.size()), start_ms, check_ms, verify_ms, ms(round_start));
    std::fflush(stdout);
  }

  // The last start: everything checked once more, then a clean stop.
  ServeProcess server(data, scratch);
  std::string error;
  ASSERT_TRUE(server.Start(&error)) << error;
  ASSERT_NO_FATAL_FAILURE(h.CheckLog(server.port()));
  ASSERT_NO_FATAL_FAILURE(h.FinalCheck());
  server.Kill(SIGTERM);
  const int status = server.Wait();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "clean stop failed: " << status;
  ASSERT_NO_FATAL_FAILURE(h.VerifyOffline());
  totals->Add(h);
}

TEST(CrashTest, AcknowledgedAppendsSurviveKillsExactlyOnce) {
  const int rounds = EnvInt("LIF_CRASH_ROUNDS", 20);
  const int writers = EnvInt("LIF_CRASH_WRITERS", 16);
  // A new data folder every so many rounds keeps a long run's rounds short
  // (a start replays the log since the last checkpoint).
  const int per_folder = std::max(1, EnvInt("LIF_CRASH_ROUNDS_PER_FOLDER", 10));
  const unsigned kill_window_ms =
      static_cast<unsigned>(std::max(1, EnvInt("LIF_CRASH_MAX_MS", 800)));
  const unsigned seed =
      static_cast<unsigned>(EnvInt("LIF_CRASH_SEED", std::random_device{}() & 0x7fffffff));
  std::printf(
      "crash test: %d rounds, %d writers, a new folder every %d rounds, seed %u "
      "(LIF_CRASH_SEED=%u replays it)\n",
      rounds, writers, per_folder, seed, seed);
  std::fflush(stdout);
  const auto started = std::chrono::steady_clock::now();
  std::mt19937 rng(seed);
  Totals totals;
  for (int first = 1; first <= rounds; first += per_folder) {
    ASSERT_NO_FATAL_FAILURE(CrashRoundsOnOneFolder(first, std::min(per_folder, rounds - first + 1),
                                                   writers, kill_window_ms, seed, &rng, &totals));
  }

  const Figures& f = totals.figures;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(totals.rounds, rounds);
  EXPECT_GT(f.acked_requests, 0);
  EXPECT_GT(f.unknown, 0) << "no request was ever cut off by a kill: the test proved little";
  std::printf(
      "crash test: %d rounds survived (%lld with SIGTERM then SIGKILL) on %d folder(s), %lld "
      "events checked, %lld requests: %lld answered 201 (%lld events), all present exactly once; "
      "%lld cut off by a kill (%lld applied whole, %lld absent whole, none half); %lld of those "
      "retried with their Idempotency-Key (%lld replayed, the rest applied once); %lld refused "
      "with 503; %lld online backups restored and verified; largest signed head checked %lld; "
      "%.1f s; seed %u\n",
      totals.rounds, static_cast<long long>(f.sigterm_rounds), totals.folders,
      static_cast<long long>(totals.events), static_cast<long long>(totals.requests),
      static_cast<long long>(f.acked_requests), static_cast<long long>(f.acked_events),
      static_cast<long long>(f.unknown), static_cast<long long>(f.unknown_applied),
      static_cast<long long>(f.unknown_absent), static_cast<long long>(f.retried),
      static_cast<long long>(f.retried_replayed), static_cast<long long>(f.rejected_503),
      static_cast<long long>(f.backups), static_cast<long long>(f.max_signed_head), seconds, seed);
}

}  // namespace
}  // namespace lif
