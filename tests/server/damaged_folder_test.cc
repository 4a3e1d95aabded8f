// A hostile holder of the data folder (issue 24, point 1): a stopped folder
// whose stored events were changed with the RocksDB API directly is never
// served as verified nor re-signed. The server starts damaged: /healthz is
// non-ok, appends, reads and signatures are refused with data_damaged, and
// the board's key never signs a second root for a size it signed. A history
// rewritten so that its chain verifies is caught by the last signed head; a
// copy of that head outside the folder catches the inside copy's removal.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <filesystem>
#include <fstream>

#include "core/integrity/signed_head.h"
#include "core/log/verify.h"
#include "server/crypto/openssl_crypto.h"
#include "server/integrity/integrity_service.h"
#include "server/store/damage.h"
#include "server/store/keys.h"
#include "tests/server/live_server.h"
#include "tests/support/scenario.h"
#include "tests/support/tamper.h"

namespace lif {
namespace {

namespace fs = std::filesystem;

std::string LearningBody(int i) {
  return R"({"type":"learning.identified","stream":"learning/d)" + std::to_string(i) +
         R"(","data":{"title":"Title )" + std::to_string(i) +
         R"(","kind":"lesson","source":{"kind":"other","stream":"other/x"},"themes":[]}})";
}

std::string ErrorCode(const httplib::Result& r) {
  Json body = Json::parse(r->body, nullptr, false);
  if (body.is_discarded() || !body.contains("error")) return "";
  return body["error"].value("code", "");
}

class DamagedFolderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 1; i <= 5; ++i) {
      ASSERT_EQ(server.Post("admin", "/v1/events", LearningBody(i))->status, 201);
    }
    // The board's key signs the tree of the first events (and of every token
    // event before them).
    auto head = server.Get("board", "/v1/head");
    ASSERT_EQ(head->status, 200);
    signed_head = Json::parse(head->body);
    signed_meta = server.log()->GetMeta("signed_head").value();
  }

  // Every refusal a damaged server must give, once it restarted on the folder.
  void ExpectNothingServedNorSigned(int64_t position) {
    auto health = server.Get("", "/healthz");
    EXPECT_EQ(health->status, 503) << health->body;
    Json h = Json::parse(health->body);
    EXPECT_EQ(h["ok"], false);
    EXPECT_EQ(h["code"], "data_damaged");
    EXPECT_EQ(h["position"], position) << health->body;

    const int64_t before = server.Head();
    auto append = server.Post("admin", "/v1/events", LearningBody(9));
    EXPECT_EQ(append->status, 503) << append->body;
    EXPECT_EQ(ErrorCode(append), "data_damaged");
    EXPECT_EQ(server.Head(), before);

    for (const char* path : {"/v1/head", "/v1/checkpoint", "/v1/bundle", "/v1/pack", "/v1/events",
                             "/v1/views/dashboard", "/v1/proof/inclusion?position=1"}) {
      auto r = server.Get("admin", path);
      EXPECT_EQ(r->status, 503) << path << ": " << r->body;
      EXPECT_EQ(ErrorCode(r), "data_damaged") << path;
    }
    Result<SignedTreeHead> direct = server.integrity()->SignHead();
    ASSERT_FALSE(direct.ok());
    EXPECT_TRUE(store::IsDataDamaged(direct.status()));
    // The last signed head is the one signed before the damage, unchanged.
    EXPECT_EQ(server.log()->GetMeta("signed_head").value(), signed_meta);

    // What stays: the check that names the damage, and the public key.
    auto verify = server.Get("inspector", "/v1/verify");
    ASSERT_EQ(verify->status, 200);
    Json v = Json::parse(verify->body);
    EXPECT_EQ(v["ok"], false);
    EXPECT_EQ(v["first_bad_position"], position) << verify->body;
    EXPECT_EQ(server.Get("", "/v1/keys")->status, 200);
    // A token still authenticates first: no damage report for a stranger.
    EXPECT_EQ(server.Get("", "/v1/head")->status, 401);
  }

  testing::LiveServer server;
  Json signed_head;
  std::string signed_meta;
};

TEST_F(DamagedFolderTest, OneChangedByteOfAStoredEventStopsAppendsReadsAndSignatures) {
  const int64_t target = server.Head() - 2;
  testing::ChangeOneStoredByte(server.log(), target, "Title ");
  server.Restart();
  std::optional<server::DataDamage> damage = server.integrity()->damage();
  ASSERT_TRUE(damage.has_value());
  EXPECT_EQ(damage->position, target);
  ExpectNothingServedNorSigned(target);
}

