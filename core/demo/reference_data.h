// The demo board's reference data: Hartlepool's partner agencies, sub-groups,
// PMF indicators, themes and the text templates its items are written from
// (docs/demo.md, "What the board contains"). Internal to core/demo.
//
// Thread-safety: immutable tables built on first use (thread-safe statics).
#pragma once

#include <string>
#include <vector>

namespace lif::demo {

struct AgencyDef {
  std::string id;
  std::string name;
  std::string kind;
  bool section11;
};

struct SubgroupDef {
  const char* id;
  const char* name;
  const char* chair_agency;
  const char* remit;
};

struct IndicatorDef {
  const char* id;
  const char* title;
  const char* area;
  bool higher_is_better;
  const char* unit;
  double own;        // Own area's value a year before the period starts.
  double national;   // National average at the same time.
  double threshold;  // 0: none.
  double trend;      // Own area's change per quarter.
};

struct Theme {
  const char* id;
  const char* phrase;
};

// A deep dive of the timetable: the month its report is due and its theme.
struct DeepDiveDef {
  int month;
  const char* entry;
  const char* title;
  const char* theme;
};

// The 55 indicators of the Performance Management Framework, in its three areas.
const std::vector<IndicatorDef>& Indicators();
// The 15 agencies of the partnership at scale 1.
const std::vector<AgencyDef>& BaseAgencies();
const std::vector<SubgroupDef>& Subgroups();
const std::vector<Theme>& Themes();
// The phrase of a theme ("safe-sleep" -> "safe sleep"); the id when unknown.
std::string PhraseOf(const std::string& theme_id);
const std::vector<DeepDiveDef>& DeepDives();

inline constexpr const char* kLessonTemplates[] = {
    "Recognise cumulative harm where %s is present",
    "Share information early between agencies about %s",
    "Include %s in every multi-agency assessment",
    "Escalate professional disagreement about %s",
    "Hear and record the child's experience of %s",
    "Check the history of %s before closing a case",
};
inline constexpr const char* kGoodPracticeTemplates[] = {
    "Good practice: a joint chronology in a case of %s",
    "Good practice: persistent engagement with a family affected by %s",
    "Good practice: a school's early referral about %s",
};
inline constexpr const char* kLeads[] = {"A. Patel",    "B. Hughes", "C. Robson",  "D. Walker",
                                         "E. Graham",   "F. Khan",   "G. Elliott", "H. Storey",
                                         "J. Marshall", "K. Lowe"};
inline constexpr const char* kMethods[] = {
    "team_meeting", "supervision", "briefing", "action_plan", "report", "training", "newsletter"};
inline constexpr const char* kGrades[] = {"outstanding", "good", "requires_improvement",
                                          "inadequate"};

}  // namespace lif::demo
