// BackupDataFolder and RestoreDataFolder (server/backup/backup.h) in process:
// an online copy of a serving store is a verified prefix of the live log; a
// tampered backup or a damaged store is refused.
#include "server/backup/backup.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "core/log/verify.h"
#include "core/projections/board_state.h"
#include "core/views/views.h"
#include "server/store/damage.h"
#include "server/store/keys.h"
#include "tests/server/live_server.h"
#include "tests/support/scenario.h"

namespace lif {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class BackupTest : public ::testing::Test {
 protected:
  testing::TempDir out;
};

TEST_F(BackupTest, OnlineCopyOfAServingStoreIsAVerifiedPrefixOfTheLiveLog) {
  testing::LiveServer server;
  ASSERT_TRUE(server.integrity()->SignHead().ok());
  std::atomic<bool> stop{false};
  std::atomic<int> appended{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 8; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; !stop.load(); ++i) {
        const std::string id = "w" + std::to_string(w) + "-" + std::to_string(i);
        if (!testing::AppendOne(server.log(), testing::Admin(), testing::Learning(id, id)).ok()) {
          return;
        }
        ++appended;
        if (i % 25 == 0) server.integrity()->SignHead().status().IgnoreError();
      }
    });
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (appended.load() < 200 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  const int64_t before = server.Head();
  Result<backup::BackupReport> report =
      backup::BackupDataFolder(server.data_dir(), out.Sub("backup"));
  const int64_t after = server.Head();
  stop = true;
  for (auto& t : writers) t.join();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_GE(appended.load(), 200) << "the appends stopped early";
  EXPECT_GE(report->head.position, before);
  EXPECT_LE(report->head.position, after);
  EXPECT_GT(report->signed_head_size, 0);
  EXPECT_NE(std::find(report->files.begin(), report->files.end(), "signing-key.pem"),
            report->files.end());
  EXPECT_NE(std::find(report->files.begin(), report->files.end(), "pseudonym-key"),
            report->files.end());
  EXPECT_TRUE(fs::exists(out.Sub("backup") + "/backup.json"));

  // Restore it and compare every stored byte with the live log's.
  Result<backup::BackupReport> restored =
      backup::RestoreDataFolder(out.Sub("backup"), out.Sub("restored"));
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  EXPECT_EQ(restored->head.position, report->head.position);
  EXPECT_EQ(restored->head.hash, report->head.hash);
  auto copy = store::RocksLog::Open(out.Sub("restored"), store::RocksLogOptions{});
  ASSERT_TRUE(copy.ok());
  for (int64_t p = 1; p <= report->head.position; ++p) {
    ASSERT_EQ((*copy)->ReadRaw(p).value(), server.log()->ReadRaw(p).value()) << p;
  }
  EXPECT_FALSE((*copy)->ReadRaw(report->head.position + 1).ok());
  Result<VerifyReport> verified = VerifyLog(**copy, (*copy)->Head());
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok);
  // Tokens (RocksDB keys beside the log) came along: the admin token still works.
  auth::TokenStore tokens(copy->get());
  EXPECT_TRUE(tokens.Authenticate(server.tokens.at("admin")).ok());
  for (const char* name : {"signing-key.pem", "pseudonym-key"}) {
    EXPECT_EQ(ReadAll(out.Sub("restored") + "/" + name), ReadAll(server.data_dir() + "/" + name));
  }
  EXPECT_FALSE(fs::exists(out.Sub("restored") + "/backup.json"));
}

