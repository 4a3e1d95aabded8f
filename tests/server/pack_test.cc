// GET /v1/bundle and GET /v1/pack: signed exports for offline use.
#include <gtest/gtest.h>

#include <fstream>

#include "core/bundle/bundle.h"
#include "core/integrity/base64.h"
#include "core/integrity/merkle.h"
#include "server/crypto/openssl_crypto.h"
#include "server/pack/board_pack.h"
#include "server/pack/gzip.h"
#include "server/pack/verify_pack.h"
#include "tests/server/live_server.h"

namespace lif {
namespace {

constexpr const char* kPage =
    "<html><body><p>page</p>"
    "<script type=\"application/x-lif-bundle\" id=\"lif-bundle\" data-name=\"\"></script>"
    "</body></html>";

class PackTest : public ::testing::Test {
 protected:
  PackTest() {
    std::ofstream(page_dir.Sub("lif.html")) << kPage;
    server::ApiOptions options;
    options.web_page = page_dir.Sub("lif.html");
    server = std::make_unique<testing::LiveServer>(options);
  }
  testing::TempDir page_dir;
  std::unique_ptr<testing::LiveServer> server;
};

TEST_F(PackTest, BundleCarriesAVerifiableSignedHead) {
  auto r = server->Get("board", "/v1/bundle");
  ASSERT_EQ(r->status, 200);
  Result<Bundle> bundle = ParseBundle(r->body, crypto::Sha256Function());
  ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
  const Json& head = bundle->header.signed_head;
  ASSERT_TRUE(head.is_object());
  EXPECT_EQ(head["size"], bundle->events.size());
  // The signed root is the Merkle root of the bundle's event lines.
  MerkleTree tree(crypto::Sha256Function());
  for (const Event& e : bundle->events) ASSERT_TRUE(tree.AppendEvent(e).ok());
  EXPECT_EQ(head["root"], ToHex(tree.Root()));
  // The bundle adds the key beside the signed head's own fields, which
  // (version 2) sign the origin too.
  Json bare = head;
  bare.erase("public_key");
  Result<SignedTreeHead> sth = SignedTreeHeadFromJson(bare);
  ASSERT_TRUE(sth.ok()) << sth.status().ToString();
  EXPECT_EQ(sth->version, TreeHeadVersion::kV2);
  EXPECT_EQ(sth->origin, server->integrity()->origin());
  Result<std::string> key = Base64Decode(head["public_key"].get<std::string>());
  ASSERT_TRUE(key.ok());
  EXPECT_TRUE(VerifyTreeHead(*sth, *key, crypto::Ed25519Verify).ok());
  // The key is the one the server publishes.
  auto keys = server->Get("", "/v1/keys");
  ASSERT_EQ(keys->status, 200);
  EXPECT_EQ(Json::parse(keys->body)["ed25519_public_key"], head["public_key"]);
}

TEST_F(PackTest, KeysShowTheFingerprintAndWarnAboutTheKeyId) {
  auto keys = server->Get("", "/v1/keys");
  ASSERT_EQ(keys->status, 200);
  const Json j = Json::parse(keys->body);
  Result<std::string> raw = Base64Decode(j["ed25519_public_key"].get<std::string>());
  ASSERT_TRUE(raw.ok());
  // SHA-256 of the raw key, computed here independently of the server.
  EXPECT_EQ(j["fingerprint"], ToHex(crypto::Sha256(*raw)));
  const std::string hex = j["fingerprint"].get<std::string>();
  EXPECT_EQ(j["fingerprint_short"], hex.substr(0, 4) + " " + hex.substr(4, 4) + " " +
                                        hex.substr(8, 4) + " " + hex.substr(12, 4) + " " +
                                        hex.substr(16, 4) + " " + hex.substr(20, 4) + " " +
                                        hex.substr(24, 4) + " " + hex.substr(28, 4));
  // The note key id is the one in the verifier key, and said not to identify the key.
  const std::string vkey = j["note_verifier_key"].get<std::string>();
  EXPECT_EQ(vkey.substr(vkey.find('+') + 1, 8), j["note_key_id"]);
  EXPECT_NE(j["note_key_id_warning"].get<std::string>().find("does not identify"),
            std::string::npos);
}

// The text of the element that starts with `open_tag` (up to its "</script>").
std::string ElementText(const std::string& html, const std::string& open_tag) {
  size_t open = html.find(open_tag);
  if (open == std::string::npos) return "";
  size_t start = html.find('>', open) + 1;
  return html.substr(start, html.find("</script>", start) - start);
}

// The bundle a pack carries: base64 of its gzip.
Result<std::string> PackedBundle(const std::string& html) {
  Result<std::string> gzip =
      Base64Decode(ElementText(html, "<script type=\"application/x-lif-bundle\""));
  if (!gzip.ok()) return gzip.status();
  return server::GzipDecompress(*gzip, 1 << 30);
}

TEST_F(PackTest, PackEmbedsTheBundleInThePage) {
  auto r = server->Get("board", "/v1/pack");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_NE(r->get_header_value("Content-Type").find("text/html"), std::string::npos);
  const std::string& html = r->body;
  EXPECT_NE(html.find("data-encoding=\"gzip\" data-name=\"board pack, "), std::string::npos);
  Result<std::string> bundle = PackedBundle(html);
  ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
  EXPECT_TRUE(ParseBundle(*bundle, crypto::Sha256Function()).ok());
  EXPECT_NE(html.find("<p>page</p>"), std::string::npos);
  EXPECT_EQ(server->Get("police", "/v1/pack")->status, 403);
  EXPECT_EQ(server->Get("", "/v1/pack")->status, 401);
}

TEST_F(PackTest, CheckpointIsTheServersDashboardAndCannotCloseItsElement) {
  // A title that would end the checkpoint's <script> element and start another.
  auto posted = server->Post(
      "police", "/v1/events",
      R"({"type":"learning.identified","stream":"learning/pk1","data":{"title":"</script><script>alert(1)</script>",)"
      R"("kind":"lesson","source":{"kind":"other","stream":"other/x"},"themes":[]}})");
  ASSERT_EQ(posted->status, 201) << posted->body;
  auto r = server->Get("board", "/v1/pack");
  ASSERT_EQ(r->status, 200) << r->body;
  const std::string text =
      ElementText(r->body, "<script type=\"application/json\" id=\"lif-checkpoint\"");
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.find('<'), std::string::npos) << "a '<' in the checkpoint could close its element";
  Json checkpoint = Json::parse(text);
  EXPECT_EQ(checkpoint["lif_checkpoint"], 1);
  EXPECT_EQ(checkpoint["size"], server->Head());
  EXPECT_EQ(checkpoint["head"], server->log()->Head().hash);
  // The names view still holds the title as written.
  EXPECT_NE(
      checkpoint["views"]["names"].get<std::string>().find("</script><script>alert(1)</script>"),
      std::string::npos);
  // The checkpoint's dashboard is judged on the day of export (UTC), and is
  // the one the server's API gives today (the same day, but across midnight).
  const std::string today = checkpoint["query"]["today"].get<std::string>();
  auto api = server->Get("board", "/v1/views/dashboard");
  ASSERT_EQ(api->status, 200) << api->body;
  ASSERT_EQ(Json::parse(api->body)["judged_on"], today) << "run across midnight: run again";
  EXPECT_EQ(Json::parse(checkpoint["views"]["dashboard"].get<std::string>()),
            Json::parse(api->body));
}

server::PackPin PinOf(testing::LiveServer& server) {
  return server::PackPin{server.integrity()->public_key(), server.integrity()->origin()};
}

TEST(BoardPackTest, RefusesAPageWithoutASlotAndABundleThatDoesNotVerify) {
  testing::LiveServer server;
  auto r = server.Get("board", "/v1/bundle");
  ASSERT_EQ(r->status, 200);
  const std::string& bundle = r->body;
  EXPECT_EQ(server::MakeBoardPack("<html></html>", bundle, "n", PinOf(server)).status().code(),
            StatusCode::kInternal);
  EXPECT_EQ(server::MakeBoardPack(kPage, "bundle", "n", PinOf(server)).status().code(),
            StatusCode::kInvalid);
  // A pin that is not a 32-byte key.
  EXPECT_EQ(
      server::MakeBoardPack(kPage, bundle, "n", server::PackPin{"short", "o"}).status().code(),
      StatusCode::kInvalid);
  // One changed byte in the last event line: the chain breaks.
  std::string tampered = bundle;
  tampered[tampered.size() - 10] ^= 1;
  Result<std::string> refused = server::MakeBoardPack(kPage, tampered, "n", PinOf(server));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalid);
  EXPECT_NE(refused.status().message().find("does not verify"), std::string::npos);
  Result<std::string> ok =
      server::MakeBoardPack(kPage, bundle, "a \"quoted\" <name>", PinOf(server));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_NE(ok->find("data-name=\"a quoted name\""), std::string::npos);
  Result<std::string> unpacked = PackedBundle(*ok);
  ASSERT_TRUE(unpacked.ok());
  EXPECT_EQ(*unpacked, bundle);
}

