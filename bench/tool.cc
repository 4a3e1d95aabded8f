// lif_bench_tool: the benchmark's measuring programs (bench/README.md). Each
// subcommand prints its results as "key value" lines on stdout for
// bench/run.sh; progress and errors go to stderr.
//
//   bodies --out FILE --end YYYY-MM-DD [--years Y] [--scale S] [--batch N] [--count M]
//       Request bodies for POST /v1/events, one per line, taken from the demo
//       generator (the same seed, years, scale and end date as `lif demo`, so
//       the streams they continue exist in a store that `lif demo` filled).
//       Events that start a stream get the stream id "<kind>/bench-@N@" where
//       the load generator replaces @N@ with a number unique in the run.
//       --batch N: each line is {"events": [N events]} (atomic batches).
//   rocks-batch --dir DIR --bundle FILE [--batch 1000] [--threads T] [--seconds S]
//       The raw RocksDB baseline of workload 2: T threads each write
//       WriteBatches of `batch` events (the canonical bytes of the bundle's
//       events under lif's key families E, S, V and, for types with personal
//       fields, P) with sync = true, in a database opened with lif's options
//       (server/store/db_options.h).
//   rebuild --data DIR
//       Workload 3: (a) iterate the log's event family with a plain RocksDB
//       iterator and parse every value (the baseline); (b) open the log and
//       build every projection from scratch (no checkpoint); (c) write a
//       checkpoint, close, and open again with it (an unchanged log).
//   asof --data DIR [--samples N] [--seed S]
//       Workload 4: the dashboard as of random past dates on a started server
//       (ViewService), against the full rebuild measured in the same process.
//   native-views --bundle FILE --today YYYY-MM-DD
//       Workload 5, native side: parse and verify the bundle, fold every
//       projection and render every view (what the page's worker does).
//   native-open --bundle FILE --today YYYY-MM-DD
//       Workload 5, the board pack's work natively: inflate the bundle's gzip,
//       parse and verify it, compute its Merkle root, fold, and render the
//       names and the dashboard (what the page's worker does before the
//       dashboard is verified).
//   pack --bundle FILE --web lif.html --out FILE
//       A board pack (the page with the bundle embedded) for the browser run.
#include <malloc.h>
#ifdef LIF_HAVE_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif
#include <rocksdb/db.h>
#include <rocksdb/iterator.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/bundle/bundle.h"
#include "core/demo/generator.h"
#include "core/integrity/base64.h"
#include "core/integrity/merkle.h"
#include "core/log/memory_log.h"
#include "core/projections/board_state.h"
#include "core/validation/catalogue.h"
#include "core/views/views.h"
#include "server/crypto/basics.h"
#include "server/pack/board_pack.h"
#include "server/pack/gzip.h"
#include "server/store/db_options.h"
#include "server/store/keys.h"
#include "server/store/rocks_log.h"
#include "server/views/view_service.h"

namespace lif::bench {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

struct Args {
  std::map<std::string, std::string> flags;
  std::string Get(const std::string& name, const std::string& fallback = "") const {
    auto it = flags.find(name);
    return it == flags.end() ? fallback : it->second;
  }
  long long Int(const std::string& name, long long fallback) const {
    auto it = flags.find(name);
    return it == flags.end() ? fallback : std::atoll(it->second.c_str());
  }
};

int Fail(const std::string& message) {
  std::fprintf(stderr, "lif_bench_tool: %s\n", message.c_str());
  return 1;
}

int Fail(const Status& s) { return Fail(s.ToString()); }

void Print(const std::string& key, double value) { std::printf("%s %.6g\n", key.c_str(), value); }

Result<std::string> ReadFile(const std::string& path) { return server::ReadWholeFile(path); }

// Bytes the heap has handed out and not taken back: jemalloc's count when the
// program is linked with it (bench/CMakeLists.txt), else glibc's.
long long HeapInUse() {
#ifdef LIF_HAVE_JEMALLOC
  // jemalloc's statistics are refreshed when its epoch is advanced.
  uint64_t epoch = 1;
  size_t size = sizeof(epoch);
  if (mallctl("epoch", &epoch, &size, &epoch, size) != 0) return 0;
  size_t allocated = 0;
  size = sizeof(allocated);
  if (mallctl("stats.allocated", &allocated, &size, nullptr, 0) != 0) return 0;
  return static_cast<long long>(allocated);
#else
  return static_cast<long long>(mallinfo2().uordblks);
#endif
}

// Resident set size of this process in bytes (VmRSS).
long long ResidentBytes() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atoll(line.c_str() + 6) * 1024;
  }
  return 0;
}

