// Crypto-shredding (docs/privacy.md): personal fields are stored sealed under
// a per-subject key kept outside the log, read back opened by every reader
// (API, views, bundles), and once the key is erased they read as "[erased]"
// everywhere, in every file of the data folder, while the chain, the tree and
// the signed head still verify.
#include "server/privacy/personal_data.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/bundle/bundle.h"
#include "core/log/verify.h"
#include "core/privacy/sealed_values.h"
#include "core/validation/catalogue.h"
#include "server/crypto/openssl_crypto.h"
#include "server/privacy/erasure.h"
#include "server/store/keys.h"
#include "tests/server/live_server.h"

namespace lif {
namespace {

Json Body(const httplib::Result& r) { return Json::parse(r->body); }

const char* kActionBody = R"({"type":"action.planned","stream":"action/a1","data":{
    "title":"Briefing","plan":"plan/p1","owner_agency":"police","lead":"DI Smith",
    "description":"Call DI Smith on 0123","due":"2026-03-31","learning":[]}})";

TEST(PersonalDataCryptoTest, SealsOnlyPersonalFieldsAndATamperedValueFails) {
  const std::string key(privacy::kSubjectKeyBytes, '\x07');
  const Json& schema = Catalogue::Default().Find("action.planned")->data_schema;
  const Json data = Json::parse(kActionBody)["data"];
  Result<Json> sealed = privacy::SealPersonalFields(data, schema, "action/a1", key);
  ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
  EXPECT_EQ((*sealed)["title"], "Briefing");
  EXPECT_EQ((*sealed)["due"], "2026-03-31");
  ASSERT_TRUE(IsSealedValue((*sealed)["lead"]));
  EXPECT_EQ((*sealed)["lead"]["subject"], "action/a1");
  EXPECT_EQ(sealed->dump().find("Smith"), std::string::npos);
  // 12-byte nonce + 32-byte salt + 8 bytes of "DI Smith" + 16-byte tag = 68
  // bytes = 92 base64 characters; the commitment is 64 hex digits.
  EXPECT_EQ((*sealed)["lead"]["enc"].get<std::string>().size(), 92u);
  EXPECT_EQ((*sealed)["lead"]["commit"].get<std::string>().size(), 64u);
  Result<std::string> text = privacy::OpenSealedValue((*sealed)["lead"], key);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "DI Smith");
  // Another key, another subject or one changed character do not open.
  EXPECT_FALSE(privacy::OpenSealedValue((*sealed)["lead"], std::string(32, '\x08')).ok());
  Json moved = (*sealed)["lead"];
  moved["subject"] = "action/a2";
  EXPECT_FALSE(privacy::OpenSealedValue(moved, key).ok());
  Json tampered = (*sealed)["lead"];
  std::string enc = tampered["enc"];
  enc[20] = enc[20] == 'A' ? 'B' : 'A';
  tampered["enc"] = enc;
  EXPECT_EQ(privacy::OpenSealedValue(tampered, key).status().code(), StatusCode::kInternal);
}

// Every file of the data folder, concatenated (RocksDB tables, WAL, keys).
std::string AllFileBytes(const std::string& dir) {
  std::string all;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return all;
}

class PersonalDataLiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = server.Post("police", "/v1/events", kActionBody);
    ASSERT_EQ(r->status, 201) << r->body;
    position = Body(r)["position"];
    hash = Body(r)["hash"];
  }
  Json Stream() { return Body(server.Get("police", "/v1/streams/action/a1"))["events"][0]; }
  std::string Actions() { return server.Get("board", "/v1/views/actions")->body; }
  Result<Bundle> ExportedBundle(std::string* text) {
    auto r = server.Get("board", "/v1/bundle");
    EXPECT_EQ(r->status, 200);
    *text = r->body;
    return ParseBundle(r->body, crypto::Sha256Function());
  }
  void ExpectVerifies() {
    Json v = Body(server.Get("inspector", "/v1/verify"));
    EXPECT_TRUE(v["ok"].get<bool>()) << v.dump();
    Result<VerifyReport> report = VerifyLog(*server.log(), server.log()->Head());
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(report->ok) << report->reason;
    // A signed head covering the erased event, checked against the stored tree.
    ASSERT_EQ(server.Get("inspector", "/v1/head")->status, 200);
    Result<server::TreeCheck> tree =
        server::CheckTreeAgainstSignedHead(*server.log(), server.data_dir());
    ASSERT_TRUE(tree.ok()) << tree.status().ToString();
    EXPECT_TRUE(tree->ok) << tree->reason;
    EXPECT_GE(tree->signed_size, position);
  }

  testing::LiveServer server;
  int64_t position = 0;
  std::string hash;
};

