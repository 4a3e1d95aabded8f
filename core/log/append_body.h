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

// The events of one POST /v1/events request.
struct AppendBody {
  RequestForm form = RequestForm::kSingle;
  std::vector<ProposedEvent> events;
  // The parsed body, kept so that the server can compute the Idempotency-Key
  // digest from it (compared after parsing, so whitespace does not matter).
  Json json;
};

// Parses a request body: either one event {"type", "stream", "data",
// "expected_version"?, "occurred_at"?} or an atomic batch {"events": [...]}.
// The JSON is read with ParseUntrustedJson (strict UTF-8, no duplicate keys,
// bounded depth) and each event with ParseProposedEvent. Errors are kInvalid
// naming the field as a JSON pointer ("/events/2/stream"), or kTooLarge with
// path "/events" when a batch holds more than `max_batch_events` events.
// Never throws.
Result<AppendBody> ParseAppendBody(std::string_view body, size_t max_batch_events);

}  // namespace lif
