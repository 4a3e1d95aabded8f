// Calendars of what is due (core/calendar_feed): the iCalendar text is
// well-formed (CRLF, lines of at most 75 octets folded without splitting a
// character, escaped TEXT, all-day dates), its events come from the views,
// UIDs stay the same across days and when a due date moves, an agency's
// calendar holds only its own, and no personal field is written.
#include "core/calendar_feed/calendar_feed.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/calendar_feed/ics.h"
#include "core/log/memory_log.h"
#include "core/projections/board_state.h"
#include "core/views/views.h"
#include "tests/support/scenario.h"

namespace lif::calendar_feed {
namespace {

using ::lif::testing::Admin;

class CalendarFeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    world_.now = ParseTimestamp("2026-04-01T09:00:00.000Z").value();
    Post("plan.created", "plan/p1", {{"title", "Board plan"}, {"kind", "board"}});
    Post("action.planned", "action/a1",
         {{"title", "Train custody staff, then audit; report \\ back"},
          {"plan", "plan/p1"},
          {"owner_agency", "police"},
          {"lead", "DI Secret-Lead-Name"},
          {"due", "2026-06-30"},
          {"learning", Json::array()}});
    Post("action.planned", "action/a2",
         {{"title",
           "Audit referrals from GPs about neglect in families with very young "
           "children, naïvely long so that the line folds — twice at least, é é é"},
          {"plan", "plan/p1"},
          {"owner_agency", "health"},
          {"lead", "Dr Jones"},
          {"due", "2026-03-15"},
          {"learning", Json::array()}});
    Post("action.planned", "action/a3",
         {{"title", "Done already"},
          {"plan", "plan/p1"},
          {"owner_agency", "police"},
          {"lead", "X"},
          {"due", "2026-05-01"},
          {"learning", Json::array()}});
    Post("action.completed", "action/a3", {{"evidence_of_impact", "Audit 95%"}});
    Post("review.opened", "review/r1",
         {{"regime", "cspr_2018"},
          {"title", "Child A"},
          {"child", "pn_0123456789abcdef0123456789abcdef"},
          {"incident_date", "2026-03-30"},
          {"aware_on", "2026-03-30"},
          {"lead_agency", "police"}});
    Post("learning_review.received", "learning-review/n1",
         {{"scope", "national"},
          {"title", "Safeguarding infants"},
          {"publisher", "Panel"},
          {"published_on", "2026-01-15"}});
    Post("learning_review.assigned", "learning-review/n1",
         {{"presenter_agency", "police"}, {"meeting_date", "2026-06-09"}});
  }

  void Post(const std::string& type, const std::string& stream, const Json& data) {
    ASSERT_TRUE(testing::AppendOne(log_.get(), Admin(), {type, stream, data, {}, {}}).ok()) << type;
  }

  std::string Ics(const char* today, CalendarScope scope = {}) {
    Result<BoardState> state = BuildBoardState(*log_, AsOf{});
    EXPECT_TRUE(state.ok());
    std::map<std::string, std::string> filters;
    if (scope.agency) filters["agency"] = *scope.agency;
    const Date day = *ParseDate(today);
    CalendarViews views{*RenderView("actions", *state, {day, AsOf{}, filters}),
                        *RenderView("reviews", *state, {day, AsOf{}, {}}),
                        *RenderView("timetable", *state, {day, AsOf{}, {}})};
    return CalendarIcs(views, scope, {day, log_->Head().recorded_at, "lif.test"});
  }