// --- bodies ---------------------------------------------------------------

Json ProposedJson(const ProposedEvent& p, const std::string& stream) {
  Json j = {{"type", p.type}, {"stream", stream}, {"data", p.data}};
  if (p.occurred_at) j["occurred_at"] = *p.occurred_at;
  return j;
}

int Bodies(const Args& a) {
  const std::string out_path = a.Get("out");
  if (out_path.empty()) return Fail("bodies: --out FILE is required");
  DemoOptions options;
  options.seed = 1;
  options.years = static_cast<int>(a.Int("years", 1));
  options.scale = static_cast<int>(a.Int("scale", 1));
  Result<Date> end = ParseDate(a.Get("end"));
  if (!end.ok()) return Fail("bodies: --end YYYY-MM-DD is required");
  options.end = *end;
  const long long batch = a.Int("batch", 0);
  const long long count = a.Int("count", 0);
  const Catalogue& catalogue = Catalogue::Default();
  const Principal admin{"bench-admin", Role::kAdmin, std::nullopt, std::nullopt};
  std::vector<std::string> events;
  size_t bytes = 0;
  Status s = GenerateDemo(options, [&](const DemoStep& step) -> Status {
    for (const ProposedEvent& p : step.request.events) {
      if (!catalogue.Validate(p, admin, "").ok()) continue;
      const EventTypeDef* def = catalogue.Find(p.type);
      std::string stream = p.stream;
      if (def != nullptr && def->stream_rule == StreamRule::kCreates) {
        stream = p.stream.substr(0, p.stream.find('/')) + "/bench-@N@";
      }
      events.push_back(ProposedJson(p, stream).dump());
      bytes += events.back().size();
    }
    return Status::Ok();
  });
  if (!s.ok()) return Fail(s);
  if (events.empty()) return Fail("bodies: the demo gave no events");
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  long long lines = 0;
  if (batch <= 0) {
    for (const std::string& e : events) {
      if (count > 0 && lines >= count) break;
      out << e << '\n';
      ++lines;
    }
  } else {
    // Each batch needs its own numbers for the streams it starts: @N@ is
    // replaced per request, so number the events of a batch with a suffix.
    size_t next = 0;
    const long long wanted = count > 0 ? count : 8;
    for (; lines < wanted; ++lines) {
      std::string line = "{\"events\":[";
      for (long long i = 0; i < batch; ++i) {
        std::string e = events[next++ % events.size()];
        size_t at = e.find("@N@");
        if (at != std::string::npos) e.replace(at, 3, "@N@-" + std::to_string(i));
        if (i > 0) line.push_back(',');
        line += e;
      }
      line += "]}";
      out << line << '\n';
    }
  }
  out.close();
  if (!out) return Fail("bodies: cannot write " + out_path);
  Print("lines", static_cast<double>(lines));
  Print("events_available", static_cast<double>(events.size()));
  Print("mean_event_body_bytes", static_cast<double>(bytes) / static_cast<double>(events.size()));
  return 0;
}

// The number of events `lif demo` writes with these options (no log is written).
int Count(const Args& a) {
  DemoOptions options;
  options.seed = 1;
  options.years = static_cast<int>(a.Int("years", 1));
  options.scale = static_cast<int>(a.Int("scale", 1));
  Result<Date> end = ParseDate(a.Get("end", "2026-06-30"));
  if (!end.ok()) return Fail("count: --end must be YYYY-MM-DD");
  options.end = *end;
  long long n = 0;
  Status s = GenerateDemo(options, [&](const DemoStep& step) -> Status {
    n += static_cast<long long>(step.request.events.size());
    return Status::Ok();
  });
  if (!s.ok()) return Fail(s);
  Print("events", static_cast<double>(n));
  return 0;
}

// --- rocks-batch ------------------------------------------------------------

