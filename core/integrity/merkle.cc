#include "core/integrity/merkle.h"

#include <string>
#include <utility>

#include "core/log/event_log.h"

namespace lif {

namespace {

// The largest power of two strictly less than n (n >= 2).
uint64_t SplitPoint(uint64_t n) {
  uint64_t k = 1;
  while (k < n - k) k <<= 1;
  return k;
}

bool IsPowerOfTwo(uint64_t n) { return n != 0 && (n & (n - 1)) == 0; }

int Log2(uint64_t power_of_two) {
  int level = 0;
  while (power_of_two > 1) {
    power_of_two >>= 1;
    ++level;
  }
  return level;
}

std::string_view AsBytes(const Hash32& h) {
  return std::string_view(reinterpret_cast<const char*>(h.data()), h.size());
}

Json HashesToJson(const std::vector<Hash32>& hashes) {
  Json out = Json::array();
  for (const Hash32& h : hashes) out.push_back(ToHex(h));
  return out;
}

Status CheckOnlyFields(const Json& json, std::initializer_list<const char*> fields) {
  if (!json.is_object()) return Status::Invalid("a proof must be a JSON object", "");
  for (const auto& item : json.items()) {
    bool known = false;
    for (const char* f : fields) known = known || item.key() == f;
    if (!known) return Status::Invalid("unknown field", "/" + JsonPointerEscape(item.key()));
  }
  for (const char* f : fields) {
    if (!json.contains(f)) return Status::Invalid("missing field", std::string("/") + f);
  }
  return Status::Ok();
}

Status ReadCount(const Json& json, const char* field, uint64_t* out) {
  const Json& v = json.at(field);
  // Parsed text gives unsigned numbers; a Json built in C++ may hold int64.
  if (!v.is_number_integer() || (!v.is_number_unsigned() && v.get<int64_t>() < 0)) {
    return Status::Invalid("must be a non-negative integer", std::string("/") + field);
  }
  *out = v.get<uint64_t>();
  return Status::Ok();
}

Status ReadHashes(const Json& json, const char* field, std::vector<Hash32>* out) {
  const Json& v = json.at(field);
  const std::string path = std::string("/") + field;
  if (!v.is_array()) return Status::Invalid("must be an array of hashes", path);
  // No valid proof over a 64-bit tree can be longer than 2 * 64 hashes.
  if (v.size() > 128) return Status::Invalid("too many hashes", path);
  out->clear();
  for (size_t i = 0; i < v.size(); ++i) {
    Hash32 h;
    if (!v[i].is_string() || !FromHex(v[i].get_ref<const std::string&>(), &h)) {
      return Status::Invalid("must be 64 lowercase hex digits", path + "/" + std::to_string(i));
    }
    out->push_back(h);
  }
  return Status::Ok();
}

}  // namespace

Hash32 HashMerkleLeaf(const Sha256Fn& sha256, std::string_view leaf_bytes) {
  std::string buf;
  buf.reserve(leaf_bytes.size() + 1);
  buf.push_back('\x00');
  buf.append(leaf_bytes);
  return sha256(buf);
}

Hash32 HashMerkleChildren(const Sha256Fn& sha256, const Hash32& left, const Hash32& right) {
  std::string buf;
  buf.reserve(65);
  buf.push_back('\x01');
  buf.append(AsBytes(left));
  buf.append(AsBytes(right));
  return sha256(buf);
}

Hash32 EmptyMerkleRoot(const Sha256Fn& sha256) { return sha256(std::string_view()); }

Json InclusionProofToJson(const InclusionProof& proof) {
  return Json{{"leaf_index", proof.leaf_index},
              {"tree_size", proof.tree_size},
              {"audit_path", HashesToJson(proof.audit_path)}};
}

Result<InclusionProof> InclusionProofFromJson(const Json& json) {
  LIF_RETURN_IF_ERROR(CheckOnlyFields(json, {"leaf_index", "tree_size", "audit_path"}));
  InclusionProof proof;
  LIF_RETURN_IF_ERROR(ReadCount(json, "leaf_index", &proof.leaf_index));
  LIF_RETURN_IF_ERROR(ReadCount(json, "tree_size", &proof.tree_size));
  LIF_RETURN_IF_ERROR(ReadHashes(json, "audit_path", &proof.audit_path));
  return proof;
}

Json ConsistencyProofToJson(const ConsistencyProof& proof) {
  return Json{{"first", proof.first},
              {"second", proof.second},
              {"consistency_path", HashesToJson(proof.consistency_path)}};
}

Result<ConsistencyProof> ConsistencyProofFromJson(const Json& json) {
  LIF_RETURN_IF_ERROR(CheckOnlyFields(json, {"first", "second", "consistency_path"}));
  ConsistencyProof proof;
  LIF_RETURN_IF_ERROR(ReadCount(json, "first", &proof.first));
  LIF_RETURN_IF_ERROR(ReadCount(json, "second", &proof.second));
  LIF_RETURN_IF_ERROR(ReadHashes(json, "consistency_path", &proof.consistency_path));
  return proof;
}

// RFC 9162 section 2.1.3.2, step by step.
Status VerifyInclusion(const Sha256Fn& sha256, uint64_t leaf_index, uint64_t tree_size,
                       const Hash32& leaf_hash, const std::vector<Hash32>& audit_path,
                       const Hash32& root) {
  // Step 1.
  if (leaf_index >= tree_size) {
    return Status::Invalid("inclusion proof: leaf_index must be less than tree_size");
  }
  // Steps 2 and 3.
  uint64_t fn = leaf_index;
  uint64_t sn = tree_size - 1;
  Hash32 r = leaf_hash;
  // Step 4.
  for (const Hash32& p : audit_path) {
    // 4a: a node beyond the root is a leftover.
    if (sn == 0) return Status::Invalid("inclusion proof: audit_path is too long");
    // 4b.
    if ((fn & 1) == 1 || fn == sn) {
      r = HashMerkleChildren(sha256, p, r);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = HashMerkleChildren(sha256, r, p);
    }
    // 4c.
    fn >>= 1;
    sn >>= 1;
  }
  // Step 5: the path must have reached the root exactly.
  if (sn != 0) return Status::Invalid("inclusion proof: audit_path is too short");
  if (r != root) return Status::Invalid("inclusion proof: the computed root does not match");
  return Status::Ok();
}

// RFC 9162 section 2.1.4.2, step by step, with the cases the RFC leaves to the
// caller (first == 0, first == second, first > second) decided explicitly.
Status VerifyConsistency(const Sha256Fn& sha256, uint64_t first, uint64_t second,
                         const Hash32& first_root, const Hash32& second_root,
                         const std::vector<Hash32>& consistency_path) {
  if (first > second) {
    return Status::Invalid("consistency proof: first must not be greater than second");
  }
  if (first == second) {
    if (!consistency_path.empty()) {
      return Status::Invalid("consistency proof: equal sizes need an empty consistency_path");
    }
    if (first_root != second_root) {
      return Status::Invalid("consistency proof: equal sizes with different roots");
    }
    return Status::Ok();
  }
  if (first == 0) {
    // The empty tree is a prefix of every tree; there is nothing to prove.
    if (!consistency_path.empty()) {
      return Status::Invalid("consistency proof: an empty first tree needs an empty path");
    }
    return Status::Ok();
  }
  // Step 1.
  if (consistency_path.empty()) {
    return Status::Invalid("consistency proof: consistency_path is empty");
  }
  // Step 2.
  std::vector<Hash32> path;
  path.reserve(consistency_path.size() + 1);
  if (IsPowerOfTwo(first)) path.push_back(first_root);
  path.insert(path.end(), consistency_path.begin(), consistency_path.end());
  // Step 3.
  uint64_t fn = first - 1;
  uint64_t sn = second - 1;
  // Step 4.
  while ((fn & 1) == 1) {
    fn >>= 1;
    sn >>= 1;
  }
  // Step 5.
  Hash32 fr = path[0];
  Hash32 sr = path[0];
  // Step 6.
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash32& c = path[i];
    // 6a: a node beyond the root is a leftover.
    if (sn == 0) return Status::Invalid("consistency proof: consistency_path is too long");
    // 6b.
    if ((fn & 1) == 1 || fn == sn) {
      fr = HashMerkleChildren(sha256, c, fr);
      sr = HashMerkleChildren(sha256, c, sr);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = HashMerkleChildren(sha256, sr, c);
    }
    // 6c.
    fn >>= 1;
    sn >>= 1;
  }
  // Step 7.
  if (sn != 0) return Status::Invalid("consistency proof: consistency_path is too short");
  if (fr != first_root) {
    return Status::Invalid("consistency proof: the computed first root does not match");
  }
  if (sr != second_root) {
    return Status::Invalid("consistency proof: the computed second root does not match");
  }
  return Status::Ok();
}

