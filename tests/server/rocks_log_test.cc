#include "server/store/rocks_log.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <atomic>
#include <chrono>
#include <future>
#include <set>
#include <thread>

#include "core/log/verify.h"
#include "server/store/damage.h"
#include "server/store/keys.h"
#include "tests/support/scenario.h"
#include "tests/support/temp_dir.h"

namespace lif::store {
namespace {

using testing::Admin;
using testing::Learning;

class RocksLogTest : public ::testing::Test {
 protected:
  std::unique_ptr<RocksLog> Open() { return OpenWith(RocksLogOptions{}); }
  std::unique_ptr<RocksLog> OpenWith(RocksLogOptions options) {
    Result<std::unique_ptr<RocksLog>> log = RocksLog::Open(dir.path(), std::move(options));
    EXPECT_TRUE(log.ok()) << log.status().ToString();
    return log.ok() ? std::move(*log) : nullptr;
  }
  testing::TempDir dir;
};

TEST_F(RocksLogTest, ReopenKeepsEverythingInOrder) {
  std::vector<std::string> hashes;
  {
    auto log = Open();
    for (int i = 0; i < 20; ++i) {
      Result<AppendOutcome> r = testing::AppendOne(
          log.get(), Admin(), Learning(std::to_string(i), "T" + std::to_string(i)));
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      hashes.push_back(r->events[0].hash);
    }
  }
  auto log = Open();
  EXPECT_EQ(log->Head().position, 20);
  EXPECT_EQ(log->Head().hash, hashes.back());
  Result<std::vector<Event>> all = log->ReadRange(0, 100);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 20u);
  for (size_t i = 0; i < all->size(); ++i) {
    EXPECT_EQ((*all)[i].position, static_cast<int64_t>(i) + 1);
    EXPECT_EQ((*all)[i].hash, hashes[i]);
  }
  Result<VerifyReport> report = VerifyLog(*log, log->Head());
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->reason;
  // Appending continues the chain after a reopen.
  Result<AppendOutcome> next = testing::AppendOne(log.get(), Admin(), Learning("next", "N"));
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->events[0].position, 21);
  EXPECT_EQ(next->events[0].prev, hashes.back());
}

TEST_F(RocksLogTest, SecondOpenOfTheSameFolderIsRefused) {
  auto log = Open();
  Result<std::unique_ptr<RocksLog>> second = RocksLog::Open(dir.path(), RocksLogOptions{});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
}

TEST_F(RocksLogTest, ConcurrentWritersShareSyncedGroupsWithoutGaps) {
  auto log = Open();
  constexpr int kThreads = 16, kEach = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        std::string id = std::to_string(t) + "-" + std::to_string(i);
        ASSERT_TRUE(testing::AppendOne(log.get(), Admin(), Learning(id, id)).ok());
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(log->Head().position, kThreads * kEach);
  RocksLog::Stats stats = log->stats();
  EXPECT_EQ(stats.events, static_cast<uint64_t>(kThreads * kEach));
  EXPECT_LT(stats.groups, stats.events) << "concurrent requests should share synced batches";
  Result<VerifyReport> report = VerifyLog(*log, log->Head());
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok);
  std::set<std::string> streams;
  for (const Event& e : log->ReadRange(0, 1000).value()) streams.insert(e.stream);
  EXPECT_EQ(streams.size(), static_cast<size_t>(kThreads * kEach));
}

TEST_F(RocksLogTest, RacingWritersOnOneStreamGetOneWinnerPerVersion) {
  auto log = Open();
  ASSERT_TRUE(testing::AppendOne(log.get(), Admin(), Learning("race", "R")).ok());
  // token.revoked continues a stream; use tokens' stream rule through two types.
  std::atomic<int> won{0}, conflicted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      ProposedEvent e = Learning("race2", "R2");
      e.expected_version = 0;
      Result<AppendOutcome> r = testing::AppendOne(log.get(), Admin(), e);
      if (r.ok()) {
        ++won;
      } else if (r.status().code() == StatusCode::kConflict) {
        ++conflicted;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(conflicted.load(), 7);
}

TEST_F(RocksLogTest, IdempotencyKeysSurviveRestart) {
  AppendRequest req;
  req.principal = Admin();
  req.events = {Learning("idem", "I")};
  req.idempotency_key = "retry-me";
  req.request_digest = "d1";
  std::string hash;
  {
    auto log = Open();
    Result<AppendOutcome> r = log->Append(req);
    ASSERT_TRUE(r.ok());
    hash = r->events[0].hash;
  }
  auto log = Open();
  Result<AppendOutcome> again = log->Append(req);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->events[0].hash, hash);
  EXPECT_EQ(log->Head().position, 1);
  req.request_digest = "d2";
  EXPECT_EQ(log->Append(req).status().code(), StatusCode::kIdempotencyMismatch);
}