int RocksBatch(const Args& a) {
  const std::string dir = a.Get("dir");
  if (dir.empty()) return Fail("rocks-batch: --dir DIR is required");
  Result<std::string> text = ReadFile(a.Get("bundle"));
  if (!text.ok()) return Fail(text.status());
  const size_t batch = static_cast<size_t>(a.Int("batch", 1000));
  const int threads = static_cast<int>(a.Int("threads", 1));
  const double seconds = static_cast<double>(a.Int("seconds", 10));
  // Stored events of the bundle: lines 2..N+1 are the canonical bytes.
  std::vector<std::string> values;
  std::vector<std::string> streams;
  // The 'P' record of each event whose type has personal fields (empty for the others).
  std::vector<std::pair<std::string, std::string>> personal;
  size_t bytes = 0;
  {
    std::istringstream in(*text);
    std::string line;
    std::getline(in, line);  // Header.
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      Json j = Json::parse(line, nullptr, false);
      streams.push_back(j.is_object() ? j.value("stream", "x/y") : "x/y");
      const std::string type = j.is_object() ? j.value("type", "") : "";
      const EventTypeDef* def = Catalogue::Default().Find(type);
      if (def != nullptr && def->has_personal_fields) {
        personal.emplace_back(store::PersonalEventKey(j.value("id", "")),
                              store::PersonalEventValue(type, streams.back()));
      } else {
        personal.emplace_back();
      }
      bytes += line.size();
      values.push_back(std::move(line));
    }
  }
  if (values.empty()) return Fail("rocks-batch: the bundle holds no events");
  const rocksdb::Options options = store::DataFolderOptions();  // As lif opens its database.
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, dir, &raw);
  if (!s.ok()) return Fail("rocks-batch: " + s.ToString());
  std::unique_ptr<rocksdb::DB> db(raw);
  std::atomic<int64_t> next_position{1};
  std::atomic<long long> written{0};
  std::atomic<bool> failed{false};
  const auto started = Clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      while (Seconds(started) < seconds && !failed) {
        const int64_t first = next_position.fetch_add(static_cast<int64_t>(batch));
        rocksdb::WriteBatch wb;
        for (size_t i = 0; i < batch; ++i) {
          const int64_t p = first + static_cast<int64_t>(i);
          const size_t k = static_cast<size_t>(p - 1) % values.size();
          wb.Put(store::EventKey(p), values[k]);
          wb.Put(store::StreamIndexKey(streams[k], p), store::Be64(p));
          wb.Put(store::StreamHeadKey(streams[k]), store::Be64(p));
          if (!personal[k].first.empty()) wb.Put(personal[k].first, personal[k].second);
        }
        wb.Put(store::MetaKey("head"), std::to_string(first));
        rocksdb::WriteOptions wo;
        wo.sync = true;
        if (!db->Write(wo, &wb).ok()) failed = true;
        written += static_cast<long long>(batch);
      }
    });
  }
  for (std::thread& w : workers) w.join();
  const double took = Seconds(started);
  if (failed) return Fail("rocks-batch: a write failed");
  Print("events", static_cast<double>(written.load()));
  Print("seconds", took);
  Print("events_per_s", static_cast<double>(written.load()) / took);
  Print("mean_event_bytes", static_cast<double>(bytes) / static_cast<double>(values.size()));
  return 0;
}

// --- rebuild ----------------------------------------------------------------

// The baseline: a plain forward iteration of the event family, parsing each value.
Result<long long> IterateAndParse(const std::string& dir, double* took) {
  rocksdb::Options options;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::OpenForReadOnly(options, dir, &raw);
  if (!s.ok()) return Status::Unavailable(s.ToString());
  std::unique_ptr<rocksdb::DB> db(raw);
  const auto started = Clock::now();
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;  // As lif's full scans read (server/store/rocks_log.cc).
  const std::string upper(1, static_cast<char>(store::kEventPrefix + 1));
  rocksdb::Slice upper_slice(upper);
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro));
  long long n = 0, bad = 0;
  for (it->Seek(std::string(1, store::kEventPrefix)); it->Valid(); it->Next()) {
    Json j =
        Json::parse(it->value().data(), it->value().data() + it->value().size(), nullptr, false);
    if (j.is_discarded()) ++bad;
    ++n;
  }
  *took = Seconds(started);
  if (bad > 0) return Status::Internal("unparsable events");
  return n;
}

// Opens the log and starts the views: what `lif serve` does before serving.
struct Started {
  std::unique_ptr<store::RocksLog> log;
  std::unique_ptr<server::ViewService> views;
  double seconds = 0;
};

Result<Started> StartViews(const std::string& dir, bool use_checkpoints) {
  Started st;
  const auto started = Clock::now();
  Result<std::unique_ptr<store::RocksLog>> log = store::RocksLog::Open(dir, {});
  if (!log.ok()) return log.status();
  st.log = std::move(*log);
  server::ViewServiceOptions options;
  options.use_checkpoints = use_checkpoints;
  Result<std::unique_ptr<server::ViewService>> views =
      server::ViewService::Start(st.log.get(), options);
  if (!views.ok()) return views.status();
  st.views = std::move(*views);
  st.seconds = Seconds(started);
  return st;
}

