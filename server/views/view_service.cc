#include "server/views/view_service.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <limits>
#include <mutex>

#include "core/validation/catalogue.h"
#include "server/crypto/basics.h"
#include "server/store/keys.h"

namespace lif::server {
namespace {

// Bump when a projection's fold or the checkpoint layout changes without a
// schema change.
constexpr int kProjectionCodeVersion = 3;
constexpr std::string_view kCheckpointMagic = "lif-checkpoint/2";

Date SystemToday() {
  using namespace std::chrono;
  return DateOf(
      Timestamp{duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()});
}

std::string CheckpointName(int64_t position) {
  char name[64];
  std::snprintf(name, sizeof name, "state-%016llx.bin", static_cast<unsigned long long>(position));
  return name;
}

// A read-only mapping of a whole file.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st;
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
      void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) {
        data_ = static_cast<const char*>(p);
        size_ = static_cast<size_t>(st.st_size);
      }
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view bytes() const { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  size_t size_ = 0;
};

// Splits off the first line of `*rest`; false when there is no newline.
bool TakeLine(std::string_view* rest, std::string_view* line) {
  size_t nl = rest->find('\n');
  if (nl == std::string_view::npos) return false;
  *line = rest->substr(0, nl);
  rest->remove_prefix(nl + 1);
  return true;
}

struct CheckpointHeader {
  std::string fingerprint;
  int64_t position = 0;
  std::string last_recorded_at;
  std::string hash;  // Of the event at `position`: ties the checkpoint to this log.
};

// Parses the header lines; `*rest` is left at the binary state.
bool ParseHeader(std::string_view* rest, CheckpointHeader* h) {
  std::string_view magic, fingerprint, position, recorded, hash;
  if (!TakeLine(rest, &magic) || magic != kCheckpointMagic || !TakeLine(rest, &fingerprint) ||
      !TakeLine(rest, &position) || !TakeLine(rest, &recorded) || !TakeLine(rest, &hash)) {
    return false;
  }
  h->fingerprint = std::string(fingerprint);
  h->position = std::atoll(std::string(position).c_str());
  h->last_recorded_at = std::string(recorded);
  h->hash = std::string(hash);
  return h->position > 0;
}

}  // namespace

// The checkpoints' fact arenas: one append-only file per arena
// ("arena-<name>-<generation>.bin"), shared by every checkpoint; a checkpoint
// records how many of its bytes it uses (and their checksum). A file whose
// bytes disagree with the arena (another log once lived in this folder) is
// never truncated, as states may still map it: the next generation is started.
class ViewService::Arenas : public ArenaFiles {
 public:
  explicit Arenas(std::string dir) : dir_(std::move(dir)) {}

