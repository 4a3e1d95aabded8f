#include "server/store/rocks_log.h"

#include <pthread.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <cassert>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <map>
#include <thread>

#include "core/privacy/disclosures.h"
#include "core/privacy/sealed_values.h"
#include "server/crypto/basics.h"
#include "server/crypto/openssl_crypto.h"
#include "server/privacy/personal_data.h"
#include "server/store/damage.h"
#include "server/store/db_options.h"
#include "server/store/keys.h"

// Takes the database for the rest of the scope, or returns kUnavailable.
#define LIF_ASSIGN_OR_RETURN_DB(name)                    \
  Result<std::shared_ptr<rocksdb::DB>> name##_or = Db(); \
  if (!name##_or.ok()) return name##_or.status();        \
  const std::shared_ptr<rocksdb::DB> name = std::move(name##_or).value()

namespace lif::store {
namespace {

Timestamp SystemNow() {
  using namespace std::chrono;
  return Timestamp{duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()};
}

Status FromRocks(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return Status::Ok();
  if (s.IsIOError() || s.IsBusy() || s.IsTimedOut() || s.IsTryAgain() || s.IsNoSpace()) {
    return Status::Unavailable(what + ": " + s.ToString());
  }
  // Damaged files (a checksum that fails, a truncated table): bad data, not a bug.
  if (s.IsCorruption()) return store::DataDamaged(what + ": " + s.ToString());
  return Status::Internal(what + ": " + s.ToString());
}

Json IdempotencyRecordJson(const std::string& digest, const std::vector<Event>& events) {
  Json positions = Json::array();
  for (const Event& e : events) positions.push_back(e.position);
  return {{"digest", digest}, {"positions", positions}};
}

}  // namespace

rocksdb::Options DataFolderOptions() {
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.paranoid_checks = true;
  db_options.max_background_jobs = 2;
  db_options.keep_log_file_num = 4;
  // A Bloom filter per table: a stream or subject key that does not exist yet
  // (every created stream is looked up first) is answered without reading blocks.
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  db_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  // Appends insert keys in order within each family (events by position
  // above all): a hint per family's first byte spares the memtable a search
  // from the top of its skip list for each key. (RocksDB ignores it for
  // concurrent memtable writes; the one writer thread makes none.)
  db_options.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(1));
  return db_options;
}

namespace {

enum class Access { kReadWrite, kReadOnly };

Result<std::shared_ptr<rocksdb::DB>> OpenDb(const std::string& dir, rocksdb::Env* env,
                                            Access access = Access::kReadWrite) {
  rocksdb::Options db_options = DataFolderOptions();
  if (env != nullptr) db_options.env = env;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = access == Access::kReadWrite
                          ? rocksdb::DB::Open(db_options, dir, &raw)
                          : rocksdb::DB::OpenForReadOnly(db_options, dir, &raw);
  if (!s.ok()) {
    if (s.ToString().find("lock") != std::string::npos) {
      return Status::Unavailable("the data folder " + dir +
                                 " is in use by another lif process: " + s.ToString());
    }
    return FromRocks(s, "cannot open " + dir);
  }
  return std::shared_ptr<rocksdb::DB>(raw);
}

Result<LogHead> ReadHead(rocksdb::DB* db) {
  LogHead head;
  std::string head_json;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), MetaKey("head"), &head_json);
  if (s.ok()) {
    Json h = Json::parse(head_json, nullptr, false);
    if (h.is_discarded()) return store::DataDamaged("the stored head is damaged");
    head.position = h.value("position", int64_t{0});
    head.hash = h.value("hash", ZeroHashHex());
    head.recorded_at = h.value("recorded_at", "");
  } else if (!s.IsNotFound()) {
    return FromRocks(s, "cannot read the head");
  }
  return head;
}

// Whether PrepareAppend seals some of the data of events of `type`.
bool HasPersonalFields(const Catalogue* catalogue, const std::string& type) {
  const EventTypeDef* def = catalogue != nullptr ? catalogue->Find(type) : nullptr;
  return def != nullptr && def->has_personal_fields;
}

// Upgrades a store of format 1 (kFormatWithoutPersonalEvents): gives every
// stored event of a type with personal fields its 'P' key, then records the
// current format in the last, synced batch (docs/storage.md). Idempotent, so
// an interrupted upgrade runs again at the next open.
Status IndexPersonalEvents(rocksdb::DB* db, const Catalogue* catalogue) {
  if (catalogue == nullptr) {
    return Status::Internal("a store of format 1 is upgraded only with the event catalogue");
  }
  rocksdb::Status s;
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;
  const std::string upper = std::string(1, kEventPrefix + 1);
  rocksdb::Slice upper_slice(upper);
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro));
  rocksdb::WriteBatch batch;
  rocksdb::WriteOptions wo;
  for (it->Seek(std::string(1, kEventPrefix)); it->Valid(); it->Next()) {
    Result<Event> e = DecodeStoredEvent(it->value().ToString(), nullptr);
    if (!e.ok()) return store::DataDamaged("a stored event is damaged: " + e.status().message());
    if (!HasPersonalFields(catalogue, e->type)) continue;
    batch.Put(PersonalEventKey(e->id), PersonalEventValue(e->type, e->stream));
    if (batch.Count() == 10000) {
      s = db->Write(wo, &batch);
      if (!s.ok()) return FromRocks(s, "cannot index personal events");
      batch.Clear();
    }
  }
  if (!it->status().ok()) return FromRocks(it->status(), "cannot read events");
  batch.Put(MetaKey("format"), std::to_string(kFormatVersion));
  wo.sync = true;  // Syncs the WAL with the batches before it too.
  return FromRocks(db->Write(wo, &batch), "cannot index personal events");
}

}  // namespace

