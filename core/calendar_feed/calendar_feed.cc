#include "core/calendar_feed/calendar_feed.h"

#include <algorithm>
#include <vector>

#include "core/calendar_feed/ics.h"

namespace lif::calendar_feed {
namespace {

struct Entry {
  std::string uid;
  Date date;
  std::string summary;
  std::string description;
  std::string category;
};

std::string Str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "20260630" for 2026-06-30.
std::string IcsDate(Date d) {
  std::string s = FormatDate(d);
  s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
  return s;
}

// "20261126T053154Z" for "2026-11-26T05:31:54.123Z".
std::string IcsStamp(const std::string& recorded, Date today) {
  if (recorded.size() < 19) return IcsDate(today) + "T000000Z";
  std::string s;
  for (size_t i = 0; i < 19; ++i) {
    const char c = recorded[i];
    if (c != '-' && c != ':') s += c;
  }
  return s + "Z";
}

// A UID's left-hand side from parts that may hold '/': "action/a1" gives
// "action-a1" (a UID is TEXT: kept to letters, digits, '-', '.', '_').
std::string UidPart(const std::string& s) {
  std::string out;
  for (char c : s) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_';
    out += keep ? c : '-';
  }
  return out;
}

const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                         "July",    "August",   "September", "October", "November", "December"};

void AddActions(const Json& view, const CalendarScope& scope, std::vector<Entry>* out) {
  for (const Json& a : view.value("actions", Json::array())) {
    const std::string status = Str(a, "status");
    if (status == "completed" || status == "signed_off") continue;
    if (scope.agency && Str(a, "owner_agency") != *scope.agency) continue;
    Result<Date> due = ParseDate(Str(a, "due"));
    if (!due.ok()) continue;
    const std::string stream = Str(a, "stream");
    const bool overdue = a.value("overdue", false);
    std::string description = "Owner: " + Str(a, "owner_agency") + "\n";
    if (a.contains("plan") && a["plan"].is_object()) {
      const std::string plan_title = Str(a["plan"], "title");
      description += "Plan: " + (plan_title.empty() ? Str(a["plan"], "stream") : plan_title) + "\n";
    }
    if (a.value("due_revised", false))
      description += "Originally due " + Str(a, "original_due") + "\n";
    if (!Str(a, "rag").empty()) description += "RAG: " + Str(a, "rag") + "\n";
    description += "Status: " + status + (overdue ? " (overdue)" : "") + "\nlif: " + stream;
    out->push_back({"action-due." + UidPart(stream), *due,
                    std::string(overdue ? "Overdue action: " : "Action due: ") + Str(a, "title"),
                    description, "ACTION"});
  }
}

void AddReviewClocks(const Json& view, const CalendarScope& scope, std::vector<Entry>* out) {
  static const std::vector<std::pair<std::string, std::string>> kClocks = {
      {"notification", "Notification to the national panel due"},
      {"rapid_review", "Rapid review due"},
      {"publication", "Review publication due"}};
  const Json& reviews = view.contains("case_reviews") ? view["case_reviews"] : Json::object();
  for (const Json& r : reviews.value("items", Json::array())) {
    if (scope.agency && Str(r, "lead_agency") != *scope.agency) continue;
    const Json& clocks = r.contains("clocks") ? r["clocks"] : Json::object();
    for (const auto& [name, label] : kClocks) {
      if (!clocks.contains(name) || !clocks[name].is_object()) continue;
      const Json& clock = clocks[name];
      const std::string state = Str(clock, "state");
      if (state != "open" && state != "overdue") continue;
      Result<Date> due = ParseDate(Str(clock, "due"));
      if (!due.ok()) continue;
      const std::string stream = Str(r, "stream");
      out->push_back({"review-" + name + "." + UidPart(stream), *due,
                      label + ": " + Str(r, "title") + (state == "overdue" ? " (overdue)" : ""),
                      "Statutory clock: " + Str(clock, "rule") +
                          "\nLead agency: " + Str(r, "lead_agency") + "\nlif: " + stream,
                      "STATUTORY DEADLINE"});
    }
  }
}

