// RocksLog: the durable EventLog in a RocksDB folder (key layout: keys.h and
// docs/storage.md).
//
// Writes go through one writer thread that practises group commit: every
// append request waiting when the writer wakes is sealed (core PrepareAppend)
// against the running head, all successful ones go into ONE WriteBatch with
// the new head and idempotency records, and the batch is written to the WAL.
// A second thread, the syncer, then syncs the WAL (fdatasync) for every group
// written since its last sync, and only then makes each group visible (the
// head readers see), tells the commit listeners and answers its requests, in
// the order the groups were written. The writer meanwhile seals and writes the
// next group, so sealing overlaps the disk's sync (docs/storage.md, "Appends").
// A request that fails validation or a version check gets its own
// error and does not affect the others in its group. If the write or its sync
// fails, every request of that group and of every group written after it gets
// kUnavailable (503) and nothing of them is visible. RocksDB then refuses further writes (a failed
// WAL write or sync leaves the WAL untrustworthy), so before the next group the writer closes and
// reopens the database, which recovers from the synced WAL; until that succeeds (the fault has
// cleared) every request gets kUnavailable. A batch whose sync failed may still have reached the
// disk: after the reopen it is part of the log (never acknowledged, but its idempotency records
// answer retries) and the commit listeners receive it then. See docs/reliability.md. The commit
// listeners and the answers share the group's events (an answer's EventSpan is a view of the
// listeners' vector): the writer copies no event.
//
// Ownership and lifetime: Open() returns the only owner of the folder (RocksDB's
// LOCK file makes a second process fail with kUnavailable). Destroying the log
// stops the writer and the syncer after the requests already queued have been
// answered.
// Thread-safety: every public method may be called from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

#include "core/log/event_log.h"
#include "core/validation/catalogue.h"
#include "server/store/keys.h"

namespace rocksdb {
class DB;
class Env;
}  // namespace rocksdb

namespace lif::store {

enum class GroupCommit { kOn, kOff };
// kSealed: fields marked "x-lif-personal" are sealed under their subject's key
// before hashing and opened on every read (docs/privacy.md). kPlain stores
// them as given (only tests of the storage layer use it).
enum class PersonalData { kSealed, kPlain };

struct RocksLogOptions {
  GroupCommit group_commit = GroupCommit::kOn;
  size_t max_group_requests = 512;  // Requests sealed into one synced batch.
  const Catalogue* catalogue = &Catalogue::Default();
  std::function<Timestamp()> clock;     // Defaults to the system clock.
  std::function<std::string()> new_id;  // Defaults to random UUIDs.
  bool sync = true;                     // Only tests of the offline demo path may turn it off.
  PersonalData personal_data = PersonalData::kSealed;
  rocksdb::Env* env = nullptr;  // Not owned; null: the default. Tests inject faults with it.
};

// The events of one committed group, in order, shared by every commit
// listener (none of them copies the group to keep it).
using CommittedGroup = std::shared_ptr<const std::vector<Event>>;
using CommitListener = std::function<void(const CommittedGroup&)>;

// Keeps a commit listener registered while it lives (RocksLog::
// AddCommitListener). Cancel(), or destroying it, unregisters the listener
// and waits for a call of it in progress to return, so what the listener
// points at may be destroyed right after. It need not outlive the log, nor
// the log it. Move-only; thread-safe.
class CommitSubscription {
 public:
  CommitSubscription() = default;
  CommitSubscription(CommitSubscription&&) = default;
  CommitSubscription& operator=(CommitSubscription&& other) {
    Cancel();
    slot_ = std::move(other.slot_);
    return *this;
  }
  ~CommitSubscription() { Cancel(); }
  void Cancel();

