#include "core/projections/calendar_projection.h"

namespace lif {

void CalendarProjection::Apply(const Event& e) {
  if (e.type != "calendar.holiday_added") return;
  const std::string date = e.data.value("date", "");
  Result<Date> d = ParseDate(date);
  if (!d.ok()) return;  // Validation guarantees a date; stay total anyway.
  const std::string name = e.data.value("name", "");
  added_[date] = name;
  calendar_.AddHoliday(*d, name);
}

Json CalendarProjection::Snapshot() const { return {{"added", added_}}; }

Status CalendarProjection::Restore(const Json& snapshot) {
  calendar_ = WorkingDaysCalendar::EnglandAndWales();
  added_.clear();
  if (!snapshot.is_object() || !snapshot.contains("added") || !snapshot["added"].is_object()) {
    return Status::Internal("calendar snapshot lacks 'added'");
  }
  for (auto it = snapshot["added"].begin(); it != snapshot["added"].end(); ++it) {
    Result<Date> d = ParseDate(it.key());
    if (!d.ok() || !it.value().is_string()) {
      return Status::Internal("calendar snapshot has a bad holiday '" + it.key() + "'");
    }
    added_[it.key()] = it.value().get<std::string>();
    calendar_.AddHoliday(*d, it.value().get<std::string>());
  }
  return Status::Ok();
}

}  // namespace lif
