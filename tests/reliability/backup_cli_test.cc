// `lif backup` and `lif restore` with the real binary (docs/storage.md#backups):
// a backup taken while `lif serve` owns the folder and appends run restores
// into a store that `lif verify` accepts, holding a prefix of the live log
// whose head the backup recorded, with the files kept beside RocksDB.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "core/json.h"
#include "tests/reliability/lif_process.h"
#include "tests/support/temp_dir.h"

namespace lif {
namespace {

using testing::LifRun;
using testing::ReadText;
using testing::RunLif;
using testing::ServeProcess;

class BackupCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(scratch);
    LifRun t = RunLif({"token", "create", "--data", data, "--role", "admin"}, scratch);
    ASSERT_EQ(t.exit_code, 0) << t.err;
    token = t.out.substr(0, t.out.find('\n'));
  }

  httplib::Client Client(int port) const {
    httplib::Client c("127.0.0.1", port);
    c.set_tcp_nodelay(true);
    c.set_read_timeout(30, 0);
    return c;
  }
  httplib::Headers Auth() const { return {{"Authorization", "Bearer " + token}}; }

  int64_t HeadOf(int port) {
    auto r = Client(port).Get("/healthz");
    return r && r->status == 200 ? Json::parse(r->body)["position"].get<int64_t>() : -1;
  }

  // The hashes of positions 1..n, read through the API.
  std::vector<std::string> Hashes(int port, int64_t n) {
    std::vector<std::string> out;
    httplib::Client c = Client(port);
    while (static_cast<int64_t>(out.size()) < n) {
      auto r =
          c.Get(("/v1/events?after=" + std::to_string(out.size()) + "&limit=1000").c_str(), Auth());
      if (!r || r->status != 200) break;
      Json events = Json::parse(r->body)["events"];
      if (events.empty()) break;
      for (const Json& e : events) {
        if (static_cast<int64_t>(out.size()) < n) out.push_back(e["hash"].get<std::string>());
      }
    }
    return out;
  }

  testing::TempDir dir;
  std::string data = dir.Sub("data");
  std::string scratch = dir.Sub("scratch");
  std::string token;
};

std::string LearningEvent(const std::string& id) {
  return R"({"type":"learning.identified","stream":"learning/)" + id + R"(","data":{"title":")" +
         id +
         R"(","kind":"lesson","source":{"kind":"case_review","stream":"review/2026-01"},"themes":["voice-of-child"]}})";
}

