// The event envelope: what a client proposes and what the log stores.
//
// Wire and byte formats are specified once in docs/events.md (the envelope,
// the canonical bytes and the hash); this header implements them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/digest.h"
#include "core/json.h"
#include "core/status.h"

namespace lif {

// Limits on untrusted input, enforced before anything else looks at it.
inline constexpr size_t kMaxStreamIdLength = 128;
inline constexpr size_t kMaxTypeLength = 64;
inline constexpr int kMaxJsonDepth = 32;
inline constexpr size_t kMaxStringBytes = 64 * 1024;
// Integers must be exactly representable as IEEE doubles (and so in JavaScript).
inline constexpr int64_t kMaxSafeInteger = 9007199254740991LL;

// An event as a client proposes it. The server sets everything else.
struct ProposedEvent {
  std::string type;
  std::string stream;
  Json data = Json::object();
  std::optional<int64_t> expected_version;  // 0: the stream must not exist yet.
  std::optional<std::string> occurred_at;   // ISO date or UTC timestamp.
};

// An event as stored: immutable once appended.
struct Event {
  int64_t position = 0;  // Global order, from 1, gap-free.
  std::string id;        // UUID set by the server.
  std::string type;
  std::string stream;
  int64_t version = 0;      // Per stream, from 1, gap-free.
  std::string recorded_at;  // Server clock, "YYYY-MM-DDTHH:MM:SS.fffZ".
  std::string occurred_at;  // Business time: ISO date or UTC timestamp.
  std::string actor;        // Principal id.
  std::optional<std::string> agency;
  Json data = Json::object();
  std::string prev;       // Hex SHA-256 of the previous event; 64 zeros for position 1.
  std::string hash;       // Hex SHA-256 of `canonical`.
  std::string canonical;  // The stored bytes, exactly as hashed.
  // Where the data's own text is in `canonical`: [data_begin, data_end), set
  // when the event is decoded or sealed (both 0 when unknown).
  uint32_t data_begin = 0;
  uint32_t data_end = 0;
};

// Checks a stream id: "kind/identifier", lowercase, bounded (docs/events.md).
Status ValidateStreamId(std::string_view stream);
// Checks an event type name: "noun.verb" in lowercase, e.g. "learning.identified".
Status ValidateTypeName(std::string_view type);

// Scans raw JSON text and fails if arrays/objects nest deeper than `max_depth`,
// without building anything (so hostile input cannot exhaust the stack).
Status CheckJsonDepth(std::string_view text, int max_depth = kMaxJsonDepth);

// Parses untrusted JSON text: depth-checked, strict UTF-8, no duplicate keys
// allowed to silently win, numbers bounded. Never throws.
Result<Json> ParseUntrustedJson(std::string_view text);

// Checks that every number in `value` is a safe integer or a finite double and
// every string is at most kMaxStringBytes. `path` prefixes error pointers.
Status CheckJsonValues(const Json& value, const std::string& path);

// Reads one proposed event from a request object. Unknown top-level fields and
// server-owned fields (position, recorded_at, actor, ...) are rejected with
// their path. `path` is the pointer of `object` in the request ("" or "/events/2").
// Takes the object by value: its "data" moves into the event, uncopied (a
// caller that keeps its document passes a copy).
Result<ProposedEvent> ParseProposedEvent(Json object, const std::string& path);

// The canonical bytes of an event: the envelope without "hash", keys sorted,
// no insignificant whitespace (docs/events.md). Requires every field set.
std::string CanonicalBytes(const Event& event);

// Fills `canonical` and `hash` from the other fields.
void SealEvent(Event* event, const Sha256Fn& sha256);

// Decodes stored bytes; checks that they are canonical (re-encoding gives the
// same bytes) and computes the hash. Fails with kInternal on corrupt bytes.
// A null `sha256` leaves `hash` empty (for folds, which never read it; the
// bytes are still checked).
Result<Event> DecodeStoredEvent(std::string bytes, const Sha256Fn& sha256);

// The canonical JSON text of the event's data, sliced from `canonical` (which
// must be the event's canonical bytes); empty when `canonical` is empty.
std::string_view EventDataText(const Event& event);

// The envelope as the API returns it (with "hash").
Json EventToJson(const Event& event);

// JSON pointer escaping of one reference token ("~" -> "~0", "/" -> "~1").
std::string JsonPointerEscape(std::string_view token);

}  // namespace lif