long long DirectoryBytes(const std::string& dir) {
  std::error_code ec;
  long long total = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec)) total += static_cast<long long>(entry.file_size(ec));
  }
  return total;
}

int Rebuild(const Args& a) {
  const std::string dir = a.Get("data");
  if (dir.empty()) return Fail("rebuild: --data DIR is required");
  const std::string checkpoints = dir + "/checkpoints";
  // Warm the page cache for both runs alike.
  double warm = 0;
  Result<long long> n = IterateAndParse(dir, &warm);
  if (!n.ok()) return Fail(n.status());
  double parse_seconds = 0;
  n = IterateAndParse(dir, &parse_seconds);
  if (!n.ok()) return Fail(n.status());
  Print("events", static_cast<double>(*n));
  Print("parse_seconds", parse_seconds);
  Print("parse_events_per_s", static_cast<double>(*n) / parse_seconds);

  // (b) The full rebuild: open the log and fold every projection.
  const double rss_before = static_cast<double>(ResidentBytes());
  const double heap_before = static_cast<double>(HeapInUse());
  {
    Result<Started> full = StartViews(dir, /*use_checkpoints=*/false);
    if (!full.ok()) return Fail(full.status());
    Print("rebuild_seconds", full->seconds);
    Print("rebuild_events_per_s", static_cast<double>(*n) / full->seconds);
    Print("state_rss_bytes", static_cast<double>(ResidentBytes()) - rss_before);
    Print("state_heap_bytes", static_cast<double>(HeapInUse()) - heap_before);
  }
  // (c) A first start with checkpoints: the same fold, leaving checkpoints
  // every 50,000 events (what a first start on an imported log does).
  std::error_code ec;
  std::filesystem::remove_all(checkpoints, ec);
  {
    Result<Started> first = StartViews(dir, /*use_checkpoints=*/true);
    if (!first.ok()) return Fail(first.status());
    if (first->views->used_checkpoint()) return Fail("rebuild: a checkpoint was used");
    Print("first_start_seconds", first->seconds);
    const auto cp_started = Clock::now();
    if (Status s = first->views->Checkpoint(); !s.ok()) return Fail(s);
    Print("checkpoint_write_seconds", Seconds(cp_started));
    Print("checkpoints", static_cast<double>(first->views->checkpoint_positions().size()));
  }
  Print("checkpoint_dir_bytes", static_cast<double>(DirectoryBytes(checkpoints)));
  // (d) A restart on the unchanged log.
  Result<Started> again = StartViews(dir, /*use_checkpoints=*/true);
  if (!again.ok()) return Fail(again.status());
  if (!again->views->used_checkpoint()) return Fail("rebuild: the checkpoint was not used");
  Print("restart_seconds", again->seconds);
  Print("restart_replayed", static_cast<double>(again->views->replayed_at_start()));
  return 0;
}

// The baseline alone (for profiles).
int Parse(const Args& a) {
  double seconds = 0;
  Result<long long> n = IterateAndParse(a.Get("data"), &seconds);
  if (!n.ok()) return Fail(n.status());
  Print("events", static_cast<double>(*n));
  Print("seconds", seconds);
  return 0;
}

// Builds the live state once (for profiles: perf, heaptrack).
int Fold(const Args& a) {
  const double heap_before = static_cast<double>(HeapInUse());
  Result<Started> st = StartViews(a.Get("data"), a.Get("checkpoints", "no") == "yes");
  if (!st.ok()) return Fail(st.status());
  Print("seconds", st->seconds);
  Print("state_heap_bytes", static_cast<double>(HeapInUse()) - heap_before);
  if (a.Get("sizes", "no") == "yes") {
    // The checkpoint's bytes by projection.
    Result<BoardState> state = BuildBoardState(*st->log, AsOf{});
    if (!state.ok()) return Fail(state.status());
    auto size_of = [](const Projection& p) {
      CheckpointWriter w;
      p.Save(w);
      return static_cast<double>(w.bytes().size());
    };
    const BoardState& b = *state;
    Print("bytes_learning", size_of(b.learning()));
    Print("bytes_actions", size_of(b.actions()));
    Print("bytes_training", size_of(b.training()));
    Print("bytes_policies", size_of(b.policies()));
    Print("bytes_dissemination", size_of(b.dissemination()));
    Print("bytes_assurance", size_of(b.assurance()));
    Print("bytes_timetable", size_of(b.timetable()));
    Print("bytes_corrections", size_of(b.corrections()));
    Print("bytes_audits", size_of(b.audits()));
    Print("bytes_case_reviews", size_of(b.case_reviews()));
    Print("bytes_indicator_series", size_of(b.indicator_series()));
    Print("bytes_learning_sources", size_of(b.learning_sources()));
    Print("bytes_total", static_cast<double>(b.SaveBinary().size()));
  }
  return 0;
}

