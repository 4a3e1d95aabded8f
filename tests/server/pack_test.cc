// GET /v1/bundle and GET /v1/pack: signed exports for offline use.
#include <gtest/gtest.h>

#include <fstream>

#include "core/bundle/bundle.h"
#include "core/integrity/base64.h"
#include "core/integrity/merkle.h"
#include "server/crypto/openssl_crypto.h"
#include "server/pack/board_pack.h"
#include "server/pack/gzip.h"
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
  // The bundle adds the key and origin beside the signed head's own fields.
  Json bare = head;
  bare.erase("public_key");
  bare.erase("origin");
  Result<SignedTreeHead> sth = SignedTreeHeadFromJson(bare);
  ASSERT_TRUE(sth.ok());
  Result<std::string> key = Base64Decode(head["public_key"].get<std::string>());
  ASSERT_TRUE(key.ok());
  EXPECT_TRUE(VerifyTreeHead(*sth, *key, crypto::Ed25519Verify).ok());
  // The key is the one the server publishes.
  auto keys = server->Get("", "/v1/keys");
  ASSERT_EQ(keys->status, 200);
  EXPECT_EQ(Json::parse(keys->body)["ed25519_public_key"], head["public_key"]);
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

TEST(BoardPackTest, RefusesAPageWithoutASlotAndABundleThatDoesNotVerify) {
  testing::LiveServer server;
  auto r = server.Get("board", "/v1/bundle");
  ASSERT_EQ(r->status, 200);
  const std::string& bundle = r->body;
  EXPECT_EQ(server::MakeBoardPack("<html></html>", bundle, "n").status().code(),
            StatusCode::kInternal);
  EXPECT_EQ(server::MakeBoardPack(kPage, "bundle", "n").status().code(), StatusCode::kInvalid);
  // One changed byte in the last event line: the chain breaks.
  std::string tampered = bundle;
  tampered[tampered.size() - 10] ^= 1;
  Result<std::string> refused = server::MakeBoardPack(kPage, tampered, "n");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalid);
  EXPECT_NE(refused.status().message().find("does not verify"), std::string::npos);
  Result<std::string> ok = server::MakeBoardPack(kPage, bundle, "a \"quoted\" <name>");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_NE(ok->find("data-name=\"a quoted name\""), std::string::npos);
  Result<std::string> unpacked = PackedBundle(*ok);
  ASSERT_TRUE(unpacked.ok());
  EXPECT_EQ(*unpacked, bundle);
}

}  // namespace
}  // namespace lif
