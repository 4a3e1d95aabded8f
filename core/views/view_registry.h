// Internal: the render function of each view, registered in views.cc.
#pragma once

#include <algorithm>

#include "core/views/views.h"

namespace lif {

Result<Json> RenderLearningView(const BoardState& state, const ViewContext& ctx);
// Domain 1 (docs/views-domain1.md).
Result<Json> RenderIndicatorsView(const BoardState& state, const ViewContext& ctx);
Result<Json> RenderReviewsView(const BoardState& state, const ViewContext& ctx);
Result<Json> RenderAuditsView(const BoardState& state, const ViewContext& ctx);
// Domains 2 and 3 (docs/views-domain23.md).
Result<Json> RenderActionsView(const BoardState& state, const ViewContext& ctx);
Result<Json> RenderTrainingView(const BoardState& state, const ViewContext& ctx);
Result<Json> RenderAssuranceView(const BoardState& state, const ViewContext& ctx);
Result<Json> RenderTimetableView(const BoardState& state, const ViewContext& ctx);
Result<Json> RenderLoopView(const BoardState& state, const ViewContext& ctx);
Result<Json> RenderDashboardView(const BoardState& state, const ViewContext& ctx);

}  // namespace lif