TEST_F(BackupTest, RestoreRefusesATamperedBackupAndANonEmptyTarget) {
  {
    testing::LiveServer server;
    ASSERT_TRUE(server.integrity()->SignHead().ok());
    server.Shutdown();
    ASSERT_TRUE(backup::BackupDataFolder(server.data_dir(), out.Sub("backup")).ok());
  }
  // A non-empty target is refused and left alone.
  fs::create_directories(out.Sub("full"));
  { std::ofstream(out.Sub("full") + "/keep") << "mine"; }
  Result<backup::BackupReport> full = backup::RestoreDataFolder(out.Sub("backup"), out.Sub("full"));
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.status().code(), StatusCode::kInvalid);
  EXPECT_EQ(ReadAll(out.Sub("full") + "/keep"), "mine");

  // A key file that differs from the manifest is refused.
  const std::string key = out.Sub("backup") + "/pseudonym-key";
  const std::string original = ReadAll(key);
  {
    std::string changed = original;
    changed[0] = static_cast<char>(changed[0] ^ 1);
    std::ofstream(key, std::ios::binary | std::ios::trunc) << changed;
  }
  Result<backup::BackupReport> tampered =
      backup::RestoreDataFolder(out.Sub("backup"), out.Sub("r1"));
  ASSERT_FALSE(tampered.ok());
  EXPECT_TRUE(store::IsDataDamaged(tampered.status()));
  EXPECT_NE(tampered.status().message().find("pseudonym-key"), std::string::npos);
  EXPECT_FALSE(fs::exists(out.Sub("r1")));
  std::ofstream(key, std::ios::binary | std::ios::trunc) << original;

  // A manifest whose head is not the copy's head is refused.
  const std::string manifest_path = out.Sub("backup") + "/backup.json";
  Json manifest = Json::parse(ReadAll(manifest_path));
  manifest["head"]["hash"] = std::string(64, '0');
  std::ofstream(manifest_path, std::ios::trunc) << manifest.dump();
  Result<backup::BackupReport> wrong_head =
      backup::RestoreDataFolder(out.Sub("backup"), out.Sub("r2"));
  ASSERT_FALSE(wrong_head.ok());
  EXPECT_TRUE(store::IsDataDamaged(wrong_head.status()));
  EXPECT_NE(wrong_head.status().message().find("recorded head"), std::string::npos);
  EXPECT_FALSE(fs::exists(out.Sub("r2")));
}

// A backup whose RocksDB files were altered or truncated, or whose manifest
// is garbled, is refused as damaged data (data_damaged), not as an internal
// error, and nothing is restored.
TEST_F(BackupTest, ADamagedBackupIsRefusedAsDamagedData) {
  {
    testing::LiveServer server;
    ASSERT_TRUE(server.integrity()->SignHead().ok());
    server.Shutdown();
    ASSERT_TRUE(backup::BackupDataFolder(server.data_dir(), out.Sub("backup")).ok());
  }
  auto copy_of_backup = [&](const std::string& name) {
    fs::copy(out.Sub("backup"), out.Sub(name), fs::copy_options::recursive);
    return out.Sub(name);
  };
  auto table_of = [](const std::string& dir) {
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() == ".sst") return entry.path().string();
    }
    return std::string();
  };
  auto expect_damaged = [&](const std::string& from, const std::string& to,
                            const std::string& says) {
    Result<backup::BackupReport> r = backup::RestoreDataFolder(from, out.Sub(to));
    ASSERT_FALSE(r.ok()) << to;
    EXPECT_TRUE(store::IsDataDamaged(r.status())) << r.status().ToString();
    EXPECT_NE(r.status().message().find(says), std::string::npos) << r.status().ToString();
    EXPECT_FALSE(fs::exists(out.Sub(to)));
  };

  // One event changed inside the backup's RocksDB.
  const std::string altered = copy_of_backup("altered");
  {
    rocksdb::DB* raw = nullptr;
    rocksdb::Options options;
    ASSERT_TRUE(rocksdb::DB::Open(options, altered, &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    std::string value;
    ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), store::EventKey(3), &value).ok());
    value[value.size() / 2] = value[value.size() / 2] == 'a' ? 'b' : 'a';
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), store::EventKey(3), value).ok());
  }
  expect_damaged(altered, "r-altered", "position 3");

  // A table file cut in half.
  const std::string truncated = copy_of_backup("truncated");
  const std::string table = table_of(truncated);
  ASSERT_FALSE(table.empty());
  fs::resize_file(table, fs::file_size(table) / 2);
  expect_damaged(truncated, "r-truncated", "damaged");

  // A table file with bytes changed in its first data block.
  const std::string flipped = copy_of_backup("flipped");
  {
    const std::string path = table_of(flipped);
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(64);
    f.write("\xff\xff\xff\xff", 4);
  }
  expect_damaged(flipped, "r-flipped", "");

  // A manifest cut short.
  const std::string garbled = copy_of_backup("garbled");
  {
    const std::string manifest = ReadAll(garbled + "/backup.json");
    std::ofstream(garbled + "/backup.json", std::ios::trunc) << manifest.substr(0, 20);
  }
  expect_damaged(garbled, "r-garbled", "backup.json");
}

