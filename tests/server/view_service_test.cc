// The view service's checkpoints (docs/storage.md#checkpoints): a first start
// leaves spaced checkpoints, a restart uses the newest and replays nothing,
// "as of" views continue from a checkpoint, and every view is the same as a
// fold of the whole log; a damaged checkpoint is skipped, never trusted.
#include "server/views/view_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <set>
#include <thread>

#include "core/demo/generator.h"
#include "core/views/views.h"
#include "tests/support/scenario.h"
#include "tests/support/temp_dir.h"

namespace lif::server {
namespace {

constexpr int64_t kEvery = 400;

class ViewServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The demo board (one year to 2026-06-30), appended as `lif demo` does.
    Status s = AppendDemo(dir.path(), [](store::RocksLog&) { return Status::Ok(); });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  // Appends the demo board to a new log in `path`, calling `after_each` after
  // each request; `views`, when given, is started on the log first, and then
  // `kept` must be given too, to keep the log as long as the views.
  static Status AppendDemo(const std::string& path,
                           const std::function<Status(store::RocksLog&)>& after_each,
                           std::unique_ptr<ViewService>* views = nullptr,
                           std::unique_ptr<store::RocksLog>* kept = nullptr) {
    auto now = std::make_shared<std::atomic<int64_t>>(0);
    store::RocksLogOptions options;
    options.clock = [now] { return Timestamp{now->load()}; };
    options.new_id = DemoEventIds(1);
    options.sync = false;
    auto log = store::RocksLog::Open(path, options);
    if (!log.ok()) return log.status();
    if (views != nullptr) {
      auto started = ViewService::Start(log->get(), Options(/*use_checkpoints=*/false));
      if (!started.ok()) return started.status();
      *views = std::move(*started);
    }
    DemoOptions demo;
    demo.end = *ParseDate("2026-06-30");
    Status s = GenerateDemo(demo, [&](const DemoStep& step) -> Status {
      now->store(step.recorded_at.millis);
      AppendRequest request = step.request;
      Result<AppendOutcome> r = (*log)->Append(std::move(request));
      return r.ok() ? after_each(**log) : r.status();
    });
    if (kept != nullptr) *kept = std::move(*log);
    return s;
  }
  static ViewServiceOptions Options(bool use_checkpoints) {
    ViewServiceOptions options;
    options.checkpoint_every = kEvery;
    options.today = [] { return *ParseDate("2026-07-01"); };
    options.use_checkpoints = use_checkpoints;
    return options;
  }

  struct Started {
    std::unique_ptr<store::RocksLog> log;
    std::unique_ptr<ViewService> views;
  };
  Started Start(bool use_checkpoints = true) {
    Started st;
    auto log = store::RocksLog::Open(dir.path(), {});
    EXPECT_TRUE(log.ok());
    st.log = std::move(*log);
    auto views = ViewService::Start(st.log.get(), Options(use_checkpoints));
    EXPECT_TRUE(views.ok()) << views.status().ToString();
    st.views = std::move(*views);
    return st;
  }
  static Json AllViews(const ViewService& views, const AsOf& as_of = AsOf{}) {
    Json out = Json::object();
    for (const std::string& name : ViewNames()) {
      Result<Json> v = views.Render(name, as_of, {});
      EXPECT_TRUE(v.ok()) << name;
      out[name] = v.ok() ? *v : Json();
    }
    return out;
  }
  std::string CheckpointDir() const { return dir.path() + "/checkpoints"; }