// Holds the writer thread inside its next commit, so that requests queue up
// and are then taken as ONE group when Release() is called. The writer reads
// the log's clock once for each request it seals: the gate's clock blocks the
// first read after Hold() until Release(). Open the log with Options().
class WriterGate {
 public:
  RocksLogOptions Options() {
    RocksLogOptions options;
    options.clock = [this] {
      if (armed_.exchange(false)) {
        entered_.set_value();
        release_future_.wait();
      }
      return ParseTimestamp("2026-03-01T09:00:00.000Z").value();
    };
    return options;
  }
  // Appends one unrelated event from a background thread and returns once the
  // writer is held inside its commit.
  void Hold(RocksLog* log) {
    log_ = log;
    armed_ = true;
    holder_ = std::thread(
        [this] { EXPECT_TRUE(testing::AppendOne(log_, Admin(), Learning("gate", "Gate")).ok()); });
    if (entered_.get_future().wait_for(std::chrono::seconds(30)) != std::future_status::ready) {
      ADD_FAILURE() << "the writer never reached the gate";
    }
  }
  // Waits until `n` requests are queued behind the held commit.
  bool WaitQueued(size_t n) {
    for (int i = 0; i < 5000; ++i) {
      if (log_->stats().queued >= n) return log_->stats().queued == n;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return false;
  }
  void Release() {
    release_.set_value();
    holder_.join();
  }

 private:
  RocksLog* log_ = nullptr;
  std::atomic<bool> armed_{false};
  std::promise<void> entered_;
  std::promise<void> release_;
  std::shared_future<void> release_future_ = release_.get_future().share();
  std::thread holder_;
};

TEST_F(RocksLogTest, ListenersSeeEachGroupOnceUntilTheirSubscriptionEnds) {
  auto log = Open();
  std::vector<int64_t> first, second;
  CommitSubscription a = log->AddCommitListener([&](const CommittedGroup& group) {
    for (const Event& e : *group) first.push_back(e.position);
  });
  CommitSubscription b = log->AddCommitListener([&](const CommittedGroup& group) {
    for (const Event& e : *group) second.push_back(e.position);
  });
  ASSERT_TRUE(testing::AppendOne(log.get(), Admin(), Learning("1", "One")).ok());
  a.Cancel();
  ASSERT_TRUE(testing::AppendOne(log.get(), Admin(), Learning("2", "Two")).ok());
  {
    CommitSubscription moved = std::move(b);
    ASSERT_TRUE(testing::AppendOne(log.get(), Admin(), Learning("3", "Three")).ok());
  }  // Destroying the subscription ends it too.
  ASSERT_TRUE(testing::AppendOne(log.get(), Admin(), Learning("4", "Four")).ok());
  EXPECT_EQ(first, (std::vector<int64_t>{1}));
  EXPECT_EQ(second, (std::vector<int64_t>{1, 2, 3}));
}

// The writer hands the listeners the plain data it sealed rather than opening
// the sealed values again: what they see must be what every reader reads.
TEST_F(RocksLogTest, ListenersAndAnswersSeeEventsExactlyAsReadersReadThem) {
  auto log = Open();
  std::vector<Event> seen;
  std::vector<const Event*> seen_at;  // Where the listener's events live.
  CommitSubscription sub = log->AddCommitListener([&](const CommittedGroup& group) {
    seen.insert(seen.end(), group->begin(), group->end());
    for (const Event& e : *group) seen_at.push_back(&e);
  });
  auto action = [](const std::string& id, const std::string& lead) {
    ProposedEvent e;
    e.type = "action.planned";
    e.stream = "action/" + id;
    e.data = {{"title", "Briefing " + id},
              {"plan", "plan/p1"},
              {"owner_agency", "police"},
              {"lead", lead},
              {"due", "2026-03-31"},
              {"learning", Json::array()},
              {"description", "Call " + lead + " on 0123"}};
    return e;
  };
  AppendRequest req;
  req.principal = Admin();
  req.form = RequestForm::kBatch;
  req.events.push_back(action("a1", "DI Smith"));
  req.events.push_back(Learning("1", "No personal fields"));
  req.events.push_back(action("a2", "Dr Jones"));
  Result<AppendOutcome> batch = log->Append(std::move(req));
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  Result<AppendOutcome> single = testing::AppendOne(log.get(), Admin(), action("a3", "Ms Brown"));
  ASSERT_TRUE(single.ok()) << single.status().ToString();
  Result<std::vector<Event>> read = log->ReadRange(0, 10);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ASSERT_EQ(seen.size(), 4u);
  ASSERT_EQ(read->size(), 4u);
  std::vector<const Event*> answered;
  for (const Event& e : batch->events) answered.push_back(&e);
  for (const Event& e : single->events) answered.push_back(&e);
  ASSERT_EQ(answered.size(), 4u);
  for (size_t i = 0; i < seen.size(); ++i) {
    SCOPED_TRACE("position " + std::to_string(i + 1));
    EXPECT_EQ(seen[i].position, (*read)[i].position);
    EXPECT_EQ(seen[i].data, (*read)[i].data);
    EXPECT_EQ(seen[i].canonical, (*read)[i].canonical);
    EXPECT_EQ(seen[i].hash, (*read)[i].hash);
    // The answer holds the very events the listener was given: shared, not copied.
    EXPECT_EQ(answered[i], seen_at[i]);
    EXPECT_EQ(answered[i]->data, (*read)[i].data);
  }
  EXPECT_EQ(seen[0].data["lead"], "DI Smith");
  EXPECT_EQ(seen[2].data["description"], "Call Dr Jones on 0123");
  EXPECT_EQ(seen[3].data["lead"], "Ms Brown");
  // Stored sealed: the canonical bytes hold none of the names.
  EXPECT_EQ(seen[0].canonical.find("Smith"), std::string::npos);
  EXPECT_EQ(seen[3].canonical.find("Brown"), std::string::npos);
}

TEST_F(RocksLogTest, CancellingWaitsForTheListenerCallInProgress) {
  auto log = Open();
  std::promise<void> entered, release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> returned{false};
  CommitSubscription sub = log->AddCommitListener([&](const CommittedGroup&) {
    entered.set_value();
    released.wait();
    returned = true;
  });
  std::thread writer(
      [&] { EXPECT_TRUE(testing::AppendOne(log.get(), Admin(), Learning("1", "One")).ok()); });
  entered.get_future().wait();
  std::thread canceller([&] {
    sub.Cancel();
    // Cancel returned: the call in progress had returned before it.
    EXPECT_TRUE(returned.load());
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  release.set_value();
  canceller.join();
  writer.join();
}

AppendRequest KeyedRequest(const std::string& key, const std::string& digest) {
  AppendRequest req;
  req.principal = Admin();
  req.events = {Learning("keyed", "Keyed")};
  req.idempotency_key = key;
  req.request_digest = digest;
  return req;
}

TEST_F(RocksLogTest, RetriesOfOneKeyInOneGroupAppendOnceAndShareTheAnswer) {
  WriterGate gate;
  auto log = OpenWith(gate.Options());
  gate.Hold(log.get());
  const uint64_t groups_before = log->stats().groups;
  constexpr int kRetries = 8;
  std::vector<Result<AppendOutcome>> answers(kRetries, Status::Internal("not answered"));
  std::vector<std::thread> threads;
  for (int t = 0; t < kRetries; ++t) {
    threads.emplace_back([&, t] { answers[t] = log->Append(KeyedRequest("same-key", "d1")); });
  }
  ASSERT_TRUE(gate.WaitQueued(kRetries)) << "the retries did not queue behind the held commit";
  gate.Release();
  for (auto& th : threads) th.join();

  // The gate's group and exactly one more: all retries were sealed together.
  EXPECT_EQ(log->stats().groups, groups_before + 2);
  EXPECT_EQ(log->Head().position, 2) << "one gate event and ONE keyed event";
  int fresh = 0;
  for (const auto& a : answers) {
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    ASSERT_EQ(a->events.size(), 1u);
    EXPECT_EQ(a->events[0].position, 2);
    EXPECT_EQ(a->events[0].hash, answers[0]->events[0].hash);
    EXPECT_EQ(a->events[0].recorded_at, answers[0]->events[0].recorded_at);
    if (!a->replayed) ++fresh;
  }
  EXPECT_EQ(fresh, 1) << "exactly one answer is the original, the others are replays";
  // A retry after the group, and after a restart, still replays the same event.
  Result<AppendOutcome> later = log->Append(KeyedRequest("same-key", "d1"));
  ASSERT_TRUE(later.ok());
  EXPECT_TRUE(later->replayed);
  EXPECT_EQ(later->events[0].hash, answers[0]->events[0].hash);
  log.reset();
  log = Open();
  later = log->Append(KeyedRequest("same-key", "d1"));
  ASSERT_TRUE(later.ok());
  EXPECT_TRUE(later->replayed);
  EXPECT_EQ(later->events[0].hash, answers[0]->events[0].hash);
  EXPECT_EQ(log->Head().position, 2);
}

TEST_F(RocksLogTest, AnotherBodyUnderTheSameKeyInTheSameGroupIs422) {
  WriterGate gate;
  auto log = OpenWith(gate.Options());
  gate.Hold(log.get());
  // Queued in a known order: first body, another body, the first body again.
  Result<AppendOutcome> first = Status::Internal("not answered");
  Result<AppendOutcome> other = first, again = first;
  std::thread a([&] { first = log->Append(KeyedRequest("k", "d1")); });
  ASSERT_TRUE(gate.WaitQueued(1));
  std::thread b([&] { other = log->Append(KeyedRequest("k", "d2")); });
  ASSERT_TRUE(gate.WaitQueued(2));
  std::thread c([&] { again = log->Append(KeyedRequest("k", "d1")); });
  ASSERT_TRUE(gate.WaitQueued(3));
  gate.Release();
  a.join();
  b.join();
  c.join();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_FALSE(first->replayed);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().code(), StatusCode::kIdempotencyMismatch);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->events[0].hash, first->events[0].hash);
  EXPECT_EQ(log->Head().position, 2);
}

TEST_F(RocksLogTest, StreamReadsAndKeyLayoutAreBigEndian) {
  auto log = Open();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(testing::AppendOne(log.get(), Admin(), Learning(std::to_string(i), "x")).ok());
  }
  Result<std::vector<Event>> s = log->ReadStream("learning/1", 0, 10);
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->size(), 1u);
  EXPECT_EQ((*s)[0].position, 2);
  EXPECT_EQ(EventKey(258), std::string("E\0\0\0\0\0\0\x01\x02", 9));
  Result<std::string> raw = log->ReadRaw(2);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(*raw, (*s)[0].canonical);
}