Result<std::unique_ptr<RocksLog>> RocksLog::Open(const std::string& dir, RocksLogOptions options) {
  Result<std::shared_ptr<rocksdb::DB>> opened = OpenDb(dir, options.env);
  if (!opened.ok()) return opened.status();
  std::shared_ptr<rocksdb::DB> db = std::move(*opened);
  std::string format;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), MetaKey("format"), &format);
  if (s.IsNotFound()) {
    rocksdb::WriteOptions wo;
    wo.sync = true;
    s = db->Put(wo, MetaKey("format"), std::to_string(kFormatVersion));
    if (!s.ok()) return FromRocks(s, "cannot initialise " + dir);
  } else if (!s.ok()) {
    return FromRocks(s, "cannot read " + dir);
  } else if (format == std::to_string(kFormatWithoutPersonalEvents)) {
    LIF_RETURN_IF_ERROR(IndexPersonalEvents(db.get(), options.catalogue));
  } else if (format != std::to_string(kFormatVersion)) {
    return Status::Internal(dir + " holds lif storage format " + format + ", expected " +
                            std::to_string(kFormatVersion));
  }
  Result<LogHead> head = ReadHead(db.get());
  if (!head.ok()) return head.status();
  if (!options.clock) options.clock = SystemNow;
  if (!options.new_id) options.new_id = crypto::NewUuidV4;
  return std::unique_ptr<RocksLog>(
      new RocksLog(std::move(db), dir, std::move(options), std::move(*head)));
}

RocksLog::RocksLog(std::shared_ptr<rocksdb::DB> db, std::string dir, RocksLogOptions options,
                   LogHead head)
    : db_(std::move(db)),
      dir_(std::move(dir)),
      options_(std::move(options)),
      sha256_(crypto::OpenSslSha256()),
      head_(head),
      written_(std::move(head)) {
  syncer_ = std::thread([this] { SyncerLoop(); });
  writer_ = std::thread([this] { WriterLoop(); });
}

RocksLog::~RocksLog() {
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  writer_.join();
  {
    std::lock_guard<std::mutex> lock(sync_mu_);
    sync_stopping_ = true;
  }
  sync_cv_.notify_all();
  syncer_.join();
  std::shared_ptr<rocksdb::DB> db = this->db();
  if (db == nullptr) return;
  // After a failed write the WAL writer refuses further use; closing is enough.
  if (!needs_reopen_) db->FlushWAL(/*sync=*/true).PermitUncheckedError();
  db->Close().PermitUncheckedError();
}

std::shared_ptr<rocksdb::DB> RocksLog::db() const {
  std::lock_guard<std::mutex> lock(db_mu_);
  return db_;
}

Result<std::shared_ptr<rocksdb::DB>> RocksLog::Db() const {
  std::shared_ptr<rocksdb::DB> db = this->db();
  if (db == nullptr) return Status::Unavailable("storage is unavailable (reopening after a fault)");
  return db;
}

Status RocksLog::Reopen() {
  std::shared_ptr<rocksdb::DB> old;
  {
    std::lock_guard<std::mutex> lock(db_mu_);
    old = std::move(db_);
    db_.reset();
  }
  if (old != nullptr) {
    // Readers that took the pointer before finish with it first.
    for (int i = 0; old.use_count() > 1; ++i) {
      if (i == 30000) {
        std::lock_guard<std::mutex> lock(db_mu_);
        db_ = std::move(old);
        return Status::Unavailable("storage is unavailable: readers hold the database");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    old->Close().PermitUncheckedError();
    old.reset();
  }
  Result<std::shared_ptr<rocksdb::DB>> fresh = OpenDb(dir_, options_.env);
  if (!fresh.ok()) {
    // The fault persists: serve reads from a read-only instance meanwhile
    // (it writes nothing) and try again before the next group.
    Result<std::shared_ptr<rocksdb::DB>> reader = OpenDb(dir_, options_.env, Access::kReadOnly);
    if (reader.ok()) {
      std::lock_guard<std::mutex> lock(db_mu_);
      db_ = std::move(*reader);
    }
    return fresh.status();
  }
  Result<LogHead> head = ReadHead(fresh->get());
  if (!head.ok()) return head.status();
  const LogHead before = Head();
  {
    std::lock_guard<std::mutex> lock(db_mu_);
    db_ = std::move(*fresh);
  }
  // Groups written after the last synced one may or may not have survived:
  // what the writer cached of them is forgotten, and the stored state read again.
  stream_versions_.clear();
  {
    std::lock_guard<std::mutex> lock(key_cache_mu_);
    key_cache_.clear();
  }
  {
    std::lock_guard<std::mutex> lock(head_mu_);
    head_ = *head;
  }
  written_ = *head;
  {
    std::lock_guard<std::mutex> lock(sync_mu_);
    sync_failed_ = false;
  }
  needs_reopen_ = false;
  if (head->position > before.position) {
    // A group whose sync failed reached the disk after all.
    std::vector<Event> recovered;
    LIF_RETURN_IF_ERROR(Scan(before.position, head->position, [&](const Event& e) {
      recovered.push_back(e);
      return IterationDecision::kContinue;
    }));
    NotifyListeners(std::make_shared<const std::vector<Event>>(std::move(recovered)));
  }
  return Status::Ok();
}

void CommitSubscription::Cancel() {
  if (slot_ == nullptr) return;
  {
    // Waits for a call in progress; no call starts after this.
    std::lock_guard<std::mutex> lock(slot_->mu);
    slot_->active = false;
  }
  slot_.reset();
}

CommitSubscription RocksLog::AddCommitListener(CommitListener listener) {
  CommitSubscription sub;
  sub.slot_ = std::make_shared<CommitSubscription::Slot>();
  sub.slot_->fn = std::move(listener);
  std::lock_guard<std::mutex> lock(queue_mu_);
  listeners_.push_back(sub.slot_);
  return sub;
}

void RocksLog::NotifyListeners(const CommittedGroup& group) {
  std::vector<std::shared_ptr<CommitSubscription::Slot>> slots;
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    listeners_.erase(std::remove_if(listeners_.begin(), listeners_.end(),
                                    [](const auto& slot) { return !slot->active; }),
                     listeners_.end());
    slots = listeners_;
  }
  for (const auto& slot : slots) {
    std::lock_guard<std::mutex> lock(slot->mu);
    if (slot->active) slot->fn(group);
  }
}

LogHead RocksLog::Head() const {
  std::lock_guard<std::mutex> lock(head_mu_);
  return head_;
}

RocksLog::Stats RocksLog::stats() const {
  Stats out;
  {
    std::lock_guard<std::mutex> lock(stats_mu_);
    out = stats_;
  }
  std::lock_guard<std::mutex> lock(queue_mu_);
  out.queued = queue_.size();
  return out;
}

Result<AppendOutcome> RocksLog::Append(AppendRequest request) {
  return AppendWithRecords(std::move(request), {});
}

Result<AppendOutcome> RocksLog::AppendWithRecords(
    AppendRequest request, std::vector<std::pair<std::string, std::string>> records) {
  if (!request.idempotency_key.empty()) {
    LIF_RETURN_IF_ERROR(ValidateIdempotencyKey(request.idempotency_key));
  }
  // The catalogue's checks need nothing of the log: they run here, on the
  // request's thread, in parallel with other requests, not on the writer.
  LIF_RETURN_IF_ERROR(
      ValidateProposed(request.events, options_.catalogue, request.principal, request.form));
  Pending pending{std::move(request), {}, std::move(records)};
  std::future<Result<AppendOutcome>> answer = pending.done.get_future();
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    if (stopping_) return Status::Unavailable("the log is shutting down");
    queue_.push_back(&pending);
  }
  queue_cv_.notify_one();
  return answer.get();
}

