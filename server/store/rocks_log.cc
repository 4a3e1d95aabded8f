#include "server/store/rocks_log.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <chrono>
#include <map>

#include "server/crypto/basics.h"
#include "server/store/keys.h"

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
  return Status::Internal(what + ": " + s.ToString());
}

Json IdempotencyRecordJson(const std::string& digest, const std::vector<Event>& events) {
  Json positions = Json::array();
  for (const Event& e : events) positions.push_back(e.position);
  return {{"digest", digest}, {"positions", positions}};
}

}  // namespace

Result<std::unique_ptr<RocksLog>> RocksLog::Open(const std::string& dir, RocksLogOptions options) {
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.paranoid_checks = true;
  db_options.max_background_jobs = 2;
  db_options.keep_log_file_num = 4;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, dir, &raw);
  if (!s.ok()) {
    if (s.ToString().find("lock") != std::string::npos) {
      return Status::Unavailable("the data folder " + dir +
                                 " is in use by another lif process: " + s.ToString());
    }
    return FromRocks(s, "cannot open " + dir);
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  std::string format;
  s = db->Get(rocksdb::ReadOptions(), MetaKey("format"), &format);
  if (s.IsNotFound()) {
    rocksdb::WriteOptions wo;
    wo.sync = true;
    s = db->Put(wo, MetaKey("format"), std::to_string(kFormatVersion));
    if (!s.ok()) return FromRocks(s, "cannot initialise " + dir);
  } else if (!s.ok()) {
    return FromRocks(s, "cannot read " + dir);
  } else if (format != std::to_string(kFormatVersion)) {
    return Status::Internal(dir + " holds lif storage format " + format + ", expected " +
                            std::to_string(kFormatVersion));
  }
  LogHead head;
  std::string head_json;
  s = db->Get(rocksdb::ReadOptions(), MetaKey("head"), &head_json);
  if (s.ok()) {
    Json h = Json::parse(head_json, nullptr, false);
    if (h.is_discarded()) return Status::Internal("the stored head is damaged");
    head.position = h.value("position", int64_t{0});
    head.hash = h.value("hash", ZeroHashHex());
    head.recorded_at = h.value("recorded_at", "");
  } else if (!s.IsNotFound()) {
    return FromRocks(s, "cannot read the head");
  }
  if (!options.clock) options.clock = SystemNow;
  if (!options.new_id) options.new_id = crypto::NewUuidV4;
  return std::unique_ptr<RocksLog>(new RocksLog(dir, std::move(db), std::move(options), head));
}

RocksLog::RocksLog(std::string dir, std::unique_ptr<rocksdb::DB> db, RocksLogOptions options,
                   LogHead head)
    : dir_(std::move(dir)),
      db_(std::move(db)),
      options_(std::move(options)),
      sha256_(crypto::OpenSslSha256()),
      head_(std::move(head)) {
  writer_ = std::thread([this] { WriterLoop(); });
}

RocksLog::~RocksLog() {
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  writer_.join();
  db_->FlushWAL(/*sync=*/true).PermitUncheckedError();
  db_->Close().PermitUncheckedError();
}

void RocksLog::AddCommitListener(std::function<void(const std::vector<Event>&)> listener) {
  std::lock_guard<std::mutex> lock(queue_mu_);
  listeners_.push_back(std::move(listener));
}

LogHead RocksLog::Head() const {
  std::lock_guard<std::mutex> lock(head_mu_);
  return head_;
}

RocksLog::Stats RocksLog::stats() const {
  std::lock_guard<std::mutex> lock(stats_mu_);
  return stats_;
}

Result<AppendOutcome> RocksLog::Append(AppendRequest request) {
  if (!request.idempotency_key.empty()) {
    LIF_RETURN_IF_ERROR(ValidateIdempotencyKey(request.idempotency_key));
  }
  Pending pending{std::move(request), {}};
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
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), StreamHeadKey(stream), &value);
  if (s.IsNotFound()) return int64_t{0};
  if (!s.ok()) return FromRocks(s, "cannot read stream " + stream);
  return static_cast<int64_t>(GetBigEndian64(value));
}