  testing::TempDir dir;
};

TEST_F(ViewServiceTest, RestartUsesTheNewestCheckpointAndGivesTheSameViews) {
  Json expected;
  {
    Started full = Start(/*use_checkpoints=*/false);
    EXPECT_FALSE(full.views->used_checkpoint());
    expected = AllViews(*full.views);
  }
  {
    Started first = Start();
    EXPECT_FALSE(first.views->used_checkpoint());
    // The replay left checkpoints every kEvery events.
    const std::vector<int64_t> at = first.views->checkpoint_positions();
    ASSERT_GE(at.size(), 4u);
    for (size_t i = 1; i < at.size(); ++i) EXPECT_GE(at[i] - at[i - 1], kEvery / 2);
    EXPECT_EQ(AllViews(*first.views), expected);
    ASSERT_TRUE(first.views->Checkpoint().ok());
  }
  Started again = Start();
  EXPECT_TRUE(again.views->used_checkpoint());
  EXPECT_EQ(again.views->replayed_at_start(), 0);
  EXPECT_EQ(again.views->position(), again.log->Head().position);
  EXPECT_EQ(AllViews(*again.views), expected);
  // Cached text and rendered JSON agree.
  Result<std::shared_ptr<const std::string>> text =
      again.views->RenderText("dashboard", AsOf{}, {});
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(**text, expected["dashboard"].dump());
}

TEST_F(ViewServiceTest, AsOfFromACheckpointEqualsAFoldFromTheStart) {
  { Started first = Start(); }
  Started st = Start();
  for (const char* date : {"2025-08-01", "2025-12-24", "2026-03-15"}) {
    AsOf as_of;
    as_of.kind = AsOf::Kind::kDate;
    as_of.date = *ParseDate(date);
    Result<BoardState> direct = BuildBoardState(*st.log, as_of);
    ASSERT_TRUE(direct.ok());
    ViewContext ctx{*ParseDate("2026-07-01"), as_of, {}};
    for (const std::string& name : ViewNames()) {
      Result<Json> a = st.views->Render(name, as_of, {});
      Result<Json> b = RenderView(name, *direct, ctx);
      ASSERT_TRUE(a.ok() && b.ok()) << name;
      EXPECT_EQ(*a, *b) << name << " as of " << date;
    }
  }
  AsOf position;
  position.kind = AsOf::Kind::kPosition;
  position.position = kEvery * 2 + 17;
  Result<BoardState> direct = BuildBoardState(*st.log, position);
  ASSERT_TRUE(direct.ok());
  Result<Json> a = st.views->Render("actions", position, {});
  Result<Json> b = RenderView("actions", *direct, {*ParseDate("2026-07-01"), position, {}});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
}

// The number of checkpoints is capped, and the ones kept stay spread over the
// log: "as of" views from them still equal a fold from the start.
TEST_F(ViewServiceTest, CheckpointsPastTheLimitAreThinnedAndStaySpread) {
  auto state_files = [&] {
    size_t n = 0;
    for (const auto& entry : std::filesystem::directory_iterator(CheckpointDir())) {
      n += entry.path().filename().string().rfind("state-", 0) == 0 ? 1 : 0;
    }
    return n;
  };
  auto log = store::RocksLog::Open(dir.path(), {});
  ASSERT_TRUE(log.ok());
  const int64_t head = (*log)->Head().position;
  ViewServiceOptions options = Options(/*use_checkpoints=*/true);
  options.checkpoint_every = 50;
  int64_t newest = 0;
  {
    // A first start with the default limit leaves one every 50 events or so.
    auto views = ViewService::Start(log->get(), options);
    ASSERT_TRUE(views.ok()) << views.status().ToString();
    ASSERT_GT((*views)->checkpoint_positions().size(), 8u);
    ASSERT_LE((*views)->checkpoint_positions().size(), options.max_checkpoints);
    newest = (*views)->checkpoint_positions().back();
  }
  // A start with a lower limit thins what it finds, and every checkpoint
  // written after keeps the count there.
  options.max_checkpoints = 5;
  auto views = ViewService::Start(log->get(), options);
  ASSERT_TRUE(views.ok()) << views.status().ToString();
  EXPECT_EQ((*views)->checkpoint_positions().size(), 5u);
  EXPECT_EQ((*views)->checkpoint_positions().back(), newest);
  ASSERT_TRUE((*views)->Checkpoint().ok());
  std::vector<int64_t> at = (*views)->checkpoint_positions();
  ASSERT_EQ(at.size(), 5u);
  EXPECT_EQ(state_files(), 5u);
  EXPECT_EQ(at.back(), head);
  // Spread: no gap (from the start of the log) is more than twice an even share.
  int64_t before = 0;
  for (int64_t p : at) {
    EXPECT_LE(p - before, 2 * head / 5) << "gap before " << p;
    before = p;
  }
  AsOf as_of;
  as_of.kind = AsOf::Kind::kDate;
  as_of.date = *ParseDate("2026-01-15");
  Result<BoardState> direct = BuildBoardState(**log, as_of);
  ASSERT_TRUE(direct.ok());
  Result<Json> a = (*views)->Render("actions", as_of, {});
  Result<Json> b = RenderView("actions", *direct, {*ParseDate("2026-07-01"), as_of, {}});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
}

TEST_F(ViewServiceTest, ADamagedCheckpointIsSkipped) {
  Json expected;
  {
    Started first = Start();
    expected = AllViews(*first.views);
  }
  // Damage the newest checkpoint and every arena byte after the first 100.
  std::string newest;
  for (const auto& entry : std::filesystem::directory_iterator(CheckpointDir())) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("state-", 0) == 0 && name > newest) newest = name;
  }
  ASSERT_FALSE(newest.empty());
  const std::string path = CheckpointDir() + "/" + newest;
  std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
  for (const auto& entry : std::filesystem::directory_iterator(CheckpointDir())) {
    if (entry.path().filename().string().rfind("arena-dissemination", 0) != 0) continue;
    std::fstream f(entry.path(), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(100);
    f.put('\x7f');
  }
  Started again = Start();
  EXPECT_EQ(again.views->position(), again.log->Head().position);
  EXPECT_EQ(AllViews(*again.views), expected);
}

