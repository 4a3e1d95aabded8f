// The demo board generator's public functions (generator.h, docs/demo.md);
// the simulated board itself is core/demo/board.h.
#include "core/demo/generator.h"

#include <cstdio>
#include <memory>

#include "core/demo/board.h"

namespace lif {

uint64_t DemoRandom::Next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

int64_t DemoRandom::Between(int64_t lo, int64_t hi) {
  if (hi <= lo) return lo;
  const uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
  return lo + static_cast<int64_t>(Next() % span);  // The bias is negligible for a demo.
}

bool DemoRandom::Chance(int percent) { return Between(0, 99) < percent; }

double DemoRandom::Unit() { return static_cast<double>(Next() >> 11) * (1.0 / 9007199254740992.0); }

std::string DemoEventId(uint64_t seed, int64_t n) {
  DemoRandom r(seed * 0x2545f4914f6cdd1dULL ^ static_cast<uint64_t>(n) * 0x9e3779b97f4a7c15ULL);
  uint64_t hi = r.Next();
  uint64_t lo = r.Next();
  hi = (hi & ~0xf000ULL) | 0x4000ULL;                         // Version 4 layout.
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // RFC 4122 variant.
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-%04llx-%04llx-%04llx-%012llx",
                static_cast<unsigned long long>(hi >> 32),
                static_cast<unsigned long long>((hi >> 16) & 0xffff),
                static_cast<unsigned long long>(hi & 0xffff),
                static_cast<unsigned long long>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return buf;
}

std::function<std::string()> DemoEventIds(uint64_t seed) {
  auto counter = std::make_shared<int64_t>(0);
  return [seed, counter]() { return DemoEventId(seed, ++*counter); };
}

Status CheckDemoOptions(const DemoOptions& o) {
  if (o.years < 1 || o.years > 20) return Status::Invalid("--years must be 1..20", "years");
  if (o.scale < 1 || o.scale > 1000) return Status::Invalid("--scale must be 1..1000", "scale");
  CivilDate c = CivilFromDate(o.end);
  if (c.year < 1900 + o.years + 1 || c.year > 2999) {
    return Status::Invalid("--end must be a date in 1900..2999", "end");
  }
  return Status::Ok();
}

Principal DemoAdmin() { return Principal{"demo-admin", Role::kAdmin, std::nullopt, std::nullopt}; }

Principal DemoAgencyPrincipal(const std::string& agency_id) {
  return Principal{"demo-agency-" + agency_id, Role::kAgency, agency_id, std::nullopt};
}

Status GenerateDemo(const DemoOptions& options,
                    const std::function<Status(const DemoStep&)>& emit) {
  LIF_RETURN_IF_ERROR(CheckDemoOptions(options));
  demo::Board board(options, emit);
  return board.Run();
}

}  // namespace lif
