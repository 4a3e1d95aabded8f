// The shipped reporting timetable against the seed framework's Diagram 2, cell
// by cell. The seed's table (tests/core/data/seed_diagram2.txt, copied
// verbatim from the framework) gives, for each month, the titles of the reports
// due, run together in one cell. Every cell must be read entirely as titles of
// default entries, and the default entries scheduled in each month must be
// exactly the ones its cell names: nothing missing, nothing extra.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/projections/timetable.h"

namespace lif {
namespace {

const char* const kMonths[] = {"January",   "February", "March",    "April",
                               "May",       "June",     "July",     "August",
                               "September", "October",  "November", "December"};

// Spacing around "/" differs between the seed ("Review/ Local") and the
// shipped titles ("Review / Local"): compare without spaces and in lower case.
std::string Squeeze(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '\t') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream in(line);
  std::string cell;
  while (std::getline(in, cell, '\t')) cells.push_back(cell);
  return cells;
}

// Month number (1..12) to the text of its cell in the seed's table.
std::map<int, std::string> SeedCells() {
  std::ifstream in(std::string(LIF_SOURCE_DIR) + "/tests/core/data/seed_diagram2.txt");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') lines.push_back(line);
  }
  std::map<int, std::string> cells;
  for (size_t i = 0; i + 1 < lines.size(); i += 2) {
    std::vector<std::string> names = SplitTabs(lines[i]), texts = SplitTabs(lines[i + 1]);
    for (size_t k = 0; k < names.size() && k < texts.size(); ++k) {
      for (int m = 0; m < 12; ++m) {
        if (names[k] == kMonths[m]) cells[m + 1] = texts[k];
      }
    }
  }
  return cells;
}

// Reads `cell` as a run of default entry titles; returns the entry ids, or
// fails the test naming the text that no title matches.
std::set<std::string> EntriesNamedIn(int month, const std::string& cell) {
  std::string rest = Squeeze(cell);
  std::set<std::string> ids;
  while (!rest.empty()) {
    const TimetableEntry* longest = nullptr;
    for (const TimetableEntry& e : DefaultTimetable()) {
      std::string t = Squeeze(e.title);
      if (rest.compare(0, t.size(), t) == 0 &&
          (!longest || t.size() > Squeeze(longest->title).size()))
        longest = &e;
    }
    if (!longest) {
      ADD_FAILURE() << kMonths[month - 1] << ": no shipped entry is titled like the start of \""
                    << rest << "\"";
      break;
    }
    ids.insert(longest->id);
    rest.erase(0, Squeeze(longest->title).size());
  }
  return ids;
}

TEST(TimetableSeedTest, TheSeedTableHasTwelveCells) {
  std::map<int, std::string> cells = SeedCells();
  ASSERT_EQ(cells.size(), 12u) << "tests/core/data/seed_diagram2.txt is unreadable or incomplete";
  for (const auto& [month, text] : cells) EXPECT_FALSE(text.empty()) << kMonths[month - 1];
}

TEST(TimetableSeedTest, EveryMonthShipsExactlyTheSeedsCell) {
  std::map<int, std::string> cells = SeedCells();
  ASSERT_EQ(cells.size(), 12u);
  for (int month = 1; month <= 12; ++month) {
    std::set<std::string> expected = EntriesNamedIn(month, cells[month]);
    std::set<std::string> shipped;
    for (const TimetableEntry& e : DefaultTimetable()) {
      if (DefaultTimetableHas(e.id, month)) shipped.insert(e.id);
    }
    EXPECT_EQ(shipped, expected) << kMonths[month - 1] << ": \"" << cells[month] << "\"";
  }
}

TEST(TimetableSeedTest, TheLastRowsOfTheSeedAreShipped) {
  // The cells two audits found missing: October's LIPSG actions review,
  // November's learning review presentation, December's multi-agency audit.
  EXPECT_TRUE(DefaultTimetableHas("lipsg-actions-monitor", 10));
  EXPECT_TRUE(DefaultTimetableHas("national-local-learning-review", 11));
  EXPECT_TRUE(DefaultTimetableHas("multi-agency-audit-report", 12));
  EXPECT_FALSE(DefaultTimetableHas("no-such-entry", 1));
}

TEST(TimetableSeedTest, TheProjectionStartsFromTheWholeDiagram) {
  ReportingTimetable timetable;
  std::vector<std::string> december;
  for (const TimetableEntry* e : timetable.EntriesIn(12)) december.push_back(e->id);
  EXPECT_EQ(december, std::vector<std::string>{"multi-agency-audit-report"});
  std::vector<std::string> november;
  for (const TimetableEntry* e : timetable.EntriesIn(11)) november.push_back(e->id);
  EXPECT_EQ(november, std::vector<std::string>{"national-local-learning-review"});
}

}  // namespace
}  // namespace lif
