// Differences between two renderings of a view (docs/audit.md#differences)
// and CSV renderings of the actions view.
//
// DiffViews compares a view "as of" two points: every top-level list whose
// rows are objects with a string "stream" (or, failing that, "id") is
// compared row by row by that key (added, removed, changed with the fields
// that changed); every other top-level field that differs is listed with its
// two values. This covers the learning view ("items"), the actions view
// ("actions", "plans", "priorities") and every other view of the same shape.
//
// Pure functions of their arguments: thread-safe. DiffViews fails with
// kInvalid when either rendering is not a JSON object.
#pragma once

#include <string>

#include "core/json.h"
#include "core/status.h"

namespace lif {

// {"view": name,
//  "lists": {list: {"key": "stream", "added": [rows], "removed": [rows],
//                   "changed": [{"key", "changes": [{"field", "before", "after"}]}]}},
//  "fields": [{"field", "before", "after"}],
//  "summary": {"added", "removed", "changed"}}
// Rows are in key order; absent values are null.
Result<Json> DiffViews(const std::string& name, const Json& from, const Json& to);

// The actions view as RFC 4180 CSV, one row per action, in the view's order.
// Columns: stream, title, plan, plan_title, owner_agency, lead, priority,
// learning (streams separated by "; "), planned_on, due, original_due,
// due_revised, status, rag, last_progress_on, last_progress_note,
// progress_updates, overdue, days_overdue, evidence_of_impact, completed_on,
// completed_late, signed_off_on, corrections (how many). Fails with kInvalid
// when `actions_view` has no "actions" list.
Result<std::string> ActionsViewCsv(const Json& actions_view);

}  // namespace lif
