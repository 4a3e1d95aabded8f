// Test support: principals, a fixed clock and a MemoryLog wired like the server.
#pragma once

#include <memory>
#include <string>

#include "core/log/memory_log.h"
#include "core/validation/catalogue.h"
#include "tests/support/test_digest.h"

namespace lif::testing {

inline Principal Admin() {
  return Principal{"tok-admin", Role::kAdmin, std::nullopt, std::nullopt};
}
inline Principal AgencyPrincipal(const std::string& agency) {
  return Principal{"tok-" + agency, Role::kAgency, agency, std::nullopt};
}
inline Principal Board() {
  return Principal{"tok-board", Role::kBoard, std::nullopt, std::nullopt};
}

// A clock the test moves by hand; ids are "00000000-0000-4000-8000-<counter>".
struct FakeWorld {
  Timestamp now = ParseTimestamp("2026-03-01T09:00:00.000Z").value();
  int next_id = 0;
  std::function<Timestamp()> Clock() {
    return [this] { return now; };
  }
  std::function<std::string()> Ids() {
    return [this] {
      char buf[64];
      std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012d", ++next_id);
      return std::string(buf);
    };
  }
  void AdvanceDays(int days) { now.millis += days * 86400000LL; }
};

inline std::unique_ptr<MemoryLog> NewLog(FakeWorld* world,
                                         const Catalogue* catalogue = &Catalogue::Default()) {
  return std::make_unique<MemoryLog>(TestSha256(), catalogue, world->Clock(), world->Ids());
}

inline ProposedEvent Learning(const std::string& id, const std::string& title,
                              const std::string& theme = "voice-of-child") {
  ProposedEvent e;
  e.type = "learning.identified";
  e.stream = "learning/" + id;
  e.data = {{"title", title},
            {"kind", "lesson"},
            {"source", {{"kind", "case_review"}, {"stream", "review/2026-01"}}},
            {"themes", {theme}}};
  return e;
}

inline Result<AppendOutcome> AppendOne(EventLog* log, const Principal& who, ProposedEvent e) {
  AppendRequest req;
  req.principal = who;
  req.events.push_back(std::move(e));
  return log->Append(std::move(req));
}

}  // namespace lif::testing