  Result<std::string> Keep(const std::string& name, uint64_t size,
                           const ArenaReader& read) override {
    std::lock_guard<std::mutex> lock(mu_);
    Entry& e = entries_[name];
    if (!e.scanned) {
      e.scanned = true;
      std::error_code ec;
      const std::string prefix = "arena-" + name + "-";
      for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
        const std::string f = entry.path().filename().string();
        if (f.rfind(prefix, 0) != 0 || f.size() < prefix.size() + 5) continue;
        e.generation = std::max(e.generation, std::atoi(f.c_str() + prefix.size()));
      }
    }
    std::string file = FileName(name, e.generation);
    std::error_code ec;
    uint64_t have = std::filesystem::exists(dir_ + "/" + file, ec)
                        ? static_cast<uint64_t>(std::filesystem::file_size(dir_ + "/" + file, ec))
                        : 0;
    if (ec) have = 0;
    // Bytes of the file this process has not yet compared with the arena.
    const uint64_t common = std::min(have, size);
    if (common > e.verified) {
      MappedFile mapped(dir_ + "/" + file);
      const std::string_view bytes = mapped.bytes();
      bool same = bytes.size() >= common;
      uint64_t at = e.verified;
      if (same) {
        read(e.verified, common, [&](std::string_view piece) {
          if (same && bytes.compare(at, piece.size(), piece) != 0) same = false;
          at += piece.size();
        });
      }
      if (!same) {
        ++e.generation;
        file = FileName(name, e.generation);
        have = 0;
        e.verified = 0;
      } else {
        e.verified = common;
      }
    }
    if (have < size) {
      std::filesystem::create_directories(dir_, ec);
      const std::string path = dir_ + "/" + file;
      int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
      if (fd < 0) return Status::Unavailable("cannot write " + path);
      bool ok = true;
      read(have, size, [&](std::string_view piece) {
        while (ok && !piece.empty()) {
          ssize_t n = ::write(fd, piece.data(), piece.size());
          if (n <= 0) {
            ok = false;
          } else {
            piece.remove_prefix(static_cast<size_t>(n));
          }
        }
      });
      ok = ok && ::fsync(fd) == 0;
      ok = ::close(fd) == 0 && ok;
      if (!ok) {
        // Partly appended bytes are never used: the next Keep compares them.
        e.verified = std::min<uint64_t>(e.verified, have);
        return Status::Unavailable("cannot write " + path);
      }
      e.verified = size;
    }
    return file;
  }

  Result<std::pair<std::string_view, std::shared_ptr<const void>>> Open(
      const std::string& reference) override {
    if (reference.empty() || reference.find('/') != std::string::npos) {
      return Status::Internal("bad arena reference");
    }
    auto file = std::make_shared<MappedFile>(dir_ + "/" + reference);
    std::string_view bytes = file->bytes();
    return std::make_pair(bytes, std::shared_ptr<const void>(file));
  }

 private:
  struct Entry {
    bool scanned = false;
    int generation = 1;
    uint64_t verified = 0;  // Bytes of the current file known to equal the arena.
  };
  static std::string FileName(const std::string& name, int generation) {
    return "arena-" + name + "-" + std::to_string(generation) + ".bin";
  }

  std::string dir_;
  std::mutex mu_;
  std::map<std::string, Entry> entries_;

 public:
  // Forgets what is known of the files (they are being removed): the next
  // Keep scans the folder again.
  void Forget() {
    std::lock_guard<std::mutex> lock(mu_);
    entries_.clear();
  }
};

namespace {

std::string AsOfKey(const AsOf& a) {
  switch (a.kind) {
    case AsOf::Kind::kLatest:
      return "latest";
    case AsOf::Kind::kPosition:
      return "p" + std::to_string(a.position);
    case AsOf::Kind::kDate:
      return "d" + FormatDate(a.date);
  }
  return "";
}

}  // namespace

std::string ViewService::ProjectionFingerprint() {
  static const std::string fp = crypto::Sha256Hex(std::to_string(kProjectionCodeVersion) +
                                                  Catalogue::Default().SchemaDocument().dump());
  return fp;
}

ViewService::ViewService(store::RocksLog* log, ViewServiceOptions options)
    : log_(log), options_(std::move(options)) {
  if (!options_.today) options_.today = SystemToday;
  if (options_.checkpoint_dir.empty()) options_.checkpoint_dir = log_->dir() + "/checkpoints";
  arenas_ = std::make_unique<Arenas>(options_.checkpoint_dir);
}

ViewService::~ViewService() {
  // No commit reaches this service from here on (nor while a failed Start
  // destroys it).
  subscription_.Cancel();
  {
    // The fold thread drains what is queued, then stops.
    std::lock_guard<std::mutex> lock(fold_mu_);
    fold_stopping_ = true;
  }
  fold_cv_.notify_all();
  folded_cv_.notify_all();
  if (fold_thread_.joinable()) fold_thread_.join();
  {
    std::lock_guard<std::mutex> lock(loop_mu_);
    stopping_ = true;
  }
  loop_cv_.notify_all();
  if (checkpoint_thread_.joinable()) checkpoint_thread_.join();
}

