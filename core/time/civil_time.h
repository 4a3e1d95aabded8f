// Calendar dates and UTC timestamps, without the C library's time zone state.
//
// lif has two clocks (see docs/events.md): `recorded_at`, a UTC timestamp with
// milliseconds set by the server, and business dates ("occurred_at", due
// dates) given as ISO dates. Both are handled here as plain integers:
//   Date      days since 1970-01-01 (may be negative),
//   Timestamp milliseconds since 1970-01-01T00:00:00Z.
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace lif {

struct Date {
  int32_t days = 0;  // Days since 1970-01-01.
  friend bool operator==(Date a, Date b) { return a.days == b.days; }
  friend bool operator!=(Date a, Date b) { return a.days != b.days; }
  friend bool operator<(Date a, Date b) { return a.days < b.days; }
  friend bool operator<=(Date a, Date b) { return a.days <= b.days; }
  friend bool operator>(Date a, Date b) { return a.days > b.days; }
  friend bool operator>=(Date a, Date b) { return a.days >= b.days; }
};

struct Timestamp {
  int64_t millis = 0;  // Milliseconds since the Unix epoch, UTC.
};

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

Date DateFromCivil(CivilDate c);
CivilDate CivilFromDate(Date d);
// 0 = Monday ... 6 = Sunday.
int Weekday(Date d);
Date AddMonths(Date d, int months);  // Clamps to the last day of the month.

// Parses "YYYY-MM-DD" (a real calendar date, years 1900..2999).
Result<Date> ParseDate(std::string_view s);
// Parses "YYYY-MM-DDTHH:MM:SS[.fff]Z" (UTC only).
Result<Timestamp> ParseTimestamp(std::string_view s);
// Parses either form; a date means its first millisecond.
Result<Timestamp> ParseDateOrTimestamp(std::string_view s);

std::string FormatDate(Date d);            // "2026-11-26"
std::string FormatTimestamp(Timestamp t);  // "2026-11-26T05:31:54.123Z"
Date DateOf(Timestamp t);
Timestamp StartOf(Date d);

}  // namespace lif
