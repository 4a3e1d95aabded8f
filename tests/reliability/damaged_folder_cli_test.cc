// The real `lif` binary on a data folder that a hostile holder changed while
// it was stopped (issue 24, points 1 and 6; docs/integrity.md): `lif serve`
// starts damaged (a clear line on stderr, /healthz 503, appends, reads and
// signatures refused with data_damaged), `lif verify` and `lif export` exit 3
// naming the position, a rewritten history is caught through the head record
// kept outside the folder, and corrupt RocksDB files or a truncated backup are
// damaged data (exit 3), not internal errors.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/json.h"
#include "server/store/rocks_log.h"
#include "tests/reliability/lif_process.h"
#include "tests/support/tamper.h"
#include "tests/support/temp_dir.h"

namespace lif {
namespace {

namespace fs = std::filesystem;
using testing::LifRun;
using testing::ReadText;
using testing::RunLif;
using testing::ServeProcess;

std::string Learning(int i) {
  return R"({"type":"learning.identified","stream":"learning/c)" + std::to_string(i) +
         R"(","data":{"title":"Title )" + std::to_string(i) +
         R"(","kind":"lesson","source":{"kind":"other","stream":"other/x"},"themes":[]}})";
}

std::string CodeOf(const httplib::Result& r) {
  Json body = Json::parse(r->body, nullptr, false);
  if (body.is_discarded()) return "";
  if (body.contains("error")) return body["error"].value("code", "");
  return body.value("code", "");
}

class DamagedFolderCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(scratch);
    LifRun t = RunLif({"token", "create", "--data", data, "--role", "admin"}, scratch);
    ASSERT_EQ(t.exit_code, 0) << t.err;
    token = t.out.substr(0, t.out.find('\n'));
  }

  httplib::Client Client(int port) const {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(30, 0);
    return c;
  }
  httplib::Headers Auth() const { return {{"Authorization", "Bearer " + token}}; }

  // Serves the folder, appends five events, has the head signed, and stops.
  void ServeAppendSignStop(const std::vector<std::string>& extra = {}) {
    ServeProcess serve(data, scratch, extra);
    std::string error;
    ASSERT_TRUE(serve.Start(&error)) << error;
    httplib::Client c = Client(serve.port());
    for (int i = 1; i <= 5; ++i) {
      auto r = c.Post("/v1/events", Auth(), Learning(i), "application/json");
      ASSERT_TRUE(r);
      ASSERT_EQ(r->status, 201) << r->body;
    }
    auto head = c.Get("/v1/head", Auth());
    ASSERT_TRUE(head);
    ASSERT_EQ(head->status, 200) << head->body;
    signed_head = Json::parse(head->body);
    ASSERT_EQ(c.Get("/v1/checkpoint", Auth())->status, 200);
    serve.Kill(SIGTERM);
    serve.Wait();
  }

  // Starts `lif serve` on the changed folder and checks that it is up but
  // refuses everything that appends, signs or serves data.
  void ExpectServedDamaged(int64_t position, const std::vector<std::string>& extra = {}) {
    ServeProcess serve(data, scratch, extra);
    std::string error;
    ASSERT_TRUE(serve.Start(&error)) << error;
    httplib::Client c = Client(serve.port());
    auto health = c.Get("/healthz");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 503) << health->body;
    EXPECT_EQ(CodeOf(health), "data_damaged");
    EXPECT_EQ(Json::parse(health->body)["position"], position) << health->body;
    auto append = c.Post("/v1/events", Auth(), Learning(9), "application/json");
    ASSERT_TRUE(append);
    EXPECT_EQ(append->status, 503) << append->body;
    EXPECT_EQ(CodeOf(append), "data_damaged");
    for (const char* path : {"/v1/head", "/v1/checkpoint", "/v1/bundle", "/v1/events"}) {
      auto r = c.Get(path, Auth());
      ASSERT_TRUE(r) << path;
      EXPECT_EQ(r->status, 503) << path << ": " << r->body;
      EXPECT_EQ(CodeOf(r), "data_damaged") << path;
    }
    serve.Kill(SIGTERM);
    serve.Wait();
    const std::string err = ReadText(scratch + "/serve.err");
    EXPECT_NE(err.find("REFUSING appends, signatures and reads"), std::string::npos) << err;
    if (position > 0) {
      EXPECT_NE(err.find("at position " + std::to_string(position)), std::string::npos) << err;
    }
  }

  // Opens the stopped folder as its owner, for the tampering.
  std::unique_ptr<store::RocksLog> OpenStopped() {
    auto log = store::RocksLog::Open(data, store::RocksLogOptions{});
    EXPECT_TRUE(log.ok()) << log.status().ToString();
    return log.ok() ? std::move(*log) : nullptr;
  }

  testing::TempDir dir;
  std::string data = dir.Sub("data");
  std::string scratch = dir.Sub("scratch");
  std::string token;
  Json signed_head;
};