void ViewService::ScanCheckpoints() {
  std::error_code ec;
  std::map<int64_t, CheckpointInfo> found;
  std::vector<std::filesystem::path> stale;
  for (const auto& entry : std::filesystem::directory_iterator(options_.checkpoint_dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("state-", 0) != 0) continue;
    // Only this process writes here (the log's lock is held): a temporary
    // is a checkpoint a crash interrupted.
    const bool finished = name.size() >= 4 && name.compare(name.size() - 4, 4, ".bin") == 0;
    if (finished) {
      // Read the header only.
      std::FILE* f = std::fopen(entry.path().c_str(), "rb");
      if (f == nullptr) continue;  // Left alone: nothing is known of it.
      char buffer[512];
      const size_t n = std::fread(buffer, 1, sizeof buffer, f);
      std::fclose(f);
      std::string_view rest(buffer, n);
      CheckpointHeader h;
      if (ParseHeader(&rest, &h) && h.fingerprint == ProjectionFingerprint()) {
        found[h.position] = CheckpointInfo{entry.path().string(), h.last_recorded_at};
        continue;
      }
    }
    stale.push_back(entry.path());
  }
  // Removing is best effort: a file that cannot be removed costs disk space,
  // never a start. With none of this code's checkpoints left, no arena file
  // is referenced by a checkpoint it can load; otherwise they stay, since
  // which arena a state refers to is known only by loading it.
  if (!ec) {
    if (found.empty()) {
      RemoveCheckpointFiles().IgnoreError();
    } else {
      for (const auto& path : stale) std::filesystem::remove(path, ec);
    }
  }
  std::lock_guard<std::mutex> lock(checkpoints_mu_);
  checkpoints_ = std::move(found);
  ThinCheckpointsLocked();  // Files kept by a run with a higher limit.
}

void ViewService::ThinCheckpointsLocked() {
  const size_t keep = std::max<size_t>(options_.max_checkpoints, 2);
  while (checkpoints_.size() > keep) {
    // The gap each removal would leave: from the one before (the start of the
    // log for the first) to the one after. The newest is never a candidate.
    auto victim = checkpoints_.end();
    int64_t smallest = std::numeric_limits<int64_t>::max();
    int64_t before = 0;
    for (auto it = checkpoints_.begin(); std::next(it) != checkpoints_.end(); ++it) {
      const int64_t merged = std::next(it)->first - before;
      if (merged < smallest) {
        smallest = merged;
        victim = it;
      }
      before = it->first;
    }
    assert(victim != checkpoints_.end() && "more than two checkpoints leave a candidate");
    // A reader that mapped the file keeps its mapping; one that had not yet
    // opened it tries the next older checkpoint (LoadCheckpoint).
    std::remove(victim->second.path.c_str());
    checkpoints_.erase(victim);
  }
}

bool ViewService::LoadCheckpoint(const AsOf& as_of, BoardState* state) const {
  const LogHead head = log_->Head();
  std::vector<std::pair<int64_t, CheckpointInfo>> candidates;
  {
    std::lock_guard<std::mutex> lock(checkpoints_mu_);
    const std::string cutoff = as_of.kind == AsOf::Kind::kDate ? FormatDate(as_of.date) : "";
    for (auto it = checkpoints_.rbegin(); it != checkpoints_.rend(); ++it) {
      if (it->first > head.position) continue;
      if (as_of.kind == AsOf::Kind::kPosition && it->first > as_of.position) continue;
      if (!cutoff.empty() && it->second.last_recorded_at.compare(0, 10, cutoff) > 0) continue;
      candidates.emplace_back(it->first, it->second);
    }
  }
  for (const auto& [position, info] : candidates) {
    // The state keeps the mapping while it uses the facts in it.
    auto file = std::make_shared<MappedFile>(info.path);
    std::string_view rest = file->bytes();
    CheckpointHeader h;
    if (!ParseHeader(&rest, &h) || h.position != position ||
        h.fingerprint != ProjectionFingerprint()) {
      continue;
    }
    // The checkpoint must belong to this log: the event at its position has its hash.
    Result<std::vector<Event>> at = log_->ReadRange(position - 1, 1);
    if (!at.ok() || at->size() != 1 || at->front().hash != h.hash) continue;
    BoardState loaded;
    if (!loaded.LoadBinary(rest, file, arenas_.get()).ok() || loaded.position() != position) {
      continue;
    }
    *state = std::move(loaded);
    return true;
  }
  return false;
}

