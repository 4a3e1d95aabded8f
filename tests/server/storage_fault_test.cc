// Storage faults (docs/reliability.md#storage-faults): a RocksDB write that
// fails answers 503 (kUnavailable), appends nothing half-way, keeps reads
// working, and the log recovers by itself once the fault clears.
#include <gtest/gtest.h>
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>

#include "core/log/verify.h"
#include "server/store/rocks_log.h"
#include "tests/server/live_server.h"
#include "tests/support/scenario.h"
#include "tests/support/temp_dir.h"

namespace lif::store {
namespace {

// What a test's file system does before each new file, write and sync.
// Implementations must be thread-safe: RocksDB calls them from its threads.
class FileHooks {
 public:
  virtual ~FileHooks() = default;
  // Whether the writes and syncs of file `name` go through the hooks.
  virtual bool Hooks(const std::string& name) const = 0;
  virtual rocksdb::IOStatus OnNewFile() { return rocksdb::IOStatus::OK(); }
  virtual rocksdb::IOStatus OnAppend() { return rocksdb::IOStatus::OK(); }
  virtual rocksdb::IOStatus OnSync() { return rocksdb::IOStatus::OK(); }
};

// The default file system, with `hooks` (not owned; must outlive it) called
// before every new writable file and before the writes and syncs of the files
// they choose; a failing hook fails the call.
class HookedFileSystem : public rocksdb::FileSystemWrapper {
 public:
  explicit HookedFileSystem(FileHooks* hooks)
      : FileSystemWrapper(rocksdb::FileSystem::Default()), hooks_(hooks) {}
  const char* Name() const override { return "HookedFileSystem"; }

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override {
    if (rocksdb::IOStatus s = hooks_->OnNewFile(); !s.ok()) return s;
    std::unique_ptr<rocksdb::FSWritableFile> file;
    rocksdb::IOStatus s = target()->NewWritableFile(name, options, &file, dbg);
    if (s.ok()) {
      result->reset(hooks_->Hooks(name) ? new File(std::move(file), hooks_) : file.release());
    }
    return s;
  }

 private:
  class File : public rocksdb::FSWritableFileOwnerWrapper {
   public:
    File(std::unique_ptr<rocksdb::FSWritableFile> f, FileHooks* hooks)
        : FSWritableFileOwnerWrapper(std::move(f)), hooks_(hooks) {}
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                             rocksdb::IODebugContext* d) override {
      if (rocksdb::IOStatus s = hooks_->OnAppend(); !s.ok()) return s;
      return FSWritableFileOwnerWrapper::Append(data, o, d);
    }
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                             const rocksdb::DataVerificationInfo& v,
                             rocksdb::IODebugContext* d) override {
      if (rocksdb::IOStatus s = hooks_->OnAppend(); !s.ok()) return s;
      return FSWritableFileOwnerWrapper::Append(data, o, v, d);
    }
    rocksdb::IOStatus Sync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* d) override {
      if (rocksdb::IOStatus s = hooks_->OnSync(); !s.ok()) return s;
      return FSWritableFileOwnerWrapper::Sync(o, d);
    }
    rocksdb::IOStatus Fsync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* d) override {
      if (rocksdb::IOStatus s = hooks_->OnSync(); !s.ok()) return s;
      return FSWritableFileOwnerWrapper::Fsync(o, d);
    }

   private:
    FileHooks* hooks_;
  };
  FileHooks* hooks_;
};

// While `failing` is set, every write, sync and new file of the folder fails
// as a full disk does.
class DiskFull : public FileHooks {
 public:
  bool Hooks(const std::string&) const override { return true; }
  rocksdb::IOStatus OnNewFile() override { return OnAppend(); }
  rocksdb::IOStatus OnAppend() override {
    return failing ? rocksdb::IOStatus::NoSpace("injected: disk full") : rocksdb::IOStatus::OK();
  }
  rocksdb::IOStatus OnSync() override {
    return failing ? rocksdb::IOStatus::IOError("injected: sync failed") : rocksdb::IOStatus::OK();
  }

  std::atomic<bool> failing{false};
};

enum class SyncOutcome { kSucceed, kFail };

