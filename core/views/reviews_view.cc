// The reviews view (docs/views-domain1.md#reviews): case reviews with their
// statutory clocks and criteria check, child death reviews by category and
// modifiable factors, and learning reviews with their presentation rota.
#include "core/views/review_clocks.h"
#include "core/views/view_registry.h"

namespace lif {
namespace {

Json OrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json CaseReviewsSection(const BoardState& state, Date today) {
  const WorkingDaysCalendar& calendar = state.calendar().calendar();
  Json items = Json::array();
  int64_t overdue = 0, near = 0, flagged = 0;
  for (const auto& [stream, r] : state.case_reviews().reviews()) {
    Json clocks = ReviewClocks(r, calendar, today);
    const auto [any_overdue, any_near] = SummariseClocks(clocks);
    Json check = CriteriaCheck(r);
    overdue += any_overdue;
    near += any_near;
    flagged += !check["flag"].is_null();
    items.push_back({{"stream", r.stream},
                     {"title", r.title},
                     {"regime", r.regime},
                     {"child", r.child},
                     {"lead_agency", r.lead_agency},
                     {"incident_date", r.incident_date},
                     {"aware_on", r.aware_on},
                     {"stage", CaseReviewStage(r)},
                     {"decision", OrNull(r.decision)},
                     {"review_kind", OrNull(r.review_kind)},
                     {"rationale", OrNull(r.rationale)},
                     {"clocks", clocks},
                     {"criteria_check", check},
                     {"overdue", any_overdue},
                     {"near_deadline", any_near}});
  }
  return {{"total", items.size()},
          {"overdue", overdue},
          {"near_deadline", near},
          {"flagged_decisions", flagged},
          {"items", items}};
}

Json ChildDeathSection(const BoardState& state) {
  Json items = Json::array();
  std::map<std::string, std::map<std::string, int64_t>> by_category;
  std::map<std::string, int64_t> modifiable = {{"yes", 0}, {"no", 0}};
  int64_t reviewed = 0;
  for (const auto& [stream, r] : state.child_death_reviews().reviews()) {
    const bool done = !r.reviewed_on.empty();
    if (done) {
      ++reviewed;
      auto& row = by_category[r.category];
      ++row["total"];
      ++row["modifiable_" + r.modifiable_factors];
      ++modifiable[r.modifiable_factors];
    }
    items.push_back({{"stream", r.stream},
                     {"child", r.child},
                     {"date_of_death", r.date_of_death},
                     {"age_band", r.age_band},
                     {"expected", r.expected},
                     {"notified_by", r.notified_by},
                     {"status", done ? "reviewed" : "awaiting_review"},
                     {"reviewed_on", OrNull(r.reviewed_on)},
                     {"category", OrNull(r.category)},
                     {"modifiable_factors", OrNull(r.modifiable_factors)},
                     {"factors", r.factors}});
  }
  Json categories = Json::object();
  for (const auto& [category, row] : by_category) {
    categories[category] = {
        {"total", row.count("total") ? row.at("total") : 0},
        {"modifiable_yes", row.count("modifiable_yes") ? row.at("modifiable_yes") : 0},
        {"modifiable_no", row.count("modifiable_no") ? row.at("modifiable_no") : 0}};
  }
  return {{"total", items.size()},
          {"reviewed", reviewed},
          {"awaiting_review", static_cast<int64_t>(items.size()) - reviewed},
          {"by_category", categories},
          {"modifiable_factors", modifiable},
          {"items", items}};
}

Json LearningReviewsSection(const BoardState& state, Date today) {
  Json items = Json::array();
  int64_t overdue_slots = 0;
  for (const auto& [stream, r] : state.learning_sources().learning_reviews()) {
    Json rota = Json::array();
    for (const RotaSlot& slot : r.rota) {
      bool presented = false;
      for (const Presentation& p : r.presentations) {
        presented = presented || p.presenter_agency == slot.presenter_agency;
      }
      Result<Date> meeting = ParseDate(slot.meeting_date);
      const bool overdue = !presented && meeting.ok() && *meeting < today;
      overdue_slots += overdue;
      rota.push_back({{"presenter_agency", slot.presenter_agency},
                      {"meeting_date", slot.meeting_date},
                      {"meeting", OrNull(slot.meeting)},
                      {"presented", presented},
                      {"overdue", overdue}});
    }
    Json presentations = Json::array();
    for (const Presentation& p : r.presentations) {
      presentations.push_back({{"presented_on", p.presented_on},
                               {"presenter_agency", p.presenter_agency},
                               {"lessons", p.lessons}});
    }
    items.push_back({{"stream", r.stream},
                     {"scope", r.scope},
                     {"title", r.title},
                     {"publisher", r.publisher},
                     {"published_on", r.published_on},
                     {"rota", rota},
                     {"presentations", presentations}});
  }
  return {{"total", items.size()}, {"overdue_presentations", overdue_slots}, {"items", items}};
}

}  // namespace

Result<Json> RenderReviewsView(const BoardState& state, const ViewContext& ctx) {
  Json inspections = Json::array();
  for (const auto& [stream, i] : state.learning_sources().inspections()) {
    inspections.push_back({{"stream", i.stream},
                           {"inspectorate", i.inspectorate},
                           {"title", i.title},
                           {"published_on", i.published_on},
                           {"judgement", i.judgement},
                           {"agency", OrNull(i.agency)}});
  }
  Json thematic = Json::array();
  for (const auto& [stream, t] : state.learning_sources().thematic()) {
    thematic.push_back({{"stream", t.stream},
                        {"kind", t.kind},
                        {"title", t.title},
                        {"theme", t.theme},
                        {"commissioned_on", t.commissioned_on},
                        {"status", t.reported_on.empty() ? "in_progress" : "reported"},
                        {"reported_on", OrNull(t.reported_on)},
                        {"findings", t.findings}});
  }
  return Json{{"case_reviews", CaseReviewsSection(state, ctx.today)},
              {"child_death_reviews", ChildDeathSection(state)},
              {"learning_reviews", LearningReviewsSection(state, ctx.today)},
              {"inspections", inspections},
              {"thematic_reviews", thematic}};
}

}  // namespace lif