  // The unfolded content lines.
  static std::vector<std::string> Lines(const std::string& ics) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < ics.size()) {
      const size_t end = ics.find("\r\n", start);
      EXPECT_NE(end, std::string::npos) << "a line without CRLF";
      if (end == std::string::npos) break;
      std::string line = ics.substr(start, end - start);
      if (!line.empty() && line[0] == ' ') {
        EXPECT_FALSE(lines.empty());
        lines.back() += line.substr(1);
      } else {
        lines.push_back(line);
      }
      start = end + 2;
    }
    return lines;
  }

  // UID -> the event's lines.
  static std::map<std::string, std::map<std::string, std::string>> Events(const std::string& ics) {
    std::map<std::string, std::map<std::string, std::string>> out;
    std::map<std::string, std::string> current;
    for (const std::string& line : Lines(ics)) {
      if (line == "BEGIN:VEVENT") current.clear();
      const size_t colon = line.find(':');
      current[line.substr(0, colon)] = line.substr(colon + 1);
      if (line == "END:VEVENT") {
        EXPECT_EQ(out.count(current["UID"]), 0u) << "UID twice: " << current["UID"];
        out[current["UID"]] = current;
      }
    }
    return out;
  }

  testing::FakeWorld world_;
  std::unique_ptr<MemoryLog> log_ = testing::NewLog(&world_);
};

