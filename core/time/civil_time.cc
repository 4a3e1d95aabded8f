#include "core/time/civil_time.h"

#include <cstdio>

namespace lif {
namespace {

// Howard Hinnant's days_from_civil algorithm (public domain description).
int32_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int32_t>(doe) - 719468;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

Date DateFromCivil(CivilDate c) {
  return Date{DaysFromCivil(c.year, static_cast<unsigned>(c.month), static_cast<unsigned>(c.day))};
}

CivilDate CivilFromDate(Date date) {
  int32_t z = date.days + 719468;
  const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{y + (m <= 2), static_cast<int>(m), static_cast<int>(d)};
}

int Weekday(Date d) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  int w = (d.days + 3) % 7;
  return w < 0 ? w + 7 : w;
}

Date AddMonths(Date d, int months) {
  CivilDate c = CivilFromDate(d);
  int total = c.year * 12 + (c.month - 1) + months;
  c.year = total / 12;
  c.month = total % 12 + 1;
  if (c.day > DaysInMonth(c.year, c.month)) c.day = DaysInMonth(c.year, c.month);
  return DateFromCivil(c);
}

Result<Date> ParseDate(std::string_view s) {
  int y, m, d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !Digits(s, 0, 4, &y) ||
      !Digits(s, 5, 2, &m) || !Digits(s, 8, 2, &d)) {
    return Status::Invalid("expected a date as YYYY-MM-DD");
  }
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) {
    return Status::Invalid("not a calendar date");
  }
  return DateFromCivil({y, m, d});
}

Result<Timestamp> ParseTimestamp(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.fff]Z
  if (s.size() < 20 || s[10] != 'T' || s.back() != 'Z') {
    return Status::Invalid("expected a UTC timestamp as YYYY-MM-DDTHH:MM:SS[.fff]Z");
  }
  Result<Date> date = ParseDate(s.substr(0, 10));
  if (!date.ok()) return date.status();
  int hh, mm, ss, ms = 0;
  if (s[13] != ':' || s[16] != ':' || !Digits(s, 11, 2, &hh) || !Digits(s, 14, 2, &mm) ||
      !Digits(s, 17, 2, &ss) || hh > 23 || mm > 59 || ss > 59) {
    return Status::Invalid("expected a UTC timestamp as YYYY-MM-DDTHH:MM:SS[.fff]Z");
  }
  if (s.size() == 24) {
    if (s[19] != '.' || !Digits(s, 20, 3, &ms)) {
      return Status::Invalid("expected milliseconds as .fff");
    }
  } else if (s.size() != 20) {
    return Status::Invalid("expected a UTC timestamp as YYYY-MM-DDTHH:MM:SS[.fff]Z");
  }
  return Timestamp{static_cast<int64_t>(date->days) * 86400000LL + hh * 3600000LL + mm * 60000LL +
                   ss * 1000LL + ms};
}

Result<Timestamp> ParseDateOrTimestamp(std::string_view s) {
  if (s.size() == 10) {
    Result<Date> d = ParseDate(s);
    if (!d.ok()) return d.status();
    return StartOf(*d);
  }
  return ParseTimestamp(s);
}

std::string FormatDate(Date d) {
  CivilDate c = CivilFromDate(d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
  return buf;
}

Date DateOf(Timestamp t) {
  int64_t days = t.millis >= 0 ? t.millis / 86400000LL : -((-t.millis + 86399999LL) / 86400000LL);
  return Date{static_cast<int32_t>(days)};
}

Timestamp StartOf(Date d) { return Timestamp{static_cast<int64_t>(d.days) * 86400000LL}; }

std::string FormatTimestamp(Timestamp t) {
  Date d = DateOf(t);
  int64_t rem = t.millis - StartOf(d).millis;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d.%03dZ", FormatDate(d).c_str(),
                static_cast<int>(rem / 3600000), static_cast<int>(rem / 60000 % 60),
                static_cast<int>(rem / 1000 % 60), static_cast<int>(rem % 1000));
  return buf;
}

}  // namespace lif
