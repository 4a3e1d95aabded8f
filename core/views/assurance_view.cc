// The assurance view (docs/views-domain23.md#assurance): which agency or
// sub-group owes which assurance report for which period, and whether it was
// received, received late, is overdue or is still due.
//
// Rules, judged at ctx.today:
//  - every registered agency owes a single-agency assurance report for each
//    calendar year, from the year it was first registered; it is due on
//    31 December of that year (at least once a year, seed 3.4);
//  - every registered sub-group owes a sub-group report for each half year
//    (January-June due 30 June, July-December due 31 December; seed 3.5);
//  - a report meets an obligation when it is of the right kind
//    (single_agency / subgroup), names the owner, and its period overlaps the
//    obligation's; received on the earliest such submission date
//    (occurred_at), late when that is after the due date;
//  - overdue: nothing received and today is after the due date.
// Filters: agency (an identifier: that agency's obligations only, no
// sub-groups), status. A bad value is a 400 naming the filter.
#include <algorithm>
#include <cassert>
#include <map>

#include "core/views/domain23_view_util.h"
#include "core/views/view_registry.h"

namespace lif {
namespace {

// An obligation's period, parsed once for every owner that owes it.
struct OwedPeriod {
  PeriodRange range;
  // The same date a year earlier. A period is at most a year long
  // (ParseReportingPeriod: a year, a half or a quarter), so a report that
  // starts before this ended before the period began.
  std::string earliest_overlap;
};

OwedPeriod ParseOwedPeriod(const std::string& period) {
  OwedPeriod p{*ParseReportingPeriod(period), {}};
  p.earliest_overlap = p.range.start;
  const int year = std::stoi(p.range.start.substr(0, 4)) - 1;
  p.earliest_overlap.replace(0, 4, std::to_string(year));
  assert(p.earliest_overlap.size() == p.range.start.size());
  return p;
}

// Judges `o`, owed for `period`, by `owned`: the reports of its kind that
// name its owner (AssuranceRegister::single_agency_reports or
// subgroup_reports), or null when there are none.
void Judge(const std::vector<OwnedReport>* owned, const OwedPeriod& period,
           const std::string& today_s, ObligationDetail detail, AssuranceObligation* o) {
  o->reports.clear();
  o->received_on = {};
  bool met = false;
  if (owned != nullptr) {
    auto it = std::lower_bound(
        owned->begin(), owned->end(), period.earliest_overlap,
        [](const OwnedReport& r, const std::string& start) { return r.range.start < start; });
    for (; it != owned->end() && it->range.start <= o->range.end; ++it) {
      if (it->range.end < o->range.start) continue;
      met = true;
      if (detail == ObligationDetail::kWithReports) o->reports.push_back(&it->stream);
      if (o->received_on.empty() || it->submitted_on < o->received_on) {
        o->received_on = it->submitted_on;
      }
    }
    // The view lists them in stream order.
    std::sort(o->reports.begin(), o->reports.end(),
              [](const std::string* x, const std::string* y) { return *x < *y; });
  }
  if (met) {
    o->status = o->received_on <= o->due ? "received" : "received_late";
  } else {
    o->status = today_s > o->due ? "overdue" : "due";
  }
}

}  // namespace

void ForEachAssuranceObligation(const BoardState& state, Date today, ObligationDetail detail,
                                const std::function<void(const AssuranceObligation&)>& visit) {
  // The dashboard calls this on every render: each period is parsed once
  // (owners share them), and one obligation is filled in place for each in
  // turn, so judging thousands allocates nothing per obligation.
  const int this_year = CivilFromDate(today).year;
  const std::string today_s = FormatDate(today);
  std::map<std::string, OwedPeriod, std::less<>> periods;
  auto period_of = [&](const std::string& period) -> const OwedPeriod& {
    auto it = periods.find(period);
    if (it == periods.end()) it = periods.emplace(period, ParseOwedPeriod(period)).first;
    return it->second;
  };
  // The first year each owner owes a report for (owners whose date does not parse owe none).
  struct Owner {
    const std::string* id;
    const std::string* since;  // When it was first registered.
    int first_year;
  };
  auto first_years = [&](const std::map<std::string, std::string>& since_by_owner) {
    std::vector<Owner> out;
    for (const auto& [owner, since] : since_by_owner) {
      Result<Date> from = ParseDate(since);
      if (from.ok()) out.push_back({&owner, &since, CivilFromDate(*from).year});
    }
    return out;
  };
  // The reports an owner made, or null; looked up once an owner.
  auto owned_by = [](const OwnedReports& index,
                     const std::string& owner) -> const std::vector<OwnedReport>* {
    auto it = index.find(owner);
    return it == index.end() ? nullptr : &it->second;
  };
  AssuranceObligation o;
  const AssuranceRegister& reports = state.assurance();
  for (const Owner& agency : first_years(state.assurance().agencies_since())) {
    const std::vector<OwnedReport>* owned = owned_by(reports.single_agency_reports(), *agency.id);
    for (int y = agency.first_year; y <= this_year; ++y) {
      o.period = std::to_string(y);
      const OwedPeriod& owed = period_of(o.period);
      if (owed.range.start > today_s) continue;
      o.owner_kind = "agency";
      o.owner = *agency.id;
      o.range = owed.range;
      o.due = owed.range.end;
      Judge(owned, owed, today_s, detail, &o);
      visit(o);
    }
  }
  for (const Owner& subgroup : first_years(state.assurance().subgroups_since())) {
    const std::vector<OwnedReport>* owned = owned_by(reports.subgroup_reports(), *subgroup.id);
    for (int y = subgroup.first_year; y <= this_year; ++y) {
      for (const char* half : {"-H1", "-H2"}) {
        o.period = std::to_string(y);
        o.period += half;
        const OwedPeriod& owed = period_of(o.period);
        if (owed.range.start > today_s || owed.range.end < *subgroup.since) continue;
        o.owner_kind = "subgroup";
        o.owner = *subgroup.id;
        o.range = owed.range;
        o.due = owed.range.end;
        Judge(owned, owed, today_s, detail, &o);
        visit(o);
      }
    }
  }
}

Result<Json> RenderAssuranceView(const BoardState& state, const ViewContext& ctx) {
  LIF_RETURN_IF_ERROR(CheckFilterFormat(ctx, "agency", "identifier"));
  const std::string agency = FilterValue(ctx, "agency");
  const std::string status = FilterValue(ctx, "status");
  if (ctx.filters.count("status") && status != "received" && status != "received_late" &&
      status != "overdue" && status != "due") {
    return Status::Invalid("status must be received, received_late, overdue or due", "status");
  }
  std::map<std::string, int64_t> summary = {
      {"received", 0}, {"received_late", 0}, {"overdue", 0}, {"due", 0}};
  Json obligations = Json::array();
  auto add = [&](const AssuranceObligation& o) {
    if (!agency.empty() && (o.owner_kind != "agency" || o.owner != agency)) return;
    if (!status.empty() && o.status != status) return;
    const std::string owner(o.owner);
    const std::string judged(o.status);
    ++summary[judged];
    std::string name;
    if (o.owner_kind == "agency") {
      auto it = state.reference().agencies().find(owner);
      if (it != state.reference().agencies().end()) name = it->second.name;
    } else {
      auto it = state.reference().subgroups().find(owner);
      if (it != state.reference().subgroups().end()) name = it->second.name;
    }
    Json reports = Json::array();
    for (const std::string* stream : o.reports) reports.push_back(*stream);
    obligations.push_back({{"owner_kind", std::string(o.owner_kind)},
                           {"owner", owner},
                           {"name", NullIfEmpty(name)},
                           {"period", o.period},
                           {"start", o.range.start},
                           {"due", o.due},
                           {"status", judged},
                           {"reports", std::move(reports)},
                           {"received_on", NullIfEmpty(std::string(o.received_on))}});
  };
  ForEachAssuranceObligation(state, ctx.today, ObligationDetail::kWithReports, add);
  Json reports = Json::array();
  for (const auto& [stream, a] : state.assurance().assurances()) {
    if (!agency.empty() && a.agency != agency) continue;
    reports.push_back({{"stream", stream},
                       {"kind", a.kind},
                       {"agency", NullIfEmpty(a.agency)},
                       {"subgroup", NullIfEmpty(a.subgroup)},
                       {"period", a.period},
                       {"submitted_on", a.submitted_on},
                       {"improvements", a.improvements},
                       {"areas_for_development", a.areas_for_development},
                       {"evidence_of_impact", a.evidence_of_impact},
                       {"learning", a.learning},
                       {"corrections", CorrectionsJson(a.corrections)}});
  }
  return Json{{"summary", summary}, {"obligations", obligations}, {"reports", reports}};
}

}  // namespace lif
