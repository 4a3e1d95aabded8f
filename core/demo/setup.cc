// Reference data and the business plan, recorded on the first day (board.h).
#include <algorithm>

#include "core/demo/board.h"

namespace lif::demo {

void Board::SetUp() {
  const Principal admin = DemoAdmin();
  agencies_ = BaseAgencies();
  for (int i = 1; i < o_.scale; ++i) {
    for (int j = 0; j < 15; ++j) {
      int n = (i - 1) * 15 + j + 1;
      switch (j % 3) {
        case 0:
          agencies_.push_back({"school-" + Pad(n, 4), "Academy " + Pad(n, 4), "education", false});
          break;
        case 1:
          agencies_.push_back(
              {"gp-practice-" + Pad(n, 4), "GP practice " + Pad(n, 4), "health", true});
          break;
        default:
          agencies_.push_back(
              {"vcs-" + Pad(n, 4), "Community group " + Pad(n, 4), "voluntary", false});
      }
    }
  }
  const Date d = start_;
  // Areas: the own area, the other three Tees local authorities that share
  // the Tees safeguarding procedures (Darlington is in the Tees Valley but
  // not in Tees, so it is not a comparator), and the averages.
  areas_ = {{"hartlepool", "Hartlepool", "own"},
            {"stockton-on-tees", "Stockton-on-Tees", "comparator"},
            {"middlesbrough", "Middlesbrough", "comparator"},
            {"redcar-and-cleveland", "Redcar and Cleveland", "comparator"},
            {"north-east", "North East", "regional_average"},
            {"england", "England", "national_average"}};
  for (int i = 1; i < o_.scale && areas_.size() < 90; ++i) {
    areas_.push_back(
        {"neighbour-" + Pad(i, 3), "Statistical neighbour " + Pad(i, 3), "comparator"});
  }
  for (const auto& a : areas_) {
    Emit(admin, "area.registered", "area/" + a[0],
         {{"area_code", a[0]}, {"name", a[1]}, {"kind", a[2]}}, d);
  }
  for (const AgencyDef& a : agencies_) {
    Emit(admin, "agency.registered", "agency/" + a.id,
         {{"agency_id", a.id}, {"name", a.name}, {"kind", a.kind}, {"section11", a.section11}}, d);
  }
  for (const SubgroupDef& s : Subgroups()) {
    Emit(admin, "subgroup.registered", std::string("subgroup/") + s.id,
         {{"subgroup_id", s.id},
          {"name", s.name},
          {"chair_agency", s.chair_agency},
          {"remit", s.remit}},
         d);
  }
  // Indicators, with a year of history so that trends show from the start.
  for (const IndicatorDef& ind : Indicators()) {
    Json def = {{"indicator_id", ind.id},
                {"title", ind.title},
                {"area", ind.area},
                {"polarity", ind.higher_is_better ? "higher_is_better" : "lower_is_better"},
                {"unit", ind.unit}};
    if (ind.threshold != 0) def["threshold"] = ind.threshold;
    Emit(admin, "indicator.defined", std::string("indicator/") + ind.id, def, d);
    std::vector<double> offsets;
    for (size_t i = 0; i < areas_.size(); ++i) offsets.push_back(rng_.Unit() * 0.3 - 0.15);
    offsets_.push_back(offsets);
  }
  CivilDate c = CivilFromDate(start_);
  int q = (c.month - 1) / 3 + 1, y = c.year;  // The quarter the period starts in.
  first_quarter_index_ = y * 4 + (q - 1);
  // Every quarter published (in the second month of the next quarter, see
  // MonthIndicators) before the simulated period's first month is history,
  // so that no quarter is left without figures whatever month the period
  // starts in.
  const int start_month_index = c.year * 12 + (c.month - 1);
  for (int index = first_quarter_index_ - 5; index < first_quarter_index_; ++index) {
    const int next = index + 1;
    const int published_month_index = (next / 4) * 12 + (next % 4) * 3 + 1;
    if (published_month_index >= start_month_index) break;  // MonthIndicators records it.
    for (size_t i = 0; i < Indicators().size(); ++i) RecordIndicator(i, index, d);
  }
  // The business plan.
  const char* const priorities[][3] = {
      {"neglect", "Tackle neglect earlier", "Fewer repeat child protection plans for neglect."},
      {"exploitation", "Protect children from exploitation",
       "Children at risk of exploitation are identified and safety-planned."},
      {"domestic-abuse", "Children living with domestic abuse",
       "Fewer children exposed to repeat domestic abuse incidents."},
      {"learning-culture", "A learning culture across the partnership",
       "Learning from reviews is embedded and evidenced in practice."},
  };
  CivilDate pe = CivilFromDate(start_);
  Date plan_end = DateFromCivil(CivilDate{pe.year + std::max(2, o_.years), 3, 31});
  Json stream_list = Json::array();
  for (const auto& p : priorities) {
    std::string stream = std::string("priority/") + p[0];
    Emit(admin, "priority.set", stream,
         {{"title", p[1]},
          {"status", "active"},
          {"expected_impact", p[2]},
          {"period_start", FormatDate(start_)},
          {"period_end", FormatDate(plan_end)}},
         d);
    priorities_.push_back(stream);
    stream_list.push_back(stream);
  }
  Emit(admin, "plan.created", "plan/business-plan",
       {{"title", "Business Plan " + std::to_string(pe.year) + "-" +
                      std::to_string(pe.year + std::max(2, o_.years))},
        {"kind", "board"},
        {"priorities", stream_list}},
       d);
  for (const SubgroupDef& s : Subgroups()) {
    Emit(
        Chair(s.id), "plan.created", std::string("plan/") + s.id,
        {{"title", std::string(s.name) + " action plan"}, {"kind", "subgroup"}, {"subgroup", s.id}},
        d);
  }
  for (const AgencyDef& a : agencies_) {
    Emit(DemoAgencyPrincipal(a.id), "plan.created", "plan/" + a.id,
         {{"title", a.name + " single-agency action plan"},
          {"kind", "single_agency"},
          {"agency", a.id}},
         d);
    single_audit_month_.push_back(static_cast<int>(rng_.Between(1, 12)));
  }
  never_reports_ = static_cast<size_t>(rng_.Between(0, static_cast<int64_t>(agencies_.size()) - 1));
}

}  // namespace lif::demo