// Rewrites line `line` (0: magic, 1: fingerprint, 2: position, 3: last
// recorded_at, 4: hash) of every checkpoint's header.
void RewriteHeaderLine(const std::string& checkpoints, int line, const std::string& text) {
  for (const auto& entry : std::filesystem::directory_iterator(checkpoints)) {
    if (entry.path().filename().string().rfind("state-", 0) != 0) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    in.close();
    size_t start = 0;
    for (int i = 0; i < line; ++i) start = bytes.find('\n', start) + 1;
    const size_t end = bytes.find('\n', start);
    bytes.replace(start, end - start, text);
    std::ofstream out(entry.path(), std::ios::binary | std::ios::trunc);
    out << bytes;
  }
}

TEST_F(ViewServiceTest, ACheckpointBehindTheLogIsContinued) {
  int64_t newest = 0;
  {
    Started first = Start();
    newest = first.views->checkpoint_positions().back();
  }
  Started st = Start();
  ASSERT_LT(newest, st.log->Head().position);
  EXPECT_TRUE(st.views->used_checkpoint());
  EXPECT_EQ(st.views->replayed_at_start(), st.log->Head().position - newest);
  Json live = AllViews(*st.views);
  st.views.reset();
  st.log.reset();
  Started full = Start(/*use_checkpoints=*/false);
  EXPECT_EQ(AllViews(*full.views), live);
}

TEST_F(ViewServiceTest, CheckpointsOfAnotherVersionAheadOrOfAnotherLogAreNotUsed) {
  Json expected;
  {
    Started first = Start();
    ASSERT_TRUE(first.views->Checkpoint().ok());
    expected = AllViews(*first.views);
  }
  const int64_t head = Start(false).log->Head().position;
  struct Case {
    int line;
    std::string text;
  };
  const std::vector<Case> cases = {
      {0, "lif-checkpoint/1"},           // Another format version.
      {1, "another-fingerprint"},        // Other projection code.
      {2, std::to_string(head + 1000)},  // Ahead of the log.
      {4, std::string(64, '0')},         // Of another log.
  };
  for (const Case& c : cases) {
    // Fresh checkpoints, then damage every one of them the same way.
    std::filesystem::remove_all(CheckpointDir());
    {
      Started first = Start();
      ASSERT_TRUE(first.views->Checkpoint().ok());
    }
    RewriteHeaderLine(CheckpointDir(), c.line, c.text);
    Started st = Start();
    EXPECT_FALSE(st.views->used_checkpoint()) << c.line;
    EXPECT_EQ(st.views->replayed_at_start(), head) << c.line;
    EXPECT_EQ(AllViews(*st.views), expected) << c.line;
    AsOf as_of;
    as_of.kind = AsOf::Kind::kDate;
    as_of.date = *ParseDate("2026-03-15");
    Result<BoardState> direct = BuildBoardState(*st.log, as_of);
    ASSERT_TRUE(direct.ok());
    Result<Json> a = st.views->Render("actions", as_of, {});
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(*a, *RenderView("actions", *direct, {*ParseDate("2026-07-01"), as_of, {}}));
  }
}

