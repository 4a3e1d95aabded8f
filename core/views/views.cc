#include "core/views/views.h"

#include <algorithm>

#include "core/json_writer.h"
#include "core/views/view_registry.h"

namespace lif {
namespace {

using RenderFn = Result<Json> (*)(const BoardState&, const ViewContext&);
using RenderMembersFn = Result<JsonMembers> (*)(const BoardState&, const ViewContext&);

// A view: its Json renderer and, for a view rendered so often that building
// a Json tree shows (the dashboard, after every append), a renderer of its
// members as JSON text giving the same bytes; null when it has none.
struct ViewEntry {
  std::string name;
  RenderFn render;
  RenderMembersFn render_members = nullptr;
};

const std::vector<ViewEntry>& Registry() {
  static const std::vector<ViewEntry> kViews = {
      {"learning", &RenderLearningView},
      {"indicators", &RenderIndicatorsView},
      {"reviews", &RenderReviewsView},
      {"audits", &RenderAuditsView},
      {"actions", &RenderActionsView},
      {"training", &RenderTrainingView},
      {"assurance", &RenderAssuranceView},
      {"timetable", &RenderTimetableView},
      {"loop", &RenderLoopView},
      {"you_said_we_did", &RenderYouSaidWeDidView},
      {"policies", &RenderPoliciesView},
      {"dissemination", &RenderDisseminationView},
      {"priorities", &RenderPrioritiesView},
      {"plan_reports", &RenderPlanReportsView},
      {"dashboard", &RenderDashboardView, &RenderDashboardMembers},
      {"names", &RenderNamesView},
  };
  return kViews;
}

const ViewEntry* FindView(const std::string& name) {
  for (const ViewEntry& v : Registry()) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

}  // namespace

const std::vector<std::string>& ViewNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const ViewEntry& v : Registry()) n.push_back(v.name);
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

namespace {

// The envelope of every view: view, position, judged_on and as_of.
Json Envelope(const std::string& name, const BoardState& state, const ViewContext& ctx,
              Date judged) {
  Json out = {{"view", name}, {"position", state.position()}, {"judged_on", FormatDate(judged)}};
  switch (ctx.as_of.kind) {
    case AsOf::Kind::kLatest:
      out["as_of"] = nullptr;
      break;
    case AsOf::Kind::kPosition:
      out["as_of"] = ctx.as_of.position;
      break;
    case AsOf::Kind::kDate:
      out["as_of"] = FormatDate(ctx.as_of.date);
      break;
  }
  return out;
}

}  // namespace

std::string DumpViewJson(const Json& j) {
  std::string out;
  AppendJson(&out, j, InvalidUtf8::kReplace);
  return out;
}

Result<std::string> RenderViewText(const std::string& name, const BoardState& state,
                                   const ViewContext& ctx) {
  const ViewEntry* view = FindView(name);
  if (view == nullptr || view->render_members == nullptr) {
    Result<Json> json = RenderView(name, state, ctx);
    if (!json.ok()) return json.status();
    return DumpViewJson(*json);
  }
  ViewContext judged = ctx;
  judged.today = JudgementDate(ctx.as_of, state, ctx.today);
  Result<JsonMembers> members = view->render_members(state, judged);
  if (!members.ok()) return members.status();
  // The envelope's members, unless the body has the key (Json::update lets
  // the body win), then every member in key order, as dump writes a Json object.
  const Json envelope = Envelope(name, state, ctx, judged.today);
  for (auto it = envelope.begin(); it != envelope.end(); ++it) {
    bool taken = false;
    for (const auto& m : *members) taken = taken || m.first == it.key();
    if (!taken) members->emplace_back(it.key(), DumpViewJson(it.value()));
  }
  std::sort(members->begin(), members->end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  size_t size = 2;
  for (const auto& [key, text] : *members) size += key.size() + text.size() + 4;
  std::string out;
  out.reserve(size);
  out += '{';
  for (const auto& [key, text] : *members) {
    if (out.size() > 1) out += ',';
    AppendJsonString(&out, key, InvalidUtf8::kReplace);
    out += ':';
    out += text;
  }
  out += '}';
  return out;
}

Result<Json> RenderView(const std::string& name, const BoardState& state, const ViewContext& ctx) {
  const ViewEntry* view = FindView(name);
  if (view == nullptr) return Status::NotFound("no view named '" + name + "'");
  ViewContext judged = ctx;
  judged.today = JudgementDate(ctx.as_of, state, ctx.today);
  Result<Json> body = view->render(state, judged);
  if (!body.ok()) return body.status();
  Json out = Envelope(name, state, ctx, judged.today);
  // Moves the body's members in (update would copy them); the body's win.
  for (auto it = body->begin(); it != body->end(); ++it) out[it.key()] = std::move(*it);
  return out;
}

}  // namespace lif