MerkleTree::MerkleTree(Sha256Fn sha256) : sha256_(std::move(sha256)) {}

void MerkleTree::AppendLeaf(std::string_view leaf_bytes) {
  AppendLeafHash(HashMerkleLeaf(sha256_, leaf_bytes));
}

void MerkleTree::AppendLeafHash(const Hash32& leaf_hash) {
  if (levels_.empty()) levels_.emplace_back();
  levels_[0].push_back(leaf_hash);
  // Every time a level gains an even count, a new complete subtree one level
  // up is finished.
  for (size_t level = 0; levels_[level].size() % 2 == 0; ++level) {
    const std::vector<Hash32>& below = levels_[level];
    Hash32 parent = HashMerkleChildren(sha256_, below[below.size() - 2], below[below.size() - 1]);
    if (levels_.size() == level + 1) levels_.emplace_back();
    levels_[level + 1].push_back(parent);
  }
}

Status MerkleTree::AppendEvent(const Event& event) {
  if (event.position < 1 || static_cast<uint64_t>(event.position) != size() + 1) {
    return Status::Internal("merkle tree: expected the event at position " +
                            std::to_string(size() + 1) + " but got position " +
                            std::to_string(event.position));
  }
  if (event.canonical.empty()) {
    return Status::Internal("merkle tree: the event at position " + std::to_string(event.position) +
                            " has no canonical bytes");
  }
  AppendLeaf(event.canonical);
  return Status::Ok();
}