TEST_F(RocksLogTest, VerifyNamesAFlippedByteInRocksDb) {
  {
    auto log = Open();
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(
          testing::AppendOne(log.get(), Admin(), Learning(std::to_string(i), "Title")).ok());
    }
    // Flip one byte of position 3's stored value through the RocksDB API.
    std::string value = log->ReadRaw(3).value();
    value[value.find("Title")] = 't';
    rocksdb::WriteOptions wo;
    ASSERT_TRUE(log->db()->Put(wo, EventKey(3), value).ok());
  }
  auto log = Open();
  Result<VerifyReport> report = VerifyLog(*log, log->Head());
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->first_bad_position, 3);
}

// A long range (a rebuild) is read on one thread, decoded on others and
// folded here: the fold must see exactly what a plain scan sees, in order.
class ScanForFoldTest : public RocksLogTest {
 protected:
  // More events than ScanForFold reads on the calling thread alone (20,000).
  static constexpr int kEvents = 25'000;

  void SetUp() override {
    log = Open();
    ASSERT_NE(log, nullptr);
    for (int first = 0; first < kEvents; first += 1000) {
      AppendRequest req;
      req.principal = Admin();
      for (int i = first; i < first + 1000; ++i) {
        req.events.push_back(Learning(std::to_string(i), "Title " + std::to_string(i)));
      }
      Result<AppendOutcome> r = log->Append(std::move(req));
      ASSERT_TRUE(r.ok()) << r.status().ToString();
    }
    ASSERT_EQ(log->Head().position, kEvents);
  }

