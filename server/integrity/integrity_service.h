// IntegrityService: the server's Merkle tree over the log, its Ed25519 key and
// signed tree heads (docs/integrity.md).
//
// The tree is rebuilt from the log at start (one leaf hash per event) and kept
// current from the log's commit listener. The listener only queues each
// committed group (the log's syncer thread must not hash for the tree); the
// service's thread ("lif-integrity") adds the queued events once a few hundred
// are waiting, and every reader adds whatever is queued first, so each answer
// covers every event acknowledged before it. The signing key is `signing-key.pem`
// in the data folder, made at first start. Every head the service signs is
// also kept as metadata ("M/signed_head", the latest one), so that
// `lif verify` can check the stored log against the last published root.
//
// Thread-safety: all methods may be called concurrently (one mutex guards the
// tree, another the queue). Lifetime: must be destroyed before the log it
// listens to.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/integrity/merkle.h"
#include "core/integrity/signed_head.h"
#include "server/crypto/openssl_crypto.h"
#include "server/store/rocks_log.h"

namespace lif::server {

class IntegrityService {
 public:
  // `origin` names this log in checkpoints, e.g. "lif.local/hartlepool-board".
  static Result<std::unique_ptr<IntegrityService>> Start(store::RocksLog* log,
                                                         const std::string& data_dir,
                                                         std::string origin);

  // Signs the current tree head (size, root, now) and remembers it.
  Result<SignedTreeHead> SignHead();
  // The same head as a C2SP signed-note checkpoint.
  Result<std::string> SignCheckpoint();
  // {"ed25519_public_key" (base64), "public_key_pem", "note_verifier_key", "origin"}.
  Result<Json> Keys() const;

  Result<InclusionProof> ProveInclusion(int64_t position, int64_t tree_size) const;
  Result<ConsistencyProof> ProveConsistency(int64_t first, int64_t second) const;

  int64_t size() const;
  const std::string& origin() const { return origin_; }
  const std::string& public_key() const { return key_.public_key(); }

  ~IntegrityService();

 private:
  // The service's thread adds the queue to the tree once this many events wait.
  static constexpr size_t kAddAt = 256;

  IntegrityService(store::RocksLog* log, crypto::Ed25519PrivateKey key, std::string origin);
  // The log's commit listener (its syncer thread): queues the group.
  void OnCommit(const store::CommittedGroup& group);
  // Adds the queued events to the tree, in order, skipping those it holds
  // (added by the start-up catch-up). Called with mu_ held.
  void AddQueuedLocked() const;
  void AddLoop();

  store::RocksLog* log_;
  crypto::Ed25519PrivateKey key_;
  std::string origin_;
  Sha256Fn sha256_;
  mutable std::mutex mu_;
  // Guarded by mu_. Mutable: readers add the queued events before they read.
  mutable MerkleTree tree_;

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

// Checks the stored log against its Merkle tree: rebuilds the tree from every
// stored event and compares the root at the last signed head's size with the
// signed root (and the head's signature). Returns the position of the first
// event where they disagree, 0 when they agree or no head was ever signed.
struct TreeCheck {
  bool ok = true;
  int64_t signed_size = 0;
  std::string reason;
};
Result<TreeCheck> CheckTreeAgainstSignedHead(const store::RocksLog& log,
                                             const std::string& data_dir);

}  // namespace lif::server