void RocksLog::CommitGroup(std::vector<Pending*>& group) {
  if (needs_resume_) {
    if (db_->Resume().ok()) needs_resume_ = false;
  }
  LogHead working = Head();
  std::unordered_map<std::string, int64_t> versions;  // This group's changes.
  std::map<std::string, std::pair<std::string, std::vector<Event>>> group_idem;
  std::vector<std::optional<Result<AppendOutcome>>> answers(group.size());
  // True for answers that only hold if this group's batch is written.
  std::vector<bool> needs_write(group.size(), false);
  std::vector<Event> committed;
  rocksdb::WriteBatch batch;

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
          answers[i] = AppendOutcome{it->second.second, true};
          needs_write[i] = true;
        }
        continue;
      }
      std::string stored;
      rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), idem_key, &stored);
      if (s.ok()) {
        Json rec = Json::parse(stored, nullptr, false);
        if (rec.is_discarded()) {
          answers[i] = Status::Internal("idempotency record is damaged");
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
    AppendContext ctx{req.principal, options_.clock(), options_.new_id, sha256_,
                      options_.catalogue};
    Result<std::vector<Event>> sealed =
        PrepareAppend(req.events, ctx, working, version_of, req.form);
    if (!sealed.ok()) {
      answers[i] = sealed.status();
      continue;
    }
    for (const Event& e : *sealed) {
      batch.Put(EventKey(e.position), e.canonical);
      batch.Put(StreamIndexKey(e.stream, e.version), Be64(e.position));
      batch.Put(StreamHeadKey(e.stream), Be64(e.version));
      versions[e.stream] = e.version;
      working.position = e.position;
      working.hash = e.hash;
      working.recorded_at = e.recorded_at;
      committed.push_back(e);
    }
    if (!idem_key.empty()) {
      batch.Put(idem_key, IdempotencyRecordJson(req.request_digest, *sealed).dump());
      group_idem[idem_key] = {req.request_digest, *sealed};
    }
    answers[i] = AppendOutcome{std::move(*sealed), false};
    needs_write[i] = true;
  }

  if (!committed.empty()) {
    Json head_json = {{"position", working.position},
                      {"hash", working.hash},
                      {"recorded_at", working.recorded_at}};
    batch.Put(MetaKey("head"), head_json.dump());
    rocksdb::WriteOptions wo;
    wo.sync = options_.sync;
    rocksdb::Status s = db_->Write(wo, &batch);
    if (!s.ok()) {
      needs_resume_ = true;
      Status failure = Status::Unavailable("storage is unavailable: " + s.ToString());
      for (size_t i = 0; i < group.size(); ++i) {
        if (needs_write[i]) answers[i] = failure;
      }
      committed.clear();
    } else {
      for (const auto& [stream, v] : versions) stream_versions_[stream] = v;
      {
        std::lock_guard<std::mutex> lock(head_mu_);
        head_ = working;
      }
      std::vector<std::function<void(const std::vector<Event>&)>> listeners;
      {
        std::lock_guard<std::mutex> lock(queue_mu_);
        listeners = listeners_;
      }
      for (const auto& listener : listeners) listener(committed);
    }
  }
  {
    std::lock_guard<std::mutex> lock(stats_mu_);
    if (!committed.empty()) ++stats_.groups;
    stats_.requests += group.size();
    stats_.events += committed.size();
  }
  for (size_t i = 0; i < group.size(); ++i) group[i]->done.set_value(std::move(*answers[i]));
}

Result<std::string> RocksLog::ReadRaw(int64_t position) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), EventKey(position), &value);
  if (s.IsNotFound()) return Status::NotFound("no event at position " + std::to_string(position));
  if (!s.ok()) return FromRocks(s, "cannot read position " + std::to_string(position));
  return value;
}

Result<std::vector<Event>> RocksLog::ReadPositions(const std::vector<int64_t>& positions) const {
  std::vector<Event> out;
  for (int64_t p : positions) {
    Result<std::string> raw = ReadRaw(p);
    if (!raw.ok()) return raw.status();
    Result<Event> e = DecodeStoredEvent(std::move(*raw), sha256_);
    if (!e.ok()) return e.status();
    out.push_back(std::move(*e));
  }
  return out;
}

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
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
  int64_t expected = after + 1;
  for (it->Seek(EventKey(after + 1)); it->Valid(); it->Next()) {
    Result<Event> e = DecodeStoredEvent(it->value().ToString(), sha256_);
    if (!e.ok()) {
      return Status::Internal("position " + std::to_string(expected) + ": " + e.status().message());
    }
    if (e->position != expected) {
      return Status::Internal("position " + std::to_string(expected) + " is missing");
    }
    ++expected;
    if (fn(*e) == IterationDecision::kBreak) return Status::Ok();
  }
  if (!it->status().ok()) return FromRocks(it->status(), "scan failed");
  if (expected != last + 1) {
    return Status::Internal("position " + std::to_string(expected) + " is missing");
  }
  return Status::Ok();
}

