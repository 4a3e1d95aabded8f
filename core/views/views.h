// Views: JSON renderings of a BoardState, the same bytes on the server
// (GET /v1/views/{name}) and in the browser (wasm). Worked examples of each
// view are in docs/views-domain1.md and docs/views-domain23.md.
//
// A view depends only on the state, `today` and the filters: never on the
// wall clock, so that as-of views and the browser agree byte for byte.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/projections/board_state.h"

namespace lif {

struct ViewContext {
  Date today;  // The date at which deadlines are judged.
  AsOf as_of;
  std::map<std::string, std::string> filters;  // Query parameters other than as_of.
};

// The names of every view, in display order.
const std::vector<std::string>& ViewNames();

// Renders view `name`; kNotFound for an unknown name, kInvalid for a bad filter.
Result<Json> RenderView(const std::string& name, const BoardState& state, const ViewContext& ctx);

// The same view as JSON text: the bytes of RenderView(...)->dump(-1, ' ',
// false, Json::error_handler_t::replace). Views whose size follows the
// board's current state (the dashboard) are written directly, without a
// Json tree.
Result<std::string> RenderViewText(const std::string& name, const BoardState& state,
                                   const ViewContext& ctx);

// The date at which an as-of view judges deadlines: the as-of date itself, the
// recorded date of the last included event for a position, or `today`.
Date JudgementDate(const AsOf& as_of, const BoardState& state, Date today);

}  // namespace lif
