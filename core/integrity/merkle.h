// The Merkle tree over the event log, in the style of RFC 6962 section 2.1 and
// RFC 9162 section 2.1 (specified for outsiders in docs/integrity.md).
//
//   leaf hash  = SHA-256(0x00 || leaf bytes)      leaf bytes = Event::canonical
//   node hash  = SHA-256(0x01 || left || right)
//   empty tree = SHA-256("")
//
// Leaf i (0-based) of the tree is the event at log position i + 1, so the tree
// of size n covers log positions 1..n.
//
// This file offers:
//  - MerkleTree, an append-only in-memory tree that computes the root of any
//    prefix (RFC 6962 "MTH"), inclusion proofs ("PATH") and consistency proofs
//    ("PROOF") for any sizes up to its current size;
//  - VerifyInclusion and VerifyConsistency, the iterative verification
//    algorithms of RFC 9162 sections 2.1.3.2 and 2.1.4.2, which check every
//    link: the exact proof length, no missing or leftover node, index < size,
//    and the equal-size and empty-tree cases;
//  - the JSON forms of both proofs.
//
// SHA-256 is injected (core/digest.h); nothing here touches a crypto library.
// No function throws; errors are lif::Status values.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/digest.h"
#include "core/event.h"
#include "core/json.h"
#include "core/status.h"

namespace lif {

class EventLog;

// SHA-256(0x00 || leaf_bytes).
Hash32 HashMerkleLeaf(const Sha256Fn& sha256, std::string_view leaf_bytes);
// SHA-256(0x01 || left || right).
Hash32 HashMerkleChildren(const Sha256Fn& sha256, const Hash32& left, const Hash32& right);
// The root of the empty tree: SHA-256 of no bytes.
Hash32 EmptyMerkleRoot(const Sha256Fn& sha256);

// An inclusion proof: `audit_path` proves that leaf `leaf_index` (0-based,
// i.e. log position - 1) is in the tree of size `tree_size`. JSON form:
//   {"leaf_index": 4, "tree_size": 9, "audit_path": ["<64 hex>", ...]}
struct InclusionProof {
  uint64_t leaf_index = 0;
  uint64_t tree_size = 0;
  std::vector<Hash32> audit_path;  // Bottom-up, as RFC 6962 PATH returns it.
};

// A consistency proof: `consistency_path` proves that the tree of size `first`
// is a prefix of the tree of size `second`. JSON form:
//   {"first": 3, "second": 9, "consistency_path": ["<64 hex>", ...]}
struct ConsistencyProof {
  uint64_t first = 0;
  uint64_t second = 0;
  std::vector<Hash32> consistency_path;  // As RFC 6962 PROOF returns it.
};

Json InclusionProofToJson(const InclusionProof& proof);
// Fails with kInvalid (path naming the field) on a missing or extra field, a
// negative or non-integer number, or a hash that is not 64 lowercase hex digits.
Result<InclusionProof> InclusionProofFromJson(const Json& json);
Json ConsistencyProofToJson(const ConsistencyProof& proof);
Result<ConsistencyProof> ConsistencyProofFromJson(const Json& json);

// Checks that `leaf_hash` is leaf `leaf_index` of the tree of size `tree_size`
// whose root is `root` (RFC 9162 section 2.1.3.2). Returns kInvalid with a
// reason when anything is off: index >= size, a path that is too short or too
// long, or a root that does not match.
Status VerifyInclusion(const Sha256Fn& sha256, uint64_t leaf_index, uint64_t tree_size,
                       const Hash32& leaf_hash, const std::vector<Hash32>& audit_path,
                       const Hash32& root);

// Checks that the tree of size `first` with root `first_root` is a prefix of
// the tree of size `second` with root `second_root` (RFC 9162 section
// 2.1.4.2). Equal sizes need an empty proof and equal roots; the empty tree
// (first == 0) is a prefix of every tree and needs an empty proof. Returns
// kInvalid with a reason otherwise (first > second, wrong proof length, a
// reconstructed root that differs).
Status VerifyConsistency(const Sha256Fn& sha256, uint64_t first, uint64_t second,
                         const Hash32& first_root, const Hash32& second_root,
                         const std::vector<Hash32>& consistency_path);

// An append-only Merkle tree kept in memory, level by level.
//
// Storage: level 0 holds every leaf hash; level k holds the hash of every
// complete, aligned subtree of 2^k leaves (leaves [j*2^k, (j+1)*2^k)) that
// exists so far. Appending a leaf costs one leaf hash plus, amortised, one
// node hash. The hash of any range that the RFC 6962 recursion visits is
// then assembled from O(log n) stored nodes, so Root(n) costs O(log n) hash
// operations and each proof O(log^2 n) in the worst case (at n = 1 million,
// a few hundred SHA-256 calls), instead of rehashing the log.
//
// Memory: about 2n hashes of 32 bytes, i.e. ~64 MB per million events (plus
// vector slack of up to 2x while a level grows). The event bytes themselves
// are not kept.
//
// Thread-safety: not synchronised. Const methods may run concurrently with
// each other, but not with Append*; the owner serialises appends (e.g. under
// the same lock as the log's append) or guards the tree with a shared mutex.
class MerkleTree {
 public:
  explicit MerkleTree(Sha256Fn sha256);