 private:
  friend class RocksLog;
  struct Slot {
    std::mutex mu;  // Held while the listener runs.
    CommitListener fn;
    std::atomic<bool> active{true};
  };
  std::shared_ptr<Slot> slot_;
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
  // Like Append, and also writes `records` (RocksDB key, value; keys.h
  // families other than the log's own) in the same synced batch as the
  // events, only when they are appended: both or neither survive a crash.
  // Used for token records beside their token.created/.revoked events.
  Result<AppendOutcome> AppendWithRecords(AppendRequest request,
                                          std::vector<std::pair<std::string, std::string>> records);
  Result<std::vector<Event>> ReadRange(int64_t after, size_t limit) const override;
  Result<std::vector<Event>> ReadStream(std::string_view stream, int64_t after_version,
                                        size_t limit) const override;
  Status Scan(int64_t after, int64_t up_to,
              const std::function<IterationDecision(const Event&)>& fn) const override;
  // For long ranges (a rebuild, an "as of" fold), reads on one thread and
  // decodes ahead on up to four more (one per core), while `fn` runs on the
  // calling thread in position order; leaves `hash` empty.
  Status ScanForFold(int64_t after, int64_t up_to,
                     const std::function<IterationDecision(const Event&)>& fn) const override;
  LogHead Head() const override;

  // Adds a function called after each committed group, with the new events
  // in order, once the group is synced and before any request of it is
  // answered: on the syncer thread (on the writer for a group that a reopen
  // recovered after a failed sync). Listeners run in the order they were added and must not append.
  // The listener stays registered while the returned subscription lives.
  [[nodiscard]] CommitSubscription AddCommitListener(CommitListener listener);

  // Crypto-shredding (docs/privacy.md). Events read from this log (Scan,
  // ReadRange, ReadStream, commit listeners, append answers) have their sealed personal values
  // opened: the text, or kErasedText once the subject's key is erased; their
  // canonical bytes and hashes are always the stored ones.
  //
  // Erases `subject`'s key (synced), then flushes and compacts so that no
  // copy of it stays in RocksDB's files. kNotFound when the subject has no key.
  Status EraseSubject(const std::string& subject);
  // Whether `subject` has a key (personal data that can still be read).
  Result<bool> HasSubjectKey(const std::string& subject) const;
  // How many subject keys were erased so far: metadata "erasures", written
  // in the same batch as each deletion. The views compare it with the count
  // they last forgot (ViewService::ErasuresPending).
  Result<int64_t> ErasureCount() const { return GetMetaCount(kErasuresMeta); }
  // When `subject`'s key was last erased (the recorded_at-style timestamp
  // EraseSubject wrote with the deletion), or nullopt when it never was.
  Result<std::optional<std::string>> SubjectErasedAt(const std::string& subject) const;
  // The text of one sealed value (core/privacy/sealed_values.h).
  std::string OpenSealed(const Json& sealed) const;
  // The disclosure of one sealed value for a bundle (core/privacy/disclosures.h
  // MakeDisclosure: its text and salt), or nullopt when it has no commitment
  // (sealed before commitments), its subject was erased, or it does not open.
  std::optional<Json> DiscloseSealed(const Json& sealed) const;

  // Reads raw stored bytes at `position` (for verification tools).
  Result<std::string> ReadRaw(int64_t position) const;

  // Metadata values ('M' family) and tokens ('T' family) share the database.
  Result<std::string> GetMeta(const std::string& name) const;
  // A count kept as metadata (decimal text): 0 when absent, kInternal when damaged.
  Result<int64_t> GetMetaCount(const std::string& name) const;
  Status PutMeta(const std::string& name, const std::string& value);  // Synced.
  Status DeleteMeta(const std::string& name);                         // Synced.
  // Flushes and compacts the metadata keys, so that overwritten values (an
  // old checkpoint holding erased text) leave RocksDB's files.
  Status CompactMeta();
  // The database, shared with the caller for as long as it holds the pointer;
  // null while the store reopens after a storage fault (treat as kUnavailable).
  std::shared_ptr<rocksdb::DB> db() const;
  const std::string& dir() const { return dir_; }  // The data folder.

  // Statistics for /healthz and benchmarks.
  struct Stats {
    uint64_t groups = 0;    // Synced batches written.
    uint64_t requests = 0;  // Append requests answered (including failures).
    uint64_t events = 0;    // Events appended.
    size_t queued = 0;      // Requests waiting for the writer right now.
  };
  Stats stats() const;