void RocksLog::WriterLoop() {
  pthread_setname_np(pthread_self(), "lif-writer");
  std::vector<Pending*> group;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(queue_mu_);
      queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      size_t max = options_.group_commit == GroupCommit::kOn ? options_.max_group_requests : 1;
      while (!queue_.empty() && group.size() < max) {
        group.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    CommitGroup(group);
    group.clear();
  }
}

Result<int64_t> RocksLog::StoredStreamVersion(const std::string& stream) const {
  LIF_ASSIGN_OR_RETURN_DB(db);
  std::string value;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), StreamHeadKey(stream), &value);
  if (s.IsNotFound()) return int64_t{0};
  if (!s.ok()) return FromRocks(s, "cannot read stream " + stream);
  return static_cast<int64_t>(GetBigEndian64(value));
}

namespace {

// Where a request put its events in its group's `committed`: [first, last).
struct Range {
  size_t first = 0;
  size_t last = 0;
};

// An answer given once its group is synced: the request's events in the
// group, shared with the listeners rather than copied.
struct Deferred {
  Range events;
  bool replayed = false;
};

}  // namespace

struct RocksLog::WrittenGroup {
  std::vector<Pending*> requests;
  // Answers known when the group was sealed (refusals, replays of stored requests).
  std::vector<std::optional<Result<AppendOutcome>>> answers;
  std::vector<std::optional<Deferred>> deferred;  // The others.
  CommittedGroup events;                          // Null when nothing was written.
  Status write_status = Status::Ok();             // The unsynced write's own failure.
  LogHead head;                                   // The head after this group.
};

