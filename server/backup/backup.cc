#include "server/backup/backup.h"

#include <fcntl.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <thread>

#include "core/log/verify.h"
#include "core/time/civil_time.h"
#include "server/crypto/basics.h"
#include "server/integrity/integrity_service.h"
#include "server/store/damage.h"
#include "server/store/keys.h"
#include "server/store/rocks_log.h"

namespace lif::backup {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxAttempts = 5;
constexpr size_t kBatchBytes = 4 * 1024 * 1024;

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

bool StartsWith(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}
bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// RocksDB's own files in a data folder: copied key by key, never as files.
bool IsRocksDbFile(const std::string& name) {
  return name == "CURRENT" || name == "IDENTITY" || name == "LOCK" || name == "LOG" ||
         StartsWith(name, "LOG.old.") || StartsWith(name, "MANIFEST-") ||
         StartsWith(name, "OPTIONS-") || EndsWith(name, ".sst") || EndsWith(name, ".log") ||
         EndsWith(name, ".blob") || EndsWith(name, ".dbtmp");
}

// A key file being written (server/crypto, server/privacy write "<name>.tmp.<pid>"
// and link it into place): not part of the folder yet.
bool IsTemporary(const std::string& name) { return name.find(".tmp") != std::string::npos; }

// RocksDB files that a restore leaves behind: the lock and the info logs.
bool IsNotRestored(const std::string& name) {
  return name == kManifestFileName || name == "LOCK" || name == "LOG" ||
         StartsWith(name, "LOG.old.");
}

Status SyncPath(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Unavailable(Errno("cannot open " + path));
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Status::Unavailable(Errno("cannot sync " + path));
  return Status::Ok();
}

std::string Parent(const std::string& path) {
  fs::path p = fs::path(path).lexically_normal();
  if (!p.has_filename()) p = p.parent_path();  // "dir/" -> "dir".
  fs::path parent = p.parent_path();
  return parent.empty() ? "." : parent.string();
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::Unavailable("cannot read " + path);
  return ss.str();
}

// Writes `bytes` to a new file `path` with `mode`, and syncs it.
Status WriteNewFile(const std::string& path, std::string_view bytes, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return Status::Unavailable(Errno("cannot create " + path));
  Status s = Status::Ok();
  while (!bytes.empty() && s.ok()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      s = Status::Unavailable(Errno("cannot write " + path));
    } else {
      bytes.remove_prefix(static_cast<size_t>(n));
    }
  }
  // The mode given to open() is filtered by the umask; set it exactly.
  if (s.ok() && ::fchmod(fd, mode) != 0) s = Status::Unavailable(Errno("cannot chmod " + path));
  if (s.ok() && ::fsync(fd) != 0) s = Status::Unavailable(Errno("cannot sync " + path));
  ::close(fd);
  return s;
}

Status MakeDirectory(const std::string& path, mode_t mode) {
  if (::mkdir(path.c_str(), mode) != 0) return Status::Unavailable(Errno("cannot create " + path));
  if (::chmod(path.c_str(), mode) != 0) return Status::Unavailable(Errno("cannot chmod " + path));
  return Status::Ok();
}

// Copies the regular files and folders under `from` into the existing folder
// `to`, keeping their permission bits, skipping top-level names for which
// `skip` is true and temporaries. Appends the copied files' relative paths.
Status CopyTree(const std::string& from, const std::string& to,
                const std::function<bool(const std::string&)>& skip, const std::string& relative,
                std::vector<std::string>* copied) {
  std::error_code ec;
  fs::directory_iterator it(from, ec);
  if (ec) return Status::Unavailable("cannot list " + from + ": " + ec.message());
  std::vector<fs::directory_entry> entries(it, fs::directory_iterator());
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.path() < b.path(); });
  for (const fs::directory_entry& entry : entries) {
    const std::string name = entry.path().filename().string();
    if ((relative.empty() && skip(name)) || IsTemporary(name)) continue;
    const std::string src = entry.path().string();
    const std::string dst = to + "/" + name;
    const std::string rel = relative.empty() ? name : relative + "/" + name;
    struct stat st;
    if (::lstat(src.c_str(), &st) != 0) {
      if (errno == ENOENT) continue;  // Removed meanwhile (an erased subject key).
      return Status::Unavailable(Errno("cannot stat " + src));
    }
    const mode_t mode = st.st_mode & 07777;
    if (S_ISDIR(st.st_mode)) {
      LIF_RETURN_IF_ERROR(MakeDirectory(dst, mode));
      LIF_RETURN_IF_ERROR(CopyTree(src, dst, skip, rel, copied));
      LIF_RETURN_IF_ERROR(SyncPath(dst));
    } else if (S_ISREG(st.st_mode)) {
      Result<std::string> bytes = ReadFile(src);
      if (!bytes.ok()) {
        if (!fs::exists(src)) continue;
        return bytes.status();
      }
      LIF_RETURN_IF_ERROR(WriteNewFile(dst, *bytes, mode));
      copied->push_back(rel);
    } else {
      return Status::Invalid(src +
                             " is neither a file nor a folder; move it out of the data folder");
    }
  }
  return Status::Ok();
}

