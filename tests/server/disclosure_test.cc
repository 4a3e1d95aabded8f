// Disclosed personal text bound to the signed event (docs/privacy.md
// #disclosures), against a live server: GET /v1/pack discloses each readable
// sealed value under the commitment its stored event carries; a pack whose
// disclosure was edited is refused by the core's bundle check (the one the
// page and `lif verify` use), naming the event and the field; after an
// erasure a new pack discloses nothing of the subject, its values read
// "[erased]", and the commitments stay in the unchanged events.
#include <gtest/gtest.h>

#include <fstream>

#include "core/bundle/bundle.h"
#include "core/integrity/base64.h"
#include "core/privacy/disclosures.h"
#include "core/privacy/sealed_values.h"
#include "server/crypto/openssl_crypto.h"
#include "server/pack/gzip.h"
#include "server/privacy/personal_data.h"
#include "tests/server/live_server.h"

namespace lif {
namespace {

constexpr const char* kPage =
    "<html><body>"
    "<script type=\"application/x-lif-bundle\" id=\"lif-bundle\" data-name=\"\"></script>"
    "</body></html>";

const char* kActionBody = R"({"type":"action.planned","stream":"action/a1","data":{
    "title":"Briefing","plan":"plan/p1","owner_agency":"police","lead":"DI Smith",
    "description":"Call DI Smith on 0123","due":"2026-03-31","learning":[]}})";

class DisclosureTest : public ::testing::Test {
 protected:
  DisclosureTest() {
    std::ofstream(page_dir.Sub("lif.html")) << kPage;
    server::ApiOptions options;
    options.web_page = page_dir.Sub("lif.html");
    server = std::make_unique<testing::LiveServer>(options);
  }
  void SetUp() override {
    auto r = server->Post("police", "/v1/events", kActionBody);
    ASSERT_EQ(r->status, 201) << r->body;
    position = Json::parse(r->body)["position"];
  }
  // The bundle inside GET /v1/pack, as the page reads it: base64 of its gzip
  // (docs/bundle.md#compressed-bundles).
  std::string PackBundle() {
    auto r = server->Get("board", "/v1/pack");
    EXPECT_EQ(r->status, 200) << r->body;
    const std::string& html = r->body;
    size_t start = html.find('>', html.find("id=\"lif-bundle\"")) + 1;
    Result<std::string> gzip =
        Base64Decode(html.substr(start, html.find("</script>", start) - start));
    EXPECT_TRUE(gzip.ok());
    if (!gzip.ok()) return std::string();
    Result<std::string> bundle = server::GzipDecompress(*gzip, 1 << 30);
    EXPECT_TRUE(bundle.ok());
    return bundle.ok() ? *bundle : std::string();
  }
  // The stored (sealed) data of the action.
  Json StoredData() {
    Result<std::string> raw = server->log()->ReadRaw(position);
    EXPECT_TRUE(raw.ok());
    return Json::parse(*raw)["data"];
  }
  static std::string WithHeader(const std::string& bundle, const Json& header) {
    return header.dump() + bundle.substr(bundle.find('\n'));
  }
  static Json Header(const std::string& bundle) {
    return Json::parse(bundle.substr(0, bundle.find('\n')));
  }

  testing::TempDir page_dir;
  std::unique_ptr<testing::LiveServer> server;
  int64_t position = 0;
};

TEST_F(DisclosureTest, APackWithAnEditedDisclosureIsRefusedNamingTheEventAndField) {
  const std::string bundle = PackBundle();
  const std::string commit = StoredData()["lead"]["commit"];
  Json header = Header(bundle);
  ASSERT_EQ(header["disclosures"][commit]["text"], "DI Smith");
  header["disclosures"][commit]["text"] = "DI Smyth";
  Result<Bundle> edited = ParseBundle(WithHeader(bundle, header), crypto::Sha256Function());
  ASSERT_FALSE(edited.ok());
  EXPECT_EQ(edited.status().code(), StatusCode::kInvalid);
  EXPECT_EQ(edited.status().path(), "/lines/" + std::to_string(position + 1) + "/data/lead");
  EXPECT_NE(edited.status().message().find("event " + std::to_string(position) +
                                           " (action.planned on action/a1) at /data/lead"),
            std::string::npos)
      << edited.status().message();
  // The signed head is untouched, so only the disclosure check can catch it.
  EXPECT_EQ(header["signed_head"], Header(bundle)["signed_head"]);
}