TEST_F(BackupTest, ADamagedStoreIsNotBackedUp) {
  const std::string data = out.Sub("data");
  {
    auto log = store::RocksLog::Open(data, store::RocksLogOptions{});
    ASSERT_TRUE(log.ok());
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(testing::AppendOne(log->get(), testing::Admin(),
                                     testing::Learning(std::to_string(i), "Title"))
                      .ok());
    }
    std::string value = (*log)->ReadRaw(3).value();
    value[value.find("Title")] = 't';
    ASSERT_TRUE((*log)->db()->Put(rocksdb::WriteOptions(), store::EventKey(3), value).ok());
  }
  Result<backup::BackupReport> report = backup::BackupDataFolder(data, out.Sub("backup"));
  ASSERT_FALSE(report.ok());
  EXPECT_TRUE(store::IsDataDamaged(report.status()));
  EXPECT_NE(report.status().message().find("position 3"), std::string::npos)
      << report.status().ToString();
  EXPECT_FALSE(fs::exists(out.Sub("backup")));
  // No staging folder is left behind either.
  for (const auto& entry : fs::directory_iterator(out.path())) {
    EXPECT_EQ(entry.path().filename(), "data");
  }
}

// The checkpoints (<data>/checkpoints) travel with a backup. In the restored
// store the one of the copy is used; a checkpoint ahead of the restored log
// (as when the files were copied after the log) is refused and the views are
// still those of a fold of the restored log.
TEST_F(BackupTest, ARestoredStoreStartsFromItsCheckpointOrRebuilds) {
  const Date today = *ParseDate("2026-07-01");
  auto all_views = [&](const BoardState& state) {
    Json out = Json::object();
    for (const std::string& name : ViewNames()) {
      out[name] = RenderView(name, state, {today, AsOf{}, {}}).value();
    }
    return out;
  };
  testing::LiveServer server;
  for (int i = 0; i < 30; ++i) {
    ASSERT_TRUE(testing::AppendOne(server.log(), testing::Admin(),
                                   testing::Learning("b" + std::to_string(i), "Backed up"))
                    .ok());
  }
  ASSERT_TRUE(server.views()->Checkpoint().ok());
  ASSERT_TRUE(backup::BackupDataFolder(server.data_dir(), out.Sub("backup")).ok());
  ASSERT_TRUE(backup::RestoreDataFolder(out.Sub("backup"), out.Sub("restored")).ok());
  const std::string checkpoints = out.Sub("restored") + "/checkpoints";
  ASSERT_TRUE(fs::is_directory(checkpoints));
  {
    auto copy = store::RocksLog::Open(out.Sub("restored"), store::RocksLogOptions{});
    ASSERT_TRUE(copy.ok());
    server::ViewServiceOptions options;
    options.today = [today] { return today; };
    auto views = server::ViewService::Start(copy->get(), options);
    ASSERT_TRUE(views.ok()) << views.status().ToString();
    EXPECT_TRUE((*views)->used_checkpoint());
    EXPECT_EQ((*views)->replayed_at_start(), 0);
    BoardState full = BuildBoardState(**copy, AsOf{}).value();
    for (const std::string& name : ViewNames()) {
      EXPECT_EQ((*views)->Render(name, AsOf{}, {}).value(), all_views(full)[name]) << name;
    }
  }
  // The live store moves on and checkpoints; its newer files land in the copy.
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(testing::AppendOne(server.log(), testing::Admin(),
                                   testing::Learning("c" + std::to_string(i), "Later"))
                    .ok());
  }
  ASSERT_TRUE(server.views()->Checkpoint().ok());
  for (const auto& entry : fs::directory_iterator(server.data_dir() + "/checkpoints")) {
    fs::copy_file(entry.path(), checkpoints + "/" + entry.path().filename().string(),
                  fs::copy_options::overwrite_existing);
  }
  auto copy = store::RocksLog::Open(out.Sub("restored"), store::RocksLogOptions{});
  ASSERT_TRUE(copy.ok());
  server::ViewServiceOptions options;
  options.today = [today] { return today; };
  auto views = server::ViewService::Start(copy->get(), options);
  ASSERT_TRUE(views.ok()) << views.status().ToString();
  EXPECT_EQ((*views)->position(), (*copy)->Head().position);
  BoardState full = BuildBoardState(**copy, AsOf{}).value();
  const Json expected = all_views(full);
  for (const std::string& name : ViewNames()) {
    EXPECT_EQ((*views)->Render(name, AsOf{}, {}).value(), expected[name]) << name;
  }
  EXPECT_EQ(expected["learning"].dump().find("Later"), std::string::npos);
}

}  // namespace
}  // namespace lif
