// Test support for domain scenarios: principals of each role and a MemoryLog
// built through the real validation and append path, with a hand-set clock.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>

#include "core/log/memory_log.h"
#include "core/projections/board_state.h"
#include "core/validation/catalogue.h"
#include "core/views/views.h"
#include "tests/support/test_digest.h"

namespace lif::testing {

inline Principal DomainAdmin() {
  return Principal{"tok-admin", Role::kAdmin, std::nullopt, std::nullopt};
}
inline Principal Agency(const std::string& a) {
  return Principal{"tok-" + a, Role::kAgency, a, std::nullopt};
}
inline Principal Chair(const std::string& a, const std::string& subgroup) {
  return Principal{"tok-chair-" + a, Role::kSubgroupChair, a, subgroup};
}

// A log built through the real validation and append path. Every event is
// recorded at noon on `recorded` (so "as of" dates select prefixes) and
// occurs on `occurred` (the recorded date when empty).
class Scenario {
 public:
  Event Add(const Principal& who, const std::string& type, const std::string& stream,
            const std::string& data, const std::string& recorded,
            const std::string& occurred = "") {
    now_ = recorded + "T12:00:00.000Z";
    AppendRequest req;
    ProposedEvent p;
    p.type = type;
    p.stream = stream;
    p.data = Json::parse(data);
    if (!occurred.empty()) p.occurred_at = occurred;
    req.events.push_back(p);
    req.principal = who;
    Result<AppendOutcome> r = log_.Append(req);
    EXPECT_TRUE(r.ok()) << type << " " << stream << ": " << r.status().ToString();
    return r.ok() ? r->events.front() : Event{};
  }

  BoardState State(const AsOf& as_of = AsOf{}) const {
    Result<BoardState> s = BuildBoardState(log_, as_of);
    EXPECT_TRUE(s.ok());
    return s.ok() ? *s : BoardState{};
  }

  // Renders a view of the latest state judged at `today`.
  Result<Json> View(const std::string& name, const std::string& today,
                    std::map<std::string, std::string> filters = {}) const {
    ViewContext ctx;
    ctx.today = *ParseDate(today);
    ctx.filters = std::move(filters);
    return RenderView(name, State(), ctx);
  }

  Json Must(const std::string& name, const std::string& today,
            std::map<std::string, std::string> filters = {}) const {
    Result<Json> v = View(name, today, std::move(filters));
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? *v : Json();
  }

  const MemoryLog& log() const { return log_; }

 private:
  std::string now_ = "2026-01-01T12:00:00.000Z";
  int next_id_ = 0;
  MemoryLog log_{testing::TestSha256(), &Catalogue::Default(),
                 [this] { return *ParseTimestamp(now_); },
                 [this] {
                   char id[64];
                   snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", ++next_id_);
                   return std::string(id);
                 }};
};

}  // namespace lif::testing
