// The last signed tree head, kept durably so that every later start (and
// every later signature) can check that the log still extends it
// (docs/integrity.md, "The last signed head and a damaged data folder").
//
// Two copies are kept. One is always kept inside the data folder, as metadata
// "signed_head" in its RocksDB (what `lif verify` and `lif backup` read). The
// other, when `--head-record FILE` names one, is a small JSON file that the
// operator keeps outside the data folder (another volume, or a folder only the
// service account may write), so that whoever edits the data folder cannot
// silently make both agree with an altered log. A copy that is missing is
// skipped (a folder that never signed has none); a copy that is present but
// unreadable is damage.
//
// Thread-safety: free functions; the caller serialises writes of one record.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/integrity/merkle.h"
#include "core/integrity/signed_head.h"
#include "server/store/damage.h"
#include "server/store/rocks_log.h"

namespace lif::server {

// What a check of the data folder found wrong: the first position that does
// not check out (0 when the damage is not one event's, e.g. a rewritten
// history whose chain holds but whose root is not the signed one), and why.
struct DataDamage {
  int64_t position = 0;
  std::string reason;
  // {"code": "data_damaged", "position", "message"}.
  Json ToJson() const;
  // A data-damaged status (server/store/damage.h) naming the position.
  Status ToStatus() const;
};

// A signed head read back, and which copy it came from ("the data folder's
// metadata" or the record file's path), for messages.
struct RecordedHead {
  SignedTreeHead head;
  std::string where;
};

// Reads every copy that exists: the metadata, then `record_file` (when not
// empty). A copy that cannot be read as a signed head is data damage naming
// it; storage errors are returned as they are.
Result<std::vector<RecordedHead>> ReadRecordedHeads(const store::RocksLog& log,
                                                    const std::string& record_file);

// Writes `head` as the latest signed head: to `record_file` first (when not
// empty; a new file renamed over the old one, synced with its folder), then
// to the metadata (synced). Both are written before the head is handed out,
// so a signature that any caller saw is always recorded.
Status RecordSignedHead(store::RocksLog* log, const std::string& record_file,
                        const SignedTreeHead& head);

// Checks that `tree` (built from the stored log) extends every recorded head:
// each one's signature verifies under `public_key`, its size is at most the
// tree's, and the tree's root at its size is its root. Returns the first
// failure, or nullopt when every head is a prefix of the tree.
std::optional<DataDamage> CheckTreeExtends(const MerkleTree& tree,
                                           const std::vector<RecordedHead>& heads,
                                           const std::string& public_key);

// The largest of `heads` (the last one signed); an empty head of size 0 when
// there is none.
SignedTreeHead LatestHead(const std::vector<RecordedHead>& heads);

}  // namespace lif::server
