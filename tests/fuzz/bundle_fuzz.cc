// Fuzz target "bundle": the bytes of a bundle file (docs/bundle.md), as the
// browser and `lif` read one someone handed them, through ParseBundle.
//
// Invariants checked (a broken one aborts, which libFuzzer reports):
//  - nothing throws, nothing crashes (ASan and UBSan watch memory and UB);
//  - a refusal is kInvalid naming the line ("/lines/N") or the lines;
//  - an accepted bundle loads into a log, and writing that log out as a
//    bundle again and reading it back gives the same events.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/bundle/bundle.h"
#include "core/log/memory_log.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/support/test_digest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lif;
  const Sha256Fn sha = testing::TestSha256();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<Bundle> bundle = ParseBundle(text, sha);
  if (!bundle.ok()) {
    const Status& s = bundle.status();
    LIF_FUZZ_CHECK(s.code() == StatusCode::kInvalid, "refused with " + s.ToString());
    LIF_FUZZ_CHECK(s.path().rfind("/lines", 0) == 0, "the refusal names no line: " + s.ToString());
    Json err = {{"message", s.message()}};
    (void)err.dump(-1, ' ', false, Json::error_handler_t::replace);
    return 0;
  }
  MemoryLog log(
      sha, nullptr, [] { return ParseTimestamp("2026-03-01T09:00:00.000Z").value(); },
      [] { return std::string("00000000-0000-4000-8000-000000000000"); });
  Status loaded = log.Load(bundle->events);
  LIF_FUZZ_CHECK(loaded.ok(), "a parsed bundle does not load: " + loaded.ToString());
  LIF_FUZZ_CHECK(log.Head().position == bundle->header.size, "the log's size is not the header's");
  std::string again = EncodeBundleHeader(bundle->header) + "\n";
  for (const Event& e : bundle->events) AppendBundleEvent(e, &again);
  Result<Bundle> reread = ParseBundle(again, sha);
  LIF_FUZZ_CHECK(reread.ok(), "a re-encoded bundle does not parse: " + reread.status().ToString());
  LIF_FUZZ_CHECK(reread->events.size() == bundle->events.size(), "re-encoding lost events");
  for (size_t i = 0; i < bundle->events.size(); ++i) {
    LIF_FUZZ_CHECK(reread->events[i].canonical == bundle->events[i].canonical &&
                       reread->events[i].hash == bundle->events[i].hash,
                   "re-encoding changed event " + std::to_string(i + 1));
  }
  return 0;
}