// --- asof -------------------------------------------------------------------

int AsOfDates(const Args& a) {
  const std::string dir = a.Get("data");
  if (dir.empty()) return Fail("asof: --data DIR is required");
  const int samples = static_cast<int>(a.Int("samples", 5));
  Result<Started> st = StartViews(dir, /*use_checkpoints=*/true);
  if (!st.ok()) return Fail(st.status());
  const LogHead head = st->log->Head();
  // The full rebuild in this process, as the reference.
  const auto rebuild_started = Clock::now();
  Result<BoardState> full = BuildBoardState(*st->log, AsOf{});
  if (!full.ok()) return Fail(full.status());
  const double rebuild = Seconds(rebuild_started);
  // Dates between the first and the last recorded day, drawn with a fixed seed.
  Result<std::vector<Event>> first = st->log->ReadRange(0, 1);
  if (!first.ok() || first->empty()) return Fail("asof: empty log");
  Result<Timestamp> t0 = ParseTimestamp(first->front().recorded_at);
  Result<Timestamp> t1 = ParseTimestamp(head.recorded_at);
  if (!t0.ok() || !t1.ok()) return Fail("asof: bad recorded_at");
  DemoRandom random(static_cast<uint64_t>(a.Int("seed", 7)));
  const int64_t d0 = DateOf(*t0).days, d1 = DateOf(*t1).days;
  double total = 0, worst = 0;
  for (int i = 0; i < samples; ++i) {
    AsOf as_of;
    as_of.kind = AsOf::Kind::kDate;
    as_of.date = Date{static_cast<int32_t>(random.Between(d0, d1 - 1))};
    const auto started = Clock::now();
    Result<Json> view = st->views->Render("dashboard", as_of, {});
    if (!view.ok()) return Fail(view.status());
    const double took = Seconds(started);
    total += took;
    worst = std::max(worst, took);
    std::fprintf(stderr, "asof %s: %.3f s\n", FormatDate(as_of.date).c_str(), took);
  }
  Print("rebuild_seconds", rebuild);
  Print("asof_mean_seconds", total / samples);
  Print("asof_max_seconds", worst);
  return 0;
}

// --- native-views -----------------------------------------------------------

int NativeViews(const Args& a) {
  Result<std::string> text = ReadFile(a.Get("bundle"));
  if (!text.ok()) return Fail(text.status());
  Result<Date> today = ParseDate(a.Get("today"));
  if (!today.ok()) return Fail("native-views: --today YYYY-MM-DD is required");
  const int repeat = static_cast<int>(a.Int("repeat", 3));
  Sha256Fn sha256 = crypto::OpenSslSha256();
  double best = 0, best_parse = 0, best_fold = 0, best_render = 0;
  size_t out_bytes = 0;
  for (int r = 0; r < repeat; ++r) {
    // What the wasm bindings do (wasm/bindings.cc): open the bundle into a
    // MemoryLog, fold it once, render every view.
    const auto started = Clock::now();
    Result<Bundle> bundle = ParseBundle(*text, sha256);
    if (!bundle.ok()) return Fail(bundle.status());
    MemoryLog log(
        sha256, nullptr, [] { return Timestamp{}; }, [] { return std::string(); });
    if (Status s = log.Load(std::move(bundle->events)); !s.ok()) return Fail(s);
    const double parsed = Seconds(started);
    Result<BoardState> state = BuildBoardState(log, AsOf{});
    if (!state.ok()) return Fail(state.status());
    const double folded = Seconds(started);
    ViewContext ctx;
    ctx.today = *today;
    out_bytes = 0;
    for (const std::string& name : ViewNames()) {
      Result<Json> view = RenderView(name, *state, ctx);
      if (!view.ok()) return Fail(view.status());
      out_bytes += view->dump().size();
    }
    const double took = Seconds(started);
    if (r == 0 || took < best) {
      best = took;
      best_parse = parsed;
      best_fold = folded - parsed;
      best_render = took - folded;
    }
  }
  Print("seconds", best);
  Print("parse_seconds", best_parse);
  Print("fold_seconds", best_fold);
  Print("render_seconds", best_render);
  Print("view_bytes", static_cast<double>(out_bytes));
  return 0;
}

