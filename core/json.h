// The one JSON type used across lif. nlohmann::json keeps object keys in a
// std::map, so dump() emits keys sorted by their UTF-8 bytes: the basis of the
// canonical encoding (docs/events.md, "Canonical bytes and the hash").
#pragma once

#include <nlohmann/json.hpp>

namespace lif {
using Json = nlohmann::json;
}  // namespace lif
