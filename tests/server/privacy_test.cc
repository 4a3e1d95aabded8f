// Pseudonymous references (docs/audit.md#pseudonyms): the HMAC, the key file
// made at first start, POST /v1/pseudonyms against a live server, and the
// catalogue's reference fields refusing free text.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <set>

#include "core/json.h"
#include "core/validation/catalogue.h"
#include "server/crypto/openssl_crypto.h"
#include "server/privacy/pseudonyms.h"
#include "tests/server/live_server.h"
#include "tests/support/scenario.h"
#include "tests/support/temp_dir.h"

namespace lif {
namespace {

Json Body(const httplib::Result& r) { return Json::parse(r->body); }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(PseudonymKeyTest, ReferenceIsTheFirst16BytesOfTheHmacInHex) {
  const std::string key(32, 'k');
  Result<privacy::PseudonymKey> pk = privacy::PseudonymKey::FromBytes(key);
  ASSERT_TRUE(pk.ok());
  Result<std::string> ref = pk->Reference("police", "CASE-123");
  ASSERT_TRUE(ref.ok());
  // Worked out independently with
  // printf 'police:CASE-123' | openssl dgst -sha256 -hmac kkkk...(32 k)
  // (first 32 hex digits of the HMAC).
  EXPECT_EQ(*ref, "pn_1275767fdaad0a814d1ddd50466719ea");
  // Another agency's identical identifier is another child.
  EXPECT_NE(*pk->Reference("nhs-trust", "CASE-123"), *ref);
  EXPECT_EQ(*pk->Reference("police", "CASE-123"), *ref);
  EXPECT_EQ(pk->Reference("police", "").status().code(), StatusCode::kInvalid);
  EXPECT_EQ(pk->Reference("police", std::string(257, 'x')).status().code(), StatusCode::kInvalid);
  EXPECT_EQ(pk->Reference("police", "a\nb").status().code(), StatusCode::kInvalid);
  EXPECT_EQ(privacy::PseudonymKey::FromBytes("short").status().code(), StatusCode::kInvalid);
}

TEST(PseudonymKeyTest, KeyFileMadeAtFirstStartWithMode0600AndKept) {
  testing::TempDir dir;
  const std::string data = dir.Sub("data");
  Result<privacy::PseudonymKey> first = privacy::PseudonymKey::LoadOrCreate(data);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  const std::string path = data + "/pseudonym-key";
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
  const std::string bytes = ReadFile(path);
  Result<privacy::PseudonymKey> again = privacy::PseudonymKey::LoadOrCreate(data);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again->Reference("police", "A1"), *first->Reference("police", "A1"));
  EXPECT_EQ(ReadFile(path), bytes);
  // A key readable by others is refused.
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  EXPECT_EQ(privacy::PseudonymKey::LoadOrCreate(data).status().code(), StatusCode::kInternal);
}

class PseudonymApiTest : public ::testing::Test {
 protected:
  testing::LiveServer server;
};

TEST_F(PseudonymApiTest, AgencyGetsItsReferenceAndNothingIsAppended) {
  const int64_t head = server.Head();
  auto r = server.Post("police", "/v1/pseudonyms", R"({"identifier":"PN-2026-0042"})");
  ASSERT_EQ(r->status, 200) << r->body;
  const std::string ref = Body(r)["reference"];
  EXPECT_EQ(Body(r)["agency"], "police");
  ASSERT_EQ(ref.size(), 35u);
  EXPECT_EQ(ref.substr(0, 3), "pn_");
  EXPECT_EQ(ref.find_first_not_of("0123456789abcdef", 3), std::string::npos);
  // The key is in the data folder, outside the log, and gives the same answer.
  const std::string key = ReadFile(server.data_dir() + "/pseudonym-key");
  ASSERT_EQ(key.size(), 32u);
  Result<privacy::PseudonymKey> pk = privacy::PseudonymKey::FromBytes(key);
  EXPECT_EQ(*pk->Reference("police", "PN-2026-0042"), ref);
  // Stable, and the same after a restart (the key is kept).
  EXPECT_EQ(Body(server.Post("police", "/v1/pseudonyms",
                             R"({"identifier":"PN-2026-0042"})"))["reference"],
            ref);
  server.Restart();
  EXPECT_EQ(Body(server.Post("police", "/v1/pseudonyms",
                             R"({"identifier":"PN-2026-0042"})"))["reference"],
            ref);
  // An admin names the agency; the same agency and identifier give the same reference.
  auto admin =
      server.Post("admin", "/v1/pseudonyms", R"({"identifier":"PN-2026-0042","agency":"police"})");
  ASSERT_EQ(admin->status, 200);
  EXPECT_EQ(Body(admin)["reference"], ref);
  EXPECT_EQ(server.Head(), head);
}

TEST_F(PseudonymApiTest, RefusalsAndBadBodies) {
  EXPECT_EQ(
      server.Post("police", "/v1/pseudonyms", R"({"identifier":"x","agency":"nhs-trust"})")->status,
      403);
  EXPECT_EQ(server.Post("admin", "/v1/pseudonyms", R"({"identifier":"x"})")->status, 400);
  for (const char* who : {"inspector", "board", "chair"}) {
    EXPECT_EQ(server.Post(who, "/v1/pseudonyms", R"({"identifier":"x"})")->status, 403) << who;
  }
  EXPECT_EQ(server.Post("", "/v1/pseudonyms", R"({"identifier":"x"})")->status, 401);
  auto missing = server.Post("police", "/v1/pseudonyms", R"({})");
  EXPECT_EQ(missing->status, 400);
  EXPECT_EQ(Body(missing)["error"]["path"], "/identifier");
  EXPECT_EQ(Body(server.Post("police", "/v1/pseudonyms",
                             R"({"identifier":"x","name":"y"})"))["error"]["path"],
            "/name");
  EXPECT_EQ(server.Post("police", "/v1/pseudonyms", R"({"identifier":""})")->status, 400);
}

// Every field that refers to a child is a pseudonym, and free text there is refused.
void CollectChildFields(const Json& schema, const std::string& path,
                        std::vector<std::pair<std::string, Json>>* out) {
  if (!schema.is_object()) return;
  if (schema.contains("properties")) {
    for (auto it = schema["properties"].begin(); it != schema["properties"].end(); ++it) {
      const std::string name = it.key();
      if (name == "child" || name == "case" || name == "family_member" ||
          it.value().contains("x-lif-ref")) {
        out->push_back({path + "/" + name, it.value()});
      }
      CollectChildFields(it.value(), path + "/" + name, out);
    }
  }
  if (schema.contains("items")) CollectChildFields(schema["items"], path + "/*", out);
}

TEST(PseudonymCatalogueTest, ChildReferencesArePseudonyms) {
  std::vector<std::pair<std::string, Json>> fields;
  for (const auto& [type, def] : Catalogue::Default().types()) {
    CollectChildFields(def.data_schema, type, &fields);
  }
  std::set<std::string> names;
  for (const auto& [path, schema] : fields) {
    names.insert(path);
    EXPECT_EQ(schema.value("format", ""), "pseudonym") << path;
    EXPECT_EQ(schema.value("x-lif-ref", ""), "child") << path;
  }
  // The three event types that name a child.
  EXPECT_TRUE(names.count("review.opened/child"));
  EXPECT_TRUE(names.count("cdr.notified/child"));
  EXPECT_TRUE(names.count("audit.case_graded/case"));
}

TEST_F(PseudonymApiTest, FreeTextWhereAReferenceBelongsIsRejected) {
  const int64_t head = server.Head();
  auto event = [](const std::string& child) {
    return R"({"type":"review.opened","stream":"review/r1","data":{"regime":"cspr_2018",
      "title":"Review 1","child":")" +
           child + R"(","incident_date":"2026-01-02","aware_on":"2026-01-03",
      "lead_agency":"police"}})";
  };
  for (const std::string bad : {"Jane Smith", "pn_JANE", "pn_0123456789abcdef0123456789abcdeg",
                                "PN-2026-0042", "pn_0123456789abcdef0123456789abcdef0"}) {
    auto r = server.Post("police", "/v1/events", event(bad));
    EXPECT_EQ(r->status, 400) << bad;
    EXPECT_EQ(Body(r)["error"]["path"], "/data/child") << bad;
  }
  EXPECT_EQ(server.Head(), head);
  const std::string ref = Body(
      server.Post("police", "/v1/pseudonyms", R"({"identifier":"PN-2026-0042"})"))["reference"];
  auto ok = server.Post("police", "/v1/events", event(ref));
  EXPECT_EQ(ok->status, 201) << ok->body;
}

}  // namespace
}  // namespace lif