TEST_F(DamagedFolderTest, ARechainedHistoryIsCaughtByTheLastSignedHead) {
  const int64_t target = server.Head() - 3;
  testing::Rechain(server.log(), target);
  server.Restart();
  // The forgery's chain verifies: only the signed head tells it apart.
  Result<VerifyReport> chain = VerifyLog(*server.log(), server.log()->Head());
  ASSERT_TRUE(chain.ok());
  EXPECT_TRUE(chain->ok) << chain->reason;
  std::optional<server::DataDamage> damage = server.integrity()->damage();
  ASSERT_TRUE(damage.has_value());
  EXPECT_NE(damage->reason.find("not the ones the board's key signed"), std::string::npos)
      << damage->reason;
  ExpectNothingServedNorSigned(0);
  // `lif verify`'s check says so too.
  Result<server::TreeCheck> tree =
      server::CheckTreeAgainstSignedHead(*server.log(), server.data_dir());
  ASSERT_TRUE(tree.ok());
  EXPECT_FALSE(tree->ok);
}

TEST_F(DamagedFolderTest, AnIntactFolderRestartsHealthyAndSignsOnlyExtensions) {
  server.Restart();
  EXPECT_FALSE(server.integrity()->damage().has_value());
  EXPECT_EQ(server.Get("", "/healthz")->status, 200);
  ASSERT_EQ(server.Post("admin", "/v1/events", LearningBody(6))->status, 201);
  auto r = server.Get("board", "/v1/head");
  ASSERT_EQ(r->status, 200);
  Json later = Json::parse(r->body);
  EXPECT_EQ(later["size"].get<int64_t>(), signed_head["size"].get<int64_t>() + 1);
  // The new head is recorded, and it extends the old one.
  EXPECT_EQ(Json::parse(server.log()->GetMeta("signed_head").value())["root"], later["root"]);
  auto proof = server.Get("inspector", "/v1/proof/consistency?from=" +
                                           std::to_string(signed_head["size"].get<int64_t>()));
  EXPECT_EQ(proof->status, 200) << proof->body;
}

// The service on its own, with a head record outside the data folder.
class HeadRecordTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::RocksLog::Open(data, store::RocksLogOptions{});
    ASSERT_TRUE(opened.ok());
    log = std::move(*opened);
    for (int i = 0; i < 6; ++i) {
      ASSERT_TRUE(testing::AppendOne(log.get(), testing::Admin(),
                                     testing::Learning(std::to_string(i), "Title"))
                      .ok());
    }
    auto svc = Start();
    ASSERT_FALSE((*svc)->damage().has_value());
    Result<SignedTreeHead> head = (*svc)->SignHead();
    ASSERT_TRUE(head.ok());
    EXPECT_EQ(head->size, 6u);
  }
  Result<std::unique_ptr<server::IntegrityService>> Start(bool with_record = true) {
    server::IntegrityOptions options;
    if (with_record) options.head_record_file = record;
    auto svc = server::IntegrityService::Start(log.get(), data, "lif.test/board", options);
    EXPECT_TRUE(svc.ok()) << svc.status().ToString();
    return svc;
  }
  testing::TempDir dir;
  std::string data = dir.Sub("data");
  std::string record = dir.Sub("head-record.json");
  std::unique_ptr<store::RocksLog> log;
};

TEST_F(HeadRecordTest, TheRecordOutsideTheFolderHoldsTheLastSignedHead) {
  std::ifstream in(record);
  Json kept = Json::parse(in);
  EXPECT_EQ(kept["size"], 6);
  EXPECT_EQ(kept, Json::parse(log->GetMeta("signed_head").value()));
}

TEST_F(HeadRecordTest, ItCatchesARewrittenHistoryWhoseInsideRecordWasRemoved) {
  testing::Rechain(log.get(), 2);
  ASSERT_TRUE(log->DeleteMeta("signed_head").ok());
  log.reset();  // Reopened, as a restarted server would: it reads the rewritten head.
  log = std::move(store::RocksLog::Open(data, store::RocksLogOptions{})).value();
  // Without the outside record the forgery looks like a folder that never
  // signed (the limit docs/integrity.md states)...
  EXPECT_FALSE((*Start(/*with_record=*/false))->damage().has_value());
  // ...with it, it is damage, and nothing is signed.
  auto svc = Start();
  std::optional<server::DataDamage> damage = (*svc)->damage();
  ASSERT_TRUE(damage.has_value());
  EXPECT_NE(damage->reason.find(record), std::string::npos) << damage->reason;
  EXPECT_TRUE(store::IsDataDamaged((*svc)->SignHead().status()));
}

