// The demo board's calendar (dates.h).
#include "core/demo/dates.h"

#include <cmath>
#include <cstdio>

namespace lif::demo {

std::string Format(const char* pattern, const std::string& value) {
  char buf[400];
  std::snprintf(buf, sizeof buf, pattern, value.c_str());
  return buf;
}

std::string Pad(int64_t n, int width) {
  std::string s = std::to_string(n);
  while (static_cast<int>(s.size()) < width) s.insert(s.begin(), '0');
  return s;
}

Date Weekdayed(Date d) {
  int w = Weekday(d);
  return w == 5 ? Plus(d, 2) : w == 6 ? Plus(d, 1) : d;
}

Date BoardMeeting(int year, int month) {
  Date first = DateFromCivil(CivilDate{year, month, 1});
  int offset = (1 - Weekday(first) + 7) % 7;  // First Tuesday.
  return Plus(first, offset + 7);
}

Date NextBoardMeeting(Date after) {
  CivilDate c = CivilFromDate(after);
  for (int i = 0; i < 3; ++i) {
    Date m = BoardMeeting(c.year, c.month);
    if (m > after) return m;
    c.month = c.month == 12 ? 1 : c.month + 1;
    if (c.month == 1) ++c.year;
  }
  return Plus(after, 30);
}

std::string QuarterName(int year, int quarter) {
  return std::to_string(year) + "-Q" + std::to_string(quarter);
}

double Round(double v) { return std::round(v * 100.0) / 100.0; }

}  // namespace lif::demo
