// Internal: the render function of each view, registered in views.cc.
#pragma once

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

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
// What follows from the sources and the learning (docs/views-followup.md).
Result<Json> RenderYouSaidWeDidView(const BoardState& state, const ViewContext& ctx);
Result<Json> RenderPoliciesView(const BoardState& state, const ViewContext& ctx);
Result<Json> RenderDisseminationView(const BoardState& state, const ViewContext& ctx);
Result<Json> RenderPrioritiesView(const BoardState& state, const ViewContext& ctx);
Result<Json> RenderPlanReportsView(const BoardState& state, const ViewContext& ctx);
Result<Json> RenderDashboardView(const BoardState& state, const ViewContext& ctx);
// The names of the identifiers the other views show (docs/views-domain23.md#names).
Result<Json> RenderNamesView(const BoardState& state, const ViewContext& ctx);

// Members of a JSON object as (key, the value's JSON text), in any order.
using JsonMembers = std::vector<std::pair<std::string, std::string>>;

// The dashboard's members, written directly as JSON text (the bytes that
// dumping RenderDashboardView's Json would give) instead of through a Json tree.
Result<JsonMembers> RenderDashboardMembers(const BoardState& state, const ViewContext& ctx);

// The exception flags of one indicator by the indicators view's rules
// (threshold_breach, worse_than_national, worsening_two_quarters, in that
// order), judged on the own area's latest value; none without an own area.
std::vector<const char*> IndicatorExceptionFlags(const IndicatorDefinition& def,
                                                 const IndicatorSeries::Periods& periods,
                                                 const std::string& own,
                                                 const std::string& national);

// `j` as compact JSON text the way every view is served: invalid UTF-8 in a
// string is replaced (U+FFFD) rather than thrown on.
std::string DumpViewJson(const Json& j);

}  // namespace lif