Status MerkleTree::CatchUp(const EventLog& log) {
  const int64_t head = log.Head().position;
  const int64_t after = static_cast<int64_t>(size());
  if (head < after) {
    return Status::Internal("merkle tree: the log (" + std::to_string(head) +
                            " events) is shorter than the tree (" + std::to_string(after) + ")");
  }
  Status appended;
  Status scanned = log.Scan(after, head, [&](const Event& event) {
    appended = AppendEvent(event);
    return appended.ok() ? IterationDecision::kContinue : IterationDecision::kBreak;
  });
  LIF_RETURN_IF_ERROR(appended);
  LIF_RETURN_IF_ERROR(scanned);
  if (size() != static_cast<uint64_t>(head)) {
    return Status::Internal("merkle tree: the log scan ended at " + std::to_string(size()) +
                            " events, before its head " + std::to_string(head));
  }
  return Status::Ok();
}

Result<Hash32> MerkleTree::LeafHash(uint64_t leaf_index) const {
  if (leaf_index >= size()) {
    return Status::Invalid("leaf index " + std::to_string(leaf_index) + " is not below size " +
                           std::to_string(size()));
  }
  return levels_[0][leaf_index];
}

Result<Hash32> MerkleTree::Root(uint64_t tree_size) const {
  if (tree_size > size()) {
    return Status::Invalid("tree size " + std::to_string(tree_size) + " is larger than the log (" +
                           std::to_string(size()) + ")");
  }
  if (tree_size == 0) return EmptyMerkleRoot(sha256_);
  return RangeHash(0, tree_size);
}

