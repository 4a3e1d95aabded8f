// Fuzz target "append_request": the bytes of a POST /v1/events body, through
// exactly what the server runs (ParseAppendBody: the untrusted JSON parse,
// the single or batch form, each proposed event and its stream id), then the
// log's append (catalogue validation, authorisation, stream rules, sealing)
// for three principals: an administrator, an agency and a subgroup chair.
//
// Invariants checked (a broken one aborts, which libFuzzer reports):
//  - nothing throws, nothing crashes (ASan and UBSan watch memory and UB);
//  - a refusal is a client error (400, 403, 409, 413), never an internal
//    one, and its path is empty or a well-formed JSON pointer;
//  - an accepted request appends exactly its events, chained, and every
//    event's stored bytes decode back to the same event (canonical form);
//  - the resulting log exports to a bundle that parses back to the same log.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "core/bundle/bundle.h"
#include "core/log/append_body.h"
#include "core/log/memory_log.h"
#include "core/validation/catalogue.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/support/test_digest.h"

namespace lif {
namespace {

constexpr size_t kMaxBatchEvents = 1000;  // As ApiOptions::max_batch_events.

void CheckRefusal(const Status& s, const char* stage) {
  const bool client_error = s.code() == StatusCode::kInvalid ||
                            s.code() == StatusCode::kForbidden ||
                            s.code() == StatusCode::kConflict || s.code() == StatusCode::kTooLarge;
  LIF_FUZZ_CHECK(client_error, std::string(stage) + " refused with " + s.ToString());
  LIF_FUZZ_CHECK(!s.message().empty(), std::string(stage) + " gave no message");
  LIF_FUZZ_CHECK(fuzz::IsWellFormedPointer(s.path()),
                 std::string(stage) + " gave a path that is not a JSON pointer: " + s.path());
  // The server serialises the error; untrusted bytes in it must never throw.
  Json err = {{"code", StatusCodeName(s.code())}, {"message", s.message()}, {"path", s.path()}};
  (void)err.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void CheckSameEvent(const Event& a, const Event& b) {
  LIF_FUZZ_CHECK(a.canonical == b.canonical, "canonical bytes differ after decoding");
  LIF_FUZZ_CHECK(a.hash == b.hash, "hash differs after decoding");
  LIF_FUZZ_CHECK(
      a.position == b.position && a.version == b.version && a.type == b.type &&
          a.stream == b.stream && a.data == b.data && a.prev == b.prev &&
          a.occurred_at == b.occurred_at && a.agency == b.agency,
      "an envelope field differs after decoding at position " + std::to_string(a.position));
}

void AppendAs(const AppendBody& body, const Principal& who) {
  const Sha256Fn sha = testing::TestSha256();
  int next_id = 0;
  MemoryLog log(
      sha, &Catalogue::Default(), [] { return ParseTimestamp("2026-03-01T09:00:00.000Z").value(); },
      [&next_id] {
        char id[64];
        std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", ++next_id);
        return std::string(id);
      });
  AppendRequest request;
  request.events = body.events;
  request.form = body.form;
  request.principal = who;
  Result<AppendOutcome> out = log.Append(std::move(request));
  if (!out.ok()) {
    CheckRefusal(out.status(), "the log's append");
    LIF_FUZZ_CHECK(log.Head().position == 0, "a refused append left events in the log");
    return;
  }
  LIF_FUZZ_CHECK(out->events.size() == body.events.size(), "appended another number of events");
  LIF_FUZZ_CHECK(log.Head().position == static_cast<int64_t>(body.events.size()),
                 "the head does not count the appended events");
  LIF_FUZZ_CHECK(VerifyChainLinks(LogHead{}, out->events.ToVector()).ok(),
                 "the chain does not link");
  std::string bundle =
      EncodeBundleHeader({static_cast<int64_t>(out->events.size()), out->events.back().hash,
                          "2026-03-01T09:00:00.000Z", nullptr}) +
      "\n";
  for (const Event& e : out->events) {
    Result<Event> decoded = DecodeStoredEvent(e.canonical, sha);
    LIF_FUZZ_CHECK(decoded.ok(), "stored bytes do not decode: " + decoded.status().ToString());
    CheckSameEvent(e, *decoded);
    AppendBundleEvent(e, &bundle);
  }
  Result<Bundle> parsed = ParseBundle(bundle, sha);
  LIF_FUZZ_CHECK(parsed.ok(), "the log's bundle does not parse: " + parsed.status().ToString());
  LIF_FUZZ_CHECK(parsed->events.size() == out->events.size(), "the bundle lost events");
  for (size_t i = 0; i < out->events.size(); ++i) CheckSameEvent(out->events[i], parsed->events[i]);
}

}  // namespace
}  // namespace lif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lif;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<AppendBody> body = ParseAppendBody(text, kMaxBatchEvents, BodyDigest::kKeep);
  if (!body.ok()) {
    CheckRefusal(body.status(), "ParseAppendBody");
    return 0;
  }
  LIF_FUZZ_CHECK(!body->events.empty() && body->events.size() <= kMaxBatchEvents,
                 "a parsed body holds no events or too many");
  // The Idempotency-Key digest is computed from this serialisation: it must
  // read back as the JSON it was written from.
  LIF_FUZZ_CHECK(Json::parse(body->normalized, nullptr, false).dump() == body->normalized,
                 "the body's digest text does not read back as itself");
  AppendAs(*body, Principal{"tok-admin", Role::kAdmin, std::nullopt, std::nullopt});
  AppendAs(*body,
           Principal{"tok-agency", Role::kAgency, std::string("cleveland-police"), std::nullopt});
  AppendAs(*body, Principal{"tok-chair", Role::kSubgroupChair, std::string("cleveland-police"),
                            std::string("learning-and-improvement")});
  return 0;
}
