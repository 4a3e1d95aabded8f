// The timetable view (docs/views-domain23.md#timetable): the reporting
// timetable (Diagram 2, as an administrator has changed it) for one month:
// what is due, what arrived, what is late; and the assurance reports whose
// due date falls in the month.
//
// Rules for a slot (an entry scheduled in the month), judged at ctx.today:
//  - arrived: a report.presented naming the entry has its meeting in the month;
//  - arrived_late: none in the month, but one after it and before the entry's
//    next scheduled month;
//  - late: nothing arrived and today is after the month's last day;
//  - due: nothing arrived yet and the month has not ended.
// Filter: month=YYYY-MM (default: the month of the judgement date); a bad
// value is a 400 naming "month".
#include "core/views/domain23_view_util.h"
#include "core/views/view_registry.h"

namespace lif {

std::vector<TimetableSlot> TimetableSlots(const BoardState& state, Date month_start, Date today) {
  const CivilDate m = CivilFromDate(month_start);
  const std::string first = FormatDate(month_start);
  const std::string last = FormatDate(Date{AddMonths(month_start, 1).days - 1});
  std::vector<TimetableSlot> out;
  for (const TimetableEntry* e : state.timetable().EntriesIn(m.month)) {
    TimetableSlot slot;
    slot.entry = e;
    // The first day of the entry's next scheduled month after this one.
    int next_month = 0;
    int next_year = m.year;
    for (int candidate : e->months) {
      if (candidate > m.month) {
        next_month = candidate;
        break;
      }
    }
    if (next_month == 0) {
      next_month = e->months.front();
      next_year = m.year + 1;
    }
    const std::string next = FormatDate(DateFromCivil({next_year, next_month, 1}));
    std::vector<std::string> late;
    for (const auto& [stream, r] : state.assurance().reports()) {
      if (r.timetable_entry != e->id) continue;
      if (r.meeting >= first && r.meeting <= last) slot.reports.push_back(stream);
      if (r.meeting > last && r.meeting < next) late.push_back(stream);
    }
    if (!slot.reports.empty()) {
      slot.status = "arrived";
    } else if (!late.empty()) {
      slot.status = "arrived_late";
      slot.reports = late;
    } else {
      slot.status = FormatDate(today) > last ? "late" : "due";
    }
    out.push_back(std::move(slot));
  }
  return out;
}

Result<Json> RenderTimetableView(const BoardState& state, const ViewContext& ctx) {
  LIF_RETURN_IF_ERROR(CheckFilterFormat(ctx, "month", "month"));
  const std::string month = FilterValue(ctx, "month");
  Date month_start;
  if (month.empty()) {
    CivilDate t = CivilFromDate(ctx.today);
    month_start = DateFromCivil({t.year, t.month, 1});
  } else {
    Result<Date> d = ParseDate(month + "-01");
    if (!d.ok()) return Status::Invalid("month must be YYYY-MM", "month");
    month_start = *d;
  }
  const std::string first = FormatDate(month_start);
  const std::string last = FormatDate(Date{AddMonths(month_start, 1).days - 1});

  std::map<std::string, int64_t> summary = {
      {"arrived", 0}, {"arrived_late", 0}, {"late", 0}, {"due", 0}};
  Json slots = Json::array();
  for (const TimetableSlot& s : TimetableSlots(state, month_start, ctx.today)) {
    ++summary[s.status];
    slots.push_back({{"entry", s.entry->id},
                     {"title", s.entry->title},
                     {"kind", s.entry->kind},
                     {"owner", NullIfEmpty(s.entry->owner)},
                     {"status", s.status},
                     {"reports", s.reports}});
  }
  // Reports presented in the month that fill no slot of it.
  Json other = Json::array();
  for (const auto& [stream, r] : state.assurance().reports()) {
    if (r.meeting < first || r.meeting > last) continue;
    bool in_slot = false;
    for (const Json& s : slots) in_slot = in_slot || s["entry"] == r.timetable_entry;
    if (in_slot) continue;
    other.push_back({{"stream", stream},
                     {"title", r.title},
                     {"kind", r.kind},
                     {"meeting", r.meeting},
                     {"timetable_entry", NullIfEmpty(r.timetable_entry)}});
  }
  Json assurance_due = Json::array();
  ForEachAssuranceObligation(state, ctx.today, ObligationDetail::kStatus,
                             [&](const AssuranceObligation& o) {
                               if (o.due < first || o.due > last) return;
                               assurance_due.push_back({{"owner_kind", std::string(o.owner_kind)},
                                                        {"owner", std::string(o.owner)},
                                                        {"period", o.period},
                                                        {"due", o.due},
                                                        {"status", std::string(o.status)}});
                             });
  Json timetable = Json::array();
  for (const auto& [id, e] : state.timetable().entries()) {
    timetable.push_back({{"entry", id},
                         {"title", e.title},
                         {"kind", e.kind},
                         {"months", e.months},
                         {"owner", NullIfEmpty(e.owner)},
                         {"source", e.source},
                         {"corrections", CorrectionsJson(e.corrections)}});
  }
  return Json{{"month", first.substr(0, 7)},
              {"summary", summary},
              {"slots", slots},
              {"other_reports", other},
              {"assurance_due", assurance_due},
              {"timetable", timetable}};
}

}  // namespace lif
