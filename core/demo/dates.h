// Date arithmetic of the demo board's calendar: days, weekdays, the board's
// meetings (the second Tuesday of each month) and quarter names. Internal to
// core/demo. Pure functions.
#pragma once

#include <cstdint>
#include <string>

#include "core/time/civil_time.h"

namespace lif::demo {

inline Date Plus(Date d, int64_t days) { return Date{static_cast<int32_t>(d.days + days)}; }

// Moves a Saturday or Sunday to the next Monday.
Date Weekdayed(Date d);

// The board meets on the second Tuesday of each month.
Date BoardMeeting(int year, int month);

// The first board meeting strictly after `after`.
Date NextBoardMeeting(Date after);

// "2026-Q3".
std::string QuarterName(int year, int quarter);

// `n` in decimal, zero-padded to `width` digits.
std::string Pad(int64_t n, int width);

// printf of one string into `pattern` ("%s").
std::string Format(const char* pattern, const std::string& value);

// Rounded to two decimals.
double Round(double v);

}  // namespace lif::demo
