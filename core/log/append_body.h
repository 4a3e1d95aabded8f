// The body of POST /v1/events, from untrusted bytes to proposed events.
//
// The HTTP server and the fuzz harness (tests/fuzz/) both call
// ParseAppendBody, so what is fuzzed is exactly what the API runs before it
// hands the events to the log (which then validates them against the
// catalogue; docs/events.md#validation).
//
// Ownership and thread-safety: a pure function returning values.
#pragma once

#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/json.h"
#include "core/log/append.h"
#include "core/status.h"

namespace lif {

// Whether ParseAppendBody keeps the text an Idempotency-Key digest is made of.
enum class BodyDigest {
  kSkip,  // No Idempotency-Key: nothing to compare a retry with.
  kKeep,  // Fill AppendBody::normalized.
};

// The events of one POST /v1/events request.
struct AppendBody {
  RequestForm form = RequestForm::kSingle;
  std::vector<ProposedEvent> events;
  // With BodyDigest::kKeep: the body as parsed, written again compactly with
  // its keys sorted (Json::dump()). The server's Idempotency-Key digest is the
  // SHA-256 of this text, so a retry that differs only in whitespace or key
  // order is the same request. Empty with BodyDigest::kSkip.
  std::string normalized;
};

// Parses a request body: either one event {"type", "stream", "data",
// "expected_version"?, "occurred_at"?} or an atomic batch {"events": [...]}.
// The JSON is read with ParseUntrustedJson (strict UTF-8, no duplicate keys,
// bounded depth) and each event with ParseProposedEvent. Errors are kInvalid
// naming the field as a JSON pointer ("/events/2/stream"), or kTooLarge with
// path "/events" when a batch holds more than `max_batch_events` events.
// Each event's data moves out of the parsed document into its ProposedEvent
// (no second copy of a large batch). Never throws.
Result<AppendBody> ParseAppendBody(std::string_view body, size_t max_batch_events,
                                   BodyDigest digest = BodyDigest::kSkip);

}  // namespace lif