void RocksLog::CommitGroup(std::vector<Pending*>& group) {
  std::lock_guard<std::mutex> subjects_lock(subjects_mu_);
  {
    std::lock_guard<std::mutex> lock(sync_mu_);
    if (sync_failed_) needs_reopen_ = true;
  }
  if (needs_reopen_) {
    // Every group written before the fault is finished (failed) first: the
    // reopen then starts from what is synced, and answers stay in order.
    WaitSyncerIdle();
    if (Status reopened = Reopen(); !reopened.ok()) {
      Status failure = Status::Unavailable("storage is unavailable: " + reopened.message());
      {
        std::lock_guard<std::mutex> lock(stats_mu_);
        stats_.requests += group.size();
      }
      for (Pending* p : group) p->done.set_value(failure);
      return;
    }
  }
  Result<std::shared_ptr<rocksdb::DB>> db_or = Db();
  if (!db_or.ok()) {
    for (Pending* p : group) p->done.set_value(db_or.status());
    return;
  }
  rocksdb::DB* db = db_or->get();
  auto written = std::make_unique<WrittenGroup>();
  // Against every group written, synced or not: one the syncer has not synced
  // yet is already in the memtable, and this group follows it in the chain.
  LogHead working = written_;
  std::unordered_map<std::string, int64_t> versions;  // This group's changes.
  std::map<std::string, std::pair<std::string, Range>> group_idem;
  std::vector<std::optional<Result<AppendOutcome>>> answers(group.size());
  // Answers given only once this group's batch is synced: the request's
  // events in `committed`, shared with the listeners rather than copied.
  std::vector<std::optional<Deferred>> deferred(group.size());
  std::vector<Event> committed;
  // The stream-index keys of the group, put into the batch sorted once every
  // request is sealed: the memtable then inserts each next to the one before
  // (its insert hint) instead of searching for it from the top.
  std::vector<std::pair<std::string, int64_t>> stream_index;
  // The 'P' records of the group's events with personal fields: sorted too,
  // for the same reason (their keys are random ids).
  std::vector<std::pair<std::string, std::string>> personal_events;
  // Sized up front from the last group, so the batch grows in place rather
  // than being copied as it doubles.
  size_t proposed = 0;
  for (const Pending* p : group) proposed += p->request.events.size();
  rocksdb::WriteBatch batch(proposed * batch_bytes_per_event_ +
                            proposed * batch_bytes_per_event_ / 8);
  // Subject keys made by this group: written in its batch, cached once it is durable.
  std::unordered_map<std::string, std::string> new_keys;
  // The plain data that protect() sealed something of, for the current
  // request's events in their order: the listeners get these rather than
  // opening the sealed values again. (An event's data, or a correction's
  // "fields"; requests may not send sealed values, so an event holds sealed
  // values exactly when protect() sealed some.)
  std::vector<Json> plain;
  ProtectPersonalFn protect;
  if (options_.personal_data == PersonalData::kSealed) {
    protect = [&](const Json& schema, Json data, const std::string& subject) -> Result<Json> {
      std::string key;
      if (auto it = new_keys.find(subject); it != new_keys.end()) {
        key = it->second;
      } else {
        Result<std::string> stored = StoredSubjectKey(subject);
        if (stored.ok()) {
          key = std::move(*stored);
        } else if (stored.status().code() != StatusCode::kNotFound) {
          return stored.status();
        } else {
          Result<std::string> fresh = crypto::RandomBytes(privacy::kSubjectKeyBytes);
          if (!fresh.ok()) return fresh.status();
          key = *fresh;
          new_keys[subject] = key;
          batch.Put(SubjectKeyKey(subject), key);
        }
      }
      size_t count = 0;
      Result<Json> sealed = privacy::SealPersonalFields(data, schema, subject, key, &count);
      if (sealed.ok() && count > 0) plain.push_back(std::move(data));
      return sealed;
    };
  }

  // The first event of a stream: from this group's committed events, else the store.
  // Where each stream this group starts has its first event in `committed`:
  // one lookup, not a scan of the group (which made large groups quadratic).
  std::unordered_map<std::string, size_t> started_here;
  auto stream_origin = [&](const std::string& stream) -> Result<std::optional<Event>> {
    if (auto it = started_here.find(stream); it != started_here.end()) {
      return std::optional<Event>(committed[it->second]);
    }
    Result<std::vector<Event>> first = ReadStreamUpTo(stream, 0, 1, written_.position);
    if (!first.ok()) return first.status();
    if (first->empty()) return std::optional<Event>();
    return std::optional<Event>(std::move(first->front()));
  };
  // A corrected event is always in the store already: its id is known only
  // from the answer to its append, given once its group is synced.
  CorrectionTargetFn correction_target =
      [&](const std::string& id) -> Result<std::optional<CorrectionTarget>> {
    std::string value;
    rocksdb::Status s = db->Get(rocksdb::ReadOptions(), PersonalEventKey(id), &value);
    if (s.IsNotFound()) return std::optional<CorrectionTarget>();
    if (!s.ok()) return FromRocks(s, "cannot read the corrected event");
    const size_t zero = value.find('\0');
    if (zero == std::string::npos) return store::DataDamaged("a personal event record is damaged");
    return std::optional<CorrectionTarget>(
        CorrectionTarget{value.substr(0, zero), value.substr(zero + 1)});
  };
  auto version_of = [&](const std::string& stream) -> Result<int64_t> {
    if (auto it = versions.find(stream); it != versions.end()) return it->second;
    if (auto it = stream_versions_.find(stream); it != stream_versions_.end()) return it->second;
    Result<int64_t> v = StoredStreamVersion(stream);
    if (v.ok()) stream_versions_[stream] = *v;
    return v;
  };

  for (size_t i = 0; i < group.size(); ++i) {
    AppendRequest& req = group[i]->request;
    std::string idem_key;
    if (!req.idempotency_key.empty()) {
      idem_key = IdempotencyKey(req.principal.id, req.idempotency_key);
      // A retry may arrive in the same group as the first attempt.
      if (auto it = group_idem.find(idem_key); it != group_idem.end()) {
        if (it->second.first != req.request_digest) {
          answers[i] =
              Status(StatusCode::kIdempotencyMismatch,
                     "this Idempotency-Key was used with another request body", "Idempotency-Key");
        } else {
          deferred[i] = Deferred{it->second.second, true};
        }
        continue;
      }
      std::string stored;
      rocksdb::Status s = db->Get(rocksdb::ReadOptions(), idem_key, &stored);
      if (s.ok()) {
        Json rec = Json::parse(stored, nullptr, false);
        if (rec.is_discarded()) {
          answers[i] = store::DataDamaged("idempotency record is damaged");
        } else if (rec.value("digest", "") != req.request_digest) {
          answers[i] =
              Status(StatusCode::kIdempotencyMismatch,
                     "this Idempotency-Key was used with another request body", "Idempotency-Key");
        } else {
          Result<std::vector<Event>> events =
              ReadPositions(rec.value("positions", std::vector<int64_t>{}));
          if (events.ok()) {
            answers[i] = AppendOutcome{std::move(*events), true};
          } else {
            answers[i] = events.status();
          }
        }
        continue;
      }
      if (!s.IsNotFound()) {
        answers[i] = FromRocks(s, "cannot read idempotency keys");
        continue;
      }
    }
    AppendContext ctx{req.principal,      options_.clock(), options_.new_id, sha256_,
                      options_.catalogue, protect,          stream_origin,   correction_target};
    plain.clear();
    Result<std::vector<Event>> sealed = PrepareAppend(
        std::move(req.events), ctx, working, version_of, req.form, Validation::kAlreadyValidated);
    if (!sealed.ok()) {
      answers[i] = sealed.status();
      // Keys made for this request alone stay in the batch; they are harmless.
      continue;
    }
    if (!idem_key.empty()) {
      batch.Put(idem_key, IdempotencyRecordJson(req.request_digest, *sealed).dump());
    }
    const Range range{committed.size(), committed.size() + sealed->size()};
    size_t next_plain = 0;
    for (Event& e : *sealed) {
      batch.Put(EventKey(e.position), e.canonical);
      const bool personal = HasPersonalFields(options_.catalogue, e.type);
      if (personal) {
        personal_events.emplace_back(PersonalEventKey(e.id), PersonalEventValue(e.type, e.stream));
      }
      stream_index.emplace_back(StreamIndexKey(e.stream, e.version), e.position);
      versions[e.stream] = e.version;
      working.position = e.position;
      working.hash = e.hash;
      working.recorded_at = e.recorded_at;
      // Listeners (projections) and the answer see personal values opened, as
      // every reader does: the plain data protect() sealed replaces the sealed
      // data (the canonical bytes keep it), and the event moves, uncopied.
      if (protect && personal && ContainsSealedValues(e.data)) {
        assert(next_plain < plain.size() && "protect() sealed this event's data");
        e.data = std::move(plain[next_plain++]);
      } else if (protect && e.type == kCorrectionType && e.data.contains("fields") &&
                 ContainsSealedValues(e.data["fields"])) {
        assert(next_plain < plain.size() && "protect() sealed this correction's fields");
        e.data["fields"] = std::move(plain[next_plain++]);
      }
      if (e.version == 1) started_here.emplace(e.stream, committed.size());
      committed.push_back(std::move(e));
    }
    assert(next_plain == plain.size() && "every sealed event has its plain data");
    if (!idem_key.empty()) group_idem[idem_key] = {req.request_digest, range};
    for (const auto& [key, value] : group[i]->records) batch.Put(key, value);
    deferred[i] = Deferred{range, false};
  }

  if (!committed.empty()) {
    // The batch may hold subject keys of failed requests only when some request
    // succeeded; with nothing committed it is dropped whole.
    std::sort(stream_index.begin(), stream_index.end());
    for (const auto& [key, position] : stream_index) batch.Put(key, Be64(position));
    std::sort(personal_events.begin(), personal_events.end());
    for (const auto& [key, value] : personal_events) batch.Put(key, value);
    // Each stream's head once, at its last version in the group, in key order too.
    std::vector<std::pair<std::string, int64_t>> heads;
    heads.reserve(versions.size());
    for (const auto& [stream, v] : versions) heads.emplace_back(StreamHeadKey(stream), v);
    std::sort(heads.begin(), heads.end());
    for (const auto& [key, v] : heads) batch.Put(key, Be64(v));
    Json head_json = {{"position", working.position},
                      {"hash", working.hash},
                      {"recorded_at", working.recorded_at}};
    batch.Put(MetaKey("head"), head_json.dump());
    // Written unsynced: the syncer syncs the WAL for this group and any
    // written meanwhile, and nothing of it is answered or visible before then.
    rocksdb::WriteOptions wo;
    wo.sync = false;
    rocksdb::Status s = db->Write(wo, &batch);
    if (!s.ok()) {
      needs_reopen_ = true;
      written->write_status = Status::Unavailable("storage is unavailable: " + s.ToString());
    } else {
      for (const auto& [stream, v] : versions) stream_versions_[stream] = v;
      {
        // Readers never ask for these before the group is synced: an event
        // sealed with one is not readable until then.
        std::lock_guard<std::mutex> lock(key_cache_mu_);
        for (auto& [subject, key] : new_keys) key_cache_[subject] = std::move(key);
      }
      written_ = working;
      written->head = working;
      batch_bytes_per_event_ = batch.GetDataSize() / committed.size();
      written->events = std::make_shared<const std::vector<Event>>(std::move(committed));
    }
  }
  written->requests = std::move(group);
  written->answers = std::move(answers);
  written->deferred = std::move(deferred);
  group.clear();
  {
    std::lock_guard<std::mutex> lock(sync_mu_);
    sync_queue_.push_back(std::move(written));
  }
  sync_cv_.notify_one();
  // Without group commit every request is its own synced write (the
  // benchmarks' baseline): wait for this one's sync before the next.
  if (options_.group_commit == GroupCommit::kOff) WaitSyncerIdle();
}

