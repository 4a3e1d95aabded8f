// `lif demo` (see demo_command.h and docs/demo.md).
#include "server/cli/demo_command.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>

#include "core/demo/generator.h"
#include "server/store/rocks_log.h"

namespace lif {
namespace {

int Fail(const Status& s) {
  std::fprintf(stderr, "lif demo: %s\n", s.ToString().c_str());
  return s.code() == StatusCode::kInvalid ? 2 : 1;
}

Result<uint64_t> ParseCount(const std::map<std::string, std::string>& flags,
                            const std::string& name, uint64_t fallback) {
  auto it = flags.find(name);
  if (it == flags.end()) return fallback;
  const std::string& s = it->second;
  if (s.empty() || s.size() > 19 || s.find_first_not_of("0123456789") != std::string::npos) {
    return Status::Invalid("--" + name + " must be a non-negative integer", name);
  }
  return static_cast<uint64_t>(std::strtoull(s.c_str(), nullptr, 10));
}

Date TodayUtc() {
  return DateOf(Timestamp{std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count()});
}

// A one-line progress bar on stderr: events, rate, simulated date, ETA.
class Progress {
 public:
  Progress(Date start, Date end)
      : enabled_(isatty(STDERR_FILENO) == 1),
        start_ms_(StartOf(start).millis),
        end_ms_(StartOf(end).millis),
        began_(std::chrono::steady_clock::now()) {}

  void Update(int64_t events, Timestamp simulated) {
    if (!enabled_ || events % 256 != 0) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_draw_ < std::chrono::milliseconds(200)) return;
    last_draw_ = now;
    Draw(events, simulated);
  }
  void Finish(int64_t events, Timestamp simulated) {
    if (!enabled_) return;
    Draw(events, simulated);
    std::fputc('\n', stderr);
  }

 private:
  void Draw(int64_t events, Timestamp simulated) {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - began_).count();
    double fraction = end_ms_ > start_ms_ ? static_cast<double>(simulated.millis - start_ms_) /
                                                static_cast<double>(end_ms_ - start_ms_)
                                          : 1.0;
    fraction = fraction < 0 ? 0 : fraction > 1 ? 1 : fraction;
    double rate = seconds > 0 ? events / seconds : 0;
    double eta = fraction > 0.001 ? seconds * (1 - fraction) / fraction : 0;
    const int width = 30;
    int filled = static_cast<int>(fraction * width);
    std::string bar(static_cast<size_t>(filled), '#');
    bar.append(static_cast<size_t>(width - filled), '.');
    std::fprintf(stderr, "\r[%s] %3.0f%%  %s  %lld events  %.0f/s  ETA %.0fs   ", bar.c_str(),
                 fraction * 100, FormatDate(DateOf(simulated)).c_str(),
                 static_cast<long long>(events), rate, eta);
    std::fflush(stderr);
  }

  bool enabled_;
  int64_t start_ms_;
  int64_t end_ms_;
  std::chrono::steady_clock::time_point began_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace

int RunDemoCommand(const std::map<std::string, std::string>& flags) {
  auto data = flags.find("data");
  if (data == flags.end() || data->second.empty()) {
    return Fail(Status::Invalid("--data DIR is required", "data"));
  }
  DemoOptions options;
  Result<uint64_t> seed = ParseCount(flags, "seed", 1);
  if (!seed.ok()) return Fail(seed.status());
  Result<uint64_t> years = ParseCount(flags, "years", 1);
  if (!years.ok()) return Fail(years.status());
  Result<uint64_t> scale = ParseCount(flags, "scale", 1);
  if (!scale.ok()) return Fail(scale.status());
  // 0: no limit; otherwise only the first N events (a prefix of the same log).
  Result<uint64_t> max_events = ParseCount(flags, "max-events", 0);
  if (!max_events.ok()) return Fail(max_events.status());
  options.seed = *seed;
  options.years = static_cast<int>(std::min<uint64_t>(*years, 1000));
  options.scale = static_cast<int>(std::min<uint64_t>(*scale, 100000));
  options.end = TodayUtc();
  if (auto end = flags.find("end"); end != flags.end()) {
    Result<Date> d = ParseDate(end->second);
    if (!d.ok()) return Fail(Status::Invalid("--end must be YYYY-MM-DD", "end"));
    options.end = *d;
  }
  Status ok = CheckDemoOptions(options);
  if (!ok.ok()) return Fail(ok);

  // The simulated clock: set before each append, read by the log's writer.
  auto now = std::make_shared<std::atomic<int64_t>>(0);
  store::RocksLogOptions log_options;
  log_options.clock = [now]() { return Timestamp{now->load()}; };
  log_options.new_id = DemoEventIds(options.seed);
  log_options.sync = false;  // Offline bulk load: the WAL is synced when the log closes.
  Result<std::unique_ptr<store::RocksLog>> log = store::RocksLog::Open(data->second, log_options);
  if (!log.ok()) return Fail(log.status());
  if ((*log)->Head().position > 0) {
    return Fail(Status::Invalid("the folder " + data->second + " already holds " +
                                    std::to_string((*log)->Head().position) +
                                    " events: the demo only writes into an empty folder",
                                "data"));
  }

  CivilDate e = CivilFromDate(options.end);
  Progress progress(
      DateFromCivil(CivilDate{e.year - options.years, e.month, e.day > 28 ? 28 : e.day}),
      options.end);
  int64_t events = 0, streams = 0;
  Timestamp last{0};
  auto started = std::chrono::steady_clock::now();
  Status s = GenerateDemo(options, [&](const DemoStep& step) -> Status {
    if (*max_events > 0 && static_cast<uint64_t>(events) >= *max_events) return Status::Ok();
    now->store(step.recorded_at.millis);
    AppendRequest request = step.request;
    Result<AppendOutcome> r = (*log)->Append(std::move(request));
    if (!r.ok()) return r.status();
    for (const Event& ev : r->events) {
      ++events;
      if (ev.version == 1) ++streams;
    }
    last = step.recorded_at;
    progress.Update(events, last);
    return Status::Ok();
  });
  progress.Finish(events, last);
  if (!s.ok()) return Fail(s);
  LogHead head = (*log)->Head();
  log->reset();  // Stops the writer and closes RocksDB, which syncs the WAL.
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf(
      "demo board written to %s\n  seed %llu, %d year(s) to %s, scale %d\n"
      "  events  %lld\n  streams %lld\n  head    %lld %s\n  last recorded_at %s\n"
      "  took    %.1f s\n",
      data->second.c_str(), static_cast<unsigned long long>(options.seed), options.years,
      FormatDate(options.end).c_str(), options.scale, static_cast<long long>(events),
      static_cast<long long>(streams), static_cast<long long>(head.position), head.hash.c_str(),
      head.recorded_at.c_str(), seconds);
  return 0;
}

}  // namespace lif