TEST_F(PersonalDataLiveTest, StoredSealedButReadOpenedByEveryReader) {
  // The stored, hashed bytes hold no plain text.
  Result<std::string> raw = server.log()->ReadRaw(position);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->find("Smith"), std::string::npos);
  EXPECT_NE(raw->find("\"enc\""), std::string::npos);
  // Readers see the text: the stream, the views, the bundle (through its disclosures).
  Json e = Stream();
  EXPECT_EQ(e["data"]["lead"], "DI Smith");
  EXPECT_EQ(e["data"]["description"], "Call DI Smith on 0123");
  EXPECT_EQ(e["hash"], hash);
  EXPECT_NE(Actions().find("DI Smith"), std::string::npos);
  std::string text;
  Result<Bundle> bundle = ExportedBundle(&text);
  ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
  EXPECT_EQ(bundle->events[position - 1].data["lead"], "DI Smith");
  EXPECT_EQ(bundle->header.disclosures.size(), 2u);
  // Still so after a restart (keys are durable).
  server.Restart();
  EXPECT_EQ(Stream()["data"]["lead"], "DI Smith");
  ExpectVerifies();
}

// The events of a subject's erasure stream.
Json ErasureEvents(testing::LiveServer& server, const std::string& stream) {
  return Json::parse(server.Get("admin", "/v1/streams/" + stream)->body)["events"];
}

TEST_F(PersonalDataLiveTest, ARetryAfterAFailedErasureRecordsItOnce) {
  // An attempt that recorded the event and failed before destroying the key
  // leaves what this leaves: the event, and the key.
  auto first = server.Post("admin", "/v1/events",
                           R"({"type":"subject.erased","stream":"erasure/action.a1",
                               "data":{"subject":"action/a1","reason":"first attempt"}})");
  ASSERT_EQ(first->status, 201) << first->body;
  ASSERT_EQ(Stream()["data"]["lead"], "DI Smith");
  auto retry = server.Client().Delete("/v1/subjects/action/a1", server.As("admin"));
  ASSERT_EQ(retry->status, 200) << retry->body;
  EXPECT_EQ(Body(retry)["position"], Body(first)["position"]);
  EXPECT_EQ(Body(retry)["recorded"], "earlier");
  EXPECT_EQ(ErasureEvents(server, "erasure/action.a1").size(), 1u);
  EXPECT_EQ(Stream()["data"]["lead"], kErasedText);

  // New personal data after the erasure has a new key; erasing it again is a
  // second erasure, recorded as such.
  auto again = server.Post("police", "/v1/events",
                           R"({"type":"action.progressed","stream":"action/a1","data":{
                               "rag":"green","note":"Spoke to DI Jones"}})");
  ASSERT_EQ(again->status, 201) << again->body;
  auto second = server.Client().Delete("/v1/subjects/action/a1", server.As("admin"));
  ASSERT_EQ(second->status, 200) << second->body;
  EXPECT_EQ(Body(second)["recorded"], "now");
  EXPECT_GT(Body(second)["position"], Body(again)["position"]);
  EXPECT_EQ(ErasureEvents(server, "erasure/action.a1").size(), 2u);
  EXPECT_EQ(server.Client().Delete("/v1/subjects/action/a1", server.As("admin"))->status, 404);
  EXPECT_EQ(ErasureEvents(server, "erasure/action.a1").size(), 2u);
  ExpectVerifies();
}