void RocksLog::SyncerLoop() {
  pthread_setname_np(pthread_self(), "lif-syncer");
  std::deque<std::unique_ptr<WrittenGroup>> work;
  for (;;) {
    bool failed = false;
    {
      std::unique_lock<std::mutex> lock(sync_mu_);
      sync_cv_.wait(lock, [&] { return sync_stopping_ || !sync_queue_.empty(); });
      if (sync_queue_.empty()) return;  // Stopping, and every group is finished.
      work.swap(sync_queue_);
      sync_busy_ = true;
      failed = sync_failed_;
    }
    // One sync covers every group taken (and any written since): group commit
    // across the writer's groups.
    Status sync = Status::Ok();
    if (failed) {
      sync = Status::Unavailable("storage is unavailable: an earlier write was not synced");
    } else if (options_.sync &&
               std::any_of(work.begin(), work.end(), [](const auto& g) { return g->events; })) {
      Result<std::shared_ptr<rocksdb::DB>> db = Db();
      rocksdb::Status s = db.ok() ? (*db)->SyncWAL() : rocksdb::Status::IOError("no database");
      if (!s.ok()) sync = Status::Unavailable("storage is unavailable: " + s.ToString());
    }
    if (!sync.ok()) {
      // Before any answer: the writer stops writing on top of what may be lost.
      std::lock_guard<std::mutex> lock(sync_mu_);
      sync_failed_ = true;
    }
    for (std::unique_ptr<WrittenGroup>& group : work) FinishGroup(*group, sync);
    work.clear();
    {
      std::lock_guard<std::mutex> lock(sync_mu_);
      sync_busy_ = !sync_queue_.empty();
    }
    sync_idle_cv_.notify_all();
  }
}