  // Number of leaves.
  uint64_t size() const { return static_cast<uint64_t>(levels_.empty() ? 0 : levels_[0].size()); }

  // Appends one leaf given its bytes (hashed with the 0x00 prefix).
  void AppendLeaf(std::string_view leaf_bytes);
  // Appends one leaf given its leaf hash (e.g. re-read from storage).
  void AppendLeafHash(const Hash32& leaf_hash);
  // Appends the event as the next leaf; fails with kInternal when the event's
  // position is not size() + 1 (a gap or a repeat) or its canonical bytes are
  // empty (an unsealed event).
  Status AppendEvent(const Event& event);
  // Appends every event of `log` after the current size, in order. Fails when
  // the log cannot be read or has a gap; the tree then holds the events read
  // before the failure.
  Status CatchUp(const EventLog& log);

  // The leaf hash at `leaf_index` (< size()).
  Result<Hash32> LeafHash(uint64_t leaf_index) const;

  // MTH of the first `tree_size` leaves (tree_size <= size(); 0 gives the
  // empty root). kInvalid when tree_size > size().
  Result<Hash32> Root(uint64_t tree_size) const;
  // MTH of all leaves.
  Hash32 Root() const;

  // PATH(leaf_index, D[0:tree_size]). kInvalid unless
  // leaf_index < tree_size <= size().
  Result<InclusionProof> ProveInclusion(uint64_t leaf_index, uint64_t tree_size) const;

  // PROOF(first, D[0:second]). kInvalid unless first <= second <= size().
  // first == second and first == 0 give an empty proof.
  Result<ConsistencyProof> ProveConsistency(uint64_t first, uint64_t second) const;

 private:
  // MTH(D[begin:end]) for 0 <= begin < end <= size().
  Hash32 RangeHash(uint64_t begin, uint64_t end) const;
  // Appends PATH(index - begin, D[begin:end]) to `out`.
  void AppendPath(uint64_t index, uint64_t begin, uint64_t end, std::vector<Hash32>* out) const;
  // Whether the verifier already knows the hash of the subtree that SUBPROOF
  // is called on (RFC 6962's boolean b: true only on the leftmost spine).
  enum class SubtreeKnown { kYes, kNo };
  // Appends SUBPROOF(first - begin, D[begin:end], known) to `out`.
  void AppendSubproof(uint64_t first, uint64_t begin, uint64_t end, SubtreeKnown known,
                      std::vector<Hash32>* out) const;

  Sha256Fn sha256_;
  // levels_[k][j]: hash of leaves [j * 2^k, (j + 1) * 2^k).
  std::vector<std::vector<Hash32>> levels_;
};

}  // namespace lif