Status RocksLog::ScanForFold(int64_t after, int64_t up_to,
                             const std::function<IterationDecision(const Event&)>& fn) const {
  const int64_t last = std::min(up_to, Head().position);
  if (after >= last) return Status::Ok();
  if (last - after < 20000) return Scan(after, up_to, fn);
  // Two stages: a helper thread reads and decodes batches of events (the
  // RocksDB iteration, the parse and the canonical check) while this thread
  // folds the previous batch.
  struct Batch {
    std::vector<Event> events;
    Status status = Status::Ok();
    bool last = false;
  };
  constexpr size_t kBatchEvents = 256;
  constexpr size_t kQueuedBatches = 8;
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::unique_ptr<Batch>> queue;
  bool stop = false;
  auto push = [&](std::unique_ptr<Batch> batch) {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return stop || queue.size() < kQueuedBatches; });
    if (stop) return false;
    queue.push_back(std::move(batch));
    cv.notify_all();
    return true;
  };
  std::thread reader([&] {
    rocksdb::ReadOptions ro;
    ro.fill_cache = false;
    std::string upper = EventKey(last + 1);
    rocksdb::Slice upper_slice(upper);
    ro.iterate_upper_bound = &upper_slice;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
    int64_t expected = after + 1;
    auto batch = std::make_unique<Batch>();
    batch->events.reserve(kBatchEvents);
    for (it->Seek(EventKey(after + 1)); it->Valid(); it->Next()) {
      Result<Event> e = DecodeStoredEvent(it->value().ToString(), nullptr);
      if (!e.ok()) {
        batch->status = Status::Internal("position " + std::to_string(expected) + ": " +
                                         e.status().message());
        break;
      }
      if (e->position != expected) {
        batch->status = Status::Internal("position " + std::to_string(expected) + " is missing");
        break;
      }
      ++expected;
      batch->events.push_back(std::move(*e));
      if (batch->events.size() == kBatchEvents) {
        if (!push(std::move(batch))) return;
        batch = std::make_unique<Batch>();
        batch->events.reserve(kBatchEvents);
      }
    }
    if (batch->status.ok() && !it->status().ok()) {
      batch->status = FromRocks(it->status(), "scan failed");
    }
    if (batch->status.ok() && expected != last + 1) {
      batch->status = Status::Internal("position " + std::to_string(expected) + " is missing");
    }
    batch->last = true;
    push(std::move(batch));
  });
  // Stops and joins the reader however this function returns.
  struct Joiner {
    std::thread& t;
    std::mutex& mu;
    std::condition_variable& cv;
    bool& stop;
    ~Joiner() {
      {
        std::lock_guard<std::mutex> lock(mu);
        stop = true;
      }
      cv.notify_all();
      t.join();
    }
  } joiner{reader, mu, cv, stop};
  for (;;) {
    std::unique_ptr<Batch> batch;
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return !queue.empty(); });
      batch = std::move(queue.front());
      queue.pop_front();
      cv.notify_all();
    }
    for (const Event& e : batch->events) {
      if (fn(e) == IterationDecision::kBreak) return Status::Ok();
    }
    if (!batch->status.ok()) return batch->status;
    if (batch->last) return Status::Ok();
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
  std::vector<int64_t> positions;
  rocksdb::ReadOptions ro;
  std::string prefix(1, kStreamIndexPrefix);
  prefix.append(stream);
  prefix.push_back('\0');
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
  const int64_t head = Head().position;
  for (it->Seek(StreamIndexKey(stream, std::max<int64_t>(after_version, 0) + 1));
       it->Valid() && it->key().starts_with(prefix) && positions.size() < limit; it->Next()) {
    int64_t p = static_cast<int64_t>(GetBigEndian64(it->value().ToString()));
    if (p > head) break;
    positions.push_back(p);
  }
  if (!it->status().ok()) return FromRocks(it->status(), "stream read failed");
  return ReadPositions(positions);
}

Result<std::string> RocksLog::GetMeta(const std::string& name) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), MetaKey(name), &value);
  if (s.IsNotFound()) return Status::NotFound("no metadata " + name);
  if (!s.ok()) return FromRocks(s, "cannot read metadata");
  return value;
}

Status RocksLog::PutMeta(const std::string& name, const std::string& value) {
  rocksdb::WriteOptions wo;
  wo.sync = true;
  return FromRocks(db_->Put(wo, MetaKey(name), value), "cannot write metadata");
}

}  // namespace lif::store