  // Each event's position and canonical bytes, as `scan` hands them over.
  template <typename ScanFn>
  Result<std::vector<std::pair<int64_t, std::string>>> Collect(ScanFn scan, int64_t after,
                                                               int64_t up_to,
                                                               int64_t break_at = 0) {
    std::vector<std::pair<int64_t, std::string>> seen;
    Status s = scan(after, up_to, [&](const Event& e) {
      seen.emplace_back(e.position, e.canonical);
      return e.position == break_at ? IterationDecision::kBreak : IterationDecision::kContinue;
    });
    if (!s.ok()) return s;
    return seen;
  }
  auto Fold() {
    return [this](int64_t after, int64_t up_to, const auto& fn) {
      return log->ScanForFold(after, up_to, fn);
    };
  }
  auto Plain() {
    return [this](int64_t after, int64_t up_to, const auto& fn) {
      return log->Scan(after, up_to, fn);
    };
  }

  std::unique_ptr<RocksLog> log;
};

TEST_F(ScanForFoldTest, SeesWhatAScanSeesInOrder) {
  for (auto [after, up_to] : std::vector<std::pair<int64_t, int64_t>>{
           {0, kEvents}, {1234, kEvents - 7}, {0, kEvents + 100}}) {
    auto folded = Collect(Fold(), after, up_to);
    auto scanned = Collect(Plain(), after, up_to);
    ASSERT_TRUE(folded.ok()) << folded.status().ToString();
    ASSERT_TRUE(scanned.ok()) << scanned.status().ToString();
    ASSERT_EQ(folded->size(), static_cast<size_t>(std::min<int64_t>(up_to, kEvents) - after));
    EXPECT_TRUE(*folded == *scanned) << "after " << after << ", up to " << up_to;
    EXPECT_EQ(folded->front().first, after + 1);
  }
}