// True when `to` does not exist or is an empty folder.
Status CheckEmptyTarget(const std::string& to, const char* what) {
  std::error_code ec;
  if (!fs::exists(to, ec)) return Status::Ok();
  if (!fs::is_directory(to, ec))
    return Status::Invalid(std::string(what) + " " + to + " is not a folder");
  if (!fs::is_empty(to, ec)) {
    return Status::Invalid(std::string(what) + " " + to +
                           " is not empty; give a new or empty folder");
  }
  return Status::Ok();
}

bool Inside(const std::string& child, const std::string& parent) {
  std::error_code ec;
  const std::string c = fs::weakly_canonical(fs::absolute(child), ec).string();
  const std::string p = fs::weakly_canonical(fs::absolute(parent), ec).string();
  return c == p || StartsWith(c, p + "/");
}

std::string NowUtc() {
  using namespace std::chrono;
  return FormatTimestamp(
      Timestamp{duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()});
}

Json HeadJson(const LogHead& h) {
  return {{"position", h.position}, {"hash", h.hash}, {"recorded_at", h.recorded_at}};
}

// Opens the store in `dir` as its owner and checks it as `lif verify` does.
Status VerifyStore(const std::string& dir, BackupReport* report) {
  Result<std::unique_ptr<store::RocksLog>> log =
      store::RocksLog::Open(dir, store::RocksLogOptions{});
  if (!log.ok()) return log.status();
  report->head = (*log)->Head();
  Result<VerifyReport> chain = VerifyLog(**log, report->head);
  if (!chain.ok()) return chain.status();
  if (!chain->ok) {
    return store::DataDamaged("the copy does not verify at position " +
                              std::to_string(chain->first_bad_position) + ": " + chain->reason);
  }
  Result<server::TreeCheck> tree = server::CheckTreeAgainstSignedHead(**log, dir);
  if (!tree.ok()) return tree.status();
  if (!tree->ok)
    return store::DataDamaged("the copy does not match its signed head: " + tree->reason);
  report->signed_head_size = tree->signed_size;
  return Status::Ok();
}

// Copies every key of a consistent view of `data_dir` (opened as a RocksDB
// secondary) into a new RocksDB at `staging`.
Status CopyKeys(const std::string& data_dir, const std::string& staging, uint64_t* keys) {
  const fs::path secondary_dir =
      fs::temp_directory_path() / ("lif-backup-secondary-" + crypto::RandomHex(8));
  std::error_code ec;
  fs::create_directories(secondary_dir, ec);
  if (ec)
    return Status::Unavailable("cannot create " + secondary_dir.string() + ": " + ec.message());
  struct RemoveOnExit {
    fs::path path;
    ~RemoveOnExit() {
      std::error_code ignored;
      fs::remove_all(path, ignored);
    }
  } cleanup{secondary_dir};

  rocksdb::Options source_options;
  source_options.create_if_missing = false;
  source_options.max_open_files = -1;  // Keep every table open: the primary may delete files.
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      rocksdb::DB::OpenAsSecondary(source_options, data_dir, secondary_dir.string(), &raw);
  if (!s.ok()) return Status::Unavailable("cannot read " + data_dir + ": " + s.ToString());
  std::unique_ptr<rocksdb::DB> source(raw);
  s = source->TryCatchUpWithPrimary();
  if (!s.ok()) return Status::Unavailable("cannot catch up with " + data_dir + ": " + s.ToString());

  rocksdb::Options target_options;
  target_options.create_if_missing = true;
  target_options.error_if_exists = true;
  raw = nullptr;
  s = rocksdb::DB::Open(target_options, staging, &raw);
  if (!s.ok()) return Status::Unavailable("cannot create " + staging + ": " + s.ToString());
  std::unique_ptr<rocksdb::DB> target(raw);

  rocksdb::ReadOptions ro;
  ro.verify_checksums = true;
  ro.fill_cache = false;
  rocksdb::WriteOptions wo;
  wo.disableWAL = true;  // The copy is flushed (and synced) once at the end.
  rocksdb::WriteBatch batch;
  std::unique_ptr<rocksdb::Iterator> it(source->NewIterator(ro));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    s = batch.Put(it->key(), it->value());
    if (!s.ok()) return Status::Internal("cannot copy a key: " + s.ToString());
    ++*keys;
    if (batch.GetDataSize() >= kBatchBytes) {
      s = target->Write(wo, &batch);
      if (!s.ok()) return Status::Unavailable("cannot write " + staging + ": " + s.ToString());
      batch.Clear();
    }
  }
  if (!it->status().ok()) {
    return Status::Unavailable("cannot read " + data_dir + ": " + it->status().ToString());
  }
  it.reset();
  s = target->Write(wo, &batch);
  if (s.ok()) s = target->Flush(rocksdb::FlushOptions());
  if (s.ok()) s = target->Close();
  if (!s.ok()) return Status::Unavailable("cannot write " + staging + ": " + s.ToString());
  return Status::Ok();
}

