// Working days in England and Wales: weekends and bank holidays are not
// working days. The statutory clocks of case reviews (5 working days to notify
// the national panel, 15 to complete a rapid review) are counted with it.
//
// The bank holidays of England and Wales from 2015 through 2027 ship with lif
// as data (ShippedBankHolidays(), from the published gov.uk lists, with every
// substitute day and the one-off days: VE day moved to Friday 8 May 2020, the
// Platinum Jubilee of 2 and 3 June 2022, the State Funeral on 19 September 2022
// and the Coronation on 8 May 2023). An administrator extends the list with
// `calendar.holiday_added` events, which CalendarProjection applies; outside
// the shipped years only weekends and added holidays are skipped.
//
// Counting rules (one convention everywhere):
//  - AddWorkingDays(d, n) for n > 0 is the n-th working day strictly after d;
//    d itself never counts, whether or not it is a working day. n == 0 gives d
//    unchanged; n < 0 counts backwards (the |n|-th working day strictly before d).
//  - WorkingDaysBetween(a, b) counts the working days x with a < x <= b
//    (a excluded, b included); it is negative when b < a (minus the count of
//    working days x with b < x <= a). So WorkingDaysBetween(d, AddWorkingDays(d,
//    n)) == n for every n >= 0.
//
// Ownership and thread-safety: a WorkingDaysCalendar is a value; const methods
// are safe to call concurrently; AddHoliday needs exclusive access. Nothing
// here fails: every date is accepted.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/time/civil_time.h"

namespace lif {

// One shipped bank holiday: "YYYY-MM-DD" and its gov.uk name.
struct ShippedHoliday {
  const char* date;
  const char* name;
};

inline constexpr int kFirstShippedHolidayYear = 2015;
inline constexpr int kLastShippedHolidayYear = 2027;

// England and Wales bank holidays 2015..2027 in date order.
const std::vector<ShippedHoliday>& ShippedBankHolidays();

class WorkingDaysCalendar {
 public:
  // Where a holiday came from.
  enum class Origin { kShipped, kAdded };
  struct Holiday {
    std::string name;
    Origin origin = Origin::kShipped;
  };

  // A calendar with no holidays at all (only weekends are skipped).
  WorkingDaysCalendar() = default;
  // The shipped England and Wales bank holidays.
  static WorkingDaysCalendar EnglandAndWales();

  // Adds (or renames) a holiday; a date already shipped keeps its origin.
  void AddHoliday(Date date, std::string name);

  bool IsHoliday(Date date) const { return holidays_.count(date.days) > 0; }
  // The holiday on `date`, or null.
  const Holiday* FindHoliday(Date date) const;
  // Not a Saturday, Sunday or holiday.
  bool IsWorkingDay(Date date) const;
  Date AddWorkingDays(Date from, int n) const;
  int WorkingDaysBetween(Date a, Date b) const;

  // All holidays, keyed by Date::days.
  const std::map<int32_t, Holiday>& holidays() const { return holidays_; }

 private:
  std::map<int32_t, Holiday> holidays_;
};

}  // namespace lif