Result<std::unique_ptr<ViewService>> ViewService::Start(store::RocksLog* log,
                                                        ViewServiceOptions options) {
  std::unique_ptr<ViewService> svc(new ViewService(log, std::move(options)));
  // A rebuild after an erasure that failed or never ran (a crash between the
  // key's deletion and the rebuild) left checkpoints holding erased text:
  // they all go, and the whole log is folded (docs/privacy.md).
  Result<std::optional<int64_t>> forget = svc->ErasuresToForget();
  if (!forget.ok()) return forget.status();
  if (forget->has_value()) {
    std::lock_guard<std::mutex> write_lock(svc->write_mu_);
    LIF_RETURN_IF_ERROR(svc->RemoveCheckpointFiles());
    LIF_RETURN_IF_ERROR(log->DeleteMeta("checkpoint"));
    LIF_RETURN_IF_ERROR(log->CompactMeta());
  }
  if (svc->options_.use_checkpoints) {
    {
      std::lock_guard<std::mutex> write_lock(svc->write_mu_);
      svc->ScanCheckpoints();
    }
    if (svc->LoadCheckpoint(AsOf{}, &svc->live_)) {
      svc->used_checkpoint_ = true;
      svc->last_checkpoint_ = svc->live_.position();
    }
  }
  // Replay what the checkpoint lacks. Subscribe first under the lock so that
  // no commit is missed between the replay and the subscription.
  {
    std::unique_lock<std::shared_mutex> lock(svc->mu_);
    ViewService* raw = svc.get();
    svc->subscription_ =
        log->AddCommitListener([raw](const store::CommittedGroup& group) { raw->OnCommit(group); });
    int64_t from = svc->live_.position();
    const bool write = svc->options_.use_checkpoints;
    LIF_RETURN_IF_ERROR(log->ScanForFold(from, log->Head().position, [&](const Event& e) {
      svc->live_.Fold(e);
      ++svc->replayed_at_start_;
      // A long replay (a first start on an imported log) leaves the spaced
      // checkpoints that later starts and "as of" views use.
      if (write && e.position - svc->last_checkpoint_ >= svc->options_.checkpoint_every) {
        svc->last_checkpoint_ = e.position;
        Result<std::vector<Event>> at = log->ReadRange(e.position - 1, 1);
        if (at.ok() && at->size() == 1) {
          // Saved unsettled: a correction's refold is left to whoever reads.
          svc->WriteCheckpoint(svc->live_.SaveBinary(svc->arenas_.get()), e.position, e.recorded_at,
                               at->front().hash)
              .IgnoreError();
        }
      }
      return IterationDecision::kContinue;
    }));
    svc->live_.Settle();
  }
  if (forget->has_value()) {
    LIF_RETURN_IF_ERROR(log->PutMeta(store::kViewsErasuresMeta, std::to_string(**forget)));
  }
  {
    std::lock_guard<std::mutex> lock(svc->fold_mu_);
    svc->folded_ = svc->live_.position();
  }
  svc->fold_thread_ = std::thread([raw = svc.get()] { raw->FoldLoop(); });
  if (svc->options_.use_checkpoints) {
    svc->checkpoint_thread_ = std::thread([raw = svc.get()] { raw->CheckpointLoop(); });
  }
  return svc;
}

void ViewService::OnCommit(const store::CommittedGroup& group) {
  // The log's syncer thread only queues the shared group; FoldLoop applies it.
  {
    std::lock_guard<std::mutex> lock(fold_mu_);
    fold_queue_.push_back(group);
  }
  fold_cv_.notify_one();
}

void ViewService::FoldLoop() {
  pthread_setname_np(pthread_self(), "lif-fold");
  std::deque<store::CommittedGroup> work;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(fold_mu_);
      fold_cv_.wait(lock, [&] { return fold_stopping_ || !fold_queue_.empty(); });
      if (fold_queue_.empty()) return;  // Stopping, and everything is folded.
      work.swap(fold_queue_);
    }
    bool checkpoint = false;
    int64_t position = 0;
    {
      std::unique_lock<std::shared_mutex> lock(mu_);
      for (const store::CommittedGroup& group : work) {
        for (const Event& e : *group) {
          // Events already folded (by the start-up replay or a rebuild) are skipped.
          if (e.position > live_.position()) live_.Fold(e);
        }
      }
      // Corrections leave projections to fold again: the next reader does it
      // (LockSettled), once for everything folded meanwhile.
      position = live_.position();
      checkpoint =
          options_.use_checkpoints && position - last_checkpoint_ >= options_.checkpoint_every;
    }
    work.clear();
    {
      std::lock_guard<std::mutex> lock(fold_mu_);
      folded_ = std::max(folded_, position);
    }
    folded_cv_.notify_all();
    if (checkpoint) {
      // Written by the checkpoint thread: the fold thread only asks.
      {
        std::lock_guard<std::mutex> lock(loop_mu_);
        checkpoint_wanted_ = true;
      }
      loop_cv_.notify_one();
    }
  }
}

