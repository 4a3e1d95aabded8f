// Fuzz target "views": a POST /v1/events body, appended as an administrator
// after the first 40 events of the demo board, then every view computed over
// the log. An event the catalogue accepts stays in the log for ever, so a
// projection or a view that throws or crashes on it would fail every later
// view for everyone: this target looks for such events. It is slow (a board
// state per accepted input), so it runs in the long run only.
//
// Invariants checked (a broken one aborts, which libFuzzer reports):
//  - nothing throws, nothing crashes (ASan and UBSan watch memory and UB);
//  - the board state builds and every view renders.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/demo/generator.h"
#include "core/log/append_body.h"
#include "core/log/memory_log.h"
#include "core/projections/board_state.h"
#include "core/validation/catalogue.h"
#include "core/views/views.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/support/test_digest.h"

namespace lif {
namespace {

constexpr size_t kBaselineEvents = 40;

// The first demo events, sealed once: every input is appended after them, so
// that its events can refer to (and continue) real streams.
const std::vector<Event>& Baseline() {
  static const std::vector<Event> kEvents = [] {
    DemoOptions options;
    options.end = ParseDate("2026-12-01").value();
    std::vector<DemoStep> steps;
    Status s = GenerateDemo(options, [&](const DemoStep& step) {
      if (steps.size() >= kBaselineEvents) return Status(StatusCode::kUnavailable, "enough");
      steps.push_back(step);
      return Status::Ok();
    });
    (void)s;  // Stopped on purpose after kBaselineEvents steps.
    Timestamp now = steps.front().recorded_at;
    MemoryLog log(
        testing::TestSha256(), &Catalogue::Default(), [&now] { return now; },
        DemoEventIds(options.seed));
    for (const DemoStep& step : steps) {
      now = step.recorded_at;
      AppendRequest request = step.request;
      request.principal = step.who;
      Result<AppendOutcome> r = log.Append(std::move(request));
      LIF_FUZZ_CHECK(r.ok(), "the demo baseline does not append: " + r.status().ToString());
    }
    return log.ReadRange(0, kBaselineEvents).value();
  }();
  return kEvents;
}

void RenderAll(const EventLog& log, const AsOf& as_of) {
  Result<BoardState> state = BuildBoardState(log, as_of);
  LIF_FUZZ_CHECK(state.ok(), "the board state does not build: " + state.status().ToString());
  ViewContext ctx;
  ctx.today = ParseDate("2026-12-01").value();
  ctx.as_of = as_of;
  for (const std::string& name : ViewNames()) {
    Result<Json> view = RenderView(name, *state, ctx);
    LIF_FUZZ_CHECK(view.ok(), "view " + name + " fails: " + view.status().ToString());
    (void)view->dump(-1, ' ', false, Json::error_handler_t::strict);
  }
}

}  // namespace
}  // namespace lif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lif;
  const std::vector<Event>& baseline = Baseline();
  Result<AppendBody> body =
      ParseAppendBody(std::string_view(reinterpret_cast<const char*>(data), size), 1000);
  if (!body.ok()) return 0;
  MemoryLog log(
      testing::TestSha256(), &Catalogue::Default(),
      [] { return ParseTimestamp("2026-11-30T12:00:00.000Z").value(); },
      [] { return std::string("00000000-0000-4000-8000-000000000000"); });
  Status loaded = log.Load(baseline);
  LIF_FUZZ_CHECK(loaded.ok(), "the baseline does not load: " + loaded.ToString());
  AppendRequest request;
  request.events = body->events;
  request.form = body->form;
  request.principal = Principal{"tok-admin", Role::kAdmin, std::nullopt, std::nullopt};
  if (!log.Append(std::move(request)).ok()) return 0;
  RenderAll(log, AsOf{});
  return 0;
}