Hash32 MerkleTree::Root() const {
  return size() == 0 ? EmptyMerkleRoot(sha256_) : RangeHash(0, size());
}

Hash32 MerkleTree::RangeHash(uint64_t begin, uint64_t end) const {
  const uint64_t n = end - begin;
  if (IsPowerOfTwo(n) && begin % n == 0) {
    const int level = Log2(n);
    return levels_[level][begin >> level];
  }
  // The RFC 6962 recursion only visits ranges whose left part is a stored,
  // aligned complete subtree, so this recurses down the right edge only.
  const uint64_t k = SplitPoint(n);
  return HashMerkleChildren(sha256_, RangeHash(begin, begin + k), RangeHash(begin + k, end));
}

Result<InclusionProof> MerkleTree::ProveInclusion(uint64_t leaf_index, uint64_t tree_size) const {
  if (tree_size > size()) {
    return Status::Invalid("tree size " + std::to_string(tree_size) + " is larger than the log (" +
                           std::to_string(size()) + ")");
  }
  if (leaf_index >= tree_size) {
    return Status::Invalid("leaf index " + std::to_string(leaf_index) +
                           " must be less than the tree size " + std::to_string(tree_size));
  }
  InclusionProof proof;
  proof.leaf_index = leaf_index;
  proof.tree_size = tree_size;
  AppendPath(leaf_index, 0, tree_size, &proof.audit_path);
  return proof;
}

// RFC 6962 section 2.1.1:
//   PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n])      for m < k
//   PATH(m, D[n]) = PATH(m - k, D[k:n]) : MTH(D[0:k])  for m >= k
void MerkleTree::AppendPath(uint64_t index, uint64_t begin, uint64_t end,
                            std::vector<Hash32>* out) const {
  const uint64_t n = end - begin;
  if (n <= 1) return;
  const uint64_t k = SplitPoint(n);
  if (index - begin < k) {
    AppendPath(index, begin, begin + k, out);
    out->push_back(RangeHash(begin + k, end));
  } else {
    AppendPath(index, begin + k, end, out);
    out->push_back(RangeHash(begin, begin + k));
  }
}

Result<ConsistencyProof> MerkleTree::ProveConsistency(uint64_t first, uint64_t second) const {
  if (second > size()) {
    return Status::Invalid("tree size " + std::to_string(second) + " is larger than the log (" +
                           std::to_string(size()) + ")");
  }
  if (first > second) {
    return Status::Invalid("first (" + std::to_string(first) +
                           ") must not be greater than second (" + std::to_string(second) + ")");
  }
  ConsistencyProof proof;
  proof.first = first;
  proof.second = second;
  if (first > 0 && first < second) {
    AppendSubproof(first, 0, second, SubtreeKnown::kYes, &proof.consistency_path);
  }
  return proof;
}

// RFC 6962 section 2.1.2:
//   SUBPROOF(m, D[m], true)  = {}
//   SUBPROOF(m, D[m], false) = {MTH(D[m])}
//   SUBPROOF(m, D[n], b) = SUBPROOF(m, D[0:k], b) : MTH(D[k:n])          for m <= k
//   SUBPROOF(m, D[n], b) = SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])  for m > k
void MerkleTree::AppendSubproof(uint64_t first, uint64_t begin, uint64_t end, SubtreeKnown known,
                                std::vector<Hash32>* out) const {
  const uint64_t m = first - begin;
  const uint64_t n = end - begin;
  if (m == n) {
    if (known == SubtreeKnown::kNo) out->push_back(RangeHash(begin, end));
    return;
  }
  const uint64_t k = SplitPoint(n);
  if (m <= k) {
    AppendSubproof(first, begin, begin + k, known, out);
    out->push_back(RangeHash(begin + k, end));
  } else {
    AppendSubproof(first, begin + k, end, SubtreeKnown::kNo, out);
    out->push_back(RangeHash(begin, begin + k));
  }
}

}  // namespace lif
