#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/calendar/working_days.h"
#include "core/projections/calendar_projection.h"

namespace lif {
namespace {

Date D(const char* text) {
  Result<Date> d = ParseDate(text);
  EXPECT_TRUE(d.ok()) << text;
  return d.ok() ? *d : Date{};
}

TEST(ShippedBankHolidaysTest, TableIsSortedUniqueOnWeekdaysAndComplete) {
  const auto& table = ShippedBankHolidays();
  ASSERT_EQ(table.size(), 107u);  // 13 years x 8, plus 2 extra in 2022 and 1 in 2023.
  std::map<int, int> per_year;
  int32_t previous = -1;
  for (const ShippedHoliday& h : table) {
    Date d = D(h.date);
    EXPECT_GT(d.days, previous) << h.date;
    previous = d.days;
    // Substitute days mean no shipped holiday ever falls on a weekend.
    EXPECT_LT(Weekday(d), 5) << h.date;
    ++per_year[CivilFromDate(d).year];
  }
  EXPECT_EQ(per_year.size(), 13u);
  for (const auto& [year, count] : per_year) {
    int expected = year == 2022 ? 10 : year == 2023 ? 9 : 8;
    EXPECT_EQ(count, expected) << year;
  }
}

TEST(ShippedBankHolidaysTest, OneOffAndMovedDays) {
  WorkingDaysCalendar c = WorkingDaysCalendar::EnglandAndWales();
  // VE day 2020: the early May holiday moved from Monday 4 May to Friday 8 May.
  EXPECT_TRUE(c.IsWorkingDay(D("2020-05-04")));
  EXPECT_FALSE(c.IsWorkingDay(D("2020-05-08")));
  // 2022: spring holiday moved to Thursday 2 June, Jubilee on Friday 3 June,
  // so the last Monday of May was a working day; the State Funeral on 19 September.
  EXPECT_TRUE(c.IsWorkingDay(D("2022-05-30")));
  EXPECT_FALSE(c.IsWorkingDay(D("2022-06-02")));
  EXPECT_FALSE(c.IsWorkingDay(D("2022-06-03")));
  EXPECT_FALSE(c.IsWorkingDay(D("2022-09-19")));
  // The Coronation, a week after the early May holiday of 2023.
  EXPECT_FALSE(c.IsWorkingDay(D("2023-05-01")));
  EXPECT_FALSE(c.IsWorkingDay(D("2023-05-08")));
  ASSERT_NE(c.FindHoliday(D("2023-05-08")), nullptr);
  EXPECT_EQ(c.FindHoliday(D("2023-05-08"))->name,
            "Bank holiday for the coronation of King Charles III");
  // Substitute days: Christmas on Sunday 2016 moved to Tuesday 27th; 2021 and 2027
  // have Christmas and Boxing Day at a weekend, so Monday 27 and Tuesday 28.
  EXPECT_FALSE(c.IsWorkingDay(D("2016-12-27")));
  EXPECT_FALSE(c.IsWorkingDay(D("2021-12-27")));
  EXPECT_FALSE(c.IsWorkingDay(D("2021-12-28")));
  EXPECT_TRUE(c.IsWorkingDay(D("2021-12-29")));
  EXPECT_FALSE(c.IsWorkingDay(D("2027-12-28")));
  // New Year's Day on Saturday 2022 moved to Monday 3 January.
  EXPECT_FALSE(c.IsWorkingDay(D("2022-01-03")));
  // Easter 2026: Good Friday 3 April and Easter Monday 6 April.
  EXPECT_EQ(c.FindHoliday(D("2026-04-03"))->name, "Good Friday");
  EXPECT_EQ(c.FindHoliday(D("2026-04-06"))->name, "Easter Monday");
  EXPECT_EQ(c.FindHoliday(D("2026-04-06"))->origin, WorkingDaysCalendar::Origin::kShipped);
}

TEST(WorkingDaysTest, WeekendsAreNotWorkingDays) {
  WorkingDaysCalendar none;                          // No holidays at all.
  EXPECT_TRUE(none.IsWorkingDay(D("2026-11-27")));   // Friday.
  EXPECT_FALSE(none.IsWorkingDay(D("2026-11-28")));  // Saturday.
  EXPECT_FALSE(none.IsWorkingDay(D("2026-11-29")));  // Sunday.
  EXPECT_TRUE(none.IsWorkingDay(D("2026-11-30")));   // Monday.
}

TEST(WorkingDaysTest, AddWorkingDaysAcrossWeekendsAndHolidays) {
  WorkingDaysCalendar c = WorkingDaysCalendar::EnglandAndWales();
  // Zero leaves the date alone, even on a Saturday.
  EXPECT_EQ(c.AddWorkingDays(D("2026-11-28"), 0), D("2026-11-28"));
  // From a Saturday the first working day is the Monday.
  EXPECT_EQ(c.AddWorkingDays(D("2026-11-28"), 1), D("2026-11-30"));
  // Friday + 1 is Monday.
  EXPECT_EQ(c.AddWorkingDays(D("2026-11-27"), 1), D("2026-11-30"));
  // Thursday before Easter 2026: Fri and Mon are holidays, so + 1 is Tuesday 7 April.
  EXPECT_EQ(c.AddWorkingDays(D("2026-04-02"), 1), D("2026-04-07"));
  // Monday 30 May 2022 + 5: Tue 31, Wed 1, (Thu 2, Fri 3 holidays), Mon 6, Tue 7, Wed 8.
  EXPECT_EQ(c.AddWorkingDays(D("2022-05-30"), 5), D("2022-06-08"));
  // Christmas 2026 (Fri) with Boxing Day on Saturday substituted to Monday 28.
  EXPECT_EQ(c.AddWorkingDays(D("2026-12-24"), 1), D("2026-12-29"));
  // 15 working days from Monday 14 December 2026: 15,16,17,18 (4), 21,22,23,24 (8),
  // 29,30,31 (11), 4,5,6,7 January 2027 (15).
  EXPECT_EQ(c.AddWorkingDays(D("2026-12-14"), 15), D("2027-01-07"));
  // Backwards: the working day before Tuesday 7 April 2026 is Thursday 2 April.
  EXPECT_EQ(c.AddWorkingDays(D("2026-04-07"), -1), D("2026-04-02"));
}

TEST(WorkingDaysTest, BetweenExcludesStartIncludesEnd) {
  WorkingDaysCalendar c = WorkingDaysCalendar::EnglandAndWales();
  EXPECT_EQ(c.WorkingDaysBetween(D("2026-11-27"), D("2026-11-27")), 0);
  EXPECT_EQ(c.WorkingDaysBetween(D("2026-11-27"), D("2026-11-30")), 1);  // Fri -> Mon.
  EXPECT_EQ(c.WorkingDaysBetween(D("2026-11-28"), D("2026-11-29")), 0);  // Sat -> Sun.
  // 24 Dec 2026 -> 4 Jan 2027: 29, 30, 31 December and 4 January.
  EXPECT_EQ(c.WorkingDaysBetween(D("2026-12-24"), D("2027-01-04")), 4);
  EXPECT_EQ(c.WorkingDaysBetween(D("2027-01-04"), D("2026-12-24")), -4);
  // Round trip with AddWorkingDays.
  for (int n : {0, 1, 5, 15, 40}) {
    EXPECT_EQ(c.WorkingDaysBetween(D("2021-12-20"), c.AddWorkingDays(D("2021-12-20"), n)), n);
  }
}

// The definitions, a day at a time: what AddWorkingDays and
// WorkingDaysBetween compute without stepping through every day.
Date StepWorkingDays(const WorkingDaysCalendar& c, Date from, int n) {
  const int step = n >= 0 ? 1 : -1;
  for (int remaining = n >= 0 ? n : -n; remaining > 0;) {
    from.days += step;
    if (c.IsWorkingDay(from)) --remaining;
  }
  return from;
}
int CountWorkingDays(const WorkingDaysCalendar& c, Date a, Date b) {
  if (b < a) return -CountWorkingDays(c, b, a);
  int count = 0;
  for (Date d{a.days + 1}; d <= b; d.days += 1) count += c.IsWorkingDay(d) ? 1 : 0;
  return count;
}

TEST(WorkingDaysTest, AgreesWithCountingDayByDay) {
  WorkingDaysCalendar c = WorkingDaysCalendar::EnglandAndWales();
  c.AddHoliday(D("2028-05-01"), "Early May bank holiday");  // Beyond the shipped years.
  c.AddHoliday(D("2027-03-06"), "A Saturday");              // Counts for nothing.
  const Date first = D("1969-12-01");                       // Before day 0, too.
  const Date last = D("2029-12-31");
  uint64_t seed = 12345;
  auto next = [&seed](int64_t bound) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int64_t>((seed >> 33) % static_cast<uint64_t>(bound));
  };
  for (int i = 0; i < 20000; ++i) {
    const Date from{static_cast<int32_t>(first.days + next(last.days - first.days))};
    const int n = static_cast<int>(next(161)) - 80;
    ASSERT_EQ(c.AddWorkingDays(from, n), StepWorkingDays(c, from, n))
        << FormatDate(from) << " " << n;
    const Date to{static_cast<int32_t>(from.days + next(401) - 200)};
    ASSERT_EQ(c.WorkingDaysBetween(from, to), CountWorkingDays(c, from, to))
        << FormatDate(from) << " " << FormatDate(to);
  }
}

TEST(WorkingDaysTest, AddedHolidaysCountAfterTheShippedYears) {
  WorkingDaysCalendar c = WorkingDaysCalendar::EnglandAndWales();
  Date may_day_2028 = D("2028-05-01");  // A Monday beyond the shipped table.
  EXPECT_TRUE(c.IsWorkingDay(may_day_2028));
  EXPECT_EQ(c.AddWorkingDays(D("2028-04-28"), 1), may_day_2028);
  c.AddHoliday(may_day_2028, "Early May bank holiday");
  EXPECT_FALSE(c.IsWorkingDay(may_day_2028));
  EXPECT_EQ(c.FindHoliday(may_day_2028)->origin, WorkingDaysCalendar::Origin::kAdded);
  EXPECT_EQ(c.AddWorkingDays(D("2028-04-28"), 1), D("2028-05-02"));
  // Re-adding a shipped date renames it but keeps it shipped.
  c.AddHoliday(D("2026-12-25"), "Christmas");
  EXPECT_EQ(c.FindHoliday(D("2026-12-25"))->origin, WorkingDaysCalendar::Origin::kShipped);
}

Event HolidayEvent(int64_t position, const char* date, const char* name) {
  Event e;
  e.position = position;
  e.type = "calendar.holiday_added";
  e.stream = "calendar/england-and-wales";
  e.data = {{"date", date}, {"name", name}};
  return e;
}

TEST(CalendarProjectionTest, AppliesAddedHolidaysAndRoundTripsSnapshots) {
  CalendarProjection p;
  EXPECT_TRUE(p.calendar().IsWorkingDay(D("2028-05-01")));
  p.Apply(HolidayEvent(1, "2028-05-01", "Early May bank holiday"));
  EXPECT_FALSE(p.calendar().IsWorkingDay(D("2028-05-01")));
  // Shipped holidays are still there.
  EXPECT_FALSE(p.calendar().IsWorkingDay(D("2026-12-28")));
  Json snap = p.Snapshot();
  EXPECT_EQ(snap, Json::parse(R"({"added":{"2028-05-01":"Early May bank holiday"}})"));
  CalendarProjection q;
  ASSERT_TRUE(q.Restore(snap).ok());
  EXPECT_FALSE(q.calendar().IsWorkingDay(D("2028-05-01")));
  EXPECT_EQ(q.added().size(), 1u);
  EXPECT_FALSE(q.Restore(Json::parse(R"({"added":{"2028-02-30":"x"}})")).ok());
}

}  // namespace
}  // namespace lif