void AddRota(const Json& view, const CalendarScope& scope, std::vector<Entry>* out) {
  const Json& reviews =
      view.contains("learning_reviews") ? view["learning_reviews"] : Json::object();
  for (const Json& r : reviews.value("items", Json::array())) {
    for (const Json& slot : r.value("rota", Json::array())) {
      const std::string agency = Str(slot, "presenter_agency");
      if (scope.agency && agency != *scope.agency) continue;
      Result<Date> meeting = ParseDate(Str(slot, "meeting_date"));
      if (!meeting.ok()) continue;
      const std::string stream = Str(r, "stream");
      std::string description = "Presenter: " + agency + "\n";
      if (!Str(slot, "meeting").empty()) description += "Meeting: " + Str(slot, "meeting") + "\n";
      description += std::string("Presented: ") + (slot.value("presented", false) ? "yes" : "no") +
                     "\nlif: " + stream;
      out->push_back(
          {"meeting." + UidPart(stream) + "." + UidPart(agency) + "." + IcsDate(*meeting), *meeting,
           "Meeting: " + agency + " presents " + Str(r, "title"), description, "MEETING"});
    }
  }
}

void AddTimetable(const Json& view, const CalendarScope& scope, Date today,
                  std::vector<Entry>* out) {
  const CivilDate now = CivilFromDate(today);
  for (const Json& e : view.value("timetable", Json::array())) {
    const std::string owner = Str(e, "owner");
    if (scope.agency && owner != *scope.agency) continue;
    std::vector<int> months;
    for (const Json& m : e.value("months", Json::array())) {
      if (m.is_number_integer()) months.push_back(m.get<int>());
    }
    for (int k = -1; k <= 11; ++k) {
      const Date first = AddMonths(DateFromCivil({now.year, now.month, 1}), k);
      const CivilDate c = CivilFromDate(first);
      if (std::find(months.begin(), months.end(), c.month) == months.end()) continue;
      const std::string month = FormatDate(first).substr(0, 7);
      const std::string entry = Str(e, "entry");
      out->push_back({"timetable." + UidPart(entry) + "." + month, first,
                      "Report due in " + std::string(kMonths[c.month - 1]) + ": " + Str(e, "title"),
                      "Reporting timetable slot " + entry + " (" + Str(e, "kind") + ")" +
                          (owner.empty() ? "" : "\nOwner: " + owner),
                      "REPORTING TIMETABLE"});
    }
  }
}

}  // namespace

std::string CalendarIcs(const CalendarViews& views, const CalendarScope& scope,
                        const CalendarOptions& options) {
  std::vector<Entry> entries;
  AddActions(views.actions, scope, &entries);
  AddReviewClocks(views.reviews, scope, &entries);
  AddRota(views.reviews, scope, &entries);
  AddTimetable(views.timetable, scope, options.today, &entries);
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.date != b.date ? a.date < b.date : a.uid < b.uid;
  });

  const std::string name = scope.agency ? "lif: " + *scope.agency : std::string("lif: the board");
  const std::string stamp = IcsStamp(options.last_recorded, options.today);
  std::string out;
  out.reserve(512 + entries.size() * 400);
  AppendLine(&out, "BEGIN", "VCALENDAR");
  AppendLine(&out, "VERSION", "2.0");
  AppendLine(&out, "PRODID", "-//lif//Learning and Improvement Framework//EN");
  AppendLine(&out, "CALSCALE", "GREGORIAN");
  AppendLine(&out, "METHOD", "PUBLISH");
  AppendLine(&out, "X-WR-CALNAME", EscapeText(name));
  AppendLine(&out, "X-WR-CALDESC",
             EscapeText("Actions due, statutory deadlines, reporting timetable slots and "
                        "meetings, from lif"));
  AppendLine(&out, "REFRESH-INTERVAL;VALUE=DURATION", "PT1H");
  AppendLine(&out, "X-PUBLISHED-TTL", "PT1H");
  for (const Entry& e : entries) {
    AppendLine(&out, "BEGIN", "VEVENT");
    AppendLine(&out, "UID", e.uid + "@" + options.host);
    AppendLine(&out, "DTSTAMP", stamp);
    AppendLine(&out, "DTSTART;VALUE=DATE", IcsDate(e.date));
    AppendLine(&out, "DTEND;VALUE=DATE", IcsDate(Date{e.date.days + 1}));
    AppendLine(&out, "SUMMARY", EscapeText(e.summary));
    AppendLine(&out, "DESCRIPTION", EscapeText(e.description));
    AppendLine(&out, "CATEGORIES", EscapeText(e.category));
    AppendLine(&out, "TRANSP", "TRANSPARENT");
    AppendLine(&out, "END", "VEVENT");
  }
  AppendLine(&out, "END", "VCALENDAR");
  return out;
}

}  // namespace lif::calendar_feed
