// Tests of the RFC 6962 / 9162 Merkle tree: published known-answer vectors, a
// cross-check against a direct recursive reference for every size up to 64,
// and rejection of every mutated, truncated or extended proof.
#include "core/integrity/merkle.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/log/memory_log.h"
#include "tests/support/test_digest.h"

namespace lif {
namespace {

Hash32 H(const std::string& hex) {
  Hash32 h{};
  EXPECT_TRUE(FromHex(hex, &h)) << hex;
  return h;
}

std::string Bytes(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

// The leaf inputs of the certificate-transparency / transparency-dev test
// vectors (transparency-dev/merkle testonly/constants.go).
std::vector<std::string> VectorLeaves() {
  return {Bytes(""),
          Bytes("00"),
          Bytes("10"),
          Bytes("2021"),
          Bytes("3031"),
          Bytes("40414243"),
          Bytes("5051525354555657"),
          Bytes("606162636465666768696a6b6c6d6e6f")};
}

// --- A straightforward recursive reference, written from RFC 6962 2.1. ---

size_t RefSplit(size_t n) {
  size_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

Hash32 RefMth(const Sha256Fn& sha, const std::vector<std::string>& d, size_t b, size_t e) {
  if (e - b == 0) return sha("");
  if (e - b == 1) return sha(std::string(1, '\0') + d[b]);
  const size_t k = RefSplit(e - b);
  Hash32 l = RefMth(sha, d, b, b + k), r = RefMth(sha, d, b + k, e);
  std::string buf(1, '\1');
  buf.append(reinterpret_cast<const char*>(l.data()), 32);
  buf.append(reinterpret_cast<const char*>(r.data()), 32);
  return sha(buf);
}

std::vector<Hash32> RefPath(const Sha256Fn& sha, const std::vector<std::string>& d, size_t m,
                            size_t b, size_t e) {
  if (e - b <= 1) return {};
  const size_t k = RefSplit(e - b);
  std::vector<Hash32> out;
  if (m < k) {
    out = RefPath(sha, d, m, b, b + k);
    out.push_back(RefMth(sha, d, b + k, e));
  } else {
    out = RefPath(sha, d, m - k, b + k, e);
    out.push_back(RefMth(sha, d, b, b + k));
  }
  return out;
}

std::vector<Hash32> RefSubproof(const Sha256Fn& sha, const std::vector<std::string>& d, size_t m,
                                size_t b, size_t e, bool known) {
  const size_t n = e - b;
  if (m == n) {
    if (known) return {};
    return {RefMth(sha, d, b, e)};
  }
  const size_t k = RefSplit(n);
  std::vector<Hash32> out;
  if (m <= k) {
    out = RefSubproof(sha, d, m, b, b + k, known);
    out.push_back(RefMth(sha, d, b + k, e));
  } else {
    out = RefSubproof(sha, d, m - k, b + k, e, false);
    out.push_back(RefMth(sha, d, b, b + k));
  }
  return out;
}

MerkleTree TreeOf(const std::vector<std::string>& leaves) {
  MerkleTree tree(testing::TestSha256());
  for (const std::string& leaf : leaves) tree.AppendLeaf(leaf);
  return tree;
}

std::vector<std::string> NumberedLeaves(size_t n) {
  std::vector<std::string> leaves;
  for (size_t i = 0; i < n; ++i) leaves.push_back("leaf " + std::to_string(i));
  return leaves;
}

// --- Known-answer vectors. ---

TEST(MerkleHashTest, LeafAndNodeHashesUseDomainPrefixes) {
  const Sha256Fn sha = testing::TestSha256();
  // SHA-256 of the single byte 0x00 (the empty leaf).
  EXPECT_EQ(ToHex(HashMerkleLeaf(sha, "")),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  EXPECT_EQ(ToHex(EmptyMerkleRoot(sha)),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(ToHex(HashMerkleChildren(
                sha, H("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
                H("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"))),
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
}

TEST(MerkleTreeTest, RootsMatchPublishedVectors) {
  const std::vector<std::string> roots = {
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
  };
  MerkleTree incremental(testing::TestSha256());
  EXPECT_EQ(ToHex(incremental.Root()), roots[0]);
  const std::vector<std::string> leaves = VectorLeaves();
  for (size_t n = 1; n <= leaves.size(); ++n) {
    incremental.AppendLeaf(leaves[n - 1]);
    EXPECT_EQ(ToHex(incremental.Root()), roots[n]) << "size " << n;
  }
  // Every prefix root is still available from the full tree.
  for (size_t n = 0; n <= leaves.size(); ++n) {
    Result<Hash32> root = incremental.Root(n);
    ASSERT_TRUE(root.ok());
    EXPECT_EQ(ToHex(*root), roots[n]) << "prefix " << n;
  }
  EXPECT_EQ(ToHex(*incremental.LeafHash(7)),
            "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1");
  EXPECT_FALSE(incremental.Root(9).ok());
  EXPECT_FALSE(incremental.LeafHash(8).ok());
}

TEST(MerkleTreeTest, InclusionProofsMatchPublishedVectors) {
  const MerkleTree tree = TreeOf(VectorLeaves());
  struct Case {
    uint64_t index, size;
    std::vector<std::string> path;
  };
  const std::vector<Case> cases = {
      {0, 1, {}},
      {0, 2, {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"}},
      {1, 2, {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"}},
      {2, 3, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
      {1,
       5,
       {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
      {0,
       8,
       {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
      {5,
       8,
       {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
  };
  for (const Case& c : cases) {
    Result<InclusionProof> proof = tree.ProveInclusion(c.index, c.size);
    ASSERT_TRUE(proof.ok());
    std::vector<std::string> got;
    for (const Hash32& h : proof->audit_path) got.push_back(ToHex(h));
    EXPECT_EQ(got, c.path) << c.index << " in " << c.size;
    EXPECT_TRUE(VerifyInclusion(testing::TestSha256(), c.index, c.size, *tree.LeafHash(c.index),
                                proof->audit_path, *tree.Root(c.size))
                    .ok());
  }
}

TEST(MerkleTreeTest, ConsistencyProofsMatchPublishedVectors) {
  const MerkleTree tree = TreeOf(VectorLeaves());
  struct Case {
    uint64_t first, second;
    std::vector<std::string> path;
  };
  const std::vector<Case> cases = {
      {1, 1, {}},
      {1,
       8,
       {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
      {2,
       5,
       {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
      {6,
       8,
       {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
  };
  for (const Case& c : cases) {
    Result<ConsistencyProof> proof = tree.ProveConsistency(c.first, c.second);
    ASSERT_TRUE(proof.ok());
    std::vector<std::string> got;
    for (const Hash32& h : proof->consistency_path) got.push_back(ToHex(h));
    EXPECT_EQ(got, c.path) << c.first << " to " << c.second;
    EXPECT_TRUE(VerifyConsistency(testing::TestSha256(), c.first, c.second, *tree.Root(c.first),
                                  *tree.Root(c.second), proof->consistency_path)
                    .ok());
  }
}

// --- Cross-check against the reference for every size and pair up to 64. ---

TEST(MerkleTreeTest, AgreesWithReferenceForAllSizesUpTo64) {
  const Sha256Fn sha = testing::TestSha256();
  const std::vector<std::string> leaves = NumberedLeaves(64);
  const MerkleTree tree = TreeOf(leaves);
  for (size_t n = 0; n <= 64; ++n) {
    const Hash32 root = RefMth(sha, leaves, 0, n);
    ASSERT_EQ(*tree.Root(n), root) << n;
    for (size_t m = 0; m < n; ++m) {
      Result<InclusionProof> inclusion = tree.ProveInclusion(m, n);
      ASSERT_TRUE(inclusion.ok());
      ASSERT_EQ(inclusion->audit_path, RefPath(sha, leaves, m, 0, n)) << m << " in " << n;
      ASSERT_TRUE(
          VerifyInclusion(sha, m, n, HashMerkleLeaf(sha, leaves[m]), inclusion->audit_path, root)
              .ok())
          << m << " in " << n;
    }
    for (size_t m = 0; m <= n; ++m) {
      Result<ConsistencyProof> consistency = tree.ProveConsistency(m, n);
      ASSERT_TRUE(consistency.ok());
      const std::vector<Hash32> expected =
          (m == 0 || m == n) ? std::vector<Hash32>{} : RefSubproof(sha, leaves, m, 0, n, true);
      ASSERT_EQ(consistency->consistency_path, expected) << m << " to " << n;
      ASSERT_TRUE(VerifyConsistency(sha, m, n, RefMth(sha, leaves, 0, m), root,
                                    consistency->consistency_path)
                      .ok())
          << m << " to " << n;
    }
  }
}

TEST(MerkleTreeTest, LargeTreeRootMatchesReference) {
  // 1000 leaves exercises many levels and partial right edges.
  const Sha256Fn sha = testing::TestSha256();
  const std::vector<std::string> leaves = NumberedLeaves(1000);
  const MerkleTree tree = TreeOf(leaves);
  for (size_t n : {127u, 128u, 129u, 999u, 1000u}) {
    EXPECT_EQ(*tree.Root(n), RefMth(sha, leaves, 0, n)) << n;
  }
  Result<InclusionProof> proof = tree.ProveInclusion(700, 1000);
  ASSERT_TRUE(proof.ok());
  EXPECT_EQ(proof->audit_path.size(), 10u);
  EXPECT_EQ(proof->audit_path, RefPath(sha, leaves, 700, 0, 1000));
}

// --- Every mutation is rejected. ---

std::vector<std::vector<Hash32>> MutationsOf(const std::vector<Hash32>& path, const Hash32& extra) {
  std::vector<std::vector<Hash32>> out;
  for (size_t i = 0; i < path.size(); ++i) {
    // A single-bit flip in each node, at a few bit positions.
    for (int bit : {0, 7, 100, 255}) {
      std::vector<Hash32> p = path;
      p[i][bit / 8] ^= static_cast<uint8_t>(1 << (bit % 8));
      out.push_back(p);
    }
    // The node replaced by another node.
    std::vector<Hash32> replaced = path;
    replaced[i] = extra;
    out.push_back(replaced);
    // The node removed.
    std::vector<Hash32> removed = path;
    removed.erase(removed.begin() + static_cast<long>(i));
    out.push_back(removed);
    // The node repeated.
    std::vector<Hash32> repeated = path;
    repeated.insert(repeated.begin() + static_cast<long>(i), path[i]);
    out.push_back(repeated);
  }
  // Swapped neighbours.
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    if (path[i] == path[i + 1]) continue;
    std::vector<Hash32> swapped = path;
    std::swap(swapped[i], swapped[i + 1]);
    out.push_back(swapped);
  }
  // Extended at either end.
  std::vector<Hash32> appended = path;
  appended.push_back(extra);
  out.push_back(appended);
  std::vector<Hash32> prepended = path;
  prepended.insert(prepended.begin(), extra);
  out.push_back(prepended);
  return out;
}

TEST(VerifyInclusionTest, RejectsEveryMutatedProof) {
  const Sha256Fn sha = testing::TestSha256();
  const std::vector<std::string> leaves = NumberedLeaves(33);
  const MerkleTree tree = TreeOf(leaves);
  const Hash32 extra = HashMerkleLeaf(sha, "not in the tree");
  int checked = 0;
  for (uint64_t n = 1; n <= 33; ++n) {
    const Hash32 root = *tree.Root(n);
    for (uint64_t m = 0; m < n; ++m) {
      const Hash32 leaf = *tree.LeafHash(m);
      const std::vector<Hash32> path = tree.ProveInclusion(m, n)->audit_path;
      ASSERT_TRUE(VerifyInclusion(sha, m, n, leaf, path, root).ok());
      for (const std::vector<Hash32>& bad : MutationsOf(path, extra)) {
        EXPECT_FALSE(VerifyInclusion(sha, m, n, leaf, bad, root).ok()) << m << " in " << n;
        ++checked;
      }
      // Another leaf, a flipped leaf or root, another index: all rejected.
      Hash32 flipped_leaf = leaf;
      flipped_leaf[31] ^= 1;
      EXPECT_FALSE(VerifyInclusion(sha, m, n, flipped_leaf, path, root).ok());
      Hash32 flipped_root = root;
      flipped_root[0] ^= 0x80;
      EXPECT_FALSE(VerifyInclusion(sha, m, n, leaf, path, flipped_root).ok());
      if (m + 1 < n) {
        EXPECT_FALSE(VerifyInclusion(sha, m + 1, n, leaf, path, root).ok());
      }
      if (m > 0) {
        EXPECT_FALSE(VerifyInclusion(sha, m - 1, n, leaf, path, root).ok());
      }
      // An index at or beyond the size is refused before anything is hashed.
      EXPECT_FALSE(VerifyInclusion(sha, n, n, leaf, path, root).ok());
      EXPECT_FALSE(VerifyInclusion(sha, m, m, leaf, path, root).ok());
    }
  }
  EXPECT_GT(checked, 3000);
}

TEST(VerifyInclusionTest, SingleLeafTreeNeedsAnEmptyPath) {
  const Sha256Fn sha = testing::TestSha256();
  const Hash32 leaf = HashMerkleLeaf(sha, "only");
  // In a tree of one leaf, the root is the leaf hash and the path is empty.
  EXPECT_TRUE(VerifyInclusion(sha, 0, 1, leaf, {}, leaf).ok());
  EXPECT_FALSE(VerifyInclusion(sha, 0, 1, leaf, {leaf}, leaf).ok());
  EXPECT_FALSE(VerifyInclusion(sha, 0, 0, leaf, {}, leaf).ok());
  // An empty path for a bigger tree is too short even if the "root" is the leaf.
  EXPECT_FALSE(VerifyInclusion(sha, 0, 2, leaf, {}, leaf).ok());
}

TEST(VerifyConsistencyTest, RejectsEveryMutatedProof) {
  const Sha256Fn sha = testing::TestSha256();
  const MerkleTree tree = TreeOf(NumberedLeaves(33));
  const Hash32 extra = HashMerkleLeaf(sha, "not in the tree");
  int checked = 0;
  for (uint64_t n = 1; n <= 33; ++n) {
    const Hash32 root2 = *tree.Root(n);
    for (uint64_t m = 1; m < n; ++m) {
      const Hash32 root1 = *tree.Root(m);
      const std::vector<Hash32> path = tree.ProveConsistency(m, n)->consistency_path;
      ASSERT_TRUE(VerifyConsistency(sha, m, n, root1, root2, path).ok());
      for (const std::vector<Hash32>& bad : MutationsOf(path, extra)) {
        EXPECT_FALSE(VerifyConsistency(sha, m, n, root1, root2, bad).ok()) << m << " to " << n;
        ++checked;
      }
      EXPECT_FALSE(VerifyConsistency(sha, m, n, root1, root2, {}).ok());
      Hash32 flipped1 = root1, flipped2 = root2;
      flipped1[5] ^= 4;
      flipped2[9] ^= 2;
      EXPECT_FALSE(VerifyConsistency(sha, m, n, flipped1, root2, path).ok()) << m << " " << n;
      EXPECT_FALSE(VerifyConsistency(sha, m, n, root1, flipped2, path).ok()) << m << " " << n;
      // Swapped sizes, and a neighbouring first size with its own root.
      EXPECT_FALSE(VerifyConsistency(sha, n, m, root2, root1, path).ok());
      if (m + 1 < n) {
        EXPECT_FALSE(VerifyConsistency(sha, m + 1, n, *tree.Root(m + 1), root2, path).ok())
            << m << " " << n;
      }
    }
  }
  EXPECT_GT(checked, 3000);
}

TEST(VerifyConsistencyTest, EqualAndEmptySizes) {
  const Sha256Fn sha = testing::TestSha256();
  const MerkleTree tree = TreeOf(NumberedLeaves(5));
  const Hash32 r5 = *tree.Root(5), r4 = *tree.Root(4);
  // Equal sizes: empty proof and the same root.
  EXPECT_TRUE(VerifyConsistency(sha, 5, 5, r5, r5, {}).ok());
  EXPECT_FALSE(VerifyConsistency(sha, 5, 5, r5, r4, {}).ok());
  EXPECT_FALSE(VerifyConsistency(sha, 5, 5, r5, r5, {r5}).ok());
  // The empty tree is a prefix of anything, with an empty proof only.
  EXPECT_TRUE(VerifyConsistency(sha, 0, 5, EmptyMerkleRoot(sha), r5, {}).ok());
  EXPECT_FALSE(VerifyConsistency(sha, 0, 5, EmptyMerkleRoot(sha), r5, {r5}).ok());
  // first > second.
  EXPECT_FALSE(VerifyConsistency(sha, 5, 4, r5, r4, {r4}).ok());
}

TEST(MerkleTreeTest, RefusesOutOfRangeRequests) {
  const MerkleTree tree = TreeOf(NumberedLeaves(5));
  EXPECT_EQ(tree.ProveInclusion(5, 5).status().code(), StatusCode::kInvalid);
  EXPECT_EQ(tree.ProveInclusion(0, 6).status().code(), StatusCode::kInvalid);
  EXPECT_EQ(tree.ProveInclusion(0, 0).status().code(), StatusCode::kInvalid);
  EXPECT_EQ(tree.ProveConsistency(4, 6).status().code(), StatusCode::kInvalid);
  EXPECT_EQ(tree.ProveConsistency(5, 4).status().code(), StatusCode::kInvalid);
  EXPECT_TRUE(tree.ProveConsistency(0, 5)->consistency_path.empty());
  EXPECT_TRUE(tree.ProveConsistency(5, 5)->consistency_path.empty());
}

// --- JSON forms. ---

TEST(ProofJsonTest, RoundTripsAndRejectsMalformedInput) {
  const MerkleTree tree = TreeOf(VectorLeaves());
  const InclusionProof inclusion = *tree.ProveInclusion(2, 3);
  const Json json = InclusionProofToJson(inclusion);
  EXPECT_EQ(json.dump(),
            R"({"audit_path":["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],)"
            R"("leaf_index":2,"tree_size":3})");
  Result<InclusionProof> back = InclusionProofFromJson(json);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->leaf_index, 2u);
  EXPECT_EQ(back->tree_size, 3u);
  EXPECT_EQ(back->audit_path, inclusion.audit_path);

  Json bad = json;
  bad["leaf_index"] = -1;
  EXPECT_EQ(InclusionProofFromJson(bad).status().path(), "/leaf_index");
  bad = json;
  bad["audit_path"][0] = "FAC54203E7CC696CF0DFCB42C92A1D9DBAF70AD9E621F4BD8D98662F00E3C125";
  EXPECT_EQ(InclusionProofFromJson(bad).status().path(), "/audit_path/0");
  bad = json;
  bad["extra"] = 1;
  EXPECT_EQ(InclusionProofFromJson(bad).status().path(), "/extra");
  bad = json;
  bad.erase("tree_size");
  EXPECT_EQ(InclusionProofFromJson(bad).status().path(), "/tree_size");

  const ConsistencyProof consistency = *tree.ProveConsistency(2, 5);
  const Json cjson = ConsistencyProofToJson(consistency);
  EXPECT_EQ(cjson["first"], 2);
  EXPECT_EQ(cjson["second"], 5);
  EXPECT_EQ(cjson["consistency_path"][1],
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
  Result<ConsistencyProof> cback = ConsistencyProofFromJson(cjson);
  ASSERT_TRUE(cback.ok());
  EXPECT_EQ(cback->consistency_path, consistency.consistency_path);
  // A proof built in C++ with signed integers reads the same.
  Result<ConsistencyProof> from_ints = ConsistencyProofFromJson(
      Json{{"first", 2}, {"second", 5}, {"consistency_path", Json::array()}});
  ASSERT_TRUE(from_ints.ok());
  EXPECT_EQ(from_ints->second, 5u);
  Json cbad = cjson;
  cbad["second"] = 2.5;
  EXPECT_EQ(ConsistencyProofFromJson(cbad).status().path(), "/second");
}

// --- Events and the log. ---

TEST(MerkleTreeTest, CatchesUpWithAMemoryLogAndChecksPositions) {
  const Sha256Fn sha = testing::TestSha256();
  int next_id = 0;
  MemoryLog log(
      sha, nullptr, [] { return Timestamp{1764134400000}; },
      [&] {
        return "00000000-0000-4000-8000-" + std::string(11, '0') + std::to_string(next_id++);
      });
  Principal admin;
  admin.id = "tok-admin";
  admin.role = Role::kAdmin;
  for (int i = 0; i < 5; ++i) {
    AppendRequest request;
    request.principal = admin;
    ProposedEvent event;
    event.type = "agency.registered";
    event.stream = "agency/a" + std::to_string(i);
    event.data = Json{{"name", "Agency " + std::to_string(i)}};
    request.events.push_back(event);
    ASSERT_TRUE(log.Append(request).ok());
  }
  MerkleTree tree(sha);
  ASSERT_TRUE(tree.CatchUp(log).ok());
  ASSERT_EQ(tree.size(), 5u);
  // The leaves are the events' canonical bytes, in position order.
  const std::vector<Event> events = *log.ReadRange(0, 10);
  std::vector<std::string> canonical;
  for (const Event& e : events) canonical.push_back(e.canonical);
  EXPECT_EQ(tree.Root(), RefMth(sha, canonical, 0, 5));
  // Catching up again is a no-op; appending out of order is refused.
  ASSERT_TRUE(tree.CatchUp(log).ok());
  EXPECT_EQ(tree.size(), 5u);
  EXPECT_EQ(tree.AppendEvent(events[2]).code(), StatusCode::kInternal);
  Event unsealed = events[4];
  unsealed.position = 6;
  unsealed.canonical.clear();
  EXPECT_EQ(tree.AppendEvent(unsealed).code(), StatusCode::kInternal);
  EXPECT_EQ(tree.size(), 5u);
}

}  // namespace
}  // namespace lif
