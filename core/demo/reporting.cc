// Reports to the board for the timetable, and assurance reports (board.h).
#include "core/demo/board.h"

namespace lif::demo {

void Board::Report(const std::string& title, const std::string& kind, Date meeting,
                   const std::string& entry, const std::string& subject) {
  Json d = {{"title", title},
            {"kind", kind},
            {"meeting", FormatDate(meeting)},
            {"challenge", "The board asked for evidence of impact at the next meeting."}};
  if (!entry.empty()) d["timetable_entry"] = entry;
  if (!subject.empty()) d["subject"] = subject;
  Emit(DemoAdmin(), "report.presented", Id("report/p"), d, meeting);
}

void Board::Slot(const std::string& entry, const std::string& title, const std::string& kind,
                 Date meeting, const std::string& subject) {
  int roll = static_cast<int>(rng_.Between(0, 99));
  if (roll < 8) return;  // Missed: the slot shows as late.
  Date when = meeting;
  if (roll < 18) {
    CivilDate c = CivilFromDate(meeting);
    c.month = c.month == 12 ? 1 : c.month + 1;
    if (c.month == 1) ++c.year;
    when = BoardMeeting(c.year, c.month);
  }
  On(when,
     [this, title, kind, when, entry, subject]() { Report(title, kind, when, entry, subject); });
}

void Board::AgencyAssurance(const std::string& agency, int year) {
  Json learning = Json::array();
  if (!recent_learning_.empty()) learning.push_back(recent_learning_.back());
  Emit(DemoAgencyPrincipal(agency), "assurance.submitted",
       "assurance/" + agency + "-" + std::to_string(year),
       {{"kind", "single_agency"},
        {"agency", agency},
        {"period", std::to_string(year)},
        {"improvements", Json::array({"Safeguarding supervision is now monthly."})},
        {"areas_for_development", Json::array({"Recording of the voice of the child."})},
        {"evidence_of_impact", Json::array({"Audit: 80 per cent of records good or better."})},
        {"learning", learning}},
       Today());
}

void Board::SubgroupAssurance(const std::string& id, const std::string& period) {
  std::string lower = period;
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  Emit(Chair(id), "assurance.submitted", "assurance/" + id + "-" + lower,
       {{"kind", "subgroup"},
        {"subgroup", id},
        {"period", period},
        {"improvements", Json::array({"The sub-group met every month with good attendance."})},
        {"areas_for_development", Json::array({"Actions that run past their target dates."})},
        {"evidence_of_impact", Json::array({"Audit grades improved since the last period."})}},
       Today());
}

// The board's annual report for `year`, recorded the week before the October meeting.
void Board::AnnualReport(int year) {
  Emit(DemoAdmin(), "assurance.submitted", "assurance/annual-" + std::to_string(year),
       {{"kind", "annual"},
        {"period", std::to_string(year)},
        {"improvements", Json::array({"Case reviews completed within the statutory timescales."})},
        {"areas_for_development", Json::array({"Evidence that learning is embedded."})},
        {"evidence_of_impact", Json::array({"Fewer repeat child protection plans."})}},
       Today());
}

}  // namespace lif::demo