 private:
  struct Pending {
    AppendRequest request;
    std::promise<Result<AppendOutcome>> done;
    std::vector<std::pair<std::string, std::string>> records;  // Written with the events.
  };

  RocksLog(std::shared_ptr<rocksdb::DB> db, std::string dir, RocksLogOptions options, LogHead head);
  // The database, or kUnavailable while it reopens.
  Result<std::shared_ptr<rocksdb::DB>> Db() const;
  // Writer thread only: closes and reopens the database after a failed write.
  Status Reopen();
  void WriterLoop();
  void CommitGroup(std::vector<Pending*>& group);
  Result<int64_t> StoredStreamVersion(const std::string& stream) const;
  Result<std::vector<Event>> ReadPositions(const std::vector<int64_t>& positions) const;
  // The subject's key from the cache or RocksDB; kNotFound when none.
  Result<std::string> StoredSubjectKey(const std::string& subject) const;
  // ReadStream bounded by `head` rather than by the synced head: the writer
  // reads the groups it has written and the syncer has not yet synced.
  Result<std::vector<Event>> ReadStreamUpTo(std::string_view stream, int64_t after_version,
                                            size_t limit, int64_t head) const;
  // The stored value at `position`, whether or not its group is synced yet.
  Result<std::string> ReadStored(int64_t position) const;
  // A group written to the WAL and handed to the syncer (defined in the .cc).
  struct WrittenGroup;
  void SyncerLoop();
  // Answers, tells the listeners and publishes the head of one group, once
  // `sync` (the status of the WAL sync that covers it) is known.
  void FinishGroup(WrittenGroup& group, const Status& sync);
  // Blocks until the syncer has finished every group handed to it.
  void WaitSyncerIdle();
  void OpenRead(Event* e) const;
  // Calls every active listener with `group`, on the calling thread (the
  // syncer, or the writer during Reopen).
  void NotifyListeners(const CommittedGroup& group);
  Status CompactFamily(char prefix);

  mutable std::mutex db_mu_;
  std::shared_ptr<rocksdb::DB> db_;  // Guarded by db_mu_; null while reopening.
  const std::string dir_;
  RocksLogOptions options_;
  Sha256Fn sha256_;

  mutable std::mutex head_mu_;
  LogHead head_;  // Guarded by head_mu_: the synced head; only the syncer (and Reopen) change it.
  // Writer only: the head after every group written, synced or not.
  LogHead written_;

  mutable std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<Pending*> queue_;  // Guarded by queue_mu_.
  bool stopping_ = false;       // Guarded by queue_mu_.

  // Writer-thread state.
  std::unordered_map<std::string, int64_t> stream_versions_;  // Cache of 'V' values.
  // Bytes the last group's batch took per event, to size the next one up front
  // (a batch of 1,000 events is about a megabyte). Writer thread only.
  size_t batch_bytes_per_event_ = 0;
  // Guarded by queue_mu_; cancelled slots are dropped by the writer.
  std::vector<std::shared_ptr<CommitSubscription::Slot>> listeners_;
  bool needs_reopen_ = false;

  // Held by the writer for a whole group and by EraseSubject, so that an
  // erasure never interleaves with the sealing of a group.
  std::mutex subjects_mu_;
  mutable std::mutex key_cache_mu_;
  mutable std::unordered_map<std::string, std::string> key_cache_;  // Guarded by key_cache_mu_.

  mutable std::mutex stats_mu_;
  Stats stats_;

  std::mutex sync_mu_;
  std::condition_variable sync_cv_;       // Work for the syncer, or stopping.
  std::condition_variable sync_idle_cv_;  // The syncer has finished what it was given.
  std::deque<std::unique_ptr<WrittenGroup>> sync_queue_;  // Guarded by sync_mu_.
  bool sync_busy_ = false;      // Guarded by sync_mu_: groups taken and not yet finished.
  bool sync_stopping_ = false;  // Guarded by sync_mu_.
  // Guarded by sync_mu_: a WAL sync failed; every group fails until the writer reopens.
  bool sync_failed_ = false;

  std::thread writer_;
  std::thread syncer_;
};

}  // namespace lif::store