TEST_F(DamagedFolderCliTest, OneChangedByteIsRefusedByServeVerifyAndExport) {
  ServeAppendSignStop();
  const int64_t target = signed_head["size"].get<int64_t>() - 1;
  {
    auto log = OpenStopped();
    ASSERT_TRUE(log);
    testing::ChangeOneStoredByte(log.get(), target, "Title ");
  }
  ExpectServedDamaged(target);

  LifRun verify = RunLif({"verify", "--data", data}, scratch);
  EXPECT_EQ(verify.exit_code, 3) << verify.out << verify.err;
  EXPECT_EQ(Json::parse(verify.out)["first_bad_position"], target) << verify.out;

  const std::string pack = dir.Sub("pack.ndjson");
  LifRun exported = RunLif({"export", "--data", data, "--out", pack}, scratch);
  EXPECT_EQ(exported.exit_code, 3) << exported.err;
  EXPECT_NE(exported.err.find("data_damaged"), std::string::npos) << exported.err;
  EXPECT_FALSE(fs::exists(pack));
}

TEST_F(DamagedFolderCliTest, ARewrittenHistoryIsCaughtByTheHeadRecordOutsideTheFolder) {
  const std::string record = dir.Sub("outside/head.json");
  fs::create_directories(dir.Sub("outside"));
  ServeAppendSignStop({"--head-record", record});
  EXPECT_EQ(Json::parse(ReadText(record))["root"], signed_head["root"]);
  {
    auto log = OpenStopped();
    ASSERT_TRUE(log);
    testing::Rechain(log.get(), 3);
  }
  // With the inside copy still there, the rewrite is caught either way.
  LifRun inside = RunLif({"verify", "--data", data}, scratch);
  EXPECT_EQ(inside.exit_code, 3) << inside.out << inside.err;
  {
    auto log = OpenStopped();
    ASSERT_TRUE(log);
    ASSERT_TRUE(log->DeleteMeta("signed_head").ok());
  }
  // Once the inside copy is removed too, only the record outside catches it.
  LifRun without = RunLif({"verify", "--data", data}, scratch);
  EXPECT_EQ(without.exit_code, 0) << without.out << without.err;
  LifRun with = RunLif({"verify", "--data", data, "--head-record", record}, scratch);
  EXPECT_EQ(with.exit_code, 3) << with.out << with.err;
  EXPECT_NE(with.out.find("not the ones the board's key signed"), std::string::npos) << with.out;
  ExpectServedDamaged(0, {"--head-record", record});
}

TEST_F(DamagedFolderCliTest, CorruptTableFilesAndATruncatedBackupAreDamagedData) {
  ServeAppendSignStop();
  // A backup of the intact folder, taken before the damage.
  LifRun backup = RunLif({"backup", "--data", data, "--to", dir.Sub("backup")}, scratch);
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  {
    auto log = OpenStopped();
    ASSERT_TRUE(log);
    ASSERT_TRUE(log->db()->Flush(rocksdb::FlushOptions()).ok());
  }
  auto tables = [](const std::string& folder) {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(folder)) {
      if (entry.path().extension() == ".sst") out.push_back(entry.path().string());
    }
    return out;
  };
  for (const std::string& table : tables(data)) fs::resize_file(table, fs::file_size(table) / 2);
  LifRun verify = RunLif({"verify", "--data", data}, scratch);
  EXPECT_EQ(verify.exit_code, 3) << verify.out << verify.err;
  EXPECT_NE(verify.err.find("data_damaged"), std::string::npos) << verify.err;
  ServeProcess serve(data, scratch);
  std::string error;
  EXPECT_FALSE(serve.Start(&error));
  EXPECT_NE(error.find("data_damaged"), std::string::npos) << error;

  // The backup, truncated, is refused by restore with the same exit code.
  for (const std::string& table : tables(dir.Sub("backup"))) {
    fs::resize_file(table, fs::file_size(table) / 2);
  }
  LifRun restore =
      RunLif({"restore", "--from", dir.Sub("backup"), "--data", dir.Sub("r")}, scratch);
  EXPECT_EQ(restore.exit_code, 3) << restore.err;
  EXPECT_NE(restore.err.find("data_damaged"), std::string::npos) << restore.err;
  EXPECT_FALSE(fs::exists(dir.Sub("r")));
}

}  // namespace
}  // namespace lif
