// Storage faults (docs/reliability.md#storage-faults): a RocksDB write that
// fails answers 503 (kUnavailable), appends nothing half-way, keeps reads
// working, and the log recovers by itself once the fault clears.
#include <gtest/gtest.h>
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

#include <atomic>

#include "core/log/verify.h"
#include "server/store/rocks_log.h"
#include "tests/server/live_server.h"
#include "tests/support/scenario.h"
#include "tests/support/temp_dir.h"

namespace lif::store {
namespace {

// While `failing` is set, every write, sync and new file of the folder fails
// as a full disk does.
class FailingFileSystem : public rocksdb::FileSystemWrapper {
 public:
  explicit FailingFileSystem(std::atomic<bool>* failing)
      : FileSystemWrapper(rocksdb::FileSystem::Default()), failing_(failing) {}
  const char* Name() const override { return "FailingFileSystem"; }

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override {
    if (*failing_) return rocksdb::IOStatus::NoSpace("injected: disk full");
    std::unique_ptr<rocksdb::FSWritableFile> file;
    rocksdb::IOStatus s = target()->NewWritableFile(name, options, &file, dbg);
    if (s.ok()) result->reset(new File(std::move(file), failing_));
    return s;
  }

 private:
  class File : public rocksdb::FSWritableFileOwnerWrapper {
   public:
    File(std::unique_ptr<rocksdb::FSWritableFile> f, std::atomic<bool>* failing)
        : FSWritableFileOwnerWrapper(std::move(f)), failing_(failing) {}
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                             rocksdb::IODebugContext* d) override {
      if (*failing_) return rocksdb::IOStatus::NoSpace("injected: disk full");
      return FSWritableFileOwnerWrapper::Append(data, o, d);
    }
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                             const rocksdb::DataVerificationInfo& v,
                             rocksdb::IODebugContext* d) override {
      if (*failing_) return rocksdb::IOStatus::NoSpace("injected: disk full");
      return FSWritableFileOwnerWrapper::Append(data, o, v, d);
    }
    rocksdb::IOStatus Sync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* d) override {
      if (*failing_) return rocksdb::IOStatus::IOError("injected: sync failed");
      return FSWritableFileOwnerWrapper::Sync(o, d);
    }
    rocksdb::IOStatus Fsync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* d) override {
      if (*failing_) return rocksdb::IOStatus::IOError("injected: sync failed");
      return FSWritableFileOwnerWrapper::Fsync(o, d);
    }

   private:
    std::atomic<bool>* failing_;
  };
  std::atomic<bool>* failing_;
};

class StorageFaultTest : public ::testing::Test {
 protected:
  StorageFaultTest()
      : fs_(std::make_shared<FailingFileSystem>(&failing_)), env_(rocksdb::NewCompositeEnv(fs_)) {
    options_.env = env_.get();
  }
  std::atomic<bool> failing_{false};
  std::shared_ptr<FailingFileSystem> fs_;
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
