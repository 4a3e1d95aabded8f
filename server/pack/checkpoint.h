// The board pack's checkpoint (docs/bundle.md, "The checkpoint"): the views a
// board member sees first, the names and the dashboard, rendered natively at
// export from the pack's own bundle, exactly as the page's core would render
// them. The page shows them at once, marked "verifying", while its worker
// checks the bundle; the worker then renders the same views with the same
// query and rejects the pack unless every one is byte-identical, so a
// checkpoint cannot show a figure the events do not give.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time/civil_time.h"

namespace lif::server {

// The views a checkpoint holds, in the order the page uses them.
const std::vector<std::string>& CheckpointViews();

// The checkpoint of `bundle` as JSON text:
//   {"lif_checkpoint": 1, "size": N, "head": "<hex>", "query": {"today": "YYYY-MM-DD"},
//    "view_names": ["learning", ...], "views": {"names": "<the view's JSON text>",
//    "dashboard": "..."}}
// (view_names: the core's ViewNames(), for the page's navigation)
// with every "<" written \u003c, so that the text can sit inside a <script>
// element. kInvalid when the bundle does not verify (ParseBundle's error).
Result<std::string> MakeCheckpoint(std::string_view bundle, Date today);

}  // namespace lif::server
