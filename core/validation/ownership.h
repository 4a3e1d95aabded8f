// Ownership rules: the authorisation checks that need the log
// (docs/access.md#ownership). The catalogue's Validate sees one event and its
// principal; these rules also look at the first event of the streams involved
// (who created an action, which sub-group a plan belongs to).
//
// Thread-safety: pure; `origin` is called on the caller's thread.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/event.h"
#include "core/principal.h"
#include "core/status.h"
#include "core/validation/catalogue.h"

namespace lif {

// The first event (version 1) of a stream, or nullopt when it does not exist.
using StreamOriginFn = std::function<Result<std::optional<Event>>(const std::string& stream)>;

// Checks `def.ownership` for `e` recorded by `principal`. kForbidden (path
// `path` + "/stream" or "/data/plan") when the principal does not own what it
// acts on; storage errors from `origin` pass through. Admins pass every rule.
Status CheckOwnership(const EventTypeDef& def, const ProposedEvent& e, const Principal& principal,
                      const StreamOriginFn& origin, const std::string& path);

}  // namespace lif