TEST_F(BackupCliTest, OnlineBackupWhileAppendingRestoresToAVerifiedPrefix) {
  ServeProcess live(data, dir.Sub("scratch"));
  std::string error;
  ASSERT_TRUE(live.Start(&error)) << error;
  const int port = live.port();
  // A pseudonym makes sure the pseudonym key exists; a signed head gives
  // `lif verify` a Merkle root to check.
  auto pn = Client(port).Post("/v1/pseudonyms", Auth(),
                              R"({"identifier":"case-1","agency":"police"})", "application/json");
  ASSERT_TRUE(pn && pn->status == 200) << (pn ? pn->body : "no answer");

  std::atomic<bool> stop{false};
  std::atomic<int> appended{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 8; ++w) {
    writers.emplace_back([&, w] {
      httplib::Client c = Client(port);
      for (int i = 0; !stop.load(); ++i) {
        const std::string id = "w" + std::to_string(w) + "-" + std::to_string(i);
        const std::string body = i % 3 == 2 ? R"({"events":[)" + LearningEvent(id + "-a") + "," +
                                                  LearningEvent(id + "-b") + "]}"
                                            : LearningEvent(id);
        auto r = c.Post("/v1/events", Auth(), body, "application/json");
        if (!r || r->status != 201) return;
        ++appended;
        if (i % 50 == 0) c.Get("/v1/head", Auth());
      }
    });
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (appended.load() < 300 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const int64_t before = HeadOf(port);
  const std::string backup = dir.Sub("backup");
  LifRun run = RunLif({"backup", "--data", data, "--to", backup}, scratch);
  const int64_t after = HeadOf(port);
  const int appended_during = appended.load();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  stop = true;
  for (auto& t : writers) t.join();
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  ASSERT_GE(appended_during, 300) << "the appends stopped early";
  EXPECT_GT(appended.load(), appended_during) << "appends kept running during the backup";

  // The backup records a head between the heads seen before and after it.
  Json manifest = Json::parse(ReadText(backup + "/backup.json"));
  const int64_t pos = manifest["head"]["position"].get<int64_t>();
  EXPECT_GE(pos, before);
  EXPECT_LE(pos, after);
  EXPECT_GT(manifest["signed_head_size"].get<int64_t>(), 0);
  EXPECT_EQ(Json::parse(run.out)["head"], manifest["head"]);
  const std::vector<std::string> live_hashes = Hashes(port, pos);
  ASSERT_EQ(static_cast<int64_t>(live_hashes.size()), pos);
  EXPECT_EQ(live_hashes.back(), manifest["head"]["hash"]);

  // Restore, refuse to restore over it, and verify the restored store.
  const std::string restored = dir.Sub("restored");
  LifRun restore = RunLif({"restore", "--from", backup, "--data", restored}, scratch);
  ASSERT_EQ(restore.exit_code, 0) << restore.err;
  LifRun again = RunLif({"restore", "--from", backup, "--data", restored}, scratch);
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.err.find("not empty"), std::string::npos) << again.err;
  LifRun verify = RunLif({"verify", "--data", restored}, scratch);
  ASSERT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  Json report = Json::parse(verify.out);
  EXPECT_EQ(report["length"], pos);
  EXPECT_EQ(report["head"], manifest["head"]["hash"]);
  EXPECT_GT(report["signed_head_size"].get<int64_t>(), 0);

  // The files beside RocksDB came along, private as they were.
  for (const char* name : {"signing-key.pem", "pseudonym-key"}) {
    EXPECT_EQ(ReadText(restored + "/" + name), ReadText(data + "/" + name)) << name;
    struct stat st;
    ASSERT_EQ(::stat((restored + "/" + name).c_str(), &st), 0) << name;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << name;
  }

  // Served, the restored store holds the same events, keys and tokens.
  ServeProcess copy(restored, dir.Sub("scratch"));
  ASSERT_TRUE(copy.Start(&error)) << error;
  EXPECT_EQ(Hashes(copy.port(), pos + 10), live_hashes) << "not the same prefix";
  auto keys_live = Client(port).Get("/v1/keys");
  auto keys_copy = Client(copy.port()).Get("/v1/keys");
  ASSERT_TRUE(keys_live && keys_copy);
  EXPECT_EQ(keys_live->body, keys_copy->body);
  auto pn_copy = Client(copy.port())
                     .Post("/v1/pseudonyms", Auth(), R"({"identifier":"case-1","agency":"police"})",
                           "application/json");
  ASSERT_TRUE(pn_copy && pn_copy->status == 200);
  EXPECT_EQ(Json::parse(pn_copy->body)["reference"], Json::parse(pn->body)["reference"]);
  copy.Kill(SIGTERM);
  copy.Wait();

  // Offline: after a clean stop, a backup holds the whole log.
  live.Kill(SIGTERM);
  live.Wait();
  LifRun final_verify = RunLif({"verify", "--data", data}, scratch);
  ASSERT_EQ(final_verify.exit_code, 0) << final_verify.out;
  const std::string offline = dir.Sub("offline");
  LifRun off = RunLif({"backup", "--data", data, "--to", offline}, scratch);
  ASSERT_EQ(off.exit_code, 0) << off.err;
  EXPECT_EQ(Json::parse(off.out)["head"]["hash"], Json::parse(final_verify.out)["head"]);
  const std::string restored2 = dir.Sub("restored2");
  ASSERT_EQ(RunLif({"restore", "--from", offline, "--data", restored2}, scratch).exit_code, 0);
  LifRun verify2 = RunLif({"verify", "--data", restored2}, scratch);
  ASSERT_EQ(verify2.exit_code, 0) << verify2.out;
  EXPECT_EQ(Json::parse(verify2.out)["length"], Json::parse(final_verify.out)["length"]);
}

TEST_F(BackupCliTest, RefusesTargetsThatWouldLoseOrMixData) {
  // Inside the data folder.
  LifRun inside = RunLif({"backup", "--data", data, "--to", data + "/b"}, scratch);
  EXPECT_EQ(inside.exit_code, 2) << inside.err;
  EXPECT_FALSE(std::filesystem::exists(data + "/b"));
  // Not a data folder: nothing is created there.
  LifRun missing = RunLif({"backup", "--data", dir.Sub("nope"), "--to", dir.Sub("b")}, scratch);
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("nope")));
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("b")));
  // A non-empty target.
  std::filesystem::create_directories(dir.Sub("full"));
  { std::ofstream(dir.Sub("full") + "/x") << "x"; }
  LifRun full = RunLif({"backup", "--data", data, "--to", dir.Sub("full")}, scratch);
  EXPECT_EQ(full.exit_code, 2) << full.err;
  // An empty target folder is fine; restoring from a folder that is not a backup is not.
  std::filesystem::create_directories(dir.Sub("empty"));
  EXPECT_EQ(RunLif({"backup", "--data", data, "--to", dir.Sub("empty")}, scratch).exit_code, 0);
  EXPECT_NE(RunLif({"restore", "--from", data, "--data", dir.Sub("r")}, scratch).exit_code, 0);
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("r")));
}

}  // namespace
}  // namespace lif
