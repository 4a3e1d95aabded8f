// The policy and procedure register (docs/views-followup.md#policies): every
// policy stream (policy/...) from policy.review_requested and policy.revised,
// with what triggered each request, when it was requested and revised, its
// status and the corrections applied.
//
// Rules, judged at ctx.today:
//  - status: "requested" while the latest request has no revision after it,
//    else "revised" (core/projections/policies.h);
//  - days_open: for a requested policy, the days from its latest request to
//    ctx.today; null when revised. The catalogue records no due date for a
//    review, so no review is called overdue;
//  - in_force: the latest revision's effective date is on or before
//    ctx.today (false while a revision waits for its effective date).
// A trigger naming a learning item or a case review carries its title (null
// when the stream is no item or review held).
// Filters: status (requested or revised), owner (tees_procedures_group or
// board), trigger (a trigger kind, as in the catalogue), learning (a
// learning stream: the policies whose requests name it). A bad value is a 400
// naming the filter.
#include "core/views/followup_view_util.h"
#include "core/views/view_registry.h"

namespace lif {
namespace {

const std::vector<std::string>& TriggerKinds() {
  static const std::vector<std::string> kinds = {
      "website",  "agency_request", "national_guidance", "case_review",
      "learning", "audit",          "scheduled",         "other"};
  return kinds;
}

// The title of the stream a trigger names, when lif holds it; else null.
Json TriggerTitle(const BoardState& state, const std::string& stream) {
  if (const LearningRegister::Item* item = state.learning().Find(stream)) return item->title;
  auto review = state.case_reviews().reviews().find(stream);
  if (review != state.case_reviews().reviews().end()) return review->second.title;
  return nullptr;
}

}  // namespace

Result<Json> RenderPoliciesView(const BoardState& state, const ViewContext& ctx) {
  LIF_RETURN_IF_ERROR(CheckFilterChoice(ctx, "status", {"requested", "revised"}));
  LIF_RETURN_IF_ERROR(CheckFilterChoice(ctx, "owner", {"tees_procedures_group", "board"}));
  LIF_RETURN_IF_ERROR(CheckFilterChoice(ctx, "trigger", TriggerKinds()));
  LIF_RETURN_IF_ERROR(CheckFilterFormat(ctx, "learning", "stream-id", "learning"));
  const std::string status = FilterValue(ctx, "status");
  const std::string owner = FilterValue(ctx, "owner");
  const std::string trigger = FilterValue(ctx, "trigger");
  const std::string learning = FilterValue(ctx, "learning");
  const std::string today = FormatDate(ctx.today);

  std::map<std::string, int64_t> by_status = {{"requested", 0}, {"revised", 0}};
  std::map<std::string, int64_t> by_trigger;
  for (const std::string& k : TriggerKinds()) by_trigger[k] = 0;
  Json policies = Json::array();
  for (const auto& [stream, p] : state.policies().policies()) {
    if (!status.empty() && p.status != status) continue;
    if (!owner.empty() && p.owner != owner) continue;
    bool has_trigger = trigger.empty(), names_learning = learning.empty();
    for (const PolicyReviewRequest& r : p.requests) {
      has_trigger = has_trigger || r.trigger_kind == trigger;
      names_learning = names_learning || r.trigger_stream == learning;
    }
    if (!has_trigger || !names_learning) continue;
    ++by_status[p.status];
    Json requests = Json::array();
    for (const PolicyReviewRequest& r : p.requests) {
      ++by_trigger[r.trigger_kind];
      requests.push_back(
          {{"on", r.on},
           {"requested_by", NullIfEmpty(r.requested_by)},
           {"trigger",
            {{"kind", r.trigger_kind},
             {"stream", NullIfEmpty(r.trigger_stream)},
             {"title",
              r.trigger_stream.empty() ? Json(nullptr) : TriggerTitle(state, r.trigger_stream)},
             {"note", NullIfEmpty(r.note)}}}});
    }
    Json revisions = Json::array();
    for (const PolicyRevision& r : p.revisions) {
      revisions.push_back({{"version", r.version},
                           {"summary", r.summary},
                           {"effective", r.effective},
                           {"on", r.on}});
    }
    const std::string requested_on = p.requests.empty() ? "" : p.requests.back().on;
    const PolicyRevision* latest = p.revisions.empty() ? nullptr : &p.revisions.back();
    Json days_open = nullptr;
    Result<Date> asked = ParseDate(requested_on);
    if (p.status == "requested" && asked.ok()) days_open = ctx.today.days - asked->days;
    policies.push_back(
        {{"stream", stream},
         {"title", p.title},
         {"owner", NullIfEmpty(p.owner)},
         {"status", p.status},
         {"first_requested_on", p.requests.empty() ? Json(nullptr) : Json(p.requests.front().on)},
         {"requested_on", NullIfEmpty(requested_on)},
         {"revised_on", latest == nullptr ? Json(nullptr) : Json(latest->on)},
         {"version", latest == nullptr ? Json(nullptr) : Json(latest->version)},
         {"effective", latest == nullptr ? Json(nullptr) : Json(latest->effective)},
         {"in_force",
          latest != nullptr && !latest->effective.empty() && latest->effective <= today},
         {"days_open", days_open},
         {"requests", std::move(requests)},
         {"revisions", std::move(revisions)},
         {"corrections", CorrectionsJson(p.corrections)}});
  }
  return Json{{"total", policies.size()},
              {"by_status", by_status},
              {"by_trigger", by_trigger},
              {"policies", std::move(policies)}};
}

}  // namespace lif
