// GET /v1/bundle and GET /v1/pack: signed exports for offline use.
#include <gtest/gtest.h>

#include <fstream>

#include "core/bundle/bundle.h"
#include "core/integrity/base64.h"
#include "core/integrity/merkle.h"
#include "server/crypto/openssl_crypto.h"
#include "server/pack/board_pack.h"
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

TEST_F(PackTest, PackEmbedsTheBundleInThePage) {
  auto r = server->Get("board", "/v1/pack");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_NE(r->get_header_value("Content-Type").find("text/html"), std::string::npos);
  const std::string& html = r->body;
  size_t open = html.find("data-name=\"board pack, ");
  ASSERT_NE(open, std::string::npos);
  size_t start = html.find('>', open) + 1;
  size_t end = html.find("</script>", start);
  Result<std::string> bundle = Base64Decode(html.substr(start, end - start));
  ASSERT_TRUE(bundle.ok());
  EXPECT_TRUE(ParseBundle(*bundle, crypto::Sha256Function()).ok());
  EXPECT_NE(html.find("<p>page</p>"), std::string::npos);
  EXPECT_EQ(server->Get("police", "/v1/pack")->status, 403);
  EXPECT_EQ(server->Get("", "/v1/pack")->status, 401);
}

TEST(BoardPackTest, RefusesAPageWithoutASlot) {
  EXPECT_FALSE(server::MakeBoardPack("<html></html>", "x", "n").ok());
  Result<std::string> ok = server::MakeBoardPack(kPage, "bundle", "a \"quoted\" <name>");
  ASSERT_TRUE(ok.ok());
  EXPECT_NE(ok->find("data-name=\"a quoted name\""), std::string::npos);
}

}  // namespace
}  // namespace lif