// The names of the files in `folder` that start with `prefix`.
std::set<std::string> FilesStartingWith(const std::string& folder, const std::string& prefix) {
  std::set<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0) out.insert(name);
  }
  return out;
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

TEST_F(ViewServiceTest, FilesOfOtherProjectionCodeAreRemovedAtStart) {
  {
    Started first = Start();
    ASSERT_TRUE(first.views->Checkpoint().ok());
  }
  // Every checkpoint now looks made by other projection code (an upgrade),
  // beside an arena only that code used and a temporary a crash left.
  RewriteHeaderLine(CheckpointDir(), 1, "another-fingerprint");
  const std::set<std::string> old_states = FilesStartingWith(CheckpointDir(), "state-");
  ASSERT_FALSE(old_states.empty());
  ASSERT_FALSE(FilesStartingWith(CheckpointDir(), "arena-").empty());
  WriteFile(CheckpointDir() + "/arena-retired-3.bin", "facts of other code");
  WriteFile(CheckpointDir() + "/state-00000000000000aa.bin.tmp", "half a checkpoint");

  Started st = Start();
  EXPECT_FALSE(st.views->used_checkpoint());
  ASSERT_TRUE(st.views->Checkpoint().ok());
  st.views.reset();
  for (const std::string& name : FilesStartingWith(CheckpointDir(), "state-")) {
    std::ifstream in(CheckpointDir() + "/" + name, std::ios::binary);
    std::string magic, fingerprint;
    std::getline(in, magic);
    std::getline(in, fingerprint);
    EXPECT_EQ(fingerprint, ViewService::ProjectionFingerprint()) << name;
  }
  EXPECT_FALSE(std::filesystem::exists(CheckpointDir() + "/arena-retired-3.bin"));
  EXPECT_FALSE(std::filesystem::exists(CheckpointDir() + "/state-00000000000000aa.bin.tmp"));
  // The new checkpoints load: a restart replays nothing.
  st.log.reset();
  Started again = Start();
  EXPECT_TRUE(again.views->used_checkpoint());
  EXPECT_EQ(again.views->replayed_at_start(), 0);
}

TEST_F(ViewServiceTest, StaleCheckpointFilesGoAndThisCodesStay) {
  {
    Started first = Start();
    ASSERT_TRUE(first.views->Checkpoint().ok());
  }
  const std::set<std::string> states = FilesStartingWith(CheckpointDir(), "state-");
  const std::set<std::string> arenas = FilesStartingWith(CheckpointDir(), "arena-");
  ASSERT_FALSE(states.empty());
  ASSERT_FALSE(arenas.empty());
  WriteFile(CheckpointDir() + "/state-0000000000000002.bin",
            "lif-checkpoint/2\nanother-fingerprint\n2\n2025-07-01T00:00:00Z\n" +
                std::string(64, '0') + "\nstate");
  WriteFile(CheckpointDir() + "/state-0000000000000003.bin", "not a checkpoint");
  WriteFile(CheckpointDir() + "/state-00000000000000aa.bin.tmp", "half a checkpoint");

  Started st = Start();
  EXPECT_TRUE(st.views->used_checkpoint());
  EXPECT_EQ(st.views->replayed_at_start(), 0);
  // This code's checkpoints and every arena stay (an arena is known to be
  // unused only by loading every state that may refer to it).
  EXPECT_EQ(FilesStartingWith(CheckpointDir(), "state-"), states);
  EXPECT_EQ(FilesStartingWith(CheckpointDir(), "arena-"), arenas);
}

