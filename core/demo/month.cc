// What each month brings: the month's planning task schedules the items of
// every domain for the month (and the audits and deep dives due in later
// months), in a fixed order (board.h).
#include <algorithm>

#include "core/demo/board.h"
#include "core/projections/timetable.h"

namespace lif::demo {

void Board::Month(int year, int month, bool first) {
  const Date first_day = DateFromCivil(CivilDate{year, month, 1});
  const Date meeting = BoardMeeting(year, month);
  MonthIndicators(year, month, first_day);
  MonthCaseWork(month, first, first_day);
  MonthTimetable(year, month, first, first_day, meeting);
  MonthAssurance(year, month, first, first_day);
  MonthSingleAgencyAudits(month, first_day);
  MonthTraining(year, month, first, first_day);
}

// Indicators, six weeks after the quarter, and the performance report at the
// next board meeting.
void Board::MonthIndicators(int year, int month, Date first_day) {
  if (month % 3 != 2) return;
  int quarter_index = (month == 2 ? year - 1 : year) * 4 + (month == 2 ? 3 : month / 3 - 1);
  // A period that starts after this month's publication day still gets the
  // quarter's figures (published on its first day), so no quarter is missing.
  Date published = std::max(Weekdayed(Plus(first_day, rng_.Between(9, 18))), start_);
  bool correct = ++quarters_ == 2;
  On(published, [this, quarter_index, published, correct]() {
    for (size_t i = 0; i < Indicators().size(); ++i) {
      RecordIndicator(i, quarter_index, published, correct && i == 27);
    }
  });
  Date m = NextBoardMeeting(published);
  On(m, [this, m, quarter_index]() {
    Report("Performance report " + QuarterName(quarter_index / 4, quarter_index % 4 + 1), "pmf", m,
           "", "");
  });
}

// Case reviews, child deaths, inspections, feedback, policy requests and the
// voice of the child.
void Board::MonthCaseWork(int month, bool first, Date first_day) {
  for (int i = 0; i < o_.scale; ++i) {
    if (rng_.Chance(40) || (first && i == 0)) {
      Date aware = first && i == 0 ? Weekdayed(Plus(Today(), 2)) : Weekdayed(DayIn(first_day));
      On(aware, [this, aware]() { CaseReview(aware, false); });
    }
    if (rng_.Chance(75)) {
      Date death = DayIn(first_day);
      On(Weekdayed(Plus(death, rng_.Between(0, 3))), [this, death]() { ChildDeath(death); });
    }
    // Inspections: one in March and one in October, and now and then another.
    if (rng_.Chance(8) || ((month == 3 || month == 10) && i == 0)) {
      On(Weekdayed(DayIn(first_day)), [this]() { Inspection(); });
    }
    if (rng_.Chance(40)) On(Weekdayed(DayIn(first_day)), [this]() { Feedback(); });
    if (rng_.Chance(40) || (first && i == 0)) {
      On(first && i == 0 ? Weekdayed(Plus(Today(), 7)) : Weekdayed(DayIn(first_day)),
         [this]() { PolicyReview(); });
    }
    if ((month == 3 || month == 9) && i < 3) {
      On(Weekdayed(DayIn(first_day)), [this]() { Voice(); });
    }
  }
}

// The timetable's slots of this month, and the deep dives and audits that
// report in later months.
void Board::MonthTimetable(int year, int month, bool first, Date first_day, Date meeting) {
  const int k = o_.scale;
  for (int ahead = first ? 0 : 2; ahead <= 2; ++ahead) {
    CivilDate c{year, month, 1};
    c.month += ahead;
    if (c.month > 12) c.month -= 12, ++c.year;
    Date later = BoardMeeting(c.year, c.month);
    for (const auto& dd : DeepDives()) {
      if (dd.month != c.month) continue;
      for (int i = 0; i < k; ++i) {
        Date commissioned = ahead == 0 ? Today() : Weekdayed(DayIn(first_day));
        std::string e = dd.entry, t = dd.title, th = dd.theme;
        On(commissioned, [this, e, t, th, later]() { DeepDive(e, t, th, later); });
      }
    }
  }
  for (int ahead = first ? 0 : 3; ahead <= 3; ++ahead) {
    CivilDate c{year, month, 1};
    c.month += ahead;
    if (c.month > 12) c.month -= 12, ++c.year;
    if (DefaultTimetableHas("multi-agency-audit-report", c.month)) {
      Date later = BoardMeeting(c.year, c.month);
      for (int i = 0; i < k; ++i) {
        Date commissioned = ahead == 0 ? Today() : Weekdayed(DayIn(first_day));
        On(commissioned, [this, commissioned, later]() { MultiAgencyAudit(commissioned, later); });
      }
      Slot("multi-agency-audit-report", "Multi-agency audit report", "audit", later, "");
    }
  }
  if (DefaultTimetableHas("national-local-learning-review", month)) {
    for (int i = 0; i < k; ++i) {
      Date received = Weekdayed(Plus(first_day, -rng_.Between(20, 50)));
      On(std::max(received, start_), [this, meeting]() { LearningReview(meeting); });
    }
  }
  if (DefaultTimetableHas("scr-update", month))
    Slot("scr-update", "Case review update", "scr_update", meeting, "");
  if (DefaultTimetableHas("lipsg-actions-monitor", month)) {
    Slot("lipsg-actions-monitor", "LIPSG actions monitor and review", "action_monitoring", meeting,
         "plan/lipsg");
  }
  if (DefaultTimetableHas("s11-audit-report", month))
    Slot("s11-audit-report", "Section 11 audit report", "section11", meeting, "");
  if (DefaultTimetableHas("training-programme-deep-dive", month)) {
    Slot("training-programme-deep-dive", "Multi-agency training programme report", "training",
         meeting, "");
  }
  if (DefaultTimetableHas("annual-report", month)) {
    On(Plus(meeting, -7), [this, year]() { AnnualReport(year - 1); });
    Slot("annual-report", "Annual report", "annual", meeting,
         "assurance/annual-" + std::to_string(year - 1));
  }
}

// Section 11 returns in the autumn (moderated in December), the agencies'
// yearly assurance reports (due 31 December) and the sub-groups' half-yearly
// ones (due 30 June and 31 December).
void Board::MonthAssurance(int year, int month, bool first, Date first_day) {
  if (month == 10) {
    for (size_t a = 0; a < agencies_.size(); ++a) {
      if (!agencies_[a].section11 || (a == never_reports_ % agencies_.size() && rng_.Chance(70)))
        continue;
      Date submitted = Weekdayed(Plus(first_day, rng_.Between(0, 55)));
      std::string id = agencies_[a].id;
      On(submitted, [this, id, year, submitted]() { Section11Return(id, year, submitted); });
    }
  }
  // A period that starts in December still sees that year's reports (due
  // 31 December) arrive, rather than every agency's showing overdue.
  if (month == 11 || (first && month == 12)) {
    for (size_t a = 0; a < agencies_.size(); ++a) {
      if (a == never_reports_) continue;
      int roll = static_cast<int>(rng_.Between(0, 99));
      if (roll < 5) continue;
      Date d = roll < 75 ? Weekdayed(Plus(first_day, rng_.Between(20, 45)))
                         : Weekdayed(Plus(first_day, rng_.Between(66, 110)));
      if (d > DateFromCivil(CivilDate{year, 12, 31}) && roll < 75)
        d = DateFromCivil(CivilDate{year, 12, 31});
      if (d <= start_) d = Weekdayed(Plus(start_, rng_.Between(1, 20)));
      std::string id = agencies_[a].id;
      On(d, [this, id, year]() { AgencyAssurance(id, year); });
    }
  }
  if (month == 6 || month == 12) {
    for (const SubgroupDef& s : Subgroups()) {
      int roll = static_cast<int>(rng_.Between(0, 99));
      if (roll < 5) continue;
      Date d = roll < 70 ? Weekdayed(Plus(first_day, rng_.Between(8, 26)))
                         : Weekdayed(Plus(first_day, rng_.Between(31, 60)));
      if (d <= start_) d = Weekdayed(Plus(start_, rng_.Between(1, 20)));  // Caught up late.
      std::string id = s.id, period = std::to_string(year) + (month == 6 ? "-H1" : "-H2");
      On(d, [this, id, period]() { SubgroupAssurance(id, period); });
    }
  }
}

// Single-agency audits on each agency's two months of the year.
void Board::MonthSingleAgencyAudits(int month, Date first_day) {
  for (size_t a = 0; a < agencies_.size(); ++a) {
    if (single_audit_month_[a] != month && (single_audit_month_[a] + 5) % 12 + 1 != month) continue;
    std::string id = agencies_[a].id;
    On(Weekdayed(DayIn(first_day)), [this, id]() { SingleAgencyAudit(id); });
  }
}

// The training programme year starts in April (and with the demo).
void Board::MonthTraining(int year, int month, bool first, Date first_day) {
  if (month == 4 || first) {
    int programme_year = month >= 4 ? year : year - 1;
    On(first ? Today() : Weekdayed(Plus(first_day, rng_.Between(0, 10))),
       [this, programme_year]() { TrainingYear(programme_year); });
  }
}

}  // namespace lif::demo
