// RocksLog: the durable EventLog in a RocksDB folder (key layout: keys.h and
// docs/storage.md).
//
// Writes go through one writer thread that practises group commit: every
// append request waiting when the writer wakes is sealed (core PrepareAppend)
// against the running head, all successful ones go into ONE WriteBatch with
// the new head and idempotency records, the batch is written with
// WriteOptions::sync = true (WAL fsync), and only then is each request
// answered. A request that fails validation or a version check gets its own
// error and does not affect the others in its group. If the write itself fails
// every request of the group gets kUnavailable (503) and nothing of it is
// visible; the writer tries RocksDB's Resume() before the next group.
//
// Ownership and lifetime: Open() returns the only owner of the folder (RocksDB's
// LOCK file makes a second process fail with kUnavailable). Destroying the log
// stops the writer after the requests already queued have been answered.
// Thread-safety: every public method may be called from any thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "core/log/event_log.h"
#include "core/validation/catalogue.h"

namespace rocksdb {
class DB;
}

namespace lif::store {

enum class GroupCommit { kOn, kOff };

struct RocksLogOptions {
  GroupCommit group_commit = GroupCommit::kOn;
  size_t max_group_requests = 512;  // Requests sealed into one synced batch.
  const Catalogue* catalogue = &Catalogue::Default();
  std::function<Timestamp()> clock;     // Defaults to the system clock.
  std::function<std::string()> new_id;  // Defaults to random UUIDs.
  bool sync = true;                     // Only tests of the offline demo path may turn it off.
};

class RocksLog : public EventLog {
 public:
  // Opens (creating if needed) the log in `dir`. Fails with kUnavailable if
  // another process holds the folder, kInternal if it is not a lif folder.
  static Result<std::unique_ptr<RocksLog>> Open(const std::string& dir, RocksLogOptions options);
  ~RocksLog() override;

  RocksLog(const RocksLog&) = delete;
  RocksLog& operator=(const RocksLog&) = delete;

  Result<AppendOutcome> Append(AppendRequest request) override;
  Result<std::vector<Event>> ReadRange(int64_t after, size_t limit) const override;
  Result<std::vector<Event>> ReadStream(std::string_view stream, int64_t after_version,
                                        size_t limit) const override;
  Status Scan(int64_t after, int64_t up_to,
              const std::function<IterationDecision(const Event&)>& fn) const override;
  // Decodes ahead on a second thread for long ranges (a rebuild, an "as of"
  // fold), leaving `hash` empty.
  Status ScanForFold(int64_t after, int64_t up_to,
                     const std::function<IterationDecision(const Event&)>& fn) const override;
  LogHead Head() const override;

  // Adds a function called on the writer thread after each committed group,
  // with the new events in order, before any request of the group is
  // answered. Listeners run in the order they were added and must not append.
  void AddCommitListener(std::function<void(const std::vector<Event>&)> listener);

  // Reads raw stored bytes at `position` (for verification tools).
  Result<std::string> ReadRaw(int64_t position) const;

  // Metadata values ('M' family) and tokens ('T' family) share the database.
  Result<std::string> GetMeta(const std::string& name) const;
  Status PutMeta(const std::string& name, const std::string& value);  // Synced.
  rocksdb::DB* db() const { return db_.get(); }
  const std::string& dir() const { return dir_; }  // The data folder.

  // Statistics for /healthz and benchmarks.
  struct Stats {
    uint64_t groups = 0;    // Synced batches written.
    uint64_t requests = 0;  // Append requests answered (including failures).
    uint64_t events = 0;    // Events appended.
  };
  Stats stats() const;

 private:
  struct Pending {
    AppendRequest request;
    std::promise<Result<AppendOutcome>> done;
  };

  RocksLog(std::string dir, std::unique_ptr<rocksdb::DB> db, RocksLogOptions options,
           LogHead head);
  void WriterLoop();
  void CommitGroup(std::vector<Pending*>& group);
  Result<int64_t> StoredStreamVersion(const std::string& stream) const;
  Result<std::vector<Event>> ReadPositions(const std::vector<int64_t>& positions) const;

  std::string dir_;
  std::unique_ptr<rocksdb::DB> db_;
  RocksLogOptions options_;
  Sha256Fn sha256_;

  mutable std::mutex head_mu_;
  LogHead head_;  // Guarded by head_mu_; only the writer changes it.

  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<Pending*> queue_;  // Guarded by queue_mu_.
  bool stopping_ = false;       // Guarded by queue_mu_.

  // Writer-thread state.
  std::unordered_map<std::string, int64_t> stream_versions_;  // Cache of 'V' values.
  std::vector<std::function<void(const std::vector<Event>&)>> listeners_;  // Guarded by queue_mu_.
  bool needs_resume_ = false;

  mutable std::mutex stats_mu_;
  Stats stats_;

  std::thread writer_;
};

}  // namespace lif::store
