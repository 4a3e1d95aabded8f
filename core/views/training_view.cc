// The training view (docs/views-domain23.md#training): the training needs
// analyses (which needs a planned course meets, which none does), courses,
// attendance by agency, and the before/after change of evaluations.
//
// Evaluation arithmetic: per evaluation, mean_before and mean_after are the
// means of its scores on its own scale and change = mean_after - mean_before.
// Per course, scores on different scales are combined as percentages of
// their scale: mean_before_pct = 100 * sum(before / scale_max) / responses,
// likewise mean_after_pct, and change_pct their difference. All rounded to
// two decimals. Filter: course (a course stream).
#include "core/views/domain23_view_util.h"
#include "core/views/view_registry.h"

namespace lif {

Result<Json> RenderTrainingView(const BoardState& state, const ViewContext& ctx) {
  LIF_RETURN_IF_ERROR(CheckFilterFormat(ctx, "course", "stream-id", "course"));
  const std::string course_filter = FilterValue(ctx, "course");
  const TrainingProgramme& t = state.training();

  Json courses = Json::array();
  std::map<std::string, int64_t> total_by_agency;
  int64_t total_attendees = 0;
  int64_t total_deliveries = 0;
  for (const auto& [stream, c] : t.courses()) {
    if (!course_filter.empty() && stream != course_filter) continue;
    Json deliveries = Json::array();
    std::map<std::string, int64_t> by_agency;
    int64_t attendees = 0;
    for (const CourseDelivery& d : c.deliveries) {
      deliveries.push_back({{"date", d.date}, {"attendees", d.attendees}, {"total", d.total}});
      for (const auto& [agency, n] : d.attendees) {
        by_agency[agency] += n;
        total_by_agency[agency] += n;
      }
      attendees += d.total;
    }
    total_attendees += attendees;
    total_deliveries += static_cast<int64_t>(c.deliveries.size());
    Json evaluations = Json::array();
    int64_t responses = 0;
    int64_t improved = 0;
    double before_pct = 0;
    double after_pct = 0;
    for (const CourseEvaluation& e : c.evaluations) {
      const double n = static_cast<double>(e.responses);
      const double before = e.before_total / n;
      const double after = e.after_total / n;
      evaluations.push_back({{"date", e.date},
                             {"basis", e.basis},
                             {"scale_max", e.scale_max},
                             {"responses", e.responses},
                             {"improved", e.improved},
                             {"mean_before", Round2(before)},
                             {"mean_after", Round2(after)},
                             {"change", Round2(after - before)}});
      responses += e.responses;
      improved += e.improved;
      before_pct += 100.0 * e.before_total / static_cast<double>(e.scale_max);
      after_pct += 100.0 * e.after_total / static_cast<double>(e.scale_max);
    }
    Json evaluation = nullptr;
    if (responses > 0) {
      const double n = static_cast<double>(responses);
      evaluation = {{"responses", responses},
                    {"improved", improved},
                    {"mean_before_pct", Round2(before_pct / n)},
                    {"mean_after_pct", Round2(after_pct / n)},
                    {"change_pct", Round2(after_pct / n - before_pct / n)},
                    {"evaluations", evaluations}};
    }
    courses.push_back({{"stream", stream},
                       {"title", c.title},
                       {"planned_on", c.planned_on},
                       {"capacity", c.capacity > 0 ? Json(c.capacity) : Json(nullptr)},
                       {"needs_analysis", NullIfEmpty(c.needs_analysis)},
                       {"meets_needs", c.meets_needs},
                       {"learning", c.learning},
                       {"deliveries", deliveries},
                       {"attendance", {{"total", attendees}, {"by_agency", by_agency}}},
                       {"evaluation", evaluation},
                       {"corrections", CorrectionsJson(c.corrections)}});
  }

  Json analyses = Json::array();
  for (const auto& [stream, a] : t.needs_analyses()) {
    Json needs = Json::array();
    Json unmet = Json::array();
    for (const TrainingNeed& n : a.needs) {
      Json met_by = Json::array();
      for (const auto& [course_stream, c] : t.courses()) {
        if (c.needs_analysis != stream) continue;
        if (std::find(c.meets_needs.begin(), c.meets_needs.end(), n.id) != c.meets_needs.end()) {
          met_by.push_back(course_stream);
        }
      }
      if (met_by.empty()) unmet.push_back(n.id);
      needs.push_back({{"id", n.id},
                       {"need", n.need},
                       {"audience", NullIfEmpty(n.audience)},
                       {"agencies", n.agencies},
                       {"learning", n.learning},
                       {"met_by", met_by}});
    }
    analyses.push_back({{"stream", stream},
                        {"period", a.period},
                        {"analysed_on", a.analysed_on},
                        {"needs", needs},
                        {"unmet", unmet},
                        {"corrections", CorrectionsJson(a.corrections)}});
  }
  return Json{{"totals",
               {{"courses", courses.size()},
                {"deliveries", total_deliveries},
                {"attendees", total_attendees},
                {"by_agency", total_by_agency}}},
              {"courses", courses},
              {"needs_analyses", analyses}};
}

}  // namespace lif