Result<Json> FileList(const std::string& dir, const std::vector<std::string>& files) {
  Json list = Json::array();
  for (const std::string& rel : files) {
    Result<std::string> bytes = ReadFile(dir + "/" + rel);
    if (!bytes.ok()) return bytes.status();
    list.push_back(
        {{"path", rel}, {"bytes", bytes->size()}, {"sha256", crypto::Sha256Hex(*bytes)}});
  }
  return list;
}

// Builds a complete copy in a fresh `staging` folder; removes it on failure.
Status TakeCopy(const std::string& data_dir, const std::string& staging, BackupReport* report) {
  report->keys = 0;
  report->files.clear();
  Status s = CopyKeys(data_dir, staging, &report->keys);
  if (s.ok()) s = CopyTree(data_dir, staging, IsRocksDbFile, "", &report->files);
  if (s.ok()) s = VerifyStore(staging, report);
  return s;
}

Status Publish(const std::string& staging, const std::string& final_dir) {
  LIF_RETURN_IF_ERROR(SyncPath(staging));
  std::error_code ec;
  if (fs::exists(final_dir, ec)) fs::remove(final_dir, ec);  // Checked empty before.
  if (::rename(staging.c_str(), final_dir.c_str()) != 0) {
    return Status::Unavailable(Errno("cannot rename " + staging + " to " + final_dir));
  }
  return SyncPath(Parent(final_dir));
}

}  // namespace

Json BackupReport::ToJson() const {
  return {{"head", HeadJson(head)}, {"signed_head_size", signed_head_size},
          {"keys", keys},           {"files", files},
          {"attempts", attempts},   {"created_at", created_at}};
}

Result<BackupReport> BackupDataFolder(const std::string& data_dir, const std::string& to_dir) {
  if (data_dir.empty()) return Status::Invalid("--data DIR is required");
  if (to_dir.empty()) return Status::Invalid("--to DIR is required");
  std::error_code ec;
  if (!fs::exists(fs::path(data_dir) / "CURRENT", ec)) {
    return Status::NotFound(data_dir + " is not a lif data folder (no RocksDB CURRENT file)");
  }
  if (Inside(to_dir, data_dir)) {
    return Status::Invalid("the backup folder must be outside the data folder");
  }
  LIF_RETURN_IF_ERROR(CheckEmptyTarget(to_dir, "the backup folder"));

  BackupReport report;
  report.created_at = NowUtc();
  Status last = Status::Ok();
  std::string staging;
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    report.attempts = attempt;
    staging = fs::path(to_dir).lexically_normal().string();
    if (!staging.empty() && staging.back() == '/') staging.pop_back();
    staging += ".partial-" + crypto::RandomHex(4);
    last = MakeDirectory(staging, 0700);
    if (last.ok()) last = TakeCopy(data_dir, staging, &report);
    if (last.ok()) break;
    fs::remove_all(staging, ec);
    staging.clear();
    // Kept apart only so that the primary can finish what raced with the copy.
    std::this_thread::sleep_for(std::chrono::milliseconds(100 * attempt));
  }
  if (!last.ok()) {
    const std::string why =
        "backup failed after " + std::to_string(kMaxAttempts) + " attempts: " + last.message();
    return store::IsDataDamaged(last) ? store::DataDamaged(why) : Status(last.code(), why);
  }
  Result<Json> files = FileList(staging, report.files);
  Status s = files.status();
  if (s.ok()) {
    Json manifest = {{"format", "lif-backup"},
                     {"version", 1},
                     {"source", fs::absolute(data_dir).lexically_normal().string()},
                     {"created_at", report.created_at},
                     {"head", HeadJson(report.head)},
                     {"signed_head_size", report.signed_head_size},
                     {"keys", report.keys},
                     {"files", *files}};
    s = WriteNewFile(staging + "/" + kManifestFileName, manifest.dump(2) + "\n", 0600);
  }
  if (s.ok()) s = Publish(staging, to_dir);
  if (!s.ok()) {
    fs::remove_all(staging, ec);
    return s;
  }
  return report;
}

