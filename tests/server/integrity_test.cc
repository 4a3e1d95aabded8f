// Signed tree heads, checkpoints and proofs over HTTP, checked with the core's
// verifiers exactly as an inspector's tool would.
#include <gtest/gtest.h>

#include "core/integrity/base64.h"
#include "core/integrity/merkle.h"
#include "core/integrity/signed_head.h"
#include "server/crypto/openssl_crypto.h"
#include "tests/server/live_server.h"

namespace lif {
namespace {

class IntegrityApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 5; ++i) {
      std::string body =
          R"({"type":"learning.identified","stream":"learning/i)" + std::to_string(i) +
          R"(","data":{"title":"t","kind":"lesson","source":{"kind":"other","stream":"other/x"},"themes":[]}})";
      ASSERT_EQ(server.Post("admin", "/v1/events", body)->status, 201);
    }
  }
  std::string PublicKey() {
    Json keys = Json::parse(server.Get("", "/v1/keys")->body);
    return Base64Decode(keys["ed25519_public_key"].get<std::string>()).value();
  }
  testing::LiveServer server;
  Sha256Fn sha = crypto::Sha256Function();
};

TEST_F(IntegrityApiTest, HeadIsSignedOverTheWholeLog) {
  auto r = server.Get("inspector", "/v1/head");
  ASSERT_EQ(r->status, 200);
  Result<SignedTreeHead> head = SignedTreeHeadFromJson(Json::parse(r->body));
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(static_cast<int64_t>(head->size), server.Head());
  EXPECT_TRUE(VerifyTreeHead(*head, PublicKey(), crypto::Ed25519Verify).ok());
  SignedTreeHead forged = *head;
  forged.size -= 1;
  EXPECT_FALSE(VerifyTreeHead(forged, PublicKey(), crypto::Ed25519Verify).ok());
  // Version 2: the origin /v1/keys names is inside the signature.
  EXPECT_EQ(head->version, TreeHeadVersion::kV2);
  EXPECT_EQ(head->origin, Json::parse(server.Get("", "/v1/keys")->body)["origin"]);
  forged = *head;
  forged.origin = "lif.example/another-board";
  EXPECT_FALSE(VerifyTreeHead(forged, PublicKey(), crypto::Ed25519Verify).ok());
}

TEST_F(IntegrityApiTest, InclusionAndConsistencyProofsVerify) {
  Result<SignedTreeHead> head =
      SignedTreeHeadFromJson(Json::parse(server.Get("board", "/v1/head")->body));
  ASSERT_TRUE(head.ok());
  Hash32 root;
  ASSERT_TRUE(FromHex(head->root, &root));
  Json events = Json::parse(server.Get("admin", "/v1/events?limit=1000")->body)["events"];
  for (int64_t p = 1; p <= static_cast<int64_t>(head->size); ++p) {
    auto r = server.Get("inspector", "/v1/proof/inclusion?position=" + std::to_string(p) +
                                         "&size=" + std::to_string(head->size));
    ASSERT_EQ(r->status, 200) << r->body;
    Result<InclusionProof> proof = InclusionProofFromJson(Json::parse(r->body));
    ASSERT_TRUE(proof.ok());
    // The leaf is the event's stored bytes: fetch them and hash them ourselves.
    Result<std::string> raw = server.log()->ReadRaw(p);
    ASSERT_TRUE(raw.ok());
    Hash32 leaf = HashMerkleLeaf(sha, *raw);
    EXPECT_TRUE(VerifyInclusion(sha, p - 1, head->size, leaf, proof->audit_path, root).ok()) << p;
    EXPECT_EQ(events[p - 1]["hash"], ToHex(sha(*raw)));
  }
  // Consistency from an older head to the current one.
  Hash32 old_root = MerkleTree(sha).Root();
  {
    MerkleTree t(sha);
    for (int64_t p = 1; p <= 3; ++p) t.AppendLeaf(server.log()->ReadRaw(p).value());
    old_root = t.Root();
  }
  auto r = server.Get("inspector", "/v1/proof/consistency?from=3&to=" + std::to_string(head->size));
  ASSERT_EQ(r->status, 200) << r->body;
  Result<ConsistencyProof> proof = ConsistencyProofFromJson(Json::parse(r->body));
  ASSERT_TRUE(proof.ok());
  EXPECT_TRUE(VerifyConsistency(sha, 3, head->size, old_root, root, proof->consistency_path).ok());
  EXPECT_EQ(server.Get("inspector", "/v1/proof/inclusion?position=99")->status, 400);
  EXPECT_EQ(server.Get("inspector", "/v1/proof/inclusion")->status, 400);
  EXPECT_EQ(server.Get("police", "/v1/proof/inclusion?position=1")->status, 403);
}

// The writer only queues committed events for the tree; the service's thread
// adds them once a few hundred wait (a batch of 300 crosses that), and each
// reader adds what is still queued. Either way every signed head covers every
// acknowledged event, with the root of the stored events.
TEST_F(IntegrityApiTest, EveryHeadCoversEveryAcknowledgedEvent) {
  for (int round = 0; round < 3; ++round) {
    std::string batch = R"({"events":[)";
    for (int i = 0; i < 300; ++i) {
      if (i > 0) batch += ',';
      batch +=
          R"({"type":"learning.identified","stream":"learning/b)" + std::to_string(round) + "-" +
          std::to_string(i) +
          R"(","data":{"title":"t","kind":"lesson","source":{"kind":"other","stream":"other/x"},"themes":[]}})";
    }
    batch += "]}";
    ASSERT_EQ(server.Post("admin", "/v1/events", batch)->status, 201);
    std::string one =
        R"({"type":"learning.identified","stream":"learning/one)" + std::to_string(round) +
        R"(","data":{"title":"t","kind":"lesson","source":{"kind":"other","stream":"other/x"},"themes":[]}})";
    ASSERT_EQ(server.Post("admin", "/v1/events", one)->status, 201);
    Result<SignedTreeHead> head =
        SignedTreeHeadFromJson(Json::parse(server.Get("board", "/v1/head")->body));
    ASSERT_TRUE(head.ok());
    ASSERT_EQ(static_cast<int64_t>(head->size), server.Head()) << round;
    MerkleTree expected(sha);
    for (int64_t p = 1; p <= server.Head(); ++p)
      expected.AppendLeaf(server.log()->ReadRaw(p).value());
    EXPECT_EQ(head->root, ToHex(expected.Root())) << round;
  }
}

TEST_F(IntegrityApiTest, CheckpointIsASignedNote) {
  auto r = server.Get("board", "/v1/checkpoint");
  ASSERT_EQ(r->status, 200);
  Result<Checkpoint> cp =
      VerifyCheckpoint(r->body, "lif.test/board", NoteKey{"lif.test/board", PublicKey()},
                       crypto::Ed25519Verify, sha);
  ASSERT_TRUE(cp.ok()) << cp.status().ToString() << "\n" << r->body;
  EXPECT_EQ(static_cast<int64_t>(cp->size), server.Head());
}

TEST_F(IntegrityApiTest, VerifyComparesTheTreeWithTheLastSignedHead) {
  ASSERT_EQ(server.Get("inspector", "/v1/head")->status, 200);  // Stores the signed head.
  Result<server::TreeCheck> check =
      server::CheckTreeAgainstSignedHead(*server.log(), server.data_dir());
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->ok) << check->reason;
  EXPECT_EQ(check->signed_size, server.Head());
}

}  // namespace
}  // namespace lif
