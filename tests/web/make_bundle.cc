// make_bundle: writes a small, deterministic bundle of learning.identified
// events for the web and wasm tests, without a server.
//
// Usage: make_bundle OUT_FILE
//
// The events go through the real append path (lif::MemoryLog with
// Catalogue::Default(), so every event is validated and sealed exactly as the
// server would) with a fixed clock and fixed ids, so the output is the same
// bytes on every run. Exits 1 with a message on any error.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "core/bundle/bundle.h"
#include "core/log/memory_log.h"
#include "core/validation/catalogue.h"
#include "tests/support/test_digest.h"

namespace {

struct Item {
  const char* recorded_at;  // The fixed server clock for this append.
  const char* stream;
  const char* occurred_at;
  const char* data;  // The event's data, as JSON.
};

// Four months of learning, recorded on five dates (two on 2026-03-15) so that
// "as of" dates select different prefixes. Titles include markup characters
// and non-ASCII text to prove escaping and UTF-8 handling in the page.
const std::vector<Item>& Items() {
  static const std::vector<Item> kItems = {
      {"2026-01-12T09:00:00.000Z", "learning/2026-001", "2026-01-08",
       R"({"title": "Escalation between agencies was slow when a child moved area",
           "kind": "lesson",
           "source": {"kind": "case_review", "stream": "case-review/cr-2025-07"},
           "themes": ["escalation", "transitions"], "agency": "police"})"},
      {"2026-02-03T14:30:00.000Z", "learning/2026-002", "2026-01-30",
       R"({"title": "The voice of the child is recorded well in early help assessments",
           "kind": "good_practice",
           "source": {"kind": "multi_agency_audit", "stream": "audit/maa-2026-01"},
           "themes": ["voice-of-child"]})"},
      {"2026-02-20T11:15:00.000Z", "learning/2026-003", "2026-02-18",
       R"({"title": "Neglect referrals rarely include a chronology",
           "kind": "finding",
           "source": {"kind": "section11", "stream": "section11/2025-26"},
           "themes": ["neglect", "chronologies"], "agency": "health"})"},
      {"2026-03-15T08:05:00.000Z", "learning/2026-004", "2026-03-10",
       R"({"title": "Strategy meetings <45 min & without education: the school’s view is lost",
           "kind": "lesson",
           "summary": "Écoles and colleges were invited in 2 of 9 strategy meetings.",
           "source": {"kind": "learning_review", "stream": "learning-review/lr-2026-02"},
           "themes": ["information-sharing", "escalation"]})"},
      {"2026-03-15T16:45:00.000Z", "learning/2026-005", "2026-03-14",
       R"({"title": "Young people value consistent workers",
           "kind": "good_practice",
           "source": {"kind": "voice_of_child", "stream": "survey/yp-2026"},
           "themes": ["voice-of-child", "transitions"]})"},
  };
  return kItems;
}

int Fail(const std::string& what) {
  std::cerr << "make_bundle: " << what << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return Fail("usage: make_bundle OUT_FILE");
  lif::Timestamp now;
  int next_id = 0;
  lif::MemoryLog log(
      lif::testing::TestSha256(), &lif::Catalogue::Default(), [&] { return now; },
      [&] {
        char id[40];
        std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", ++next_id);
        return std::string(id);
      });
  lif::Principal admin{"tok-admin-test", lif::Role::kAdmin, std::nullopt, std::nullopt};
  for (const Item& item : Items()) {
    lif::Result<lif::Timestamp> t = lif::ParseTimestamp(item.recorded_at);
    if (!t.ok()) return Fail(t.status().ToString());
    now = *t;
    lif::AppendRequest request;
    request.principal = admin;
    lif::ProposedEvent event;
    event.type = "learning.identified";
    event.stream = item.stream;
    event.data = lif::Json::parse(item.data);
    event.occurred_at = item.occurred_at;
    request.events.push_back(std::move(event));
    lif::Result<lif::AppendOutcome> outcome = log.Append(std::move(request));
    if (!outcome.ok()) return Fail(outcome.status().ToString());
  }
  lif::Result<std::vector<lif::Event>> events = log.ReadRange(0, Items().size());
  if (!events.ok()) return Fail(events.status().ToString());
  lif::BundleHeader header;
  header.size = static_cast<int64_t>(events->size());
  header.head = log.Head().hash;
  header.exported_at = "2026-03-16T12:00:00.000Z";
  std::string out = lif::EncodeBundleHeader(header) + "\n";
  for (const lif::Event& e : *events) lif::AppendBundleEvent(e, &out);
  std::ofstream file(argv[1], std::ios::binary | std::ios::trunc);
  file.write(out.data(), static_cast<std::streamsize>(out.size()));
  file.close();
  if (!file) return Fail(std::string("cannot write ") + argv[1]);
  return 0;
}