TEST_F(HeadRecordTest, ALogShorterThanItsSignedHeadIsDamage) {
  // Roll the log back by one event, with a head that matches the rest.
  const Event fifth = log->ReadRange(4, 1).value()[0];
  ASSERT_TRUE(log->db()->Delete(rocksdb::WriteOptions(), store::EventKey(6)).ok());
  Json head = Json::parse(log->GetMeta("head").value());
  head["position"] = 5;
  head["hash"] = fifth.hash;
  ASSERT_TRUE(log->db()->Put(rocksdb::WriteOptions(), store::MetaKey("head"), head.dump()).ok());
  log.reset();
  log = std::move(store::RocksLog::Open(data, store::RocksLogOptions{})).value();
  auto svc = Start(/*with_record=*/false);
  std::optional<server::DataDamage> damage = (*svc)->damage();
  ASSERT_TRUE(damage.has_value());
  EXPECT_EQ(damage->position, 6);
  EXPECT_NE(damage->reason.find("fewer than the 6"), std::string::npos) << damage->reason;
}

TEST_F(HeadRecordTest, AReplacedSigningKeyDoesNotVerifyTheLastSignedHead) {
  fs::remove(fs::path(data) / crypto::kSigningKeyFileName);
  auto svc = Start(/*with_record=*/false);  // Makes a fresh key.
  std::optional<server::DataDamage> damage = (*svc)->damage();
  ASSERT_TRUE(damage.has_value());
  EXPECT_NE(damage->reason.find("does not verify"), std::string::npos) << damage->reason;
  EXPECT_FALSE((*svc)->SignHead().ok());
}

TEST_F(HeadRecordTest, ADamagedRecordIsDamage) {
  std::ofstream(record, std::ios::trunc) << "{\"size\": 6, \"root\": ";
  auto svc = Start();
  std::optional<server::DataDamage> damage = (*svc)->damage();
  ASSERT_TRUE(damage.has_value());
  EXPECT_NE(damage->reason.find(record), std::string::npos) << damage->reason;
}

// Corrupt RocksDB files in a stopped data folder (issue 24, point 6) are
// reported as damaged data (data_damaged), never as an internal error.
class DamagedStoreTest : public ::testing::Test {
 protected:
  // A stopped folder with its events in one table file; returns that file.
  std::string FolderWithOneTable() {
    {
      auto log = store::RocksLog::Open(data, store::RocksLogOptions{});
      EXPECT_TRUE(log.ok());
      for (int i = 0; i < 20; ++i) {
        EXPECT_TRUE(testing::AppendOne(log->get(), testing::Admin(),
                                       testing::Learning(std::to_string(i), "Title"))
                        .ok());
      }
      EXPECT_TRUE((*log)->db()->Flush(rocksdb::FlushOptions()).ok());
    }
    for (const auto& entry : fs::directory_iterator(data)) {
      if (entry.path().extension() == ".sst") return entry.path().string();
    }
    ADD_FAILURE() << "no table file in " << data;
    return "";
  }
  testing::TempDir dir;
  std::string data = dir.Sub("data");
};

TEST_F(DamagedStoreTest, ATruncatedTableFileIsDamagedData) {
  const std::string table = FolderWithOneTable();
  fs::resize_file(table, fs::file_size(table) / 2);
  auto log = store::RocksLog::Open(data, store::RocksLogOptions{});
  ASSERT_FALSE(log.ok());
  EXPECT_TRUE(store::IsDataDamaged(log.status())) << log.status().ToString();
}

TEST_F(DamagedStoreTest, ChangedBytesInATableFileAreDamagedDataAtTheirPosition) {
  const std::string table = FolderWithOneTable();
  {
    std::fstream f(table, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(64);
    f.write("\xff\xff\xff\xff", 4);
  }
  auto log = store::RocksLog::Open(data, store::RocksLogOptions{});
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  Result<std::vector<Event>> read = (*log)->ReadRange(0, 100);
  ASSERT_FALSE(read.ok());
  EXPECT_TRUE(store::IsDataDamaged(read.status())) << read.status().ToString();
  // `lif verify` names a position rather than failing.
  Result<VerifyReport> report = VerifyLog(**log, (*log)->Head());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_FALSE(report->ok);
  EXPECT_GE(report->first_bad_position, 1);
  // The server's integrity check finds it too: nothing would be signed.
  auto svc = server::IntegrityService::Start(log->get(), data, "lif.test/board");
  ASSERT_TRUE(svc.ok()) << svc.status().ToString();
  EXPECT_TRUE((*svc)->damage().has_value());
}

}  // namespace
}  // namespace lif