TEST_F(ScanForFoldTest, StopsWhereTheFoldBreaks) {
  auto folded = Collect(Fold(), 0, kEvents, /*break_at=*/21'000);
  ASSERT_TRUE(folded.ok()) << folded.status().ToString();
  ASSERT_EQ(folded->size(), 21'000u);
  EXPECT_EQ(folded->back().first, 21'000);
}

TEST_F(ScanForFoldTest, AMissingEventFailsAfterFoldingEverythingBeforeIt) {
  ASSERT_TRUE(log->db()->Delete(rocksdb::WriteOptions(), EventKey(22'222)).ok());
  auto folded = Collect(Fold(), 0, kEvents);
  ASSERT_FALSE(folded.ok());
  EXPECT_TRUE(store::IsDataDamaged(folded.status()));
  EXPECT_NE(folded.status().message().find("position 22222 is missing"), std::string::npos)
      << folded.status().message();
  // What was folded before the failure is every event before the gap.
  std::vector<int64_t> seen;
  Status s = log->ScanForFold(0, kEvents, [&](const Event& e) {
    seen.push_back(e.position);
    return IterationDecision::kContinue;
  });
  EXPECT_FALSE(s.ok());
  ASSERT_EQ(seen.size(), 22'221u);
  EXPECT_EQ(seen.back(), 22'221);
}

TEST_F(ScanForFoldTest, ADamagedEventIsNamedByPosition) {
  std::string value = log->ReadRaw(24'000).value();
  value[value.find("Title")] = 't';
  value.pop_back();  // No longer JSON.
  ASSERT_TRUE(log->db()->Put(rocksdb::WriteOptions(), EventKey(24'000), value).ok());
  auto folded = Collect(Fold(), 0, kEvents);
  ASSERT_FALSE(folded.ok());
  EXPECT_NE(folded.status().message().find("position 24000"), std::string::npos)
      << folded.status().message();
}

TEST_F(ScanForFoldTest, AMissingLastEventIsNamed) {
  ASSERT_TRUE(log->db()->Delete(rocksdb::WriteOptions(), EventKey(kEvents)).ok());
  auto folded = Collect(Fold(), 0, kEvents);
  ASSERT_FALSE(folded.ok());
  EXPECT_NE(folded.status().message().find("position 25000 is missing"), std::string::npos)
      << folded.status().message();
}

}  // namespace
}  // namespace lif::store
