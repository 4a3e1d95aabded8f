// The audit trail of one item (docs/audit.md): every event of a stream and of
// the streams it links to, in log order, with who recorded it, when, and the
// item's state before and after as a readable change list. Corrections are
// listed in their own place in the log and beside the event they correct.
//
// Links followed (from the event data, as first recorded), in both
// directions, each transitively and alone:
//  - downward, to what answers the stream: a case review, audit, indicator
//    or any other source stream -> the learning items whose
//    learning.identified names it as source.stream; a learning item -> the
//    actions whose action.planned lists it in `learning`, the assurance
//    returns whose assurance.submitted lists it in `learning` and the
//    assurance streams its learning.embedded events name; a learning item,
//    case review or any stream -> the policy reviews whose
//    policy.review_requested names it as trigger.stream;
//  - upward, to what the stream answers: the reverse of each link above (an
//    action -> its learning items -> their sources; a policy review -> its
//    trigger; an assurance return -> the learning it evidences).
//  An upward stream's own downward links are not followed (an action's
//  trail holds its learning item, not the item's other actions);
//  - every included event -> the correction.recorded events that correct it.
// An action's progress, completion and evidence are events of its own stream,
// as are a learning item's dissemination and embedding.
//
// The state of an item is the fold of its own stream's events: each event's
// data fields (as corrected by the corrections recorded so far) overwrite the
// earlier values, and the pseudo-field "stage" holds the verb of the latest
// event type ("planned", "progressed", "completed", ...).
//
// Pure: reads only the log. Thread-safe as far as the log is. Errors:
// kNotFound when the stream has no event in the selected prefix; a storage
// error of the log is passed on.
#pragma once

#include <optional>
#include <string>

#include "core/json.h"
#include "core/log/event_log.h"
#include "core/projections/board_state.h"
#include "core/status.h"

namespace lif {

struct AuditScope {
  // When set, linked streams are followed only when the first event of the
  // linked stream was recorded by this agency (an agency's own view). The root
  // stream itself is not checked here: the caller decides who may see it.
  std::optional<std::string> agency;
};

// The trail as JSON:
// {"stream", "as_of_position", "streams": [item streams, sorted],
//  "links": [{"from", "to", "relation"}]: each link that brought a stream in,
//           in the order followed (downward first); relation is what `to` is
//           to `from`: "learning", "action", "assurance", "policy_review"
//           (downward) or "source", "answers", "evidences", "trigger" (upward),
//  "entries": [{"position", "id", "type", "stream", "version", "item", "actor",
//               "agency", "recorded_at", "occurred_at", "data",
//               "changes": [{"field", "before", "after"}],
//               "corrected_by": [{"position", "id", "reason", "fields", "actor",
//                                 "agency", "recorded_at"}],
//               "corrects": {"position", "id", "type", "stream"}  (corrections only)}]}
// "before"/"after" are null where the field was absent.
Result<Json> BuildAuditTrail(const EventLog& log, const std::string& stream, const AsOf& as_of,
                             const AuditScope& scope = {});

// The trail as RFC 4180 CSV, one row per change (an event without changes
// has one row with empty field, before and after). Columns: position,
// recorded_at, occurred_at, type, stream, item, actor, agency, field, before,
// after, corrects (the corrected event's position), corrected_by (positions
// of the corrections, separated by ';'). Values that are not strings are
// written as compact JSON.
std::string AuditTrailCsv(const Json& trail);

}  // namespace lif
