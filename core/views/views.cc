#include "core/views/views.h"

#include "core/views/view_registry.h"

namespace lif {
namespace {

using RenderFn = Result<Json> (*)(const BoardState&, const ViewContext&);

const std::vector<std::pair<std::string, RenderFn>>& Registry() {
  static const std::vector<std::pair<std::string, RenderFn>> kViews = {
      {"learning", &RenderLearningView},
      {"indicators", &RenderIndicatorsView},
      {"reviews", &RenderReviewsView},
      {"audits", &RenderAuditsView},
      {"actions", &RenderActionsView},
      {"training", &RenderTrainingView},
      {"assurance", &RenderAssuranceView},
      {"timetable", &RenderTimetableView},
      {"loop", &RenderLoopView},
      {"dashboard", &RenderDashboardView},
  };
  return kViews;
}

}  // namespace

const std::vector<std::string>& ViewNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& [name, fn] : Registry()) n.push_back(name);
    return n;
  }();
  return names;
}

Date JudgementDate(const AsOf& as_of, const BoardState& state, Date today) {
  switch (as_of.kind) {
    case AsOf::Kind::kDate:
      return as_of.date;
    case AsOf::Kind::kPosition: {
      Result<Timestamp> t = ParseTimestamp(state.last_recorded_at());
      return t.ok() ? DateOf(*t) : today;
    }
    case AsOf::Kind::kLatest:
      return today;
  }
  return today;
}

Result<Json> RenderView(const std::string& name, const BoardState& state, const ViewContext& ctx) {
  for (const auto& [view_name, fn] : Registry()) {
    if (view_name != name) continue;
    ViewContext judged = ctx;
    judged.today = JudgementDate(ctx.as_of, state, ctx.today);
    Result<Json> body = fn(state, judged);
    if (!body.ok()) return body.status();
    Json out = {{"view", name},
                {"position", state.position()},
                {"judged_on", FormatDate(judged.today)}};
    switch (ctx.as_of.kind) {
      case AsOf::Kind::kLatest: out["as_of"] = nullptr; break;
      case AsOf::Kind::kPosition: out["as_of"] = ctx.as_of.position; break;
      case AsOf::Kind::kDate: out["as_of"] = FormatDate(ctx.as_of.date); break;
    }
    out.update(*body);
    return out;
  }
  return Status::NotFound("no view named '" + name + "'");
}

}  // namespace lif