// --- native-open ------------------------------------------------------------

int NativeOpen(const Args& a) {
  Result<std::string> text = ReadFile(a.Get("bundle"));
  if (!text.ok()) return Fail(text.status());
  Result<Date> today = ParseDate(a.Get("today"));
  if (!today.ok()) return Fail("native-open: --today YYYY-MM-DD is required");
  Result<std::string> gzip = server::GzipCompress(*text);  // As the pack carries it.
  if (!gzip.ok()) return Fail(gzip.status());
  const int repeat = static_cast<int>(a.Int("repeat", 3));
  Sha256Fn sha256 = crypto::OpenSslSha256();
  double best = 0;
  for (int r = 0; r < repeat; ++r) {
    const auto started = Clock::now();
    Result<std::string> inflated = server::GzipDecompress(*gzip, 1ull << 32);
    if (!inflated.ok()) return Fail(inflated.status());
    Result<Bundle> bundle = ParseBundle(*inflated, sha256);
    if (!bundle.ok()) return Fail(bundle.status());
    MemoryLog log(
        sha256, nullptr, [] { return Timestamp{}; }, [] { return std::string(); });
    if (Status s = log.Load(std::move(bundle->events)); !s.ok()) return Fail(s);
    MerkleTree tree(sha256);
    if (Status s = tree.CatchUp(log); !s.ok()) return Fail(s);
    Result<BoardState> state = BuildBoardState(log, AsOf{});
    if (!state.ok()) return Fail(state.status());
    ViewContext ctx;
    ctx.today = *today;
    for (const char* name : {"names", "dashboard"}) {
      Result<Json> view = RenderView(name, *state, ctx);
      if (!view.ok()) return Fail(view.status());
    }
    const double took = Seconds(started);
    if (r == 0 || took < best) best = took;
  }
  Print("seconds", best);
  Print("gzip_bytes", static_cast<double>(gzip->size()));
  return 0;
}

// --- pack -------------------------------------------------------------------

int Pack(const Args& a) {
  Result<std::string> bundle = ReadFile(a.Get("bundle"));
  if (!bundle.ok()) return Fail(bundle.status());
  Result<std::string> page = ReadFile(a.Get("web"));
  if (!page.ok()) return Fail(page.status());
  // A benchmark has no data folder: the pack pins the key its bundle names.
  server::PackPin pin{"", "lif.bench/pack"};
  const Json header = Json::parse(bundle->substr(0, bundle->find('\n')), nullptr, false);
  if (header.is_object() && header.contains("signed_head") && header["signed_head"].is_object() &&
      header["signed_head"].contains("public_key")) {
    Result<std::string> raw = Base64Decode(header["signed_head"]["public_key"].get<std::string>());
    if (raw.ok()) pin.public_key = *raw;
  }
  Result<std::string> pack = server::MakeBoardPack(*page, *bundle, "benchmark pack", pin);
  if (!pack.ok()) return Fail(pack.status());
  std::ofstream out(a.Get("out"), std::ios::binary | std::ios::trunc);
  out << *pack;
  out.close();
  if (!out) return Fail("pack: cannot write " + a.Get("out"));
  Print("bytes", static_cast<double>(pack->size()));
  return 0;
}

}  // namespace
}  // namespace lif::bench

int main(int argc, char** argv) {
  using namespace lif::bench;
  if (argc < 2) {
    std::fprintf(
        stderr,
        "usage: lif_bench_tool bodies|rocks-batch|rebuild|asof|native-views|native-open|pack "
        "[--flag value...]\n");
    return 2;
  }
  Args a;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag.rfind("--", 0) != 0) return Fail("flags look like --name value");
    a.flags[flag.substr(2)] = argv[i + 1];
  }
  const std::string cmd = argv[1];
  if (cmd == "bodies") return Bodies(a);
  if (cmd == "count") return Count(a);
  if (cmd == "fold") return Fold(a);
  if (cmd == "parse") return Parse(a);
  if (cmd == "rocks-batch") return RocksBatch(a);
  if (cmd == "rebuild") return Rebuild(a);
  if (cmd == "asof") return AsOfDates(a);
  if (cmd == "native-views") return NativeViews(a);
  if (cmd == "native-open") return NativeOpen(a);
  if (cmd == "pack") return Pack(a);
  return Fail("unknown subcommand " + cmd);
}
