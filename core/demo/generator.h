// The demo board generator: a deterministic, simulated life of a safeguarding
// children board (Hartlepool and its Tees comparators) as a sequence of append
// requests that pass the real validation (docs/demo.md).
//
// Determinism: everything comes from one seeded PRNG (SplitMix64, written
// here, never std::random_device or std distributions), so the same options
// give the same steps, byte for byte, on every platform. Steps are produced in
// recorded-time order (recorded_at never decreases) through a callback, so a
// board of millions of events needs only the memory of its open items.
//
// Each step carries ONE event. Appended in order to an empty log whose ids
// come from DemoEventIds (the n-th appended event gets DemoEventId(seed, n)),
// the generator knows every event's id, which its corrections name.
//
// Ownership and thread-safety: pure functions and value types; GenerateDemo
// may run on any thread, one call at a time per callback.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "core/log/event_log.h"
#include "core/principal.h"
#include "core/status.h"
#include "core/time/civil_time.h"

namespace lif {

struct DemoOptions {
  uint64_t seed = 1;
  int years = 1;  // Length of the simulated period, 1..20.
  int scale = 1;  // Volume multiplier, 1..1000 (more areas, agencies, items).
  Date end;       // Every event is recorded before the start of this date (UTC).
};

// One append: who makes it, when the (simulated) server clock says it is
// recorded, and the request itself (one event, kSingle form).
struct DemoStep {
  Principal who;
  Timestamp recorded_at;
  AppendRequest request;
};

// Small seeded PRNG (SplitMix64). Same seed, same numbers, everywhere.
class DemoRandom {
 public:
  explicit DemoRandom(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  // Uniform integer in [lo, hi] (inclusive); lo <= hi.
  int64_t Between(int64_t lo, int64_t hi);
  // True with probability percent / 100.
  bool Chance(int percent);
  // Uniform real in [0, 1).
  double Unit();

 private:
  uint64_t state_;
};

// The UUID-shaped (version 4 layout) id of the n-th event (from 1) of the demo
// log generated with `seed`.
std::string DemoEventId(uint64_t seed, int64_t n);

// A new_id function for a log: returns DemoEventId(seed, 1), (seed, 2), ...
std::function<std::string()> DemoEventIds(uint64_t seed);

// Checks the options (years 1..20, scale 1..1000, a real end date); kInvalid
// naming the flag otherwise.
Status CheckDemoOptions(const DemoOptions& options);

// Produces the board's steps in recorded-time order and calls `emit` for each.
// Stops at, and returns, the first error of `emit` (or kInvalid for bad
// options).
Status GenerateDemo(const DemoOptions& options, const std::function<Status(const DemoStep&)>& emit);

// The demo's principals, for printing tokens and for tests.
Principal DemoAdmin();
Principal DemoAgencyPrincipal(const std::string& agency_id);

}  // namespace lif