// Holds the syncs of the write-ahead log on demand: a test looks at the log
// while a group is written to the WAL and not yet synced, then lets the sync
// go on or fail. Thread-safe.
class SyncGate : public FileHooks {
 public:
  void Hold() {
    std::lock_guard<std::mutex> lock(mu_);
    holding_ = true;
  }
  // Lets the held syncs go on; they fail when `outcome` is kFail (later ones succeed).
  void Release(SyncOutcome outcome) {
    std::lock_guard<std::mutex> lock(mu_);
    holding_ = false;
    fail_held_ = outcome == SyncOutcome::kFail;
    ++released_;
    cv_.notify_all();
  }
  // Waits until a WAL sync is held; false after five seconds.
  bool WaitForHeldSync() {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(5), [&] { return held_ > 0; });
  }
  // Waits until the WAL has had more than `n` appends; false after five seconds.
  bool WaitForWalAppends(int n) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(5), [&] { return wal_appends_ > n; });
  }
  int wal_appends() const {
    std::lock_guard<std::mutex> lock(mu_);
    return wal_appends_;
  }

  // The hooks: on the write-ahead log's files only.
  bool Hooks(const std::string& name) const override {
    return name.size() > 4 && name.compare(name.size() - 4, 4, ".log") == 0;
  }
  rocksdb::IOStatus OnAppend() override {
    std::lock_guard<std::mutex> lock(mu_);
    ++wal_appends_;
    cv_.notify_all();
    return rocksdb::IOStatus::OK();
  }
  rocksdb::IOStatus OnSync() override {
    std::unique_lock<std::mutex> lock(mu_);
    if (!holding_) return rocksdb::IOStatus::OK();
    const int release = released_;
    ++held_;
    cv_.notify_all();
    // A test that fails before releasing does not hang: the sync goes on
    // by itself after ten seconds.
    cv_.wait_for(lock, std::chrono::seconds(10), [&] { return released_ != release; });
    --held_;
    if (fail_held_) return rocksdb::IOStatus::IOError("injected: sync failed");
    return rocksdb::IOStatus::OK();
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool holding_ = false;
  bool fail_held_ = false;
  int released_ = 0;
  int held_ = 0;
  int wal_appends_ = 0;
};

// The log on a file system whose WAL syncs go through a SyncGate, with appends
// made on threads of their own.
class SyncOrderTest : public ::testing::Test {
 protected:
  SyncOrderTest()
      : fs_(std::make_shared<HookedFileSystem>(&gate_)), env_(rocksdb::NewCompositeEnv(fs_)) {
    options_.env = env_.get();
  }
  void SetUp() override {
    Result<std::unique_ptr<RocksLog>> opened = RocksLog::Open(dir_.path(), options_);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    log_ = std::move(*opened);
    ASSERT_TRUE(testing::AppendOne(log_.get(), testing::Admin(), testing::Learning("a", "A")).ok());
  }
  std::future<Result<AppendOutcome>> AppendLater(const std::string& id) {
    return std::async(std::launch::async, [this, id] {
      return testing::AppendOne(log_.get(), testing::Admin(), testing::Learning(id, id));
    });
  }
  static bool Answered(const std::future<Result<AppendOutcome>>& f) {
    return f.wait_for(std::chrono::milliseconds(200)) == std::future_status::ready;
  }
  // What a reader sees: the head, the events and the stream of `id`.
  void ExpectOnlyTheFirstEventReadable(const std::string& id) {
    EXPECT_EQ(log_->Head().position, 1);
    EXPECT_EQ(log_->ReadRange(0, 10).value().size(), 1u);
    EXPECT_EQ(log_->ReadRaw(2).status().code(), StatusCode::kNotFound);
    EXPECT_TRUE(log_->ReadStream("learning/" + id, 0, 10).value().empty());
  }

  testing::TempDir dir_;
  SyncGate gate_;
  std::shared_ptr<HookedFileSystem> fs_;
  std::unique_ptr<rocksdb::Env> env_;
  RocksLogOptions options_;
  std::unique_ptr<RocksLog> log_;
};

TEST_F(SyncOrderTest, AGroupIsNeitherReadableNorAnsweredBeforeItsSync) {
  std::mutex seen_mu;  // The listener runs on the log's threads.
  std::vector<CommittedGroup> seen;
  CommitSubscription sub = log_->AddCommitListener([&](const CommittedGroup& g) {
    std::lock_guard<std::mutex> lock(seen_mu);
    seen.push_back(g);
  });
  auto nothing_seen = [&] {
    std::lock_guard<std::mutex> lock(seen_mu);
    return seen.empty();
  };
  gate_.Hold();
  const int appends = gate_.wal_appends();
  auto b = AppendLater("b");
  ASSERT_TRUE(gate_.WaitForHeldSync());
  // Group b is in the WAL, unsynced: no reader, listener or client sees it.
  ExpectOnlyTheFirstEventReadable("b");
  EXPECT_FALSE(Answered(b));
  EXPECT_TRUE(nothing_seen());
  // The writer goes on: group c is written on top while b's sync is held.
  auto c = AppendLater("c");
  ASSERT_TRUE(gate_.WaitForWalAppends(appends + 1));
  ExpectOnlyTheFirstEventReadable("c");
  EXPECT_FALSE(Answered(c));

  gate_.Release(SyncOutcome::kSucceed);
  Result<AppendOutcome> rb = b.get();
  Result<AppendOutcome> rc = c.get();
  ASSERT_TRUE(rb.ok()) << rb.status().ToString();
  ASSERT_TRUE(rc.ok()) << rc.status().ToString();
  EXPECT_EQ(rb->events.front().position, 2);
  EXPECT_EQ(rc->events.front().position, 3);
  EXPECT_EQ(log_->Head().position, 3);
  EXPECT_EQ(log_->ReadStream("learning/c", 0, 10).value().size(), 1u);
  // The listeners saw both groups, in order, each once.
  sub.Cancel();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0]->front().position, 2);
  EXPECT_EQ(seen[1]->front().position, 3);
}

