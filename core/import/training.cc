// Import kind "training": training records, one agency's attendance at one
// delivery of a course a row (docs/import.md#training). A course new to the
// log is planned first (course.planned); the rows of one course and date
// become one course.delivered event with an attendance per agency.
#include "core/import/import_kind.h"

namespace lif::import {
namespace {

void MapTrainingRow(const Row& row, MapContext& ctx) {
  if (!RequireColumns(row, {"course", "date", "agency", "attended"}, ctx)) return;
  double count = 0;
  if (!ParseNumber(row.Get("attended"), &count) || count != static_cast<int64_t>(count)) {
    ctx.Error(row, "attended", "must be a whole number of people");
    return;
  }
  const std::string course = StreamFrom("course", row.Get("course"));
  if (!ctx.StreamExists(course)) {
    if (!RequireColumns(row, {"course_title"}, ctx)) return;
    PlannedEvent e;
    e.event.type = "course.planned";
    e.event.stream = course;
    e.event.data = {{"title", row.Get("course_title")}};
    e.origin = {row.number, ""};
    e.fields = {{"/stream", {row.number, "course"}}, {"/data/title", {row.number, "course_title"}}};
    ctx.Emit(std::move(e));
    ctx.Made(course);
  }
  const std::string date = IsoDate(row.Get("date"));
  const std::string group = "training\n" + course + "\n" + date;
  Json attendee = {{"agency", row.Get("agency")}, {"count", static_cast<int64_t>(count)}};
  auto add_fields = [&row](PlannedEvent& e, size_t i) {
    const std::string p = "/data/attendees/" + std::to_string(i);
    e.fields.push_back({p + "/count", {row.number, "attended"}});
    e.fields.push_back({p, {row.number, "agency"}});
  };
  if (PlannedEvent* earlier = ctx.FindGroup(group)) {
    earlier->event.data["attendees"].push_back(attendee);
    add_fields(*earlier, earlier->event.data["attendees"].size() - 1);
    return;
  }
  PlannedEvent e;
  e.event.type = "course.delivered";
  e.event.stream = course;
  e.event.data = {{"date", date}, {"attendees", Json::array({attendee})}};
  e.origin = {row.number, ""};
  e.group = group;
  e.fields = {{"/stream", {row.number, "course"}},
              {"/data/date", {row.number, "date"}},
              {"/data/attendees", {row.number, "agency"}}};
  add_fields(e, 0);
  ctx.Emit(std::move(e));
}

}  // namespace

KindSpec TrainingKind() {
  using N = ColumnNeed;
  return KindSpec{
      "training",
      "Training records: how many from one agency attended one delivery of a course, a row.",
      {
          {"course", N::kRequired, "The course's id (course/<id> or <id>).", "neglect-basics"},
          {"course_title", N::kOptional, "The course's title; required when the course is new.",
           "Neglect: the basics"},
          {"date", N::kRequired, "The date it was delivered, YYYY-MM-DD or DD/MM/YYYY.",
           "12/05/2026"},
          {"agency", N::kRequired, "The attendees' agency.", "cleveland-police"},
          {"attended", N::kRequired, "How many attended from that agency.", "12"},
      },
      MapTrainingRow};
}

}  // namespace lif::import