TEST_F(ViewServiceTest, RebuildReplacesEveryCheckpointFile) {
  Started st = Start();
  ASSERT_GE(st.views->checkpoint_positions().size(), 4u);
  const Json before = AllViews(*st.views);
  ASSERT_TRUE(st.views->Rebuild().ok());
  // Only the rebuilt state's checkpoint is left, at the head.
  EXPECT_EQ(st.views->checkpoint_positions(), std::vector<int64_t>{st.log->Head().position});
  int states = 0;
  for (const auto& entry : std::filesystem::directory_iterator(CheckpointDir())) {
    if (entry.path().filename().string().rfind("state-", 0) == 0) ++states;
  }
  EXPECT_EQ(states, 1);
  EXPECT_EQ(AllViews(*st.views), before);
  st.views.reset();
  st.log.reset();
  Started again = Start();
  EXPECT_TRUE(again.views->used_checkpoint());
  EXPECT_EQ(again.views->replayed_at_start(), 0);
  EXPECT_EQ(AllViews(*again.views), before);
}

TEST_F(ViewServiceTest, AppendsAfterARestartFoldIntoTheCheckpointedState) {
  { Started first = Start(); }
  Started st = Start();
  ASSERT_TRUE(st.views->used_checkpoint());
  AppendRequest request;
  request.principal = DemoAdmin();
  ProposedEvent e;
  e.type = "learning.identified";
  e.stream = "learning/after-restart";
  e.data = Json::parse(R"({"title": "Found after a restart", "kind": "lesson",
                           "source": {"kind": "case_review", "stream": "review/x"},
                           "themes": []})");
  request.events.push_back(e);
  Result<AppendOutcome> appended = st.log->Append(std::move(request));
  ASSERT_TRUE(appended.ok()) << appended.status().ToString();
  Json live = AllViews(*st.views);
  st.views.reset();
  st.log.reset();
  Started full = Start(/*use_checkpoints=*/false);
  EXPECT_EQ(AllViews(*full.views), live);
}

// The fold leaves the refolds that corrections ask for to the next reader.
// Folding the whole demo (which corrects indicator values, reviews and
// audits) live, with reads in between and at the end, must give the views
// of a fold of the whole log at once.
TEST_F(ViewServiceTest, CorrectionsFoldedLiveShowInTheNextRead) {
  testing::TempDir live_dir;
  std::unique_ptr<store::RocksLog> log;
  std::unique_ptr<ViewService> views;  // Declared after the log: destroyed before it.
  int steps = 0;
  Status s = AppendDemo(
      live_dir.path(),
      [&](store::RocksLog&) -> Status {
        if (++steps % 150 != 0) return Status::Ok();
        Result<Json> indicators = views->Render("indicators", AsOf{}, {});
        return indicators.ok() ? Status::Ok() : indicators.status();
      },
      &views, &log);
  ASSERT_TRUE(s.ok()) << s.ToString();
  Json live = AllViews(*views);
  Started full = Start(/*use_checkpoints=*/false);
  ASSERT_EQ(full.log->Head().position, log->Head().position);
  EXPECT_EQ(AllViews(*full.views), live);
}