// --- The pinned key and lif verify-pack's checks (server/pack/verify_pack.h). ---

// `genuine` with its checkpoint and bundle replaced by `other`'s, its pin
// kept: what a holder does who edits events, rebuilds chain and root and
// re-signs with a fresh key placed in the bundle.
std::string Forge(const std::string& genuine, const std::string& other) {
  const std::string marker = "<script type=\"application/json\" id=\"lif-checkpoint\">";
  return genuine.substr(0, genuine.find(marker)) + other.substr(other.find(marker));
}

TEST(BoardPackTest, PinsTheFoldersKeyAndVerifyPackChecksAgainstIt) {
  testing::LiveServer board;
  const std::string page_bundle = board.Get("board", "/v1/bundle")->body;
  Result<std::string> pack = server::MakeBoardPack(kPage, page_bundle, "n", PinOf(board));
  ASSERT_TRUE(pack.ok()) << pack.status().ToString();
  // The pin: the folder's key, its fingerprint and origin, before the checkpoint.
  const Json pin =
      Json::parse(ElementText(*pack, "<script type=\"application/json\" id=\"lif-pin\""));
  EXPECT_EQ(pin["public_key"], Base64Encode(board.integrity()->public_key()));
  EXPECT_EQ(pin["fingerprint"], board.integrity()->fingerprint().hex);
  EXPECT_EQ(pin["fingerprint_short"], board.integrity()->fingerprint().short_form);
  EXPECT_EQ(pin["origin"], board.integrity()->origin());
  EXPECT_LT(pack->find("id=\"lif-pin\""), pack->find("id=\"lif-checkpoint\""));

  // Genuine: verified, with and without an expectation.
  Result<server::PackVerdict> v = server::VerifyBoardPack(*pack, {});
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->verified) << v->reason;
  EXPECT_EQ(v->pinned.hex, board.integrity()->fingerprint().hex);
  EXPECT_EQ(v->signed_origin, board.integrity()->origin());
  EXPECT_EQ(v->signed_version, 2);
  EXPECT_TRUE(
      server::VerifyBoardPack(*pack, {"", board.integrity()->fingerprint().short_form})->verified);
  EXPECT_TRUE(server::VerifyBoardPack(*pack, {board.integrity()->public_key(), ""})->verified);

  // The wrong fingerprint, and another key: not verified, naming the check.
  testing::LiveServer other;
  v = server::VerifyBoardPack(*pack, {"", other.integrity()->fingerprint().hex});
  EXPECT_FALSE(v->verified);
  EXPECT_EQ(v->failed_check, "expected_key");
  v = server::VerifyBoardPack(*pack, {other.integrity()->public_key(), ""});
  EXPECT_EQ(v->failed_check, "expected_key");
  // A malformed expectation is a usage error, not a verdict.
  EXPECT_EQ(server::VerifyBoardPack(*pack, {"", "12ab"}).status().code(), StatusCode::kInvalid);

  // Forged: other events (an extra one), their own chain, root and signature
  // by a fresh key that the bundle names; the genuine pin kept.
  ASSERT_EQ(
      other
          .Post(
              "police", "/v1/events",
              R"({"type":"learning.identified","stream":"learning/forged","data":{"title":"Forged",)"
              R"("kind":"lesson","source":{"kind":"other","stream":"other/x"},"themes":[]}})")
          ->status,
      201);
  Result<std::string> other_pack =
      server::MakeBoardPack(kPage, other.Get("board", "/v1/bundle")->body, "n", PinOf(other));
  ASSERT_TRUE(other_pack.ok());
  EXPECT_TRUE(server::VerifyBoardPack(*other_pack, {})->verified);  // Self-consistent.
  const std::string forged = Forge(*pack, *other_pack);
  v = server::VerifyBoardPack(forged, {});
  EXPECT_FALSE(v->verified);
  EXPECT_EQ(v->failed_check, "key") << v->reason;
  EXPECT_NE(v->reason.find(board.integrity()->fingerprint().short_form), std::string::npos);
  // Its own pin swapped in too: self-consistent, but not the board's key.
  v = server::VerifyBoardPack(*other_pack, {"", board.integrity()->fingerprint().short_form});
  EXPECT_EQ(v->failed_check, "expected_key");

  // No pin (an older pack): not verified unless a key is given.
  std::string unpinned = *pack;
  const size_t pin_at = unpinned.find("<script type=\"application/json\" id=\"lif-pin\"");
  unpinned.erase(pin_at, unpinned.find("</script>", pin_at) + 9 - pin_at);
  EXPECT_EQ(server::VerifyBoardPack(unpinned, {})->failed_check, "pin");
  EXPECT_TRUE(server::VerifyBoardPack(unpinned, {board.integrity()->public_key(), ""})->verified);

  // A checkpoint that shows other figures than the events give.
  std::string shown = *pack;
  const size_t at = shown.find("\"lif_checkpoint\":1");
  ASSERT_NE(at, std::string::npos);
  shown.replace(at, 18, "\"lif_checkpoint\":2");
  EXPECT_EQ(server::VerifyBoardPack(shown, {})->failed_check, "checkpoint");
}

}  // namespace
}  // namespace lif