TEST_F(SyncOrderTest, AFailedSyncFailsItsGroupAndEveryGroupWrittenOnTopOfIt) {
  std::mutex seen_mu;  // The listener runs on the log's threads.
  std::vector<int64_t> seen;
  CommitSubscription sub = log_->AddCommitListener([&](const CommittedGroup& g) {
    std::lock_guard<std::mutex> lock(seen_mu);
    for (const Event& e : *g) seen.push_back(e.position);
  });
  gate_.Hold();
  const int appends = gate_.wal_appends();
  auto b = AppendLater("b");
  ASSERT_TRUE(gate_.WaitForHeldSync());
  auto c = AppendLater("c");
  ASSERT_TRUE(gate_.WaitForWalAppends(appends + 1));

  gate_.Release(SyncOutcome::kFail);
  // Neither is acknowledged: c stood on b, whose sync failed.
  Result<AppendOutcome> rb = b.get();
  Result<AppendOutcome> rc = c.get();
  ASSERT_FALSE(rb.ok());
  ASSERT_FALSE(rc.ok());
  EXPECT_EQ(rb.status().code(), StatusCode::kUnavailable) << rb.status().ToString();
  EXPECT_EQ(rc.status().code(), StatusCode::kUnavailable) << rc.status().ToString();
  ExpectOnlyTheFirstEventReadable("b");
  {
    std::lock_guard<std::mutex> lock(seen_mu);
    EXPECT_TRUE(seen.empty());
  }

  // The next append reopens the store. The failed groups reached the WAL
  // (only the injected sync failed), so the reopen recovers them: they join
  // the log unacknowledged, the listeners get them first, and d follows them.
  Result<AppendOutcome> d =
      testing::AppendOne(log_.get(), testing::Admin(), testing::Learning("d", "D"));
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->events.front().position, 4);
  sub.Cancel();
  EXPECT_EQ(seen, (std::vector<int64_t>{2, 3, 4}));
  Result<VerifyReport> report = VerifyLog(*log_, log_->Head());
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->reason;
  EXPECT_EQ(report->length, 4);
}

class StorageFaultTest : public ::testing::Test {
 protected:
  StorageFaultTest()
      : fs_(std::make_shared<HookedFileSystem>(&disk_)), env_(rocksdb::NewCompositeEnv(fs_)) {
    options_.env = env_.get();
  }
  DiskFull disk_;
  std::atomic<bool>& failing_ = disk_.failing;
  std::shared_ptr<HookedFileSystem> fs_;
  std::unique_ptr<rocksdb::Env> env_;
  RocksLogOptions options_;
};

TEST_F(StorageFaultTest, FailedWriteIsUnavailableAppendsNothingAndRecovers) {
  testing::TempDir dir;
  {
    Result<std::unique_ptr<RocksLog>> opened = RocksLog::Open(dir.path(), options_);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    RocksLog& log = **opened;
    ASSERT_TRUE(testing::AppendOne(&log, testing::Admin(), testing::Learning("a", "A")).ok());

    failing_ = true;
    AppendRequest batch;
    batch.principal = testing::Admin();
    batch.form = RequestForm::kBatch;
    batch.events = {testing::Learning("b", "B"), testing::Learning("c", "C")};
    batch.idempotency_key = "fault-1";
    batch.request_digest = "d1";
    // The failed write, then appends while the fault lasts (the reopen fails too).
    for (int i = 0; i < 3; ++i) {
      Result<AppendOutcome> r = log.Append(batch);
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.status().code(), StatusCode::kUnavailable) << r.status().ToString();
      EXPECT_EQ(log.Head().position, 1);
    }
    // Reads keep working meanwhile, and show nothing of the failed batch.
    Result<std::vector<Event>> read = log.ReadRange(0, 10);
    ASSERT_TRUE(read.ok()) << read.status().ToString();
    EXPECT_EQ(read->size(), 1u);
    EXPECT_TRUE(log.ReadStream("learning/b", 0, 10).value().empty());

    // The fault clears: the same request (a client's retry) succeeds, once.
    failing_ = false;
    Result<AppendOutcome> again = log.Append(batch);
    ASSERT_TRUE(again.ok()) << again.status().ToString();
    ASSERT_EQ(again->events.size(), 2u);
    EXPECT_EQ(again->events[0].position, 2);
    EXPECT_EQ(again->events[1].position, 3);
    Result<AppendOutcome> retry = log.Append(batch);
    ASSERT_TRUE(retry.ok());
    EXPECT_TRUE(retry->replayed);
    EXPECT_EQ(log.Head().position, 3);
    ASSERT_TRUE(testing::AppendOne(&log, testing::Admin(), testing::Learning("d", "D")).ok());
  }
  // After a restart everything acknowledged is there, gap-free and verified.
  Result<std::unique_ptr<RocksLog>> reopened = RocksLog::Open(dir.path(), RocksLogOptions{});
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ((*reopened)->Head().position, 4);
  Result<VerifyReport> report = VerifyLog(**reopened, (*reopened)->Head());
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->reason;
  EXPECT_EQ(report->length, 4);
}