TEST_F(DisclosureTest, EachDisclosureIsTheSaltAndTextOfTheCommitmentInTheStoredEvent) {
  const Json stored = StoredData();
  const std::string bundle = PackBundle();
  const Json disclosures = Header(bundle)["disclosures"];
  ASSERT_EQ(disclosures.size(), 2u);
  for (const char* field : {"lead", "description"}) {
    const Json& sealed = stored[field];
    ASSERT_TRUE(IsCommittedValue(sealed)) << sealed.dump();
    const Json& d = disclosures[sealed["commit"].get<std::string>()];
    Result<std::string> salt = Base64Decode(d["salt"].get<std::string>());
    ASSERT_TRUE(salt.ok());
    EXPECT_EQ(salt->size(), kDisclosureSaltBytes);
    // Recomputed here with OpenSSL, outside the core's check.
    EXPECT_EQ(ToHex(crypto::Sha256(*salt + d["text"].get<std::string>())), sealed["commit"]);
  }
  EXPECT_EQ(disclosures[stored["lead"]["commit"].get<std::string>()]["text"], "DI Smith");
  // The stored bytes hold neither the text nor the salt.
  Result<std::string> raw = server->log()->ReadRaw(position);
  EXPECT_EQ(raw->find("Smith"), std::string::npos);
  for (auto it = disclosures.begin(); it != disclosures.end(); ++it) {
    EXPECT_EQ(raw->find(it.value()["salt"].get<std::string>()), std::string::npos);
  }
  Result<Bundle> parsed = ParseBundle(bundle, crypto::Sha256Function());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->disclosed, 2);
  EXPECT_EQ(parsed->events[position - 1].data["description"], "Call DI Smith on 0123");
}

TEST_F(DisclosureTest, AfterAnErasureTheCommitmentStaysAndTheValueReadsErased) {
  const Json before = StoredData();
  auto erased = server->Client().Delete("/v1/subjects/action/a1", server->As("admin"));
  ASSERT_EQ(erased->status, 200) << erased->body;
  EXPECT_EQ(StoredData(), before);  // The event, with its commitments, is unchanged.
  const std::string bundle = PackBundle();
  EXPECT_FALSE(Header(bundle).contains("disclosures"));
  EXPECT_EQ(bundle.find("Smith"), std::string::npos);
  Result<Bundle> parsed = ParseBundle(bundle, crypto::Sha256Function());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->events[position - 1].data["lead"], kErasedText);
  EXPECT_EQ(parsed->disclosed, 0);
  // Nothing of the subject can be disclosed any more: the salt went with the key.
  EXPECT_EQ(server->log()->DiscloseSealed(before["lead"]), std::nullopt);
}

TEST(DisclosureSealingTest, TheSaltIsSealedWithTheTextAndDiffersForEachValue) {
  const std::string key(privacy::kSubjectKeyBytes, '\x07');
  const Json schema = {
      {"type", "object"},
      {"properties", {{"a", {{"x-lif-personal", true}}}, {"b", {{"x-lif-personal", true}}}}}};
  Result<Json> sealed =
      privacy::SealPersonalFields(Json{{"a", "same"}, {"b", "same"}}, schema, "action/a1", key);
  ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
  // The same text twice: two commitments, so equal values cannot be spotted.
  EXPECT_NE((*sealed)["a"]["commit"], (*sealed)["b"]["commit"]);
  Result<privacy::OpenedValue> opened = privacy::OpenSealedParts((*sealed)["a"], key);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->text, "same");
  EXPECT_EQ(DisclosureCommitment(opened->salt, opened->text, crypto::Sha256Function()),
            (*sealed)["a"]["commit"]);
}

}  // namespace
}  // namespace lif
