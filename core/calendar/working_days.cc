#include "core/calendar/working_days.h"

#include <algorithm>
#include <cstdint>

namespace lif {

const std::vector<ShippedHoliday>& ShippedBankHolidays() {
  // England and Wales, as published on gov.uk/bank-holidays.
  static const std::vector<ShippedHoliday> kHolidays = {
      {"2015-01-01", "New Year's Day"},
      {"2015-04-03", "Good Friday"},
      {"2015-04-06", "Easter Monday"},
      {"2015-05-04", "Early May bank holiday"},
      {"2015-05-25", "Spring bank holiday"},
      {"2015-08-31", "Summer bank holiday"},
      {"2015-12-25", "Christmas Day"},
      {"2015-12-28", "Boxing Day (substitute day)"},
      {"2016-01-01", "New Year's Day"},
      {"2016-03-25", "Good Friday"},
      {"2016-03-28", "Easter Monday"},
      {"2016-05-02", "Early May bank holiday"},
      {"2016-05-30", "Spring bank holiday"},
      {"2016-08-29", "Summer bank holiday"},
      {"2016-12-26", "Boxing Day"},
      {"2016-12-27", "Christmas Day (substitute day)"},
      {"2017-01-02", "New Year's Day (substitute day)"},
      {"2017-04-14", "Good Friday"},
      {"2017-04-17", "Easter Monday"},
      {"2017-05-01", "Early May bank holiday"},
      {"2017-05-29", "Spring bank holiday"},
      {"2017-08-28", "Summer bank holiday"},
      {"2017-12-25", "Christmas Day"},
      {"2017-12-26", "Boxing Day"},
      {"2018-01-01", "New Year's Day"},
      {"2018-03-30", "Good Friday"},
      {"2018-04-02", "Easter Monday"},
      {"2018-05-07", "Early May bank holiday"},
      {"2018-05-28", "Spring bank holiday"},
      {"2018-08-27", "Summer bank holiday"},
      {"2018-12-25", "Christmas Day"},
      {"2018-12-26", "Boxing Day"},
      {"2019-01-01", "New Year's Day"},
      {"2019-04-19", "Good Friday"},
      {"2019-04-22", "Easter Monday"},
      {"2019-05-06", "Early May bank holiday"},
      {"2019-05-27", "Spring bank holiday"},
      {"2019-08-26", "Summer bank holiday"},
      {"2019-12-25", "Christmas Day"},
      {"2019-12-26", "Boxing Day"},
      {"2020-01-01", "New Year's Day"},
      {"2020-04-10", "Good Friday"},
      {"2020-04-13", "Easter Monday"},
      {"2020-05-08", "Early May bank holiday (VE day)"},
      {"2020-05-25", "Spring bank holiday"},
      {"2020-08-31", "Summer bank holiday"},
      {"2020-12-25", "Christmas Day"},
      {"2020-12-28", "Boxing Day (substitute day)"},
      {"2021-01-01", "New Year's Day"},
      {"2021-04-02", "Good Friday"},
      {"2021-04-05", "Easter Monday"},
      {"2021-05-03", "Early May bank holiday"},
      {"2021-05-31", "Spring bank holiday"},
      {"2021-08-30", "Summer bank holiday"},
      {"2021-12-27", "Christmas Day (substitute day)"},
      {"2021-12-28", "Boxing Day (substitute day)"},
      {"2022-01-03", "New Year's Day (substitute day)"},
      {"2022-04-15", "Good Friday"},
      {"2022-04-18", "Easter Monday"},
      {"2022-05-02", "Early May bank holiday"},
      {"2022-06-02", "Spring bank holiday"},
      {"2022-06-03", "Platinum Jubilee bank holiday"},
      {"2022-08-29", "Summer bank holiday"},
      {"2022-09-19", "Bank Holiday for the State Funeral of Queen Elizabeth II"},
      {"2022-12-26", "Boxing Day"},
      {"2022-12-27", "Christmas Day (substitute day)"},
      {"2023-01-02", "New Year's Day (substitute day)"},
      {"2023-04-07", "Good Friday"},
      {"2023-04-10", "Easter Monday"},
      {"2023-05-01", "Early May bank holiday"},
      {"2023-05-08", "Bank holiday for the coronation of King Charles III"},
      {"2023-05-29", "Spring bank holiday"},
      {"2023-08-28", "Summer bank holiday"},
      {"2023-12-25", "Christmas Day"},
      {"2023-12-26", "Boxing Day"},
      {"2024-01-01", "New Year's Day"},
      {"2024-03-29", "Good Friday"},
      {"2024-04-01", "Easter Monday"},
      {"2024-05-06", "Early May bank holiday"},
      {"2024-05-27", "Spring bank holiday"},
      {"2024-08-26", "Summer bank holiday"},
      {"2024-12-25", "Christmas Day"},
      {"2024-12-26", "Boxing Day"},
      {"2025-01-01", "New Year's Day"},
      {"2025-04-18", "Good Friday"},
      {"2025-04-21", "Easter Monday"},
      {"2025-05-05", "Early May bank holiday"},
      {"2025-05-26", "Spring bank holiday"},
      {"2025-08-25", "Summer bank holiday"},
      {"2025-12-25", "Christmas Day"},
      {"2025-12-26", "Boxing Day"},
      {"2026-01-01", "New Year's Day"},
      {"2026-04-03", "Good Friday"},
      {"2026-04-06", "Easter Monday"},
      {"2026-05-04", "Early May bank holiday"},
      {"2026-05-25", "Spring bank holiday"},
      {"2026-08-31", "Summer bank holiday"},
      {"2026-12-25", "Christmas Day"},
      {"2026-12-28", "Boxing Day (substitute day)"},
      {"2027-01-01", "New Year's Day"},
      {"2027-03-26", "Good Friday"},
      {"2027-03-29", "Easter Monday"},
      {"2027-05-03", "Early May bank holiday"},
      {"2027-05-31", "Spring bank holiday"},
      {"2027-08-30", "Summer bank holiday"},
      {"2027-12-27", "Christmas Day (substitute day)"},
      {"2027-12-28", "Boxing Day (substitute day)"},
  };
  return kHolidays;
}

WorkingDaysCalendar WorkingDaysCalendar::EnglandAndWales() {
  static const WorkingDaysCalendar kShipped = [] {
    WorkingDaysCalendar c;
    for (const ShippedHoliday& h : ShippedBankHolidays()) {
      Result<Date> d = ParseDate(h.date);
      // The shipped table is checked by the calendar tests; a bad row is skipped.
      if (d.ok()) c.holidays_[d->days] = Holiday{h.name, Origin::kShipped};
    }
    return c;
  }();
  return kShipped;
}

void WorkingDaysCalendar::AddHoliday(Date date, std::string name) {
  auto it = holidays_.find(date.days);
  if (it != holidays_.end()) {
    it->second.name = std::move(name);
    return;
  }
  holidays_[date.days] = Holiday{std::move(name), Origin::kAdded};
}

const WorkingDaysCalendar::Holiday* WorkingDaysCalendar::FindHoliday(Date date) const {
  auto it = holidays_.find(date.days);
  return it == holidays_.end() ? nullptr : &it->second;
}

bool WorkingDaysCalendar::IsWorkingDay(Date date) const {
  return Weekday(date) < 5 && !IsHoliday(date);
}

namespace {

int64_t FloorDiv7(int64_t a) { return a >= 0 ? a / 7 : -((-a + 6) / 7); }

// Monday-to-Friday days before day number `days`, counted from a fixed
// Monday; only differences mean anything.
int64_t WeekdaysBefore(int64_t days) {
  const int w = Weekday(Date{static_cast<int32_t>(days)});  // 0 = Monday.
  return 5 * FloorDiv7(days - w) + std::min(w, 5);
}

}  // namespace

// Both are O(holidays in the range) rather than a step per day: the review
// clocks of every dashboard call them hundreds of times over spans of months.
// tests/core/calendar_test.cc checks them against the day-by-day definition.
Date WorkingDaysCalendar::AddWorkingDays(Date from, int n) const {
  Date d = from;
  if (n > 0) {
    // Grow (from, d] until it holds n working days (a day adds at most one,
    // so it never holds more), then step back to its last working day.
    for (int have = 0; have < n; have = WorkingDaysBetween(from, d)) d.days += n - have;
    while (!IsWorkingDay(d)) d.days -= 1;
  } else if (n < 0) {
    // The same backwards: [d, from) holds WorkingDaysBetween(d - 1, from - 1).
    const Date before{from.days - 1};
    for (int have = 0; have < -n; have = WorkingDaysBetween(Date{d.days - 1}, before)) {
      d.days -= -n - have;
    }
    while (!IsWorkingDay(d)) d.days += 1;
  }
  return d;
}

int WorkingDaysCalendar::WorkingDaysBetween(Date a, Date b) const {
  if (b < a) return -WorkingDaysBetween(b, a);
  // The weekdays of (a, b], less the holidays among them that fall on one.
  int64_t count = WeekdaysBefore(int64_t{b.days} + 1) - WeekdaysBefore(int64_t{a.days} + 1);
  for (auto it = holidays_.upper_bound(a.days); it != holidays_.end() && it->first <= b.days;
       ++it) {
    if (Weekday(Date{it->first}) < 5) --count;
  }
  return static_cast<int>(count);
}

}  // namespace lif
