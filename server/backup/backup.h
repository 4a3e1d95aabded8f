// Backup and restore of a data folder (docs/storage.md#backups), online or offline.
//
// A backup is a new folder that is itself a complete, closed lif data folder
// (a fresh RocksDB holding a consistent copy of every key, plus every file
// lif keeps beside RocksDB: signing-key.pem, pseudonym-key, subject-keys/...)
// and a manifest, `backup.json`, recording the head it holds.
//
// BackupDataFolder never opens the source as its owner: it opens it as a
// RocksDB *secondary* instance (DB::OpenAsSecondary + TryCatchUpWithPrimary),
// which needs no LOCK, so it works while `lif serve` owns the folder and on a
// stopped one alike, and it never writes to the source. It reads one
// consistent view of the secondary (every lif write is one atomic WriteBatch,
// so the view is a prefix of the log with its matching head, stream versions,
// idempotency records and metadata), copies it key by key into the new
// RocksDB, then checks the copy as `lif verify` does (stored bytes, chain,
// head, Merkle tree against the latest signed head). A copy that does not
// check out (the primary may delete a file the secondary was about to read)
// is thrown away and taken again, a few times, before giving up. The folder
// appears under its final name only when complete (it is built beside it and
// renamed).
//
// RestoreDataFolder copies a backup into a new or empty data folder, checks the
// restored store against the manifest's head and verifies it, again building
// beside the target and renaming at the end. It refuses a non-empty target.
//
// Thread-safety: free functions with no shared state. Errors: kInvalid for
// bad paths or a non-empty target, kNotFound for a missing source,
// data damage (server/store/damage.h) for a copy that does not verify and for a backup that is
// damaged (a table file missing, truncated or altered, a file beside RocksDB
// that differs from the manifest), kUnavailable for storage errors.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/log/append.h"
#include "core/status.h"

namespace lif::backup {

inline constexpr char kManifestFileName[] = "backup.json";

struct BackupReport {
  LogHead head;                    // The last event the copy holds.
  int64_t signed_head_size = 0;    // Size of the latest signed tree head in it (0: none).
  uint64_t keys = 0;               // RocksDB keys copied.
  std::vector<std::string> files;  // Files beside RocksDB, relative to the folder.
  int attempts = 0;                // Copies taken (more than 1 after a retry).
  std::string created_at;          // When the copy was taken (UTC).
  Json ToJson() const;
};

// Copies the data folder `data_dir` into `to_dir`, which must not exist or be
// an empty folder, and must not lie inside `data_dir`.
Result<BackupReport> BackupDataFolder(const std::string& data_dir, const std::string& to_dir);

// Restores the backup in `backup_dir` into `data_dir`, which must not exist or
// be an empty folder. The report describes the restored store.
Result<BackupReport> RestoreDataFolder(const std::string& backup_dir, const std::string& data_dir);

}  // namespace lif::backup