// An erasure that destroyed the key but whose views' rebuild never ran (it
// failed, or the server stopped first) leaves the text in the live views and
// in the checkpoints. A retry of the request finishes it; so does a restart,
// which finds the erasure the views have not forgotten and discards every
// checkpoint instead of loading one.
TEST_F(PersonalDataLiveTest, AnErasureWhoseRebuildNeverRanIsFinishedByARetryOrARestart) {
  server.Restart();  // A checkpoint with the text.
  const Principal admin{"tok-admin", Role::kAdmin, std::nullopt, std::nullopt};
  // Steps 1 and 2 only (the handler would rebuild next).
  Result<privacy::SubjectErasure> done = privacy::EraseSubjectData(
      *server.log(), admin, "action/a1", std::string("test"), privacy::ViewsForgot::kEveryErasure);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  ASSERT_NE(Actions().find("DI Smith"), std::string::npos);  // The views keep it.
  Result<bool> pending = server.views()->ErasuresPending();
  ASSERT_TRUE(pending.ok());
  EXPECT_TRUE(*pending);
  auto retry = server.Client().Delete("/v1/subjects/action/a1", server.As("admin"));
  ASSERT_EQ(retry->status, 200) << retry->body;
  EXPECT_EQ(Body(retry)["position"], done->position);
  EXPECT_EQ(Body(retry)["recorded"], "earlier");
  EXPECT_EQ(Actions().find("DI Smith"), std::string::npos);
  EXPECT_FALSE(server.views()->ErasuresPending().value());
  // Finished: another request is a 404 again.
  EXPECT_EQ(server.Client().Delete("/v1/subjects/action/a1", server.As("admin"))->status, 404);

  // The same for another subject, with a restart instead of a retry.
  auto a2 = server.Post("police", "/v1/events",
                        R"({"type":"action.planned","stream":"action/a2","data":{
                            "title":"Visit","plan":"plan/p1","owner_agency":"police",
                            "lead":"Dr Jones","description":"Ring Dr Jones","due":"2026-05-31",
                            "learning":[]}})");
  ASSERT_EQ(a2->status, 201) << a2->body;
  server.Restart();  // A checkpoint with "Dr Jones".
  const std::string checkpoints = server.data_dir() + "/checkpoints";
  ASSERT_NE(AllFileBytes(checkpoints).find("Dr Jones"), std::string::npos);
  ASSERT_TRUE(privacy::EraseSubjectData(*server.log(), admin, "action/a2", std::nullopt,
                                        privacy::ViewsForgot::kEveryErasure)
                  .ok());
  server.Restart();
  EXPECT_FALSE(server.views()->used_checkpoint());
  EXPECT_EQ(Actions().find("Dr Jones"), std::string::npos);
  EXPECT_NE(Actions().find(kErasedText), std::string::npos);
  EXPECT_EQ(AllFileBytes(checkpoints).find("Dr Jones"), std::string::npos);
  EXPECT_FALSE(server.views()->ErasuresPending().value());
  // And the next start uses the checkpoint again.
  server.Restart();
  EXPECT_TRUE(server.views()->used_checkpoint());
  EXPECT_EQ(Actions().find("Dr Jones"), std::string::npos);
  ExpectVerifies();
}