void RocksLog::FinishGroup(WrittenGroup& group, const Status& sync) {
  // A failed write fails its group; a failed sync fails every group it covers,
  // replays and all (they may stand on what was lost). Refusals stay as they are.
  const Status failure = !group.write_status.ok() ? group.write_status : sync;
  size_t committed_count = 0;
  if (failure.ok() && group.events != nullptr) {
    {
      std::lock_guard<std::mutex> lock(head_mu_);
      head_ = group.head;
    }
    committed_count = group.events->size();
    NotifyListeners(group.events);
  }
  for (size_t i = 0; i < group.requests.size(); ++i) {
    if (group.deferred[i]) {
      if (!failure.ok()) {
        group.answers[i] = failure;
      } else {
        const Deferred& d = *group.deferred[i];
        group.answers[i] =
            AppendOutcome{EventSpan(group.events, d.events.first, d.events.last), d.replayed};
      }
    } else if (!failure.ok() && group.answers[i].has_value() && group.answers[i]->ok()) {
      group.answers[i] = failure;
    }
  }
  {
    std::lock_guard<std::mutex> lock(stats_mu_);
    if (committed_count > 0) ++stats_.groups;
    stats_.requests += group.requests.size();
    stats_.events += committed_count;
  }
  for (size_t i = 0; i < group.requests.size(); ++i) {
    assert(group.answers[i].has_value() && "every request of the group is answered");
    group.requests[i]->done.set_value(std::move(*group.answers[i]));
  }
}

void RocksLog::WaitSyncerIdle() {
  std::unique_lock<std::mutex> lock(sync_mu_);
  sync_idle_cv_.wait(lock, [&] { return sync_queue_.empty() && !sync_busy_; });
}

Result<std::string> RocksLog::ReadRaw(int64_t position) const {
  // Only what is synced is readable (a group written and not yet synced may be lost).
  if (position > Head().position) {
    return Status::NotFound("no event at position " + std::to_string(position));
  }
  return ReadStored(position);
}

Result<std::string> RocksLog::ReadStored(int64_t position) const {
  LIF_ASSIGN_OR_RETURN_DB(db);
  std::string value;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), EventKey(position), &value);
  if (s.IsNotFound()) return Status::NotFound("no event at position " + std::to_string(position));
  if (!s.ok()) return FromRocks(s, "cannot read position " + std::to_string(position));
  return value;
}

Result<std::vector<Event>> RocksLog::ReadPositions(const std::vector<int64_t>& positions) const {
  std::vector<Event> out;
  for (int64_t p : positions) {
    Result<std::string> raw = ReadStored(p);
    if (!raw.ok()) return raw.status();
    Result<Event> e = DecodeStoredEvent(std::move(*raw), sha256_);
    if (!e.ok()) {
      return store::DataDamaged("position " + std::to_string(p) + ": " + e.status().message());
    }
    OpenRead(&*e);
    out.push_back(std::move(*e));
  }
  return out;
}

namespace {

// The error of a range read that lacks the event at `position`.
Status MissingAt(int64_t position) {
  return store::DataDamaged("position " + std::to_string(position) + " is missing");
}

// Decodes the stored value read where the event at `expected` must be: an
// error names the position (a damaged value, or a gap before it).
Result<Event> DecodeAt(std::string bytes, int64_t expected, const Sha256Fn& sha256) {
  Result<Event> e = DecodeStoredEvent(std::move(bytes), sha256);
  if (!e.ok()) {
    return store::DataDamaged("position " + std::to_string(expected) + ": " + e.status().message());
  }
  if (e->position != expected) return MissingAt(expected);
  return e;
}

}  // namespace

Status RocksLog::Scan(int64_t after, int64_t up_to,
                      const std::function<IterationDecision(const Event&)>& fn) const {
  const int64_t last = std::min(up_to, Head().position);
  if (after >= last) return Status::Ok();
  rocksdb::ReadOptions ro;
  // A scan reads most blocks once (a rebuild reads them all): leave the
  // block cache to point reads, and let RocksDB read ahead.
  ro.fill_cache = last - after < 10000;
  std::string upper = EventKey(last + 1);
  rocksdb::Slice upper_slice(upper);
  ro.iterate_upper_bound = &upper_slice;
  LIF_ASSIGN_OR_RETURN_DB(db);
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro));
  int64_t expected = after + 1;
  for (it->Seek(EventKey(after + 1)); it->Valid(); it->Next()) {
    Result<Event> e = DecodeAt(it->value().ToString(), expected, sha256_);
    if (!e.ok()) return e.status();
    ++expected;
    OpenRead(&*e);
    if (fn(*e) == IterationDecision::kBreak) return Status::Ok();
  }
  if (!it->status().ok()) return FromRocks(it->status(), "scan failed");
  if (expected != last + 1) return MissingAt(expected);
  return Status::Ok();
}

