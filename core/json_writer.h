// Compact JSON writing, byte for byte what Json::dump() writes (no indent, UTF-8
// kept as is, keys in their sorted order), without the per-byte UTF-8 decoding
// that nlohmann's serializer does for every string: strings of printable ASCII
// with nothing to escape, the common case of event data and views, are copied
// as they are; every other string, and every floating-point number, is written
// by nlohmann's own serializer. The canonical bytes (docs/events.md,
// "Canonical bytes and the hash") and every view's text are written with it.
//
// Thread-safe (no shared state).
#pragma once

#include <string>
#include <string_view>

#include "core/json.h"

namespace lif {

// What a string that is not valid UTF-8 does, as nlohmann's error handlers:
// kThrow throws nlohmann::json::type_error (316), as Json::dump() does (the
// canonical encoding: lif's parsers never produce such a string); kReplace
// writes U+FFFD in place of each invalid byte sequence (the views).
enum class InvalidUtf8 { kThrow, kReplace };

// Appends j.dump() to `out` (with kReplace: j.dump(-1, ' ', false, replace)).
void AppendJson(std::string* out, const Json& j, InvalidUtf8 invalid);

// Appends Json(s).dump() to `out`: `s` quoted and escaped.
void AppendJsonString(std::string* out, std::string_view s, InvalidUtf8 invalid);

}  // namespace lif
