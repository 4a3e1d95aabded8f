// Internal: the render function of each view, registered in views.cc.
#pragma once

#include <algorithm>

#include "core/views/views.h"

namespace lif {

Result<Json> RenderLearningView(const BoardState& state, const ViewContext& ctx);

}  // namespace lif