TEST_F(StorageFaultTest, ApiAnswers503WhileTheDiskFailsAndServesAgainAfter) {
  testing::LiveServer server(server::ApiOptions{}, options_);
  const std::string event = R"({"type":"learning.identified","stream":"learning/l1","data":{
      "title":"Escalation","kind":"lesson","source":{"kind":"other","stream":"other/x"},
      "themes":[]}})";
  const int64_t head = server.Head();
  failing_ = true;
  auto r = server.Post("admin", "/v1/events", event);
  ASSERT_EQ(r->status, 503) << r->body;
  Json error = Json::parse(r->body)["error"];
  EXPECT_EQ(error["code"], "unavailable");
  EXPECT_NE(error["message"].get<std::string>().find("storage"), std::string::npos);
  EXPECT_EQ(server.Post("police", "/v1/events", event)->status, 503);
  EXPECT_EQ(server.Head(), head);
  EXPECT_EQ(server.Get("", "/healthz")->status, 200);
  EXPECT_EQ(server.Get("inspector", "/v1/events")->status, 200);

  failing_ = false;
  auto ok = server.Post("admin", "/v1/events", event);
  ASSERT_EQ(ok->status, 201) << ok->body;
  EXPECT_EQ(Json::parse(ok->body)["position"], head + 1);
  Json verify = Json::parse(server.Get("inspector", "/v1/verify")->body);
  EXPECT_TRUE(verify["ok"].get<bool>()) << verify.dump();
  EXPECT_EQ(verify["length"], head + 1);
  // The live views saw the event appended after the recovery.
  EXPECT_NE(server.Get("board", "/v1/views/learning")->body.find("Escalation"), std::string::npos);
}

TEST_F(StorageFaultTest, TokenAdministrationIsAllOrNothingUnderAFault) {
  testing::LiveServer server(server::ApiOptions{}, options_);
  auto issued = server.Post("admin", "/v1/tokens", R"({"name":"schools","role":"board"})");
  ASSERT_EQ(issued->status, 201) << issued->body;
  const std::string id = Json::parse(issued->body)["record"]["id"];
  const httplib::Headers as_new = {
      {"Authorization", "Bearer " + Json::parse(issued->body)["token"].get<std::string>()}};
  const int64_t head = server.Head();

  // Neither an issue nor a revocation half happens while the disk fails: no
  // event without its record, no record without its event.
  failing_ = true;
  EXPECT_EQ(server.Post("admin", "/v1/tokens", R"({"name":"x","role":"board"})")->status, 503);
  EXPECT_EQ(server.Client().Delete(("/v1/tokens/" + id).c_str(), server.As("admin"))->status, 503);
  EXPECT_EQ(server.Client().Get("/v1/views/learning", as_new)->status, 200);
  failing_ = false;
  EXPECT_EQ(server.Head(), head);
  EXPECT_EQ(Json::parse(server.Get("admin", "/v1/tokens")->body)["tokens"].size(), 7u);

  // Once the fault clears the revocation happens, durably, with its event.
  ASSERT_EQ(server.Client().Delete(("/v1/tokens/" + id).c_str(), server.As("admin"))->status, 200);
  EXPECT_EQ(server.Client().Get("/v1/views/learning", as_new)->status, 401);
  server.Restart();
  EXPECT_EQ(server.Client().Get("/v1/views/learning", as_new)->status, 401);
  EXPECT_EQ(server.Head(), head + 1);
}

}  // namespace
}  // namespace lif::store