Result<BackupReport> RestoreDataFolder(const std::string& backup_dir, const std::string& data_dir) {
  if (backup_dir.empty()) return Status::Invalid("--from DIR is required");
  if (data_dir.empty()) return Status::Invalid("--data DIR is required");
  Result<std::string> manifest_text = ReadFile(backup_dir + "/" + kManifestFileName);
  if (!manifest_text.ok()) {
    return Status::NotFound(backup_dir + " is not a lif backup (no " + kManifestFileName + ")");
  }
  Json manifest = Json::parse(*manifest_text, nullptr, false);
  if (manifest.is_discarded() || manifest.value("format", "") != "lif-backup" ||
      !manifest.contains("head") || !manifest["head"].is_object()) {
    return store::DataDamaged(backup_dir + "/" + kManifestFileName +
                              " is damaged or not a lif backup manifest");
  }
  if (Inside(data_dir, backup_dir) || Inside(backup_dir, data_dir)) {
    return Status::Invalid("the data folder and the backup folder must be apart");
  }
  LIF_RETURN_IF_ERROR(CheckEmptyTarget(data_dir, "the data folder"));

  std::string staging = fs::path(data_dir).lexically_normal().string();
  if (!staging.empty() && staging.back() == '/') staging.pop_back();
  staging += ".restoring-" + crypto::RandomHex(4);
  LIF_RETURN_IF_ERROR(MakeDirectory(staging, 0700));
  BackupReport report;
  report.attempts = 1;
  report.created_at = manifest.value("created_at", "");
  std::vector<std::string> copied;
  Status s = CopyTree(backup_dir, staging, IsNotRestored, "", &copied);
  // The files beside RocksDB must be the ones the backup recorded.
  if (s.ok() && manifest.contains("files") && manifest["files"].is_array()) {
    for (const Json& f : manifest["files"]) {
      const std::string rel = f.value("path", "");
      Result<std::string> bytes = ReadFile(staging + "/" + rel);
      if (!bytes.ok() || crypto::Sha256Hex(*bytes) != f.value("sha256", "")) {
        s = store::DataDamaged("the backup's " + rel + " is missing or differs from its manifest");
        break;
      }
      report.files.push_back(rel);
    }
  }
  if (s.ok()) {
    s = VerifyStore(staging, &report);
    // The store was just copied from the backup: one that does not open or
    // read (a missing, truncated or altered table file) is a damaged backup.
    if (!s.ok() && !store::IsDataDamaged(s) && s.code() != StatusCode::kInvalid) {
      s = store::DataDamaged("the backup in " + backup_dir + " is damaged: " + s.message());
    }
  }
  if (s.ok()) {
    const Json& head = manifest["head"];
    if (report.head.position != head.value("position", int64_t{-1}) ||
        report.head.hash != head.value("hash", "")) {
      s = store::DataDamaged("the restored head (" + std::to_string(report.head.position) + " " +
                             report.head.hash + ") is not the backup's recorded head (" +
                             head.dump() + ")");
    }
  }
  if (s.ok()) report.keys = manifest.value("keys", uint64_t{0});
  if (s.ok()) s = Publish(staging, data_dir);
  if (!s.ok()) {
    std::error_code ec;
    fs::remove_all(staging, ec);
    return s;
  }
  return report;
}

}  // namespace lif::backup