Status ViewService::WaitFolded(int64_t position) const {
  std::unique_lock<std::mutex> lock(fold_mu_);
  if (folded_cv_.wait_for(lock, options_.fold_wait,
                          [&] { return fold_stopping_ || folded_ >= position; })) {
    return Status::Ok();
  }
  return Status::Unavailable("the views are behind the log (folded to position " +
                             std::to_string(folded_) + " of " + std::to_string(position) +
                             "); retry shortly");
}

void ViewService::CheckpointLoop() {
  pthread_setname_np(pthread_self(), "lif-checkpoint");
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(loop_mu_);
      loop_cv_.wait(lock, [&] { return stopping_ || checkpoint_wanted_; });
      if (stopping_) return;
      checkpoint_wanted_ = false;
    }
    if (position() - last_checkpoint_ < options_.checkpoint_every) continue;
    // Of what is folded now: the background thread does not wait for the fold.
    std::chrono::steady_clock::duration took{};
    {
      std::lock_guard<std::mutex> write_lock(write_mu_);
      const auto started = std::chrono::steady_clock::now();
      CheckpointLocked().IgnoreError();
      took = std::chrono::steady_clock::now() - started;
    }
    // Rest in proportion to the checkpoint's own cost (not the waits for the
    // lock), so that a long run of appends on a large state does not spend a
    // core on checkpoints; a restart after a crash replays what was appended meanwhile.
    const auto rest = took * options_.checkpoint_rest_factor;
    std::unique_lock<std::mutex> lock(loop_mu_);
    loop_cv_.wait_for(lock, rest, [&] { return stopping_; });
    if (stopping_) return;
  }
}

Status ViewService::Checkpoint() {
  // A checkpoint asked for now (at shutdown, say) holds what was committed
  // before; one asked for before the fold got there is simply of an earlier position.
  WaitFolded(log_->Head().position).IgnoreError();
  std::lock_guard<std::mutex> write_lock(write_mu_);
  return CheckpointLocked();
}

Status ViewService::CheckpointLocked() {
  std::string bytes;
  int64_t position = 0;
  std::string last_recorded_at;
  {
    // A shared lock, not LockSettled(): the checkpoint keeps which projections
    // a correction left stale, and their refold stays with the next reader.
    std::shared_lock<std::shared_mutex> lock(mu_);
    position = live_.position();
    if (position == 0) return Status::Ok();
    last_recorded_at = live_.last_recorded_at();
    // Sized for the last checkpoint and a little more, so the bytes grow in place.
    bytes = live_.SaveBinary(arenas_.get(), last_checkpoint_bytes_ + last_checkpoint_bytes_ / 8);
  }
  last_checkpoint_bytes_ = bytes.size();
  last_checkpoint_ = position;
  Result<std::vector<Event>> at = log_->ReadRange(position - 1, 1);
  if (!at.ok()) return at.status();
  if (at->size() != 1) return Status::Internal("no event at the checkpoint's position");
  return WriteCheckpoint(bytes, position, last_recorded_at, at->front().hash);
}