// The checkpoint thread rests after each checkpoint in proportion to its cost
// (checkpoint_rest_factor): with a rest far longer than the test, the appends
// past the next interval get no second checkpoint, while without a rest they
// do; a checkpoint asked for is still written, and stopping cuts the rest short.
TEST_F(ViewServiceTest, TheCheckpointThreadRestsAfterEachCheckpoint) {
  auto checkpoints_after = [&](int rest_factor) {
    testing::TempDir live_dir;
    auto log = store::RocksLog::Open(live_dir.path(), {});
    EXPECT_TRUE(log.ok());
    ViewServiceOptions options = Options(/*use_checkpoints=*/true);
    options.checkpoint_rest_factor = rest_factor;
    auto views = ViewService::Start(log->get(), options);
    EXPECT_TRUE(views.ok());
    int appended = 0;
    auto append = [&](int n) {
      for (int i = 0; i < n; ++i, ++appended) {
        const std::string id = "rest-" + std::to_string(appended);
        EXPECT_TRUE(
            testing::AppendOne(log->get(), DemoAdmin(), testing::Learning(id, "Rest " + id)).ok());
      }
    };
    auto wait_for_checkpoints = [&](size_t n, std::chrono::milliseconds limit) {
      const auto until = std::chrono::steady_clock::now() + limit;
      while ((*views)->checkpoint_positions().size() < n &&
             std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      return (*views)->checkpoint_positions().size();
    };
    append(static_cast<int>(kEvery) + 10);
    EXPECT_EQ(wait_for_checkpoints(1, std::chrono::seconds(20)), 1u);
    append(static_cast<int>(kEvery) * 2);
    const size_t later =
        wait_for_checkpoints(2, std::chrono::milliseconds(rest_factor == 0 ? 20000 : 1500));
    // A checkpoint asked for (as at shutdown) is written while the thread rests.
    EXPECT_TRUE((*views)->Checkpoint().ok());
    EXPECT_EQ((*views)->checkpoint_positions().back(), (*log)->Head().position);
    views->reset();  // Joins the thread, cutting its rest short (else this hangs).
    return later;
  };
  EXPECT_EQ(checkpoints_after(/*rest_factor=*/1000000), 1u);
  EXPECT_GE(checkpoints_after(/*rest_factor=*/0), 2u);
}

// The projections are folded on the service's own thread, after the log has
// answered the append; a view read right after an acknowledged append must
// still show it (the read waits for the fold to reach the head it saw).
TEST_F(ViewServiceTest, AViewReadRightAfterAnAppendShowsIt) {
  Started st = Start();
  for (int i = 0; i < 50; ++i) {
    Result<AppendOutcome> appended = testing::AppendOne(
        st.log.get(), DemoAdmin(),
        testing::Learning("ryw-" + std::to_string(i), "Read your writes " + std::to_string(i)));
    ASSERT_TRUE(appended.ok()) << appended.status().ToString();
    const int64_t at = appended->events.back().position;
    Result<std::shared_ptr<const std::string>> text = st.views->RenderText("learning", AsOf{}, {});
    ASSERT_TRUE(text.ok());
    Json view = Json::parse(**text);
    EXPECT_GE(view["position"].get<int64_t>(), at) << i;
    EXPECT_NE((*text)->find("Read your writes " + std::to_string(i) + "\""), std::string::npos)
        << i;
    Result<Json> rendered = st.views->Render("dashboard", AsOf{}, {});
    ASSERT_TRUE(rendered.ok());
    EXPECT_GE((*rendered)["position"].get<int64_t>(), at) << i;
  }
}

// A read waits for the fold only so long: past options.fold_wait it fails
// with kUnavailable (a 503) naming how far the fold got, instead of hanging.
TEST_F(ViewServiceTest, AWaitTheFoldCannotMeetFailsInsteadOfHanging) {
  auto log = store::RocksLog::Open(dir.path(), {});
  ASSERT_TRUE(log.ok());
  ViewServiceOptions options;
  options.today = [] { return *ParseDate("2026-07-01"); };
  options.fold_wait = std::chrono::milliseconds(200);
  auto views = ViewService::Start(log->get(), options);
  ASSERT_TRUE(views.ok()) << views.status().ToString();
  const int64_t head = (*log)->Head().position;
  EXPECT_TRUE((*views)->WaitFolded(head).ok());
  const auto started = std::chrono::steady_clock::now();
  Status beyond = (*views)->WaitFolded(head + 1);
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(beyond.code(), StatusCode::kUnavailable);
  EXPECT_NE(beyond.message().find("folded to position " + std::to_string(head) + " of " +
                                  std::to_string(head + 1)),
            std::string::npos)
      << beyond.message();
  EXPECT_GE(waited, std::chrono::milliseconds(200));
  EXPECT_LT(waited, std::chrono::seconds(60));  // It returned: no hang.
}

}  // namespace
}  // namespace lif::server
