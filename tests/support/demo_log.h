// Test support: the demo board (core/demo/generator.h) appended step by step
// to a MemoryLog with the default catalogue, the simulated clock and the
// demo's ids, as `lif demo` appends it to the server's log.
#pragma once

#include <memory>

#include "core/demo/generator.h"
#include "core/log/memory_log.h"
#include "core/validation/catalogue.h"
#include "tests/support/test_digest.h"

namespace lif::testing {

struct DemoLog {
  std::unique_ptr<MemoryLog> log;
  Status status = Status::Ok();  // The first failure, or Ok.
  int64_t steps = 0;             // Events appended.
};

// Generates the demo of `options` into a new log. Fails (in `status`) on the
// first refused append, or if the simulated clock ever goes backwards.
inline DemoLog AppendDemo(const DemoOptions& options) {
  DemoLog d;
  auto clock = std::make_shared<Timestamp>();
  d.log = std::make_unique<MemoryLog>(
      TestSha256(), &Catalogue::Default(), [clock]() { return *clock; },
      DemoEventIds(options.seed));
  int64_t last = 0;
  d.status = GenerateDemo(options, [&](const DemoStep& step) -> Status {
    if (step.recorded_at.millis < last) return Status::Internal("the clock went backwards");
    last = step.recorded_at.millis;
    *clock = step.recorded_at;
    AppendRequest req = step.request;
    Result<AppendOutcome> r = d.log->Append(std::move(req));
    if (!r.ok()) return r.status();
    ++d.steps;
    return Status::Ok();
  });
  return d;
}

}  // namespace lif::testing
