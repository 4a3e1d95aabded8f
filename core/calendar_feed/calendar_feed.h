// Calendars of what is due (docs/calendars.md): an iCalendar (RFC 5545) feed
// for the board or for one agency, made from the views the server already
// computes, so the calendar and the views cannot disagree:
//  - actions due (the actions view; open actions, on their current due date),
//  - statutory clock deadlines of case reviews (the reviews view's clocks
//    that are open or overdue: notification, rapid review, publication),
//  - reporting timetable slots (the timetable, each month a slot is due, from
//    the month before `today` to eleven months after),
//  - meetings at which learning reviews are presented (the reviews view's rota).
// Every event is all-day (VALUE=DATE). UIDs are made of what the event is
// about (the action's stream; the review and its clock; the timetable entry
// and its month; the review, agency and meeting date), never of a position or
// the time of the request, so the same event keeps its UID across requests
// and days and a moved due date moves the event. DTSTAMP is the time of the
// last event in the log, so the same log gives the same bytes.
// No personal field (x-lif-personal: an action's lead, notes) is written.
//
// Pure; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "core/json.h"
#include "core/time/civil_time.h"

namespace lif::calendar_feed {

// The views a calendar is made from, as RenderView gives them (the actions
// view already filtered to the agency for an agency's calendar).
struct CalendarViews {
  Json actions;    // GET /v1/views/actions
  Json reviews;    // GET /v1/views/reviews
  Json timetable;  // GET /v1/views/timetable (its "timetable" entries are read)
};

struct CalendarScope {
  std::optional<std::string> agency;  // Empty: the board's calendar.
};

struct CalendarOptions {
  Date today;                 // The day the views were judged at.
  std::string last_recorded;  // The log's last recorded_at; empty for an empty log.
  std::string host = "lif";   // The UIDs' right-hand side.
};

// The VCALENDAR text, CRLF line ends, lines folded at 75 octets.
std::string CalendarIcs(const CalendarViews& views, const CalendarScope& scope,
                        const CalendarOptions& options);

}  // namespace lif::calendar_feed