Status RocksLog::ScanForFold(int64_t after, int64_t up_to,
                             const std::function<IterationDecision(const Event&)>& fn) const {
  const int64_t last = std::min(up_to, Head().position);
  if (after >= last) return Status::Ok();
  if (last - after < 20000) return Scan(after, up_to, fn);
  LIF_ASSIGN_OR_RETURN_DB(db);
  // Three stages. One thread iterates RocksDB and cuts the stored values into
  // numbered batches (cheap: a copy of the bytes); `decoders` threads decode
  // whichever batch is next in their queue (the parse, the canonical check and
  // opening sealed values, the costly part); this thread folds the decoded
  // batches strictly in their order. At most kWindow batches are between the
  // reader and the fold, which bounds the memory.
  struct RawBatch {
    uint64_t seq = 0;
    int64_t first = 0;  // The position the first value must have.
    std::vector<std::string> values;
    Status status = Status::Ok();  // A reading error after the values.
    bool last = false;
  };
  struct Batch {
    std::vector<Event> events;
    Status status = Status::Ok();
    bool last = false;
  };
  constexpr size_t kBatchEvents = 256;
  constexpr uint64_t kWindow = 16;
  const unsigned decoders = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);

  std::mutex mu;
  std::condition_variable cv;
  std::deque<RawBatch> raw;           // Guarded by mu: read, not yet decoded.
  std::map<uint64_t, Batch> decoded;  // Guarded by mu: decoded, not yet folded.
  uint64_t next_fold = 0;             // Guarded by mu: the batch to fold next.
  bool reading_done = false;          // Guarded by mu.
  bool stop = false;                  // Guarded by mu: the fold has returned.
  // Guarded by mu: folded batches, freed by a decoder rather than by this
  // thread (they were allocated there, and freeing is a good part of a fold).
  std::vector<std::vector<Event>> spent;

  std::vector<std::thread> threads;
  // Stops and joins every stage however this function returns.
  struct Joiner {
    std::vector<std::thread>& threads;
    std::mutex& mu;
    std::condition_variable& cv;
    bool& stop;
    ~Joiner() {
      {
        std::lock_guard<std::mutex> lock(mu);
        stop = true;
      }
      cv.notify_all();
      for (std::thread& t : threads) t.join();
    }
  } joiner{threads, mu, cv, stop};

  threads.emplace_back([&] {
    pthread_setname_np(pthread_self(), "lif-scan-read");
    rocksdb::ReadOptions ro;
    ro.fill_cache = false;
    std::string upper = EventKey(last + 1);
    rocksdb::Slice upper_slice(upper);
    ro.iterate_upper_bound = &upper_slice;
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro));
    uint64_t seq = 0;
    int64_t count = 0;
    // Hands a batch to the decoders once the window has room; false once the
    // fold has stopped.
    auto push = [&](RawBatch batch) {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return stop || batch.seq - next_fold < kWindow; });
      if (stop) return false;
      if (batch.last) reading_done = true;
      raw.push_back(std::move(batch));
      cv.notify_all();
      return true;
    };
    RawBatch batch;
    batch.first = after + 1;
    batch.values.reserve(kBatchEvents);
    for (it->Seek(EventKey(after + 1)); it->Valid(); it->Next()) {
      batch.values.push_back(it->value().ToString());
      ++count;
      if (batch.values.size() == kBatchEvents) {
        batch.seq = seq++;
        if (!push(std::move(batch))) return;
        batch = RawBatch();
        batch.first = after + 1 + count;
        batch.values.reserve(kBatchEvents);
      }
    }
    if (!it->status().ok()) {
      batch.status = FromRocks(it->status(), "scan failed");
    } else if (after + count != last) {
      batch.status = MissingAt(after + count + 1);
    }
    batch.seq = seq;
    batch.last = true;
    push(std::move(batch));
  });
  for (unsigned d = 0; d < decoders; ++d) {
    threads.emplace_back([&] {
      pthread_setname_np(pthread_self(), "lif-scan-decode");
      for (;;) {
        RawBatch in;
        std::vector<std::vector<Event>> to_free;
        {
          std::unique_lock<std::mutex> lock(mu);
          cv.wait(lock, [&] { return stop || !raw.empty() || reading_done; });
          to_free.swap(spent);
          if (stop || raw.empty()) return;
          in = std::move(raw.front());
          raw.pop_front();
        }
        to_free.clear();
        Batch out;
        out.last = in.last;
        out.events.reserve(in.values.size());
        int64_t expected = in.first;
        for (std::string& value : in.values) {
          Result<Event> e = DecodeAt(std::move(value), expected, nullptr);
          if (!e.ok()) {
            out.status = e.status();
            break;
          }
          ++expected;
          // Projections see personal values opened, as every reader does.
          OpenRead(&*e);
          out.events.push_back(std::move(*e));
        }
        if (out.status.ok()) out.status = std::move(in.status);
        {
          std::lock_guard<std::mutex> lock(mu);
          decoded.emplace(in.seq, std::move(out));
        }
        cv.notify_all();
      }
    });
  }
  for (;;) {
    Batch batch;
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return decoded.count(next_fold) > 0; });
      auto it = decoded.find(next_fold);
      batch = std::move(it->second);
      decoded.erase(it);
      ++next_fold;
    }
    cv.notify_all();
    for (const Event& e : batch.events) {
      if (fn(e) == IterationDecision::kBreak) return Status::Ok();
    }
    if (!batch.status.ok()) return batch.status;
    if (batch.last) return Status::Ok();
    {
      std::lock_guard<std::mutex> lock(mu);
      spent.push_back(std::move(batch.events));
    }
  }
}

Result<std::vector<Event>> RocksLog::ReadRange(int64_t after, size_t limit) const {
  std::vector<Event> out;
  const int64_t head = Head().position;
  int64_t up_to = after + static_cast<int64_t>(limit);
  if (up_to > head || up_to < after) up_to = head;
  LIF_RETURN_IF_ERROR(Scan(std::max<int64_t>(after, 0), up_to, [&](const Event& e) {
    out.push_back(e);
    return IterationDecision::kContinue;
  }));
  return out;
}

Result<std::vector<Event>> RocksLog::ReadStream(std::string_view stream, int64_t after_version,
                                                size_t limit) const {
  return ReadStreamUpTo(stream, after_version, limit, Head().position);
}

Result<std::vector<Event>> RocksLog::ReadStreamUpTo(std::string_view stream, int64_t after_version,
                                                    size_t limit, int64_t head) const {
  std::vector<int64_t> positions;
  rocksdb::ReadOptions ro;
  std::string prefix(1, kStreamIndexPrefix);
  prefix.append(stream);
  prefix.push_back('\0');
  LIF_ASSIGN_OR_RETURN_DB(db);
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro));
  for (it->Seek(StreamIndexKey(stream, std::max<int64_t>(after_version, 0) + 1));
       it->Valid() && it->key().starts_with(prefix) && positions.size() < limit; it->Next()) {
    int64_t p = static_cast<int64_t>(GetBigEndian64(it->value().ToString()));
    if (p > head) break;
    positions.push_back(p);
  }
  if (!it->status().ok()) return FromRocks(it->status(), "stream read failed");
  return ReadPositions(positions);
}

