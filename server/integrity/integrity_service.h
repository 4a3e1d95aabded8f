// IntegrityService: the server's Merkle tree over the log, its Ed25519 key and
// signed tree heads (docs/integrity.md).
//
// The tree is rebuilt from the log at start (one leaf hash per event) and kept
// current from the log's commit listener. The listener only queues each
// committed group (the log's syncer thread must not hash for the tree); the
// service's thread ("lif-integrity") adds the queued events once a few hundred
// are waiting, and every reader adds whatever is queued first, so each answer
// covers every event acknowledged before it. The signing key is `signing-key.pem`
// in the data folder, made at first start.
//
// The board's key never signs two roots for one size, nor a chain that does
// not verify, nor a tree that does not extend the last head it signed
// (docs/integrity.md, "The last signed head and a damaged data folder"). At
// start the service reads every stored event once, checking each event's
// bytes, every chain link and the recorded head while it builds the tree, and
// checks that the tree extends the last signed head (head_record.h: kept in
// the data folder and, optionally, in a file outside it). Each new event added
// to the tree must link to the one before it, and before each signature the
// tree must still extend the last signed head; the new head is recorded before
// it is handed out. When any check fails the service is *damaged*: damage()
// names the position and why, and SignHead/SignCheckpoint answer a data-damaged status
// (server/store/damage.h) from then on (the API refuses appends and reads too, see api_server.cc).
//
// Thread-safety: all methods may be called concurrently (one mutex guards the
// tree, another the queue). Lifetime: must be destroyed before the log it
// listens to.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/integrity/key_fingerprint.h"
#include "core/integrity/merkle.h"
#include "core/integrity/signed_head.h"
#include "server/crypto/openssl_crypto.h"
#include "server/integrity/head_record.h"
#include "server/store/rocks_log.h"

namespace lif::server {

struct IntegrityOptions {
  // A copy of the last signed head kept outside the data folder (`lif serve
  // --head-record FILE`); empty: only the copy inside it.
  std::string head_record_file;
};

class IntegrityService {
 public:
  // `origin` names this log in checkpoints, e.g. "lif.local/hartlepool-board".
  // Fails only when the log or the key cannot be read; a damaged or altered
  // log gives a service whose damage() is set (and which signs nothing).
  static Result<std::unique_ptr<IntegrityService>> Start(store::RocksLog* log,
                                                         const std::string& data_dir,
                                                         std::string origin,
                                                         IntegrityOptions options = {});

  // Signs the current tree head (size, root, now) after checking that it
  // extends the last signed head, and records it before returning it.
  // A data-damaged status (server/store/damage.h) when the service is damaged.
  Result<SignedTreeHead> SignHead();
  // The same head as a C2SP signed-note checkpoint.
  Result<std::string> SignCheckpoint();
  // {"algorithm", "ed25519_public_key" (base64), "fingerprint" (SHA-256 of
  // the raw key, 64 hex), "fingerprint_short", "public_key_pem",
  // "note_verifier_key", "note_key_id" (8 hex) with "note_key_id_warning",
  // "origin"} (docs/api.md, GET /v1/keys).
  Result<Json> Keys() const;
  // The key's fingerprint (core/integrity/key_fingerprint.h).
  KeyFingerprint fingerprint() const;

  Result<InclusionProof> ProveInclusion(int64_t position, int64_t tree_size) const;
  Result<ConsistencyProof> ProveConsistency(int64_t first, int64_t second) const;

  int64_t size() const;
  // What the checks found wrong, or nullopt while the log checks out.
  std::optional<DataDamage> damage() const;
  // Records damage found elsewhere (e.g. by GET /v1/verify); the first one
  // found is kept. Prints one line on stderr.
  void MarkDamaged(DataDamage damage) const;
  // How long the start-up check (reading and checking every event) took.
  std::chrono::milliseconds start_check_time() const { return start_check_time_; }
  const std::string& origin() const { return origin_; }
  const std::string& public_key() const { return key_.public_key(); }

  ~IntegrityService();

 private:
  // The service's thread adds the queue to the tree once this many events wait.
  static constexpr size_t kAddAt = 256;

  IntegrityService(store::RocksLog* log, crypto::Ed25519PrivateKey key, std::string origin,
                   IntegrityOptions options);
  // The start-up check: builds the tree from every stored event, checking
  // bytes and links, then checks it against the recorded heads. Sets damage_
  // rather than failing for what the data shows; fails for storage errors.
  Status CheckAndBuildTree();
  // The log's commit listener (its syncer thread): queues the group.
  void OnCommit(const store::CommittedGroup& group);
  // Adds the queued events to the tree, in order, skipping those it holds
  // (added by the start-up catch-up). Called with mu_ held.
  void AddQueuedLocked() const;
  void AddLoop();

  store::RocksLog* log_;
  crypto::Ed25519PrivateKey key_;
  std::string origin_;
  IntegrityOptions options_;
  Sha256Fn sha256_;
  std::chrono::milliseconds start_check_time_{0};
  mutable std::mutex mu_;
  // Guarded by mu_. Mutable: readers add the queued events before they read.
  mutable MerkleTree tree_;
  // Guarded by mu_: the hash of the tree's last event (what the next must link to).
  mutable std::string last_hash_;

  // Held for a whole SignHead, so that heads are checked, signed and
  // recorded one at a time. Taken before mu_.
  std::mutex sign_mu_;
  SignedTreeHead last_signed_;  // Guarded by sign_mu_; size 0: none yet.

  mutable std::mutex damage_mu_;  // Taken last, after any other.
  // Guarded by damage_mu_. Mutable: the tree's readers may find damage.
  mutable std::optional<DataDamage> damage_;

  mutable std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  mutable std::vector<store::CommittedGroup> queue_;  // Guarded by queue_mu_.
  mutable size_t queued_events_ = 0;                  // Guarded by queue_mu_.
  bool stopping_ = false;                             // Guarded by queue_mu_.
  std::thread add_thread_;

  // The log's calls that queue groups. Declared last: destroyed first, so no
  // call runs while the members above are destroyed (the destructor stops
  // the thread first).
  store::CommitSubscription subscription_;
};

// Checks the stored log against its Merkle tree (for `lif verify` and
// backups): rebuilds the tree from every stored event and checks that it
// extends each recorded last signed head (head_record.h; `head_record_file`
// may be empty), whose signature must verify under the folder's key.
// `signed_size` is the largest recorded head's size (0: none was ever signed).
struct TreeCheck {
  bool ok = true;
  int64_t signed_size = 0;
  int64_t position = 0;  // When !ok: as DataDamage::position.
  std::string reason;
};
Result<TreeCheck> CheckTreeAgainstSignedHead(const store::RocksLog& log,
                                             const std::string& data_dir,
                                             const std::string& head_record_file = "");

}  // namespace lif::server