Status ViewService::WriteCheckpoint(const std::string& bytes, int64_t position,
                                    const std::string& last_recorded_at, const std::string& hash) {
  std::error_code ec;
  std::filesystem::create_directories(options_.checkpoint_dir, ec);
  if (ec)
    return Status::Unavailable("cannot make " + options_.checkpoint_dir + ": " + ec.message());
  const std::string path = options_.checkpoint_dir + "/" + CheckpointName(position);
  const std::string tmp = path + ".tmp";
  const std::string header = std::string(kCheckpointMagic) + "\n" + ProjectionFingerprint() + "\n" +
                             std::to_string(position) + "\n" + last_recorded_at + "\n" + hash +
                             "\n";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Unavailable("cannot write " + tmp);
  bool ok = true;
  for (std::string_view part : {std::string_view(header), std::string_view(bytes)}) {
    while (ok && !part.empty()) {
      ssize_t n = ::write(fd, part.data(), part.size());
      if (n <= 0) {
        ok = false;
      } else {
        part.remove_prefix(static_cast<size_t>(n));
      }
    }
  }
  ok = ok && ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::Unavailable("cannot write " + path);
  }
  int dir = ::open(options_.checkpoint_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  // Keep the checkpoints spaced: drop earlier ones closer than half an interval.
  std::lock_guard<std::mutex> lock(checkpoints_mu_);
  for (auto it = checkpoints_.begin(); it != checkpoints_.end();) {
    if (it->first < position && position - it->first < options_.checkpoint_every / 2) {
      std::remove(it->second.path.c_str());
      it = checkpoints_.erase(it);
    } else {
      ++it;
    }
  }
  checkpoints_[position] = CheckpointInfo{path, last_recorded_at};
  ThinCheckpointsLocked();
  return Status::Ok();
}

std::vector<int64_t> ViewService::checkpoint_positions() const {
  std::lock_guard<std::mutex> lock(checkpoints_mu_);
  std::vector<int64_t> out;
  for (const auto& [position, info] : checkpoints_) out.push_back(position);
  return out;
}

Result<bool> ViewService::ErasuresPending() const {
  Result<std::optional<int64_t>> to_forget = ErasuresToForget();
  if (!to_forget.ok()) return to_forget.status();
  return to_forget->has_value();
}

Result<std::optional<int64_t>> ViewService::ErasuresToForget() const {
  Result<int64_t> done = log_->ErasureCount();
  if (!done.ok()) return done.status();
  Result<int64_t> forgotten = log_->GetMetaCount(store::kViewsErasuresMeta);
  if (forgotten.ok() && *forgotten >= *done) return std::optional<int64_t>();
  return std::optional<int64_t>(*done);
}

Status ViewService::Rebuild() {
  // The erasures this rebuild forgets: those done before it reads the log.
  Result<int64_t> erasures = log_->ErasureCount();
  if (!erasures.ok()) return erasures.status();
  {
    // The fold thread waits meanwhile (it needs this lock); the groups it
    // has queued are folded afterwards, skipping what the new state holds, so
    // the new state misses nothing.
    std::unique_lock<std::shared_mutex> lock(mu_);
    Result<BoardState> fresh = BuildBoardState(*log_, AsOf{});
    if (!fresh.ok()) return fresh.status();
    live_ = std::move(*fresh);
    std::lock_guard<std::mutex> fold_lock(fold_mu_);
    folded_ = std::max(folded_, live_.position());
  }
  folded_cv_.notify_all();
  {
    // Views rendered from the old state may hold text the rebuild forgot.
    std::lock_guard<std::mutex> lock(cache_mu_);
    cache_.clear();
    cache_position_ = -1;
  }
  {
    // Every checkpoint and arena file may hold text the rebuild forgot (an
    // erased subject's): remove them all, then write one of the new state.
    // Held across both, so no checkpoint of the old state is written between.
    std::lock_guard<std::mutex> write_lock(write_mu_);
    LIF_RETURN_IF_ERROR(RemoveCheckpointFiles());
    if (options_.use_checkpoints) LIF_RETURN_IF_ERROR(CheckpointLocked());
  }
  // The checkpoint of earlier versions (a metadata value): gone, and
  // compacted out of RocksDB's files.
  LIF_RETURN_IF_ERROR(log_->DeleteMeta("checkpoint"));
  LIF_RETURN_IF_ERROR(log_->CompactMeta());
  return log_->PutMeta(store::kViewsErasuresMeta, std::to_string(*erasures));
}

Status ViewService::RemoveCheckpointFiles() {
  {
    std::lock_guard<std::mutex> lock(checkpoints_mu_);
    checkpoints_.clear();
  }
  last_checkpoint_ = 0;
  arenas_->Forget();
  std::error_code ec;
  std::vector<std::filesystem::path> doomed;
  for (const auto& entry : std::filesystem::directory_iterator(options_.checkpoint_dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("state-", 0) == 0 || name.rfind("arena-", 0) == 0) {
      doomed.push_back(entry.path());
    }
  }
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return Status::Unavailable("cannot list " + options_.checkpoint_dir + ": " + ec.message());
  }
  for (const auto& path : doomed) {
    // States that still map a file keep its bytes until they go; the name
    // (and, once unmapped, the bytes) leave the folder now.
    if (!std::filesystem::remove(path, ec) && ec) {
      return Status::Unavailable("cannot remove " + path.string() + ": " + ec.message());
    }
  }
  return Status::Ok();
}