Result<std::string> RocksLog::StoredSubjectKey(const std::string& subject) const {
  {
    std::lock_guard<std::mutex> lock(key_cache_mu_);
    if (auto it = key_cache_.find(subject); it != key_cache_.end()) return it->second;
  }
  LIF_ASSIGN_OR_RETURN_DB(db);
  std::string key;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), SubjectKeyKey(subject), &key);
  if (s.IsNotFound()) return Status::NotFound("subject " + subject + " has no key");
  if (!s.ok()) return FromRocks(s, "cannot read a subject key");
  std::lock_guard<std::mutex> lock(key_cache_mu_);
  key_cache_[subject] = key;
  return key;
}

std::string RocksLog::OpenSealed(const Json& sealed) const {
  Result<std::string> key = StoredSubjectKey(sealed["subject"].get<std::string>());
  if (!key.ok()) {
    return key.status().code() == StatusCode::kNotFound ? kErasedText : kUnreadableText;
  }
  Result<std::string> text = privacy::OpenSealedValue(sealed, *key);
  if (text.ok()) return std::move(*text);
  // Sealed under an earlier key of the subject, erased since (the subject has
  // a new key for what was recorded after the erasure)?
  Result<std::optional<std::string>> erased = SubjectErasedAt(sealed["subject"].get<std::string>());
  return erased.ok() && erased->has_value() ? kErasedText : kUnreadableText;
}

std::optional<Json> RocksLog::DiscloseSealed(const Json& sealed) const {
  // Only values with a commitment can be bound to their event; a value whose
  // key is gone (erased) or that does not open is not disclosed.
  if (!IsCommittedValue(sealed)) return std::nullopt;
  Result<std::string> key = StoredSubjectKey(sealed["subject"].get<std::string>());
  if (!key.ok()) return std::nullopt;
  Result<privacy::OpenedValue> opened = privacy::OpenSealedParts(sealed, *key);
  if (!opened.ok() || opened->salt.size() != kDisclosureSaltBytes) return std::nullopt;
  return MakeDisclosure(opened->salt, opened->text);
}

Result<std::optional<std::string>> RocksLog::SubjectErasedAt(const std::string& subject) const {
  LIF_ASSIGN_OR_RETURN_DB(db);
  std::string when;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), ErasedSubjectKey(subject), &when);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, "cannot read a subject's erasure");
  return std::optional<std::string>(std::move(when));
}

void RocksLog::OpenRead(Event* e) const {
  OpenEventData(e, [this](const Json& sealed) { return OpenSealed(sealed); });
}

Result<bool> RocksLog::HasSubjectKey(const std::string& subject) const {
  Result<std::string> key = StoredSubjectKey(subject);
  if (key.ok()) return true;
  if (key.status().code() == StatusCode::kNotFound) return false;
  return key.status();
}

Status RocksLog::EraseSubject(const std::string& subject) {
  {
    std::lock_guard<std::mutex> subjects_lock(subjects_mu_);
    Result<bool> has = HasSubjectKey(subject);
    if (!has.ok()) return has.status();
    if (!*has) return Status::NotFound("subject " + subject + " has no personal data to erase");
    Result<int64_t> erasures = ErasureCount();
    if (!erasures.ok()) return erasures.status();
    LIF_ASSIGN_OR_RETURN_DB(db);
    rocksdb::WriteOptions wo;
    wo.sync = true;
    rocksdb::WriteBatch batch;
    batch.Delete(SubjectKeyKey(subject));
    batch.Put(ErasedSubjectKey(subject), FormatTimestamp(options_.clock()));
    batch.Put(MetaKey(kErasuresMeta), std::to_string(*erasures + 1));
    LIF_RETURN_IF_ERROR(FromRocks(db->Write(wo, &batch), "cannot erase the subject's key"));
    std::lock_guard<std::mutex> lock(key_cache_mu_);
    key_cache_.erase(subject);
  }
  // Leave no copy of the key in the memtable's WAL or in older table files.
  return CompactFamily(kSubjectKeyPrefix);
}

Result<int64_t> RocksLog::GetMetaCount(const std::string& name) const {
  Result<std::string> stored = GetMeta(name);
  if (!stored.ok()) {
    if (stored.status().code() == StatusCode::kNotFound) return int64_t{0};
    return stored.status();
  }
  char* end = nullptr;
  const long long n = std::strtoll(stored->c_str(), &end, 10);
  if (stored->empty() || end == nullptr || *end != '\0' || n < 0) {
    return store::DataDamaged("metadata " + name + " is damaged");
  }
  return static_cast<int64_t>(n);
}

Status RocksLog::CompactMeta() { return CompactFamily(kMetaPrefix); }

Status RocksLog::CompactFamily(char prefix) {
  LIF_ASSIGN_OR_RETURN_DB(db);
  LIF_RETURN_IF_ERROR(FromRocks(db->Flush(rocksdb::FlushOptions()), "cannot flush"));
  rocksdb::CompactRangeOptions co;
  co.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  std::string begin(1, prefix), end(1, static_cast<char>(prefix + 1));
  rocksdb::Slice b(begin), e(end);
  return FromRocks(db->CompactRange(co, &b, &e), "cannot compact");
}

Result<std::string> RocksLog::GetMeta(const std::string& name) const {
  LIF_ASSIGN_OR_RETURN_DB(db);
  std::string value;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), MetaKey(name), &value);
  if (s.IsNotFound()) return Status::NotFound("no metadata " + name);
  if (!s.ok()) return FromRocks(s, "cannot read metadata");
  return value;
}

Status RocksLog::PutMeta(const std::string& name, const std::string& value) {
  rocksdb::WriteOptions wo;
  wo.sync = true;
  LIF_ASSIGN_OR_RETURN_DB(db);
  return FromRocks(db->Put(wo, MetaKey(name), value), "cannot write metadata");
}

Status RocksLog::DeleteMeta(const std::string& name) {
  rocksdb::WriteOptions wo;
  wo.sync = true;
  LIF_ASSIGN_OR_RETURN_DB(db);
  return FromRocks(db->Delete(wo, MetaKey(name)), "cannot delete metadata");
}

}  // namespace lif::store