TEST_F(CalendarFeedTest, IsWellFormedFoldedAndEscaped) {
  const std::string ics = Ics("2026-04-01");
  ASSERT_EQ(ics.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", 0), 0u);
  ASSERT_EQ(ics.substr(ics.size() - 15), "END:VCALENDAR\r\n");
  // No bare LF, every physical line at most 75 octets, no line starting
  // inside a UTF-8 character.
  size_t start = 0;
  bool folded = false;
  while (start < ics.size()) {
    const size_t end = ics.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    const std::string line = ics.substr(start, end - start);
    EXPECT_LE(line.size(), 75u) << line;
    EXPECT_EQ(line.find('\n'), std::string::npos);
    if (!line.empty() && line[0] == ' ') {
      folded = true;
      ASSERT_GT(line.size(), 1u);
      EXPECT_NE(static_cast<unsigned char>(line[1]) & 0xC0, 0x80) << "split character: " << line;
    }
    start = end + 2;
  }
  EXPECT_TRUE(folded);
  auto events = Events(ics);
  const auto& a1 = events.at("action-due.action-a1@lif.test");
  EXPECT_EQ(a1.at("SUMMARY"), "Action due: Train custody staff\\, then audit\\; report \\\\ back");
  EXPECT_EQ(a1.at("DTSTART;VALUE=DATE"), "20260630");
  EXPECT_EQ(a1.at("DTEND;VALUE=DATE"), "20260701");
  EXPECT_EQ(a1.at("DTSTAMP").size(), 16u);  // 20260401T090000Z
  EXPECT_EQ(a1.at("DTSTAMP").back(), 'Z');
  EXPECT_NE(a1.at("DESCRIPTION").find("\\n"), std::string::npos);
  // The long title reads back whole once unfolded.
  EXPECT_NE(
      events.at("action-due.action-a2@lif.test").at("SUMMARY").find("twice at least\\, é é é"),
      std::string::npos);
}

TEST_F(CalendarFeedTest, HoldsOpenActionsClocksTimetableSlotsAndMeetingsButNoPersonalField) {
  const std::string ics = Ics("2026-04-01");
  auto events = Events(ics);
  EXPECT_TRUE(events.count("action-due.action-a1@lif.test"));
  EXPECT_EQ(events.at("action-due.action-a2@lif.test").at("SUMMARY").rfind("Overdue action: ", 0),
            0u);
  EXPECT_FALSE(events.count("action-due.action-a3@lif.test"));  // Completed.
  // Aware on Monday 30 March: notification due 5 working days later, over
  // Good Friday (3 April) and Easter Monday (6 April): Wednesday 8 April.
  const auto& notify = events.at("review-notification.review-r1@lif.test");
  EXPECT_EQ(notify.at("DTSTART;VALUE=DATE"), "20260408");
  EXPECT_EQ(notify.at("CATEGORIES"), "STATUTORY DEADLINE");
  EXPECT_EQ(
      events.at("meeting.learning-review-n1.police.20260609@lif.test").at("DTSTART;VALUE=DATE"),
      "20260609");
  // The default timetable: the annual report in October, the SCR update in May.
  EXPECT_TRUE(events.count("timetable.annual-report.2026-10@lif.test"));
  EXPECT_EQ(events.at("timetable.scr-update.2026-05@lif.test").at("DTSTART;VALUE=DATE"),
            "20260501");
  EXPECT_FALSE(events.count("timetable.scr-update.2026-02@lif.test"));  // Before last month.
  EXPECT_EQ(ics.find("Secret-Lead-Name"), std::string::npos);
  EXPECT_EQ(ics.find("Dr Jones"), std::string::npos);
}

TEST_F(CalendarFeedTest, UidsStayAcrossDaysAndWhenADueDateMoves) {
  auto before = Events(Ics("2026-04-01"));
  Post("action.due_revised", "action/a1", {{"due", "2026-09-30"}, {"reason", "Trainer ill"}});
  auto after = Events(Ics("2026-04-02"));
  ASSERT_TRUE(after.count("action-due.action-a1@lif.test"));
  EXPECT_EQ(after.at("action-due.action-a1@lif.test").at("DTSTART;VALUE=DATE"), "20260930");
  for (const auto& [uid, e] : before) {
    if (uid.rfind("timetable.", 0) == 0 && uid.find(".2026-03@") != std::string::npos) continue;
    EXPECT_TRUE(after.count(uid)) << uid << " vanished";
  }
  // The same log and day: the same bytes.
  EXPECT_EQ(Ics("2026-04-02"), Ics("2026-04-02"));
}

TEST_F(CalendarFeedTest, AnAgencysCalendarHoldsOnlyItsOwn) {
  auto police = Events(Ics("2026-04-01", {std::string("police")}));
  EXPECT_TRUE(police.count("action-due.action-a1@lif.test"));
  EXPECT_FALSE(police.count("action-due.action-a2@lif.test"));  // Health's.
  EXPECT_TRUE(police.count("review-notification.review-r1@lif.test"));
  EXPECT_TRUE(police.count("meeting.learning-review-n1.police.20260609@lif.test"));
  auto health = Events(Ics("2026-04-01", {std::string("health")}));
  EXPECT_TRUE(health.count("action-due.action-a2@lif.test"));
  EXPECT_FALSE(health.count("action-due.action-a1@lif.test"));
  EXPECT_FALSE(health.count("review-notification.review-r1@lif.test"));
  EXPECT_FALSE(health.count("meeting.learning-review-n1.police.20260609@lif.test"));
}

TEST(IcsTest, FoldsAtSeventyFiveOctetsAndEscapesText) {
  std::string out;
  AppendLine(&out, "SUMMARY", std::string(200, 'x'));
  EXPECT_EQ(out.substr(0, 77), "SUMMARY:" + std::string(67, 'x') + "\r\n");
  EXPECT_EQ(out.substr(77, 77), " " + std::string(74, 'x') + "\r\n");
  EXPECT_EQ(out.substr(154), " " + std::string(59, 'x') + "\r\n");
  std::string exact;
  AppendLine(&exact, "X", std::string(73, 'y'));  // 75 octets: no fold.
  EXPECT_EQ(exact, "X:" + std::string(73, 'y') + "\r\n");
  std::string accents;
  for (int i = 0; i < 40; ++i) accents += "\xC3\xA9";  // é, two octets each.
  std::string utf8;
  AppendLine(&utf8, "S", "ab" + accents);
  // "S:ab" and 35 é make 74 octets; the 36th é would end at octet 76: the
  // first line stops at 74 rather than split it.
  EXPECT_EQ(utf8.find("\r\n"), 74u);
  EXPECT_EQ(utf8.substr(76, 3), " \xC3\xA9");
  EXPECT_EQ(EscapeText("a,b;c\\d\ne\r\nf\x01g"), "a\\,b\\;c\\\\d\\ne\\nfg");
}

}  // namespace
}  // namespace lif::calendar_feed