TEST_F(PersonalDataLiveTest, ErasedEverywhereAndInEveryFileWhileTheChainVerifies) {
  // A checkpoint holding the text exists before the erasure: the files of
  // <data>/checkpoints (a state and the facts' arenas) and, as stores of
  // earlier versions have it, the metadata value.
  server.Restart();
  const std::string checkpoints = server.data_dir() + "/checkpoints";
  ASSERT_TRUE(std::filesystem::is_directory(checkpoints));
  ASSERT_NE(AllFileBytes(checkpoints).find("DI Smith"), std::string::npos);
  ASSERT_TRUE(server.log()->PutMeta("checkpoint", "{\"lead\":\"DI Smith\"}").ok());

  EXPECT_EQ(server.Client().Delete("/v1/subjects/action/a1", server.As("police"))->status, 403);
  EXPECT_EQ(server.Client().Delete("/v1/subjects/action/a1")->status, 401);
  EXPECT_EQ(server.Client().Delete("/v1/subjects/Bad..id", server.As("admin"))->status, 400);
  auto erased = server.Client().Delete("/v1/subjects/action/a1?reason=Request%20under%20UK%20GDPR",
                                       server.As("admin"));
  ASSERT_EQ(erased->status, 200) << erased->body;
  EXPECT_EQ(Body(erased)["subject"], "action/a1");
  EXPECT_EQ(server.Client().Delete("/v1/subjects/action/a1", server.As("admin"))->status, 404);
  EXPECT_EQ(server.Client().Delete("/v1/subjects/action/none", server.As("admin"))->status, 404);

  // The erasure itself is on the record.
  Json rec = Body(server.Get(
      "admin", "/v1/events?after=" + std::to_string(Body(erased)["position"].get<int64_t>() - 1) +
                   "&limit=1"))["events"][0];
  EXPECT_EQ(rec["type"], "subject.erased");
  EXPECT_EQ(rec["data"]["subject"], "action/a1");
  EXPECT_EQ(rec["data"]["reason"], "Request under UK GDPR");

  Json e = Stream();
  EXPECT_EQ(e["data"]["lead"], kErasedText);
  EXPECT_EQ(e["data"]["description"], kErasedText);
  EXPECT_EQ(e["data"]["title"], "Briefing");
  EXPECT_EQ(e["hash"], hash);
  EXPECT_EQ(Actions().find("Smith"), std::string::npos);
  EXPECT_NE(Actions().find(kErasedText), std::string::npos);
  std::string text;
  Result<Bundle> bundle = ExportedBundle(&text);
  ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
  EXPECT_EQ(text.find("Smith"), std::string::npos);
  EXPECT_EQ(bundle->events[position - 1].data["lead"], kErasedText);
  EXPECT_EQ(bundle->events[position - 1].hash, hash);
  ExpectVerifies();

  // No file of the data folder holds the text any more: not the checkpoint,
  // not an old table file, not the write-ahead log. (Obsolete files are
  // deleted right after the compaction; allow the purge a moment.)
  bool clean = false;
  for (int i = 0; i < 50 && !clean; ++i) {
    clean = AllFileBytes(server.data_dir()).find("DI Smith") == std::string::npos;
    if (!clean) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(clean) << "a file of the data folder still holds the erased text";
  // The checkpoint of the rebuilt state is there (and holds no text).
  bool state_file = false;
  for (const auto& entry : std::filesystem::directory_iterator(checkpoints)) {
    state_file = state_file || entry.path().filename().string().rfind("state-", 0) == 0;
  }
  EXPECT_TRUE(state_file);
  EXPECT_EQ(server.log()->GetMeta("checkpoint").status().code(), StatusCode::kNotFound);

  // After a restart (from the new checkpoint) it stays erased, and new
  // personal data for the same subject is sealed under a new key.
  server.Restart();
  EXPECT_TRUE(server.views()->used_checkpoint());
  EXPECT_EQ(Stream()["data"]["lead"], kErasedText);
  EXPECT_EQ(Actions().find("Smith"), std::string::npos);
  auto more = server.Post("police", "/v1/events", R"({"type":"action.progressed",
      "stream":"action/a1","data":{"note":"Met Ms Jones","rag":"green"}})");
  ASSERT_EQ(more->status, 201) << more->body;
  Json events = Body(server.Get("police", "/v1/streams/action/a1"))["events"];
  EXPECT_EQ(events[1]["data"]["note"], "Met Ms Jones");
  EXPECT_EQ(events[0]["data"]["lead"], kErasedText);
  ExpectVerifies();
}

// A correction of the action's lead (personal) and title (not), as `who`.
httplib::Result Correct(testing::LiveServer& server, const std::string& who,
                        const std::string& stream, const std::string& target, const Json& fields) {
  Json body = {{"type", "correction.recorded"},
               {"stream", stream},
               {"data", {{"corrects", target}, {"reason", "Wrong lead"}, {"fields", fields}}}};
  return server.Post(who, "/v1/events", body.dump());
}

