// The working-days calendar as the log defines it: the shipped England and
// Wales bank holidays plus every `calendar.holiday_added` event.
// Not thread-safe: owned by one BoardState.
#pragma once

#include <map>
#include <string>

#include "core/calendar/working_days.h"
#include "core/projections/projection.h"

namespace lif {

class CalendarProjection : public Projection {
 public:
  CalendarProjection() : calendar_(WorkingDaysCalendar::EnglandAndWales()) {}

  std::string_view name() const override { return "calendar"; }
  void Apply(const Event& event) override;
  bool Consumes(std::string_view type) const override { return type == "calendar.holiday_added"; }
  Json Snapshot() const override;
  Status Restore(const Json& snapshot) override;

  // Shipped holidays plus those added so far.
  const WorkingDaysCalendar& calendar() const { return calendar_; }
  // Only the added ones: "YYYY-MM-DD" -> name.
  const std::map<std::string, std::string>& added() const { return added_; }

 private:
  WorkingDaysCalendar calendar_;
  std::map<std::string, std::string> added_;
};

}  // namespace lif
