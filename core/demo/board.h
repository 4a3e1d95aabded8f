// The simulated board behind GenerateDemo (generator.h, docs/demo.md).
// Internal to core/demo.
//
// The board's life is a discrete-event simulation: a min-heap of tasks keyed
// by (simulated recorded time, sequence number). A task emits at most a few
// events at its own time and schedules the next stages of its item, so the
// heap only holds what is still open. All randomness is drawn from one
// DemoRandom in task order, which is itself deterministic.
//
// One class, its member functions in one file per domain: board.cc (the
// simulation: scheduling, emitting, picking), setup.cc (reference data and the
// business plan), month.cc (what each month brings), indicators.cc,
// learning.cc (learning items, their presentation and dissemination),
// actions.cc, case_reviews.cc, child_deaths.cc, audits.cc (case audits and
// Section 11), sources.cc (deep dives, learning reviews, inspections, voice
// and feedback), policy.cc, reporting.cc (reports to the board and
// assurance), training.cc. A new kind of item adds its functions here and a
// file of its own, and is scheduled from month.cc. Every change of what is
// drawn from the random generator, or in which order, changes the log.
//
// Ownership: a Board lives for one GenerateDemo call; `emit` must outlive it.
// Not thread-safe.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/calendar/working_days.h"
#include "core/demo/dates.h"
#include "core/demo/generator.h"
#include "core/demo/reference_data.h"

namespace lif::demo {

class Board {
 public:
  Board(const DemoOptions& o, const std::function<Status(const DemoStep&)>& emit);

  // Runs the whole period; the first error of `emit`, else OK.
  Status Run();

 private:
  struct Task {
    int64_t at;
    uint64_t seq;
    std::function<void()> run;
  };
  static bool Later(const Task& a, const Task& b) {
    return a.at != b.at ? a.at > b.at : a.seq > b.seq;
  }

  // The simulation (board.cc) ---------------------------------------------------

  // Runs `fn` at simulated time `at` (never before now; dropped at or after the end).
  void Schedule(int64_t at, std::function<void()> fn);
  // Runs `fn` in working hours on `day` (dropped before the period or after it).
  void On(Date day, std::function<void()> fn);
  Date Today() const { return DateOf(Timestamp{now_ms_}); }
  // Emits one event now; returns its position (0 after an error).
  int64_t Emit(const Principal& who, const std::string& type, const std::string& stream, Json data,
               Date occurred);
  // A new stream id: `prefix` and a counter ("action/a00042").
  std::string Id(const char* prefix) { return std::string(prefix) + Pad(++ids_, 5); }
  std::string Pseudonym();
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[static_cast<size_t>(rng_.Between(0, static_cast<int64_t>(v.size()) - 1))];
  }
  template <typename T, size_t N>
  const T& Pick(const T (&a)[N]) {
    return a[static_cast<size_t>(rng_.Between(0, static_cast<int64_t>(N) - 1))];
  }
  const AgencyDef& RandomAgency() { return Pick(agencies_); }
  // Up to `n` distinct agencies, sorted.
  std::vector<std::string> DistinctAgencies(int n);
  // The chair of `subgroup` (the admin for an unknown one).
  Principal Chair(const std::string& subgroup);
  // A day of the month that starts on `first_day` (its first 28 days).
  Date DayIn(Date first_day) { return Plus(first_day, rng_.Between(0, 27)); }

  // Reference data and the business plan (setup.cc).
  void SetUp();

  // What each month brings (month.cc): one planning task a month.
  void Month(int year, int month, bool first);
  void MonthIndicators(int year, int month, Date first_day);
  void MonthCaseWork(int month, bool first, Date first_day);
  void MonthTimetable(int year, int month, bool first, Date first_day, Date meeting);
  void MonthAssurance(int year, int month, bool first, Date first_day);
  void MonthSingleAgencyAudits(int month, Date first_day);
  void MonthTraining(int year, int month, bool first, Date first_day);

  // Indicator values (indicators.cc): records the values of indicator `i`
  // for the quarter with index year*4+q-1.
  int64_t RecordIndicator(size_t i, int quarter_index, Date occurred,
                          bool correction_later = false);

  // Learning items (learning.cc): identifies an item now and schedules its
  // presentation, dissemination, actions and embedding. `agency` is set when
  // `who` is an agency writing as itself.
  void Learn(const Principal& who, const std::string& kind, const std::string& title,
             const std::string& source_kind, const std::string& source_stream,
             std::vector<std::string> themes, const std::string& agency);

  // Actions (actions.cc).
  struct Action {
    std::string stream;
    std::string owner;
    std::string plan_owner;  // The sub-group that signs it off, or "" (the admin).
    Date due;
    int fate = 0;  // 0 on time, 1 revised, 2 stalls, 3 runs late, 4 reopened.
    int updates = 0;
    bool reopened = false;
  };
  void PlanAction(const std::string& learning, const std::string& title);
  void NextProgress(const std::shared_ptr<Action>& a);
  void Progress(const std::shared_ptr<Action>& a);
  void Complete(const std::shared_ptr<Action>& a);

  // Case reviews (case_reviews.cc).
  void CaseReview(Date aware, bool final_one);
  void RapidReview(const std::string& stream, Date rr, const std::string& theme,
                   const Principal& la);
  // A review opened three working days before the end: its notification
  // clock is open and near its deadline (two working days left).
  void OpenFinalReview();

  // Child deaths (child_deaths.cc).
  void ChildDeath(Date death);

  // Case audits and Section 11 (audits.cc).
  void MultiAgencyAudit(Date commissioned, Date meeting);
  void SingleAgencyAudit(const std::string& agency);
  void Section11Return(const std::string& agency, int year, Date submitted);

  // Other sources of learning (sources.cc).
  void DeepDive(const std::string& entry, const std::string& title, const std::string& theme,
                Date meeting);
  void LearningReview(Date meeting);
  void Inspection();
  void Feedback();
  void Voice();

  // Policy reviews (policy.cc).
  void PolicyReview();

  // Reports to the board and assurance (reporting.cc).
  void Report(const std::string& title, const std::string& kind, Date meeting,
              const std::string& entry, const std::string& subject);
  // The timetable slot `entry` in the month of `meeting`: presented at the
  // meeting, a month late, or missed.
  void Slot(const std::string& entry, const std::string& title, const std::string& kind,
            Date meeting, const std::string& subject);
  void AgencyAssurance(const std::string& agency, int year);
  void SubgroupAssurance(const std::string& subgroup, const std::string& period);
  void AnnualReport(int year);

  // Training (training.cc).
  void TrainingYear(int year);
  void Delivery(const std::string& stream, Date d);

  const DemoOptions o_;
  const std::function<Status(const DemoStep&)>& emit_;
  DemoRandom rng_;
  WorkingDaysCalendar calendar_;
  Date start_;
  Date end_;
  int64_t end_ms_ = 0;
  int64_t now_ms_ = 0;
  uint64_t seq_ = 0;
  std::vector<Task> heap_;
  Status status_ = Status::Ok();
  int64_t count_ = 0;
  int64_t ids_ = 0;
  int64_t learning_count_ = 0;
  int64_t action_count_ = 0;
  int quarters_ = 0;
  int first_quarter_index_ = 0;
  size_t never_reports_ = 0;
  std::vector<AgencyDef> agencies_;
  std::vector<std::vector<std::string>> areas_;  // {code, name, kind}
  std::vector<std::vector<double>> offsets_;     // Per indicator, per area.
  std::vector<std::string> priorities_;
  std::vector<int> single_audit_month_;
  std::deque<std::string> recent_learning_;
};

}  // namespace lif::demo