TEST_F(PersonalDataLiveTest, ACorrectedPersonalValueIsSealedAndErasedWithItsSubject) {
  const std::string target = Stream()["id"];
  auto r = Correct(server, "police", "correction/c1", target,
                   {{"lead", "DS Jones"}, {"title", "Briefing (corrected)"}});
  ASSERT_EQ(r->status, 201) << r->body;
  const int64_t at = Body(r)["position"];
  // Stored sealed under the action's subject, the title as given.
  Result<std::string> raw = server.log()->ReadRaw(at);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->find("Jones"), std::string::npos);
  EXPECT_NE(raw->find("\"subject\":\"action/a1\""), std::string::npos) << *raw;
  EXPECT_NE(raw->find("Briefing (corrected)"), std::string::npos);
  // Read opened, and applied to the view.
  auto correction = [&] {
    return Body(server.Get("police", "/v1/streams/correction/c1"))["events"][0]["data"];
  };
  EXPECT_EQ(correction()["fields"]["lead"], "DS Jones");
  EXPECT_NE(Actions().find("DS Jones"), std::string::npos);
  server.Restart();
  EXPECT_EQ(correction()["fields"]["lead"], "DS Jones");
  EXPECT_NE(Actions().find("DS Jones"), std::string::npos);

  // A value of the sealed form sent in is refused, naming it.
  auto copied = Correct(server, "police", "correction/c2", target,
                        {{"lead", Json::parse(*raw)["data"]["fields"]["lead"]}});
  ASSERT_EQ(copied->status, 400) << copied->body;
  EXPECT_EQ(Body(copied)["error"]["path"], "/data/fields/lead") << copied->body;

  // Erasing the action's subject erases the corrected value too, in every file.
  auto erased = server.Client().Delete("/v1/subjects/action/a1", server.As("admin"));
  ASSERT_EQ(erased->status, 200) << erased->body;
  EXPECT_EQ(correction()["fields"]["lead"], kErasedText);
  EXPECT_EQ(correction()["fields"]["title"], "Briefing (corrected)");
  EXPECT_EQ(Actions().find("Jones"), std::string::npos);
  std::string text;
  ASSERT_TRUE(ExportedBundle(&text).ok());
  EXPECT_EQ(text.find("Jones"), std::string::npos);
  bool clean = false;
  for (int i = 0; i < 50 && !clean; ++i) {
    clean = AllFileBytes(server.data_dir()).find("DS Jones") == std::string::npos;
    if (!clean) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(clean) << "a file of the data folder still holds the erased correction";
  ExpectVerifies();
}

TEST_F(PersonalDataLiveTest, AStoreOfAnEarlierVersionIndexesItsPersonalEventsAtItsFirstOpen) {
  const std::string target = Stream()["id"];
  // Stores written before the index (format 1) have no 'P' keys.
  server.Shutdown();
  {
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::Options(), server.data_dir(), &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    std::string value;
    ASSERT_TRUE(db->Get({}, store::PersonalEventKey(target), &value).ok());
    EXPECT_EQ(value, std::string("action.planned") + '\0' + "action/a1");
    rocksdb::WriteOptions sync;
    sync.sync = true;
    ASSERT_TRUE(db->Delete(sync, store::PersonalEventKey(target)).ok());
    std::string format;
    ASSERT_TRUE(db->Get({}, store::MetaKey("format"), &format).ok());
    EXPECT_EQ(format, "2");
    ASSERT_TRUE(db->Put(sync, store::MetaKey("format"), "1").ok());
    ASSERT_TRUE(db->Close().ok());
  }
  server.Start();
  // Upgraded at its first open: the keys are back and the store says format 2,
  // which older versions of lif refuse to open.
  Result<std::string> format = server.log()->GetMeta("format");
  ASSERT_TRUE(format.ok()) << format.status().ToString();
  EXPECT_EQ(*format, "2");
  {
    std::shared_ptr<rocksdb::DB> db = server.log()->db();
    std::string value;
    EXPECT_TRUE(db->Get({}, store::PersonalEventKey(target), &value).ok());
  }
  auto r = Correct(server, "police", "correction/c1", target, {{"lead", "DS Jones"}});
  ASSERT_EQ(r->status, 201) << r->body;
  Result<std::string> raw = server.log()->ReadRaw(Body(r)["position"].get<int64_t>());
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->find("Jones"), std::string::npos) << *raw;
  EXPECT_EQ(Body(server.Get("police",
                            "/v1/streams/correction/c1"))["events"][0]["data"]["fields"]["lead"],
            "DS Jones");
}

}  // namespace
}  // namespace lif