int64_t ViewService::position() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  return live_.position();
}

std::shared_lock<std::shared_mutex> ViewService::LockSettled() const {
  for (;;) {
    std::shared_lock<std::shared_mutex> shared(mu_);
    if (live_.settled()) return shared;
    shared.unlock();
    std::unique_lock<std::shared_mutex> exclusive(mu_);
    live_.Settle();
    // The fold may fold more corrections between this unlock and the shared
    // lock again: the loop settles those too.
  }
}

Result<BoardState> ViewService::BuildAsOf(const AsOf& as_of) const {
  BoardState state;
  if (options_.use_checkpoints) LoadCheckpoint(as_of, &state);
  LIF_RETURN_IF_ERROR(FoldAsOf(*log_, as_of, &state));
  return state;
}

Status ViewService::WithState(const AsOf& as_of, int64_t head,
                              const std::function<void(const BoardState&)>& fn,
                              int64_t* shown_at) const {
  if (as_of.kind != AsOf::Kind::kLatest) {
    std::lock_guard<std::mutex> lock(as_of_mu_);
    Result<BoardState> past = BuildAsOf(as_of);
    if (!past.ok()) return past.status();
    fn(*past);
    return Status::Ok();
  }
  // Read-your-writes: every append acknowledged before this read.
  LIF_RETURN_IF_ERROR(WaitFolded(head));
  std::shared_lock<std::shared_mutex> lock = LockSettled();
  if (shown_at != nullptr) *shown_at = live_.position();
  fn(live_);
  return Status::Ok();
}

Result<Json> ViewService::Render(const std::string& name, const AsOf& as_of,
                                 const std::map<std::string, std::string>& filters) const {
  ViewContext ctx{options_.today(), as_of, filters};
  Result<Json> view = Status::Internal("the view was not rendered");
  LIF_RETURN_IF_ERROR(WithState(as_of, log_->Head().position, [&](const BoardState& state) {
    view = RenderView(name, state, ctx);
  }));
  return view;
}

Result<Json> ViewService::Compute(
    const AsOf& as_of,
    const std::function<Result<Json>(const BoardState&, Date today)>& compute) const {
  const Date today = options_.today();
  Result<Json> out = Status::Internal("nothing was computed");
  LIF_RETURN_IF_ERROR(WithState(as_of, log_->Head().position,
                                [&](const BoardState& state) { out = compute(state, today); }));
  return out;
}

Result<std::shared_ptr<const std::string>> ViewService::RenderText(
    const std::string& name, const AsOf& as_of,
    const std::map<std::string, std::string>& filters) const {
  const Date today = options_.today();
  std::string key = name + '\n' + AsOfKey(as_of) + '\n' + FormatDate(today);
  for (const auto& [k, v] : filters) key += '\n' + k + '=' + v;
  const int64_t at = log_->Head().position;
  {
    std::lock_guard<std::mutex> lock(cache_mu_);
    if (cache_position_ == at) {
      auto it = cache_.find(key);
      if (it != cache_.end()) return it->second;
    }
  }
  // The position the view shows: the live state's (at or past `at` once
  // folded), or the head for a view as of a past point.
  int64_t rendered_at = at;
  ViewContext ctx{today, as_of, filters};
  Result<std::string> view = Status::Internal("the view was not rendered");
  LIF_RETURN_IF_ERROR(WithState(
      as_of, at, [&](const BoardState& state) { view = RenderViewText(name, state, ctx); },
      &rendered_at));
  if (!view.ok()) return view.status();
  auto text = std::make_shared<const std::string>(std::move(*view));
  // Cache only what was rendered from the state of the log's head.
  if (rendered_at == at) {
    std::lock_guard<std::mutex> lock(cache_mu_);
    if (cache_position_ != at) {
      cache_.clear();
      cache_position_ = at;
    }
    if (cache_.size() < 1024) cache_[key] = text;
  }
  return text;
}

}  // namespace lif::server
