// The demo board generator (see generator.h and docs/demo.md).
//
// The board's life is a discrete-event simulation: a min-heap of tasks keyed
// by (simulated recorded time, sequence number). A task emits at most a few
// events at its own time and schedules the next stages of its item, so the
// heap only holds what is still open. All randomness is drawn from one
// DemoRandom in task order, which is itself deterministic.
#include "core/demo/generator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <memory>
#include <utility>
#include <vector>

#include "core/calendar/working_days.h"

namespace lif {

uint64_t DemoRandom::Next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

int64_t DemoRandom::Between(int64_t lo, int64_t hi) {
  if (hi <= lo) return lo;
  const uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
  return lo + static_cast<int64_t>(Next() % span);  // The bias is negligible for a demo.
}

bool DemoRandom::Chance(int percent) { return Between(0, 99) < percent; }

double DemoRandom::Unit() { return static_cast<double>(Next() >> 11) * (1.0 / 9007199254740992.0); }

std::string DemoEventId(uint64_t seed, int64_t n) {
  DemoRandom r(seed * 0x2545f4914f6cdd1dULL ^ static_cast<uint64_t>(n) * 0x9e3779b97f4a7c15ULL);
  uint64_t hi = r.Next();
  uint64_t lo = r.Next();
  hi = (hi & ~0xf000ULL) | 0x4000ULL;                         // Version 4 layout.
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // RFC 4122 variant.
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-%04llx-%04llx-%04llx-%012llx",
                static_cast<unsigned long long>(hi >> 32),
                static_cast<unsigned long long>((hi >> 16) & 0xffff),
                static_cast<unsigned long long>(hi & 0xffff),
                static_cast<unsigned long long>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return buf;
}

std::function<std::string()> DemoEventIds(uint64_t seed) {
  auto counter = std::make_shared<int64_t>(0);
  return [seed, counter]() { return DemoEventId(seed, ++*counter); };
}

Status CheckDemoOptions(const DemoOptions& o) {
  if (o.years < 1 || o.years > 20) return Status::Invalid("--years must be 1..20", "years");
  if (o.scale < 1 || o.scale > 1000) return Status::Invalid("--scale must be 1..1000", "scale");
  CivilDate c = CivilFromDate(o.end);
  if (c.year < 1900 + o.years + 1 || c.year > 2999) {
    return Status::Invalid("--end must be a date in 1900..2999", "end");
  }
  return Status::Ok();
}

Principal DemoAdmin() { return Principal{"demo-admin", Role::kAdmin, std::nullopt, std::nullopt}; }

Principal DemoAgencyPrincipal(const std::string& agency_id) {
  return Principal{"demo-agency-" + agency_id, Role::kAgency, agency_id, std::nullopt};
}

namespace {

constexpr int64_t kHourMs = 3600 * 1000;

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

// The 55 indicators of the Performance Management Framework, in its three areas.
const std::vector<IndicatorDef>& Indicators() {
  static const std::vector<IndicatorDef> k = {
      {"infant-mortality", "Infant mortality rate", "healthy_lives", false, "per 1,000 live births",
       4.6, 3.9, 5.0, 0.05},
      {"low-birth-weight", "Low birth weight of term babies", "healthy_lives", false, "%", 3.4, 2.9,
       3.5, 0.02},
      {"breastfeeding-6-8wk", "Breastfeeding prevalence at 6-8 weeks", "healthy_lives", true, "%",
       28, 48, 30, -0.3},
      {"smoking-at-delivery", "Smoking status at time of delivery", "healthy_lives", false, "%",
       16.5, 9.1, 15, -0.2},
      {"mmr2-age5", "MMR two doses by age 5", "healthy_lives", true, "%", 90.5, 85.5, 90, -0.3},
      {"excess-weight-reception", "Reception children with excess weight", "healthy_lives", false,
       "%", 25.1, 22.3, 0, 0.1},
      {"excess-weight-year6", "Year 6 children with excess weight", "healthy_lives", false, "%",
       39.8, 36.6, 40, 0.25},
      {"tooth-decay-age5", "Five-year-olds with visible tooth decay", "healthy_lives", false, "%",
       24.5, 23.7, 0, -0.1},
      {"teenage-conceptions", "Under-18 conception rate", "healthy_lives", false,
       "per 1,000 females aged 15-17", 27.9, 13.1, 25, 0.4},
      {"alcohol-admissions-u18", "Alcohol-specific hospital admissions, under 18s", "healthy_lives",
       false, "per 100,000", 52, 26, 45, 0.8},
      {"self-harm-admissions-10-24", "Hospital admissions for self-harm, ages 10-24",
       "healthy_lives", false, "per 100,000", 560, 427, 500, 6},
      {"camhs-wait-4wk", "CAMHS referrals seen within 4 weeks", "healthy_lives", true, "%", 61, 68,
       65, -0.8},
      {"ae-attendances-0-4", "A&E attendances, ages 0-4", "healthy_lives", false, "per 1,000", 720,
       650, 0, 3},
      {"injury-admissions-0-14", "Hospital admissions for injuries, ages 0-14", "healthy_lives",
       false, "per 10,000", 120, 85, 110, 1.2},
      {"health-visitor-new-birth", "New birth visits within 14 days", "healthy_lives", true, "%",
       93, 88, 90, 0.2},
      {"health-checks-lac", "Looked-after children with an up-to-date health assessment",
       "healthy_lives", true, "%", 88, 91, 90, -0.6},
      {"dental-checks-lac", "Looked-after children with a dental check", "healthy_lives", true, "%",
       79, 70, 75, 0.5},
      {"sdq-lac", "Average SDQ score of looked-after children", "healthy_lives", false, "score",
       14.9, 14.1, 0, 0.05},
      {"early-help-assessments", "Early help assessments completed", "right_support", true,
       "per 10,000 children", 310, 250, 0, 4},
      {"early-help-step-down", "Cases stepped down from social care to early help", "right_support",
       true, "%", 18, 15, 0, 0.3},
      {"contacts-rate", "Contacts to children's social care", "right_support", false,
       "per 10,000 children", 1900, 1500, 0, 10},
      {"referral-rate", "Referrals to children's social care", "right_support", false,
       "per 10,000 children", 820, 544, 0, 6},
      {"re-referrals-12m", "Re-referrals within 12 months", "right_support", false, "%", 24, 21.5,
       25, 0.5},
      {"assessments-45-days", "Assessments completed within 45 working days", "right_support", true,
       "%", 86, 82, 85, -0.7},
      {"s47-rate", "Section 47 enquiries", "right_support", false, "per 10,000 children", 290, 180,
       0, 2},
      {"icpc-15-days", "Initial child protection conferences within 15 working days",
       "right_support", true, "%", 79, 78, 80, -0.5},
      {"cp-plan-rate", "Children subject to a child protection plan", "right_support", false,
       "per 10,000 children", 105, 42, 100, 1.5},
      {"cp-repeat", "Second or subsequent child protection plans", "right_support", false, "%", 22,
       23.3, 20, 0.4},
      {"cp-plans-2-years", "Child protection plans lasting two years or more", "right_support",
       false, "%", 3.1, 2.1, 4, 0.1},
      {"cp-visits-timely", "Child protection visits within timescale", "right_support", true, "%",
       92, 90, 90, -0.2},
      {"cin-rate", "Children in need", "right_support", false, "per 10,000 children", 520, 343, 0,
       2},
      {"lac-rate", "Looked-after children", "right_support", false, "per 10,000 children", 160, 71,
       150, 1.5},
      {"lac-3-placements", "Looked-after children with three or more placements in the year",
       "right_support", false, "%", 10.5, 10, 12, 0.2},
      {"lac-placement-stability", "Looked-after children in the same placement for two years",
       "right_support", true, "%", 68, 70, 0, -0.3},
      {"care-leavers-eet", "Care leavers aged 19-21 in education, employment or training",
       "right_support", true, "%", 52, 55, 50, -0.4},
      {"care-leavers-accommodation", "Care leavers in suitable accommodation", "right_support",
       true, "%", 88, 88, 0, 0.1},
      {"private-fostering-visits", "Private fostering visits within timescale", "right_support",
       true, "%", 83, 80, 0, 0.5},
      {"dv-incidents-children", "Domestic abuse incidents with children present", "safe", false,
       "per 1,000 households", 24, 14, 22, 0.3},
      {"marac-repeat", "Repeat MARAC cases", "safe", false, "%", 38, 32, 35, 0.4},
      {"missing-episodes", "Missing from home episodes", "safe", false, "per 10,000 children", 95,
       60, 0, 1},
      {"return-interviews-72h", "Return home interviews within 72 hours", "safe", true, "%", 78, 70,
       75, -1},
      {"missing-from-care", "Looked-after children who went missing", "safe", false, "%", 11, 11,
       12, 0.2},
      {"cse-risk-assessments", "Children assessed at risk of sexual exploitation", "safe", false,
       "per 10,000 children", 18, 12, 0, 0.2},
      {"cce-referrals", "Referrals for child criminal exploitation", "safe", false,
       "per 10,000 children", 9.5, 7, 0, 0.3},
      {"first-time-entrants", "First-time entrants to the youth justice system", "safe", false,
       "per 100,000 aged 10-17", 210, 146, 200, 2},
      {"youth-reoffending", "Proven reoffending by young people", "safe", false, "%", 37, 32, 35,
       0.3},
      {"youth-custody", "Young people sentenced to custody", "safe", false, "per 1,000 aged 10-17",
       0.18, 0.1, 0, 0},
      {"lado-referrals", "Allegations against professionals referred to the LADO", "safe", true,
       "per 10,000 workforce", 45, 40, 0, 0.5},
      {"ehe-children", "Children electively home educated", "safe", false, "per 1,000 pupils", 11,
       9, 0, 0.2},
      {"cme-children", "Children missing education", "safe", false, "per 1,000 pupils", 4.2, 3.5,
       4.5, 0.1},
      {"persistent-absence", "Persistent absence from school", "safe", false, "%", 24, 21, 25, 0.4},
      {"suspensions", "Suspensions from school", "safe", false, "per 100 pupils", 7.5, 6.9, 0, 0.1},
      {"road-casualties-ksi", "Children killed or seriously injured on roads", "safe", false,
       "per 100,000", 17, 16.5, 0, -0.1},
      {"online-safety-training", "Schools with current online safety training", "safe", true, "%",
       81, 78, 80, -0.5},
      {"harmful-sexual-behaviour", "Referrals for harmful sexual behaviour", "safe", false,
       "per 10,000 children", 6, 4.5, 0, 0.15},
  };
  return k;
}

const std::vector<AgencyDef>& BaseAgencies() {
  static const std::vector<AgencyDef> k = {
      {"hartlepool-cs", "Hartlepool Borough Council Children's Services", "local_authority", true},
      {"hartlepool-ph", "Hartlepool Borough Council Public Health", "local_authority", true},
      {"cleveland-police", "Cleveland Police", "police", true},
      {"tees-icb", "North East and North Cumbria ICB (Tees Valley)", "health", true},
      {"nth-trust", "North Tees and Hartlepool NHS Foundation Trust", "health", true},
      {"tewv-trust", "Tees, Esk and Wear Valleys NHS Foundation Trust", "health", true},
      {"ne-ambulance", "North East Ambulance Service NHS Foundation Trust", "health", true},
      {"hartlepool-schools", "Hartlepool Schools Safeguarding Partnership", "education", false},
      {"hartlepool-college", "Hartlepool College of Further Education", "education", false},
      {"probation", "The Probation Service, North East", "probation", true},
      {"hartlepool-yjs", "Hartlepool Youth Justice Service", "youth_justice", true},
      {"thirteen-housing", "Thirteen Housing Group", "housing", true},
      {"cafcass", "Cafcass", "other", true},
      {"harbour", "Harbour Support Services", "voluntary", false},
      {"hvda", "Hartlepool Voluntary Development Agency", "voluntary", false},
  };
  return k;
}

const std::vector<SubgroupDef>& Subgroups() {
  static const std::vector<SubgroupDef> k = {
      {"lipsg", "Learning and Improvement Sub-group", "hartlepool-cs",
       "Case reviews, audits and the learning and improvement framework."},
      {"qap", "Quality Assurance and Performance Sub-group", "tees-icb",
       "The performance management framework and assurance reports."},
      {"wdt", "Workforce Development and Training Sub-group", "cleveland-police",
       "The training needs analysis and the multi-agency training programme."},
      {"policy", "Policy and Procedures Sub-group", "nth-trust",
       "Local procedures with the Tees procedures group."},
      {"cdop", "Child Death Overview Panel", "hartlepool-ph",
       "Reviews of the deaths of children normally resident in the area."},
  };
  return k;
}

struct Theme {
  const char* id;
  const char* phrase;
};

const std::vector<Theme>& Themes() {
  static const std::vector<Theme> k = {
      {"neglect", "neglect"},
      {"domestic-abuse", "domestic abuse"},
      {"parental-mental-health", "parental mental health"},
      {"substance-misuse", "parental substance misuse"},
      {"exploitation", "child exploitation"},
      {"information-sharing", "information sharing"},
      {"voice-of-child", "the voice of the child"},
      {"fathers", "fathers and male carers"},
      {"safe-sleep", "safe sleep"},
      {"self-harm", "adolescent self-harm"},
      {"early-help", "early help"},
      {"transition", "transition to adult services"},
  };
  return k;
}

const char* const kLessonTemplates[] = {
    "Recognise cumulative harm where %s is present",
    "Share information early between agencies about %s",
    "Include %s in every multi-agency assessment",
    "Escalate professional disagreement about %s",
    "Hear and record the child's experience of %s",
    "Check the history of %s before closing a case",
};
const char* const kGoodPracticeTemplates[] = {
    "Good practice: a joint chronology in a case of %s",
    "Good practice: persistent engagement with a family affected by %s",
    "Good practice: a school's early referral about %s",
};
const char* const kLeads[] = {"A. Patel", "B. Hughes",  "C. Robson", "D. Walker",   "E. Graham",
                              "F. Khan",  "G. Elliott", "H. Storey", "J. Marshall", "K. Lowe"};
const char* const kMethods[] = {"team_meeting", "supervision", "briefing",  "action_plan",
                                "report",       "training",    "newsletter"};
const char* const kGrades[] = {"outstanding", "good", "requires_improvement", "inadequate"};
const char* const kStandards[] = {"senior_management_commitment",
                                  "statement_of_responsibilities",
                                  "line_of_accountability",
                                  "service_development_informed_by_children",
                                  "training",
                                  "safer_recruitment_and_allegations",
                                  "inter_agency_working",
                                  "information_sharing"};
const char* const kCdrCategories[] = {"deliberately_inflicted_injury_abuse_or_neglect",
                                      "suicide_or_deliberate_self_inflicted_harm",
                                      "trauma_and_other_external_factors",
                                      "malignancy",
                                      "acute_medical_or_surgical_condition",
                                      "chronic_medical_condition",
                                      "chromosomal_genetic_and_congenital_anomalies",
                                      "perinatal_neonatal_event",
                                      "infection",
                                      "sudden_unexpected_unexplained_death"};

template <typename T, size_t N>
constexpr size_t Count(const T (&)[N]) {
  return N;
}

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

Date Plus(Date d, int64_t days) { return Date{static_cast<int32_t>(d.days + days)}; }

// Moves a Saturday or Sunday to the next Monday.
Date Weekdayed(Date d) {
  int w = Weekday(d);
  return w == 5 ? Plus(d, 2) : w == 6 ? Plus(d, 1) : d;
}

// The board meets on the second Tuesday of each month.
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

// The simulated board.
class Board {
 public:
  Board(const DemoOptions& o, const std::function<Status(const DemoStep&)>& emit)
      : o_(o), emit_(emit), rng_(o.seed), calendar_(WorkingDaysCalendar::EnglandAndWales()) {
    end_ = o.end;
    CivilDate e = CivilFromDate(end_);
    start_ = DateFromCivil(CivilDate{e.year - o.years, e.month, std::min(e.day, 28)});
    end_ms_ = StartOf(end_).millis;
    now_ms_ = StartOf(start_).millis + 8 * kHourMs;
  }

  Status Run() {
    SetUp();
    // One planning task a month, at the start of the month.
    CivilDate c = CivilFromDate(start_);
    bool first = true;
    for (Date m = start_; m < end_;) {
      int year = c.year, month = c.month;
      Schedule(first ? now_ms_ : StartOf(m).millis,
               [this, year, month, first]() { Month(year, month, first); });
      first = false;
      c.month = c.month == 12 ? 1 : c.month + 1;
      if (c.month == 1) ++c.year;
      c.day = 1;
      m = DateFromCivil(c);
    }
    OpenFinalReview();
    while (!heap_.empty() && status_.ok()) {
      std::pop_heap(heap_.begin(), heap_.end(), Later);
      Task t = std::move(heap_.back());
      heap_.pop_back();
      now_ms_ = t.at;
      t.run();
    }
    return status_;
  }

 private:
  struct Task {
    int64_t at;
    uint64_t seq;
    std::function<void()> run;
  };
  static bool Later(const Task& a, const Task& b) {
    return a.at != b.at ? a.at > b.at : a.seq > b.seq;
  }

  // Scheduling ---------------------------------------------------------------

  void Schedule(int64_t at, std::function<void()> fn) {
    if (at < now_ms_) at = now_ms_;
    if (at >= end_ms_) return;
    heap_.push_back(Task{at, seq_++, std::move(fn)});
    std::push_heap(heap_.begin(), heap_.end(), Later);
  }

  // Runs `fn` in working hours on `day` (dropped before the period or after it).
  void On(Date day, std::function<void()> fn) {
    if (day < start_) return;
    int64_t at = StartOf(day).millis + rng_.Between(8 * 60 + 30, 17 * 60 + 30) * 60000 +
                 rng_.Between(0, 59999);
    Schedule(at, std::move(fn));
  }

  Date Today() const { return DateOf(Timestamp{now_ms_}); }

  // Emits one event now; returns its position (0 after an error).
  int64_t Emit(const Principal& who, const std::string& type, const std::string& stream, Json data,
               Date occurred) {
    if (!status_.ok()) return 0;
    DemoStep step;
    step.who = who;
    step.recorded_at = Timestamp{now_ms_};
    ProposedEvent e;
    e.type = type;
    e.stream = stream;
    e.data = std::move(data);
    if (occurred > Today()) occurred = Today();
    e.occurred_at = FormatDate(occurred);
    step.request.events.push_back(std::move(e));
    step.request.form = RequestForm::kSingle;
    step.request.principal = who;
    status_ = emit_(step);
    if (!status_.ok()) {
      status_ = Status(status_.code(),
                       "demo step " + std::to_string(count_ + 1) + " (" + type + " on " + stream +
                           "): " + status_.message(),
                       status_.path());
      return 0;
    }
    return ++count_;
  }

  std::string Id(const char* prefix) { return std::string(prefix) + Pad(++ids_, 5); }
  std::string Pseudonym() {
    char buf[40];
    std::snprintf(buf, sizeof buf, "pn_%016llx%016llx",
                  static_cast<unsigned long long>(rng_.Next()),
                  static_cast<unsigned long long>(rng_.Next()));
    return buf;
  }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[static_cast<size_t>(rng_.Between(0, static_cast<int64_t>(v.size()) - 1))];
  }
  template <typename T, size_t N>
  const T& Pick(const T (&a)[N]) {
    return a[static_cast<size_t>(rng_.Between(0, static_cast<int64_t>(N) - 1))];
  }
  const AgencyDef& RandomAgency() { return Pick(agencies_); }
  std::vector<std::string> DistinctAgencies(int n) {
    std::vector<std::string> out;
    for (int tries = 0; static_cast<int>(out.size()) < n && tries < n * 10; ++tries) {
      const std::string& a = RandomAgency().id;
      if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  Principal Chair(const std::string& subgroup) {
    for (const SubgroupDef& s : Subgroups()) {
      if (subgroup == s.id) {
        return Principal{std::string("demo-chair-") + s.id, Role::kSubgroupChair,
                         std::string(s.chair_agency), std::string(s.id)};
      }
    }
    return DemoAdmin();
  }

  // Reference data and the business plan ------------------------------------

  void SetUp() {
    const Principal admin = DemoAdmin();
    agencies_ = BaseAgencies();
    for (int i = 1; i < o_.scale; ++i) {
      for (int j = 0; j < 15; ++j) {
        int n = (i - 1) * 15 + j + 1;
        switch (j % 3) {
          case 0:
            agencies_.push_back(
                {"school-" + Pad(n, 4), "Academy " + Pad(n, 4), "education", false});
            break;
          case 1:
            agencies_.push_back(
                {"gp-practice-" + Pad(n, 4), "GP practice " + Pad(n, 4), "health", true});
            break;
          default:
            agencies_.push_back(
                {"vcs-" + Pad(n, 4), "Community group " + Pad(n, 4), "voluntary", false});
        }
      }
    }
    const Date d = start_;
    // Areas: the own area, the other Tees boards, and the averages.
    areas_ = {{"hartlepool", "Hartlepool", "own"},
              {"stockton-on-tees", "Stockton-on-Tees", "comparator"},
              {"middlesbrough", "Middlesbrough", "comparator"},
              {"redcar-and-cleveland", "Redcar and Cleveland", "comparator"},
              {"darlington", "Darlington", "comparator"},
              {"north-east", "North East", "regional_average"},
              {"england", "England", "national_average"}};
    for (int i = 1; i < o_.scale && areas_.size() < 90; ++i) {
      areas_.push_back(
          {"neighbour-" + Pad(i, 3), "Statistical neighbour " + Pad(i, 3), "comparator"});
    }
    for (const auto& a : areas_) {
      Emit(admin, "area.registered", "area/" + a[0],
           {{"area_code", a[0]}, {"name", a[1]}, {"kind", a[2]}}, d);
    }
    for (const AgencyDef& a : agencies_) {
      Emit(admin, "agency.registered", "agency/" + a.id,
           {{"agency_id", a.id}, {"name", a.name}, {"kind", a.kind}, {"section11", a.section11}},
           d);
    }
    for (const SubgroupDef& s : Subgroups()) {
      Emit(admin, "subgroup.registered", std::string("subgroup/") + s.id,
           {{"subgroup_id", s.id},
            {"name", s.name},
            {"chair_agency", s.chair_agency},
            {"remit", s.remit}},
           d);
    }
    // Indicators, with a year of history so that trends show from the start.
    for (const IndicatorDef& ind : Indicators()) {
      Json def = {{"indicator_id", ind.id},
                  {"title", ind.title},
                  {"area", ind.area},
                  {"polarity", ind.higher_is_better ? "higher_is_better" : "lower_is_better"},
                  {"unit", ind.unit}};
      if (ind.threshold != 0) def["threshold"] = ind.threshold;
      Emit(admin, "indicator.defined", std::string("indicator/") + ind.id, def, d);
      std::vector<double> offsets;
      for (size_t i = 0; i < areas_.size(); ++i) offsets.push_back(rng_.Unit() * 0.3 - 0.15);
      offsets_.push_back(offsets);
    }
    CivilDate c = CivilFromDate(start_);
    int q = (c.month - 1) / 3 + 1, y = c.year;  // The quarter the period starts in.
    first_quarter_index_ = y * 4 + (q - 1);
    for (int back = 5; back >= 2; --back) {
      int index = first_quarter_index_ - back;
      for (size_t i = 0; i < Indicators().size(); ++i) RecordIndicator(i, index, d);
    }
    // The business plan.
    const char* const priorities[][3] = {
        {"neglect", "Tackle neglect earlier", "Fewer repeat child protection plans for neglect."},
        {"exploitation", "Protect children from exploitation",
         "Children at risk of exploitation are identified and safety-planned."},
        {"domestic-abuse", "Children living with domestic abuse",
         "Fewer children exposed to repeat domestic abuse incidents."},
        {"learning-culture", "A learning culture across the partnership",
         "Learning from reviews is embedded and evidenced in practice."},
    };
    CivilDate pe = CivilFromDate(start_);
    Date plan_end = DateFromCivil(CivilDate{pe.year + std::max(2, o_.years), 3, 31});
    Json stream_list = Json::array();
    for (const auto& p : priorities) {
      std::string stream = std::string("priority/") + p[0];
      Emit(admin, "priority.set", stream,
           {{"title", p[1]},
            {"status", "active"},
            {"expected_impact", p[2]},
            {"period_start", FormatDate(start_)},
            {"period_end", FormatDate(plan_end)}},
           d);
      priorities_.push_back(stream);
      stream_list.push_back(stream);
    }
    Emit(admin, "plan.created", "plan/business-plan",
         {{"title", "Business Plan " + std::to_string(pe.year) + "-" +
                        std::to_string(pe.year + std::max(2, o_.years))},
          {"kind", "board"},
          {"priorities", stream_list}},
         d);
    for (const SubgroupDef& s : Subgroups()) {
      Emit(Chair(s.id), "plan.created", std::string("plan/") + s.id,
           {{"title", std::string(s.name) + " action plan"},
            {"kind", "subgroup"},
            {"subgroup", s.id}},
           d);
    }
    for (const AgencyDef& a : agencies_) {
      Emit(DemoAgencyPrincipal(a.id), "plan.created", "plan/" + a.id,
           {{"title", a.name + " single-agency action plan"},
            {"kind", "single_agency"},
            {"agency", a.id}},
           d);
      single_audit_month_.push_back(static_cast<int>(rng_.Between(1, 12)));
    }
    never_reports_ =
        static_cast<size_t>(rng_.Between(0, static_cast<int64_t>(agencies_.size()) - 1));
  }

  // Indicator values ----------------------------------------------------------

  // Records the values of indicator `i` for the quarter with index year*4+q-1.
  int64_t RecordIndicator(size_t i, int quarter_index, Date occurred,
                          bool correction_later = false) {
    const IndicatorDef& ind = Indicators()[i];
    int t = quarter_index - (first_quarter_index_ - 5);  // Quarters since the history began.
    Json values = Json::object();
    double own = ind.own + ind.trend * t + ind.own * 0.03 * (rng_.Unit() * 2 - 1);
    double nat = ind.national + ind.trend * 0.2 * t + ind.national * 0.01 * (rng_.Unit() * 2 - 1);
    for (size_t a = 0; a < areas_.size(); ++a) {
      double v;
      const std::string& kind = areas_[a][2];
      if (kind == "own") {
        v = own;
      } else if (kind == "national_average") {
        v = nat;
      } else if (kind == "regional_average") {
        v = (own + nat) / 2 + ind.national * 0.01 * (rng_.Unit() * 2 - 1);
      } else {
        v = own * (1 + offsets_[i][a]) + own * 0.02 * (rng_.Unit() * 2 - 1);
      }
      values[areas_[a][0]] = Round(std::max(0.0, v));
    }
    const std::string supplier = std::string(ind.area) == "healthy_lives" ? "tees-icb"
                                 : std::string(ind.area) == "safe"        ? "cleveland-police"
                                                                          : "hartlepool-cs";
    int year = quarter_index / 4, q = quarter_index % 4 + 1;
    Json data = {{"indicator_id", ind.id},
                 {"period", QuarterName(year, q)},
                 {"values", values},
                 {"agency", supplier}};
    int64_t pos = Emit(DemoAgencyPrincipal(supplier), "indicator.recorded",
                       std::string("indicator/") + ind.id, data, occurred);
    if (correction_later && pos > 0) {
      // The supplier revises its own figure a few days later; the admin records it.
      Json fixed = values;
      fixed["hartlepool"] = Round(values["hartlepool"].get<double>() * 0.97);
      std::string target = DemoEventId(o_.seed, pos);
      On(Plus(Today(), rng_.Between(3, 10)), [this, target, fixed]() {
        Emit(DemoAdmin(), "correction.recorded", Id("correction/c"),
             {{"corrects", target},
              {"reason", "Hartlepool figure revised after data cleansing by the supplier"},
              {"fields", {{"values", fixed}}}},
             Today());
      });
    }
    // Judge the own value: a breach of the threshold may become learning.
    double own_value = values["hartlepool"].get<double>();
    bool breach = ind.threshold != 0 &&
                  (ind.higher_is_better ? own_value < ind.threshold : own_value > ind.threshold);
    if (breach && occurred >= start_ && rng_.Chance(8)) {
      std::string stream = std::string("indicator/") + ind.id;
      std::string title =
          std::string(ind.title) + " is past the board's threshold in " + QuarterName(year, q);
      On(Plus(occurred, rng_.Between(14, 40)), [this, title, stream]() {
        Learn(Chair("qap"), "finding", title, "performance_data", stream, {Pick(Themes()).id}, "");
      });
    }
    return pos;
  }

  // Learning and what follows it ------------------------------------------

  // Identifies a learning item now and schedules its presentation,
  // dissemination, actions and embedding. `agency` is set when `who` is an
  // agency writing as itself.
  void Learn(const Principal& who, const std::string& kind, const std::string& title,
             const std::string& source_kind, const std::string& source_stream,
             std::vector<std::string> themes, const std::string& agency) {
    const std::string stream = Id("learning/l");
    Json data = {{"title", title},
                 {"kind", kind},
                 {"source", {{"kind", source_kind}, {"stream", source_stream}}},
                 {"themes", themes},
                 {"summary", "Identified from " + source_stream + "."}};
    if (!agency.empty()) data["agency"] = agency;
    int64_t pos = Emit(who, "learning.identified", stream, data, Today());
    if (pos == 0) return;
    ++learning_count_;
    recent_learning_.push_back(stream);
    if (recent_learning_.size() > 12) recent_learning_.pop_front();
    if (learning_count_ % 40 == 7) {
      // A few titles are reworded by the business manager after the meeting.
      std::string target = DemoEventId(o_.seed, pos);
      std::string fixed = title + " (reworded at the board)";
      On(Plus(Today(), rng_.Between(5, 20)), [this, target, fixed]() {
        Emit(DemoAdmin(), "correction.recorded", Id("correction/c"),
             {{"corrects", target},
              {"reason", "Title clarified at the board meeting"},
              {"fields", {{"title", fixed}}}},
             Today());
      });
    }
    Date meeting = NextBoardMeeting(Plus(Today(), 6));
    if (rng_.Chance(85)) {
      On(meeting, [this, stream, meeting]() {
        Emit(Chair("lipsg"), "learning.presented", stream,
             {{"meeting", FormatDate(meeting)}, {"presented_by", "Chair of the LIPSG"}}, meeting);
      });
      // Every agency of a bigger partnership hears of the item: the spread grows with the scale.
      int spread = static_cast<int>(std::min<int64_t>(rng_.Between(3, 10) * o_.scale,
                                                      static_cast<int64_t>(agencies_.size())));
      for (const std::string& a : DistinctAgencies(spread)) {
        Date when = Weekdayed(Plus(meeting, rng_.Between(3, 60)));
        const char* method = Pick(kMethods);
        int64_t reach = rng_.Between(5, 250);
        On(Plus(when, rng_.Between(0, 5)), [this, stream, a, when, method, reach]() {
          Emit(DemoAgencyPrincipal(a), "learning.disseminated", stream,
               {{"agency", a}, {"method", method}, {"date", FormatDate(when)}, {"reach", reach}},
               when);
        });
      }
      if (rng_.Chance(45)) {
        for (const std::string& a : DistinctAgencies(static_cast<int>(rng_.Between(1, 3)))) {
          On(Weekdayed(Plus(meeting, rng_.Between(90, 270))), [this, stream, a]() {
            Emit(DemoAgencyPrincipal(a), "learning.embedded", stream,
                 {{"agency", a},
                  {"evidence", "Re-audit of a sample of cases shows the practice is now routine."}},
                 Today());
          });
        }
      }
    }
    if (kind != "good_practice") {
      int actions = static_cast<int>(rng_.Between(1, 3));
      for (int i = 0; i < actions; ++i) {
        On(Weekdayed(Plus(Today(), rng_.Between(7, 35))),
           [this, stream, title]() { PlanAction(stream, title); });
      }
    }
  }

  // Actions ------------------------------------------------------------------

  struct Action {
    std::string stream;
    std::string owner;
    std::string plan_owner;  // The sub-group that signs it off, or "" (the admin).
    Date due;
    int fate = 0;  // 0 on time, 1 revised, 2 stalls, 3 runs late, 4 reopened.
    int updates = 0;
    bool reopened = false;
  };

  void PlanAction(const std::string& learning, const std::string& title) {
    auto a = std::make_shared<Action>();
    a->stream = Id("action/a");
    a->owner = RandomAgency().id;
    bool subgroup_plan = rng_.Chance(50);
    std::string plan = subgroup_plan ? "plan/lipsg" : "plan/" + a->owner;
    a->plan_owner = subgroup_plan ? "lipsg" : "";
    a->due = Weekdayed(Plus(Today(), rng_.Between(60, 200)));
    int roll = static_cast<int>(rng_.Between(0, 99));
    a->fate = roll < 45 ? 0 : roll < 65 ? 1 : roll < 80 ? 2 : roll < 92 ? 3 : 4;
    ++action_count_;
    bool typo = action_count_ % 50 == 10;  // A few due dates are mistyped, then corrected.
    Date written_due = typo ? Plus(a->due, -365) : a->due;
    Json data = {{"title", "Act on: " + title.substr(0, 250)},
                 {"plan", plan},
                 {"owner_agency", a->owner},
                 {"lead", Pick(kLeads)},
                 {"due", FormatDate(written_due)},
                 {"learning", Json::array({learning})},
                 {"priority", Pick(priorities_)}};
    int64_t pos = Emit(DemoAgencyPrincipal(a->owner), "action.planned", a->stream, data, Today());
    if (pos == 0) return;
    if (typo) {
      std::string target = DemoEventId(o_.seed, pos);
      std::string due = FormatDate(a->due);
      std::string owner = a->owner;
      On(Plus(Today(), rng_.Between(1, 6)), [this, target, due, owner]() {
        Emit(DemoAgencyPrincipal(owner), "correction.recorded", Id("correction/c"),
             {{"corrects", target},
              {"reason", "Typing error in the due date"},
              {"fields", {{"due", due}}}},
             Today());
      });
    }
    NextProgress(a);
  }

  void NextProgress(const std::shared_ptr<Action>& a) {
    On(Weekdayed(Plus(Today(), rng_.Between(14, 35))), [this, a]() { Progress(a); });
  }

  void Progress(const std::shared_ptr<Action>& a) {
    const Principal owner = DemoAgencyPrincipal(a->owner);
    Date today = Today();
    ++a->updates;
    switch (a->fate) {
      case 0:
      case 4:
        if (today >= Plus(a->due, -25)) return Complete(a);
        Emit(owner, "action.progressed", a->stream,
             {{"note", "On track: work under way with the teams."},
              {"rag", rng_.Chance(75) ? "green" : "amber"}},
             today);
        return NextProgress(a);
      case 1:
        if (today >= Plus(a->due, -10)) {
          Date revised = Weekdayed(Plus(a->due, rng_.Between(30, 90)));
          Emit(owner, "action.due_revised", a->stream,
               {{"due", FormatDate(revised)},
                {"reason", "Delayed by staff changes; agreed with the sub-group chair."}},
               today);
          a->due = revised;
          a->fate = rng_.Chance(70) ? 0 : 3;
          return NextProgress(a);
        }
        Emit(owner, "action.progressed", a->stream,
             {{"note", "Some delay: capacity in the team."}, {"rag", "amber"}}, today);
        return NextProgress(a);
      case 2:
        Emit(owner, "action.progressed", a->stream,
             {{"note", a->updates == 1 ? "Not started: waiting for a lead."
                                       : "Stalled: no capacity to take this forward."},
              {"rag", a->updates == 1 ? "amber" : "red"}},
             today);
        if (a->updates < 3) NextProgress(a);
        return;
      default:  // Runs late, then completes.
        if (today > Plus(a->due, 20) && rng_.Chance(35)) return Complete(a);
        Emit(owner, "action.progressed", a->stream,
             {{"note", today > a->due ? "Behind schedule: escalated to the sub-group."
                                      : "At risk: dependencies on another agency."},
              {"rag", today > a->due ? "red" : "amber"}},
             today);
        return NextProgress(a);
    }
  }

  void Complete(const std::shared_ptr<Action>& a) {
    Emit(DemoAgencyPrincipal(a->owner), "action.completed", a->stream,
         {{"evidence_of_impact",
           Pick(std::vector<std::string>{
               "Re-audit of 20 cases: 18 compliant with the new procedure.",
               "Staff survey: 85 per cent know the escalation route, up from 40.",
               "Supervision records show the practice in every sampled case.",
               "The indicator improved for two quarters after the change."})}},
         Today());
    if (!rng_.Chance(85)) return;
    Principal signer = a->plan_owner.empty() ? DemoAdmin() : Chair(a->plan_owner);
    On(Weekdayed(Plus(Today(), rng_.Between(7, 30))), [this, a, signer]() {
      Emit(signer, "action.signed_off", a->stream, {{"note", "Evidence accepted."}}, Today());
      if (a->fate == 4 && !a->reopened) {
        a->reopened = true;
        On(Weekdayed(Plus(Today(), rng_.Between(20, 60))), [this, a, signer]() {
          Emit(signer, "action.reopened", a->stream,
               {{"reason", "A later audit found the change has not held."}}, Today());
          a->fate = 0;
          a->due = Weekdayed(Plus(Today(), rng_.Between(60, 120)));
          NextProgress(a);
        });
      }
    });
  }

  // Case reviews -------------------------------------------------------------

  void CaseReview(Date aware, bool final_one) {
    auto stream = std::make_shared<std::string>(Id("review/r"));
    const Principal la = DemoAgencyPrincipal("hartlepool-cs");
    const Theme& theme = Pick(Themes());
    Date incident = Plus(aware, -rng_.Between(0, 10));
    Emit(la, "review.opened", *stream,
         {{"regime", "cspr_2018"},
          {"title", std::string("Serious incident: ") + theme.phrase},
          {"child", Pseudonym()},
          {"incident_date", FormatDate(incident)},
          {"aware_on", FormatDate(aware)},
          {"lead_agency", "hartlepool-cs"}},
         aware);
    if (final_one) return;
    int notify_wd = rng_.Chance(80) ? static_cast<int>(rng_.Between(1, 5))
                                    : static_cast<int>(rng_.Between(6, 8));
    Date notified = calendar_.AddWorkingDays(aware, notify_wd);
    std::string theme_id = theme.id;
    On(notified, [this, stream, notified, theme_id, la]() {
      Emit(la, "review.notified", *stream,
           {{"notified_on", FormatDate(notified)},
            {"panel_reference", "CSPRP-" + Pad(rng_.Between(10000, 99999), 5)},
            {"agency", "hartlepool-cs"}},
           notified);
      int rr_wd = rng_.Chance(85) ? static_cast<int>(rng_.Between(10, 15))
                                  : static_cast<int>(rng_.Between(16, 19));
      Date rr = calendar_.AddWorkingDays(notified, rr_wd);
      On(rr, [this, stream, rr, theme_id, la]() { RapidReview(*stream, rr, theme_id, la); });
    });
  }

  void RapidReview(const std::string& stream, Date rr, const std::string& theme,
                   const Principal& la) {
    int roll = static_cast<int>(rng_.Between(0, 99));
    std::string recommendation = roll < 45 ? "lcspr" : roll < 90 ? "no_lcspr" : "other_review";
    Emit(la, "review.rapid_review_completed", stream,
         {{"completed_on", FormatDate(rr)},
          {"recommendation", recommendation},
          {"summary", "Chronologies from every agency were reviewed by the partners."},
          {"agency", "hartlepool-cs"}},
         rr);
    bool died = rng_.Chance(30);
    Json criteria = {{"abuse_or_neglect_known_or_suspected", rng_.Chance(80)},
                     {"child_died", died},
                     {"child_seriously_harmed", !died},
                     {"concern_about_agencies_working_together", rng_.Chance(60)},
                     {"died_in_custody_or_secure_setting", false},
                     {"died_detained_under_mental_health_act", false},
                     {"suspected_suicide", died && rng_.Chance(30)}};
    Emit(la, "review.referred", stream,
         {{"referred_on", FormatDate(rr)},
          {"referred_by", "hartlepool-cs"},
          {"criteria", criteria},
          {"reason", "Referred with the rapid review."}},
         rr);
    Date decided = Weekdayed(Plus(rr, rng_.Between(3, 12)));
    bool hold = recommendation == "lcspr";
    bool omit_rationale = !hold && rng_.Chance(20);
    On(decided, [this, stream, decided, hold, omit_rationale, theme]() {
      Json d = {{"decided_on", FormatDate(decided)}, {"decision", hold ? "hold" : "not_hold"}};
      if (hold) {
        d["review_kind"] = "lcspr";
        d["rationale"] = "The case meets the criteria and offers learning for the partnership.";
      } else if (!omit_rationale) {
        d["rationale"] =
            "The rapid review identified the learning; a local review would add nothing new.";
      }
      Emit(Chair("lipsg"), "review.decided", stream, d, decided);
      // Learning from the rapid review itself.
      Learn(Chair("lipsg"), "lesson", Format(Pick(kLessonTemplates), PhraseOf(theme)),
            "case_review", stream, {theme}, "");
      if (!hold) return;
      Date commissioned = Weekdayed(Plus(decided, rng_.Between(10, 30)));
      On(commissioned, [this, stream, commissioned]() {
        Emit(Chair("lipsg"), "review.commissioned", stream,
             {{"commissioned_on", FormatDate(commissioned)},
              {"reviewer", Pick(kLeads)},
              {"methodology",
               Pick(std::vector<std::string>{"learning_together", "systems_review",
                                             "significant_incident_learning_process"})},
              {"terms_of_reference", "Multi-agency practice in the year before the incident."}},
             commissioned);
      });
      Date received = Weekdayed(Plus(decided, rng_.Between(120, 160)));
      On(received, [this, stream, received, theme]() {
        Emit(Chair("lipsg"), "review.report_received", stream,
             {{"received_on", FormatDate(received)},
              {"recommendations", rng_.Between(4, 9)},
              {"summary", "The reviewer's findings and recommendations."}},
             received);
        int n = static_cast<int>(rng_.Between(2, 4));
        for (int i = 0; i < n; ++i) {
          std::string t = i == 0 ? theme : Pick(Themes()).id;
          Learn(Chair("lipsg"), rng_.Chance(85) ? "lesson" : "good_practice",
                Format(Pick(kLessonTemplates), PhraseOf(t)), "case_review", stream, {t}, "");
        }
      });
      Date published = Weekdayed(Plus(decided, rng_.Between(160, 215)));
      On(published, [this, stream, published]() {
        Emit(Chair("lipsg"), "review.published", stream,
             {{"published_on", FormatDate(published)},
              {"url", "https://www.hartlepool.gov.uk/safeguarding/reviews/" + stream.substr(7)}},
             published);
      });
    });
  }

  static std::string PhraseOf(const std::string& theme_id) {
    for (const Theme& t : Themes()) {
      if (theme_id == t.id) return t.phrase;
    }
    return theme_id;
  }

  // A review opened three working days before the end: its notification
  // clock is open and near its deadline (two working days left).
  void OpenFinalReview() {
    Date d = Plus(end_, -1);
    int working = 0;
    while (working < 3) {
      if (calendar_.IsWorkingDay(d)) ++working;
      if (working < 3) d = Plus(d, -1);
    }
    On(d, [this, d]() { CaseReview(d, true); });
  }

  // Child deaths -------------------------------------------------------------

  void ChildDeath(Date death) {
    std::string stream = Id("cdr/d");
    int band = static_cast<int>(rng_.Between(0, 5));
    const char* bands[] = {"under_28_days", "28_days_to_1_year", "1_to_4",
                           "5_to_9",        "10_to_14",          "15_to_17"};
    Emit(DemoAgencyPrincipal("nth-trust"), "cdr.notified", stream,
         {{"child", Pseudonym()},
          {"date_of_death", FormatDate(death)},
          {"age_band", bands[band]},
          {"expected", rng_.Chance(45) ? "expected" : "unexpected"},
          {"notified_by", "nth-trust"}},
         Today());
    Date reviewed = Weekdayed(Plus(death, rng_.Between(90, 200)));
    std::string category = band == 0
                               ? (rng_.Chance(70) ? "perinatal_neonatal_event"
                                                  : "chromosomal_genetic_and_congenital_anomalies")
                               : Pick(kCdrCategories);
    On(reviewed, [this, stream, reviewed, category]() {
      bool modifiable = rng_.Chance(35);
      Json d = {{"reviewed_on", FormatDate(reviewed)},
                {"category", category},
                {"modifiable_factors", modifiable ? "yes" : "no"}};
      if (modifiable) {
        d["factors"] = Json::array({Pick(std::vector<std::string>{
            "Unsafe sleeping arrangements", "Parental smoking", "Delayed access to care",
            "Supervision of the child", "Alcohol or substance use by a carer"})});
        d["learning"] = "The panel agreed a public health message.";
      }
      Emit(DemoAdmin(), "cdr.reviewed", stream, d, reviewed);
      if (modifiable) {
        Learn(Chair("cdop"), "lesson",
              "Modifiable factor in a child death: " + d["factors"][0].get<std::string>(),
              "child_death_review", stream, {"safe-sleep"}, "");
      }
    });
  }

  // Audits -------------------------------------------------------------------

  void MultiAgencyAudit(Date commissioned, Date meeting) {
    std::string stream = Id("audit/ma");
    const Theme& theme = Pick(Themes());
    std::vector<std::string> partners = DistinctAgencies(static_cast<int>(rng_.Between(3, 6)));
    if (std::find(partners.begin(), partners.end(), "hartlepool-cs") == partners.end()) {
      partners.push_back("hartlepool-cs");
      std::sort(partners.begin(), partners.end());
    }
    int cases = static_cast<int>(rng_.Between(8, 15));
    Emit(Chair("lipsg"), "audit.commissioned", stream,
         {{"scope", "multi_agency"},
          {"title", std::string("Multi-agency audit: ") + theme.phrase},
          {"theme", theme.id},
          {"sampling", rng_.Chance(60) ? "random" : "purposive"},
          {"planned_cases", cases},
          {"lead_agency", "hartlepool-cs"},
          {"agencies", partners},
          {"commissioned_on", FormatDate(commissioned)}},
         commissioned);
    for (int i = 0; i < cases; ++i) {
      std::string grader = Pick(partners);
      std::string child = Pseudonym();
      On(Weekdayed(Plus(commissioned, rng_.Between(14, 45))), [this, stream, grader, child]() {
        int g = static_cast<int>(rng_.Between(0, 99));
        Emit(DemoAgencyPrincipal(grader), "audit.case_graded", stream,
             {{"case", child},
              {"grade", g < 8    ? kGrades[0]
                        : g < 55 ? kGrades[1]
                        : g < 88 ? kGrades[2]
                                 : kGrades[3]},
              {"agency", grader}},
             Today());
      });
    }
    std::string theme_id = theme.id;
    Date done = Weekdayed(Plus(meeting, -rng_.Between(7, 14)));
    if (done < Plus(commissioned, 50)) done = Plus(commissioned, 50);
    On(done, [this, stream, done, theme_id]() {
      Emit(Chair("lipsg"), "audit.completed", stream,
           {{"completed_on", FormatDate(done)},
            {"findings",
             Json::array({"Assessments did not always consider " + PhraseOf(theme_id) + ".",
                          "Good multi-agency attendance at strategy discussions."})},
            {"summary", "Findings presented to the LIPSG."}},
           done);
      Learn(Chair("lipsg"), "finding", Format(Pick(kLessonTemplates), PhraseOf(theme_id)),
            "multi_agency_audit", stream, {theme_id}, "");
      Learn(Chair("lipsg"), "good_practice",
            Format(Pick(kGoodPracticeTemplates), PhraseOf(theme_id)), "multi_agency_audit", stream,
            {theme_id}, "");
    });
  }

  void SingleAgencyAudit(const std::string& agency) {
    std::string stream = Id("audit/sa");
    const Theme& theme = Pick(Themes());
    const Principal who = DemoAgencyPrincipal(agency);
    int cases = static_cast<int>(rng_.Between(4, 8));
    Emit(who, "audit.commissioned", stream,
         {{"scope", "single_agency"},
          {"title", std::string("Single-agency audit: ") + theme.phrase},
          {"theme", theme.id},
          {"sampling", "random"},
          {"planned_cases", cases},
          {"lead_agency", agency},
          {"agencies", Json::array({agency})},
          {"commissioned_on", FormatDate(Today())}},
         Today());
    for (int i = 0; i < cases; ++i) {
      std::string child = Pseudonym();
      On(Weekdayed(Plus(Today(), rng_.Between(7, 30))), [this, stream, who, agency, child]() {
        Emit(who, "audit.case_graded", stream,
             {{"case", child},
              {"grade", kGrades[rng_.Between(0, 99) < 60 ? 1 : 2]},
              {"agency", agency}},
             Today());
      });
    }
    std::string theme_id = theme.id;
    On(Weekdayed(Plus(Today(), rng_.Between(35, 60))), [this, stream, who, agency, theme_id]() {
      Emit(who, "audit.completed", stream,
           {{"completed_on", FormatDate(Today())},
            {"findings", Json::array({"Records of " + PhraseOf(theme_id) + " were incomplete."})},
            {"agency", agency}},
           Today());
      if (rng_.Chance(75)) {
        Learn(who, "finding", Format(Pick(kLessonTemplates), PhraseOf(theme_id)),
              "single_agency_audit", stream, {theme_id}, agency);
      }
    });
  }

  // Section 11 ---------------------------------------------------------------

  void Section11Return(const std::string& agency, int year, Date submitted) {
    std::string stream = "s11/" + agency + "-" + std::to_string(year);
    Json rows = Json::array();
    std::vector<std::string> self;
    for (const char* s : kStandards) {
      int r = static_cast<int>(rng_.Between(0, 99));
      std::string rating = r < 55 ? "green" : r < 90 ? "amber" : "red";
      self.push_back(rating);
      rows.push_back({{"standard", s},
                      {"rating", rating},
                      {"evidence", "Policy, audit and training records."}});
    }
    Emit(DemoAgencyPrincipal(agency), "s11.submitted", stream,
         {{"agency", agency},
          {"year", year},
          {"submitted_on", FormatDate(submitted)},
          {"standards", rows}},
         submitted);
    CivilDate c = CivilFromDate(submitted);
    Date moderated =
        Weekdayed(DateFromCivil(CivilDate{c.year, 12, static_cast<int>(rng_.Between(1, 15))}));
    if (moderated < submitted) moderated = Plus(submitted, 14);
    On(moderated, [this, stream, moderated, self]() {
      Json rows = Json::array();
      bool lowered = false;
      for (size_t i = 0; i < self.size(); ++i) {
        std::string rating = self[i];
        if (rating == "green" && rng_.Chance(15))
          rating = "amber", lowered = true;
        else if (rating == "amber" && rng_.Chance(20))
          rating = "red", lowered = true;
        rows.push_back(
            {{"standard", kStandards[i]},
             {"rating", rating},
             {"comment", rating == self[i] ? "Agreed." : "Evidence did not support the rating."}});
      }
      Emit(DemoAdmin(), "s11.moderated", stream,
           {{"moderated_on", FormatDate(moderated)}, {"standards", rows}}, moderated);
      if (lowered && rng_.Chance(40)) {
        Learn(Chair("qap"), "finding", "Section 11 evidence weaker than self-assessed", "section11",
              stream, {"information-sharing"}, "");
      }
    });
  }

  // Reports to the board -----------------------------------------------------

  void Report(const std::string& title, const std::string& kind, Date meeting,
              const std::string& entry, const std::string& subject) {
    Json d = {{"title", title},
              {"kind", kind},
              {"meeting", FormatDate(meeting)},
              {"challenge", "The board asked for evidence of impact at the next meeting."}};
    if (!entry.empty()) d["timetable_entry"] = entry;
    if (!subject.empty()) d["subject"] = subject;
    Emit(DemoAdmin(), "report.presented", Id("report/p"), d, meeting);
  }

  // The timetable slot `entry` in the month of `meeting`: presented at the
  // meeting, a month late, or missed.
  void Slot(const std::string& entry, const std::string& title, const std::string& kind,
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

  // The month's planning task -------------------------------------------------

  void Month(int year, int month, bool first) {
    const Date first_day = DateFromCivil(CivilDate{year, month, 1});
    const Date meeting = BoardMeeting(year, month);
    const int k = o_.scale;
    auto day_in_month = [&]() { return Plus(first_day, rng_.Between(0, 27)); };
    // Indicators, six weeks after the quarter.
    if (month % 3 == 2) {
      int quarter_index = (month == 2 ? year - 1 : year) * 4 + (month == 2 ? 3 : month / 3 - 1);
      Date published = Weekdayed(Plus(first_day, rng_.Between(9, 18)));
      bool correct = ++quarters_ == 2;
      On(published, [this, quarter_index, published, correct]() {
        for (size_t i = 0; i < Indicators().size(); ++i) {
          RecordIndicator(i, quarter_index, published, correct && i == 27);
        }
      });
      Date m = NextBoardMeeting(published);
      On(m, [this, m, quarter_index]() {
        Report("Performance report " + QuarterName(quarter_index / 4, quarter_index % 4 + 1), "pmf",
               m, "", "");
      });
    }
    // Case reviews, child deaths, inspections, feedback, policy requests.
    for (int i = 0; i < k; ++i) {
      if (rng_.Chance(40) || (first && i == 0)) {
        Date aware = first && i == 0 ? Weekdayed(Plus(Today(), 2)) : Weekdayed(day_in_month());
        On(aware, [this, aware]() { CaseReview(aware, false); });
      }
      if (rng_.Chance(75)) {
        Date death = day_in_month();
        On(Weekdayed(Plus(death, rng_.Between(0, 3))), [this, death]() { ChildDeath(death); });
      }
      // Inspections: one in March and one in October, and now and then another.
      if (rng_.Chance(8) || ((month == 3 || month == 10) && i == 0)) {
        On(Weekdayed(day_in_month()), [this]() { Inspection(); });
      }
      if (rng_.Chance(40)) On(Weekdayed(day_in_month()), [this]() { Feedback(); });
      if (rng_.Chance(40) || (first && i == 0)) {
        On(first && i == 0 ? Weekdayed(Plus(Today(), 7)) : Weekdayed(day_in_month()),
           [this]() { PolicyReview(); });
      }
      if ((month == 3 || month == 9) && i < 3) {
        On(Weekdayed(day_in_month()), [this]() { Voice(); });
      }
    }
    // Timetable slots of this month and deep dives and audits for later months.
    for (int ahead = first ? 0 : 2; ahead <= 2; ++ahead) {
      CivilDate c{year, month, 1};
      c.month += ahead;
      if (c.month > 12) c.month -= 12, ++c.year;
      Date later = BoardMeeting(c.year, c.month);
      for (const auto& dd : DeepDives()) {
        if (dd.month != c.month) continue;
        for (int i = 0; i < k; ++i) {
          Date commissioned = ahead == 0 ? Today() : Weekdayed(day_in_month());
          std::string e = dd.entry, t = dd.title, th = dd.theme;
          On(commissioned, [this, e, t, th, later]() { DeepDive(e, t, th, later); });
        }
      }
    }
    for (int ahead = first ? 0 : 3; ahead <= 3; ++ahead) {
      CivilDate c{year, month, 1};
      c.month += ahead;
      if (c.month > 12) c.month -= 12, ++c.year;
      if (c.month == 2 || c.month == 6 || c.month == 8) {
        Date later = BoardMeeting(c.year, c.month);
        for (int i = 0; i < k; ++i) {
          Date commissioned = ahead == 0 ? Today() : Weekdayed(day_in_month());
          On(commissioned,
             [this, commissioned, later]() { MultiAgencyAudit(commissioned, later); });
        }
        Slot("multi-agency-audit-report", "Multi-agency audit report", "audit", later, "");
      }
    }
    if (month == 1 || month == 4 || month == 6 || month == 9) {
      for (int i = 0; i < k; ++i) {
        Date received = Weekdayed(Plus(first_day, -rng_.Between(20, 50)));
        On(std::max(received, start_), [this, meeting]() { LearningReview(meeting); });
      }
    }
    if (month == 2 || month == 5 || month == 8)
      Slot("scr-update", "Case review update", "scr_update", meeting, "");
    if (month == 4 || month == 7) {
      Slot("lipsg-actions-monitor", "LIPSG actions monitor and review", "action_monitoring",
           meeting, "plan/lipsg");
    }
    if (month == 1) Slot("s11-audit-report", "Section 11 audit report", "section11", meeting, "");
    if (month == 9) {
      Slot("training-programme-deep-dive", "Multi-agency training programme report", "training",
           meeting, "");
    }
    if (month == 10) {
      On(Plus(meeting, -7), [this, year]() {
        Emit(DemoAdmin(), "assurance.submitted", "assurance/annual-" + std::to_string(year - 1),
             {{"kind", "annual"},
              {"period", std::to_string(year - 1)},
              {"improvements",
               Json::array({"Case reviews completed within the statutory timescales."})},
              {"areas_for_development", Json::array({"Evidence that learning is embedded."})},
              {"evidence_of_impact", Json::array({"Fewer repeat child protection plans."})}},
             Today());
      });
      Slot("annual-report", "Annual report", "annual", meeting,
           "assurance/annual-" + std::to_string(year - 1));
    }
    // Section 11 returns in the autumn, moderated in December.
    if (month == 10) {
      for (size_t a = 0; a < agencies_.size(); ++a) {
        if (!agencies_[a].section11 || (a == never_reports_ % agencies_.size() && rng_.Chance(70)))
          continue;
        Date submitted = Weekdayed(Plus(first_day, rng_.Between(0, 55)));
        std::string id = agencies_[a].id;
        On(submitted, [this, id, year, submitted]() { Section11Return(id, year, submitted); });
      }
    }
    // Single-agency assurance reports for the calendar year, due 31 December.
    if (month == 11) {
      for (size_t a = 0; a < agencies_.size(); ++a) {
        if (a == never_reports_) continue;
        int roll = static_cast<int>(rng_.Between(0, 99));
        if (roll < 5) continue;
        Date d = roll < 75 ? Weekdayed(Plus(first_day, rng_.Between(20, 45)))
                           : Weekdayed(Plus(first_day, rng_.Between(66, 110)));
        if (d > DateFromCivil(CivilDate{year, 12, 31}) && roll < 75)
          d = DateFromCivil(CivilDate{year, 12, 31});
        std::string id = agencies_[a].id;
        On(d, [this, id, year]() { AgencyAssurance(id, year); });
      }
    }
    // Sub-group assurance for the half year, due 30 June and 31 December.
    if (month == 6 || month == 12) {
      for (const SubgroupDef& s : Subgroups()) {
        int roll = static_cast<int>(rng_.Between(0, 99));
        if (roll < 5) continue;
        Date d = roll < 70 ? Weekdayed(Plus(first_day, rng_.Between(8, 26)))
                           : Weekdayed(Plus(first_day, rng_.Between(31, 60)));
        if (d <= start_) d = Weekdayed(Plus(start_, rng_.Between(1, 20)));  // Caught up late.
        std::string id = s.id, period = std::to_string(year) + (month == 6 ? "-H1" : "-H2");
        On(d, [this, id, period]() {
          Emit(Chair(id), "assurance.submitted", "assurance/" + id + "-" + Lower(period),
               {{"kind", "subgroup"},
                {"subgroup", id},
                {"period", period},
                {"improvements",
                 Json::array({"The sub-group met every month with good attendance."})},
                {"areas_for_development",
                 Json::array({"Actions that run past their target dates."})},
                {"evidence_of_impact",
                 Json::array({"Audit grades improved since the last period."})}},
               Today());
        });
      }
    }
    // Single-agency audits on each agency's month.
    for (size_t a = 0; a < agencies_.size(); ++a) {
      if (single_audit_month_[a] != month && (single_audit_month_[a] + 5) % 12 + 1 != month)
        continue;
      std::string id = agencies_[a].id;
      On(Weekdayed(day_in_month()), [this, id]() { SingleAgencyAudit(id); });
    }
    // The training programme year starts in April (and with the demo).
    if (month == 4 || first) {
      int programme_year = month >= 4 ? year : year - 1;
      On(first ? Today() : Weekdayed(Plus(first_day, rng_.Between(0, 10))),
         [this, programme_year]() { TrainingYear(programme_year); });
    }
  }

  static std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return s;
  }

  struct DeepDiveDef {
    int month;
    const char* entry;
    const char* title;
    const char* theme;
  };
  static const std::vector<DeepDiveDef>& DeepDives() {
    static const std::vector<DeepDiveDef> k = {
        {1, "early-help-deep-dive", "Early help deep dive", "early-help"},
        {3, "da-mh-substance-deep-dives",
         "Domestic abuse, mental health and substance misuse deep dive", "domestic-abuse"},
        {5, "cse-vemt-deep-dive", "Child sexual exploitation and missing children deep dive",
         "exploitation"},
        {7, "lac-yot-deep-dive", "Looked-after children and youth justice deep dive", "transition"},
    };
    return k;
  }

  void DeepDive(const std::string& entry, const std::string& title, const std::string& theme,
                Date meeting) {
    std::string stream = Id("thematic/t");
    std::string lead = Pick(std::vector<std::string>{"hartlepool-cs", "cleveland-police",
                                                     "tees-icb", "tewv-trust", "hartlepool-yjs"});
    Emit(DemoAdmin(), "thematic.commissioned", stream,
         {{"kind", "deep_dive"},
          {"title", title},
          {"theme", theme},
          {"commissioned_on", FormatDate(Today())},
          {"lead_agency", lead},
          {"subgroup", "qap"}},
         Today());
    Date reported = Weekdayed(Plus(meeting, -rng_.Between(5, 12)));
    if (reported <= Today()) reported = Plus(Today(), 1);
    On(reported, [this, stream, lead, theme, reported]() {
      Emit(DemoAgencyPrincipal(lead), "thematic.reported", stream,
           {{"reported_on", FormatDate(reported)},
            {"findings", Json::array({"Thresholds are applied inconsistently.",
                                      "Practitioners value the multi-agency panel."})},
            {"agency", lead}},
           reported);
      Learn(DemoAgencyPrincipal(lead), "finding", Format(Pick(kLessonTemplates), PhraseOf(theme)),
            "thematic_review", stream, {theme}, lead);
    });
    Slot(entry, title, "deep_dive", meeting, stream);
  }

  void LearningReview(Date meeting) {
    std::string stream = Id("learning-review/n");
    bool national = rng_.Chance(70);
    const Theme& theme = Pick(Themes());
    std::string theme_id = theme.id;
    Emit(Chair("lipsg"), "learning_review.received", stream,
         {{"scope", national ? "national" : "local"},
          {"title",
           std::string(national ? "National review: " : "Local learning review: ") + theme.phrase},
          {"publisher", national ? "Child Safeguarding Practice Review Panel"
                                 : "Tees safeguarding partnerships"},
          {"published_on", FormatDate(Plus(Today(), -rng_.Between(5, 40)))}},
         Today());
    std::string presenter = RandomAgency().id;
    Emit(Chair("lipsg"), "learning_review.assigned", stream,
         {{"presenter_agency", presenter},
          {"meeting_date", FormatDate(meeting)},
          {"meeting", "Board meeting"}},
         Today());
    if (rng_.Chance(12)) return;  // Not presented: the rota shows it overdue.
    On(meeting, [this, stream, presenter, meeting, theme_id]() {
      Emit(DemoAgencyPrincipal(presenter), "learning_review.presented", stream,
           {{"presented_on", FormatDate(meeting)},
            {"presenter_agency", presenter},
            {"lessons", Json::array({Format(Pick(kLessonTemplates), PhraseOf(theme_id))})}},
           meeting);
      Learn(DemoAgencyPrincipal(presenter), "lesson",
            Format(Pick(kLessonTemplates), PhraseOf(theme_id)), "learning_review", stream,
            {theme_id}, presenter);
    });
    Slot("national-local-learning-review", "Learning from national and local reviews",
         "learning_review", meeting, stream);
  }

  void Inspection() {
    struct Kind {
      const char* inspectorate;
      const char* agency;
      const char* title;
    };
    static const Kind kinds[] = {
        {"ofsted", "hartlepool-cs", "Inspection of local authority children's services"},
        {"cqc", "nth-trust", "Hospital services inspection"},
        {"hmicfrs", "cleveland-police", "Child protection inspection"},
        {"hmip", "hartlepool-yjs", "Inspection of youth justice services"},
        {"jtai", "", "Joint targeted area inspection"},
    };
    const Kind& k = Pick(kinds);
    int g = static_cast<int>(rng_.Between(0, 99));
    const char* judgement = g < 10   ? "outstanding"
                            : g < 60 ? "good"
                            : g < 90 ? "requires_improvement"
                                     : "inadequate";
    if (std::string(k.inspectorate) == "jtai") judgement = "not_judged";
    std::string stream = Id("inspection/i");
    Json d = {{"inspectorate", k.inspectorate},
              {"title", k.title},
              {"published_on", FormatDate(Today())},
              {"judgement", judgement}};
    if (k.agency[0] != '\0') d["agency"] = k.agency;
    Emit(DemoAdmin(), "inspection.reported", stream, d, Today());
    const Theme& theme = Pick(Themes());
    Learn(DemoAdmin(), "finding", Format(Pick(kLessonTemplates), theme.phrase), "inspection",
          stream, {theme.id}, "");
  }

  void Feedback() {
    const AgencyDef& a = RandomAgency();
    int s = static_cast<int>(rng_.Between(0, 99));
    Emit(DemoAgencyPrincipal(a.id), "feedback.recorded", Id("feedback/f"),
         {{"agency", a.id},
          {"received_on", FormatDate(Today())},
          {"method",
           Pick(std::vector<std::string>{"survey", "complaint", "compliment", "focus_group"})},
          {"about", Pick(std::vector<std::string>{"service", "training", "process"})},
          {"respondents", rng_.Between(1, 60)},
          {"sentiment", s < 45   ? "positive"
                        : s < 80 ? "mixed"
                                 : "negative"},
          {"summary", "Families said they wanted one worker who knew their story."}},
         Today());
  }

  void Voice() {
    const Theme& theme = Pick(Themes());
    std::string stream = Id("voice/v");
    Emit(DemoAgencyPrincipal("hartlepool-cs"), "voice.recorded", stream,
         {{"method",
           Pick(std::vector<std::string>{"survey", "participation_group", "consultation"})},
          {"title", std::string("What young people told us about ") + theme.phrase},
          {"collected_on", FormatDate(Today())},
          {"participants", rng_.Between(12, 400)},
          {"summary", "Young people want to be listened to and to see the same worker."},
          {"themes", Json::array({theme.id})},
          {"agency", "hartlepool-cs"}},
         Today());
    Learn(DemoAgencyPrincipal("hartlepool-cs"), "lesson",
          Format("Hear and record the child's experience of %s", theme.phrase), "voice_of_child",
          stream,
          std::string(theme.id) == "voice-of-child"
              ? std::vector<std::string>{theme.id}
              : std::vector<std::string>{theme.id, "voice-of-child"},
          "hartlepool-cs");
  }

  void PolicyReview() {
    const AgencyDef& a = RandomAgency();
    std::string stream = Id("policy/p");
    Json trigger = {{"kind", "national_guidance"}, {"note", "Updated statutory guidance."}};
    if (!recent_learning_.empty() && rng_.Chance(60)) {
      trigger = {{"kind", "learning"}, {"stream", recent_learning_.back()}};
    }
    const Theme& theme = Pick(Themes());
    Emit(DemoAgencyPrincipal(a.id), "policy.review_requested", stream,
         {{"title", std::string("Procedure: ") + theme.phrase},
          {"owner", rng_.Chance(70) ? "tees_procedures_group" : "board"},
          {"requested_by", a.id},
          {"trigger", trigger}},
         Today());
    if (!rng_.Chance(75)) return;
    On(Weekdayed(Plus(Today(), rng_.Between(30, 100))), [this, stream]() {
      Emit(Chair("policy"), "policy.revised", stream,
           {{"version", "v" + std::to_string(rng_.Between(2, 9)) + ".0"},
            {"summary", "Revised after consultation with the partners."},
            {"effective", FormatDate(Plus(Today(), 14))}},
           Today());
    });
  }

  void AgencyAssurance(const std::string& agency, int year) {
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

  // Training -----------------------------------------------------------------

  void TrainingYear(int year) {
    std::string period = std::to_string(year) + "-" + Pad((year + 1) % 100, 2);
    std::string tna = "tna/" + period;
    const Principal chair = Chair("wdt");
    Json needs = Json::array();
    std::vector<std::string> need_ids;
    for (size_t i = 0; i < 6; ++i) {
      const Theme& t = Themes()[(i * 2 + static_cast<size_t>(year)) % Themes().size()];
      std::string id = t.id;
      Json need = {{"id", id},
                   {"need", std::string("Practice in ") + t.phrase},
                   {"audience", "Frontline practitioners"}};
      if (i < recent_learning_.size()) need["learning"] = Json::array({recent_learning_[i]});
      needs.push_back(need);
      need_ids.push_back(id);
    }
    Emit(chair, "training.needs_analysed", tna, {{"period", period}, {"needs", needs}}, Today());
    int courses = 6 * o_.scale;
    for (int c = 0; c < courses; ++c) {
      std::string stream = Id("course/c");
      std::string need =
          need_ids[static_cast<size_t>(c) % (need_ids.size() - 1)];  // One need stays unmet.
      Emit(chair, "course.planned", stream,
           {{"title", "Multi-agency training: " + PhraseOf(need)},
            {"needs_analysis", tna},
            {"meets_needs", Json::array({need})},
            {"capacity", 30}},
           Today());
      for (Date d = Weekdayed(Plus(Today(), rng_.Between(14, 40))); d < Plus(Today(), 340);
           d = Weekdayed(Plus(d, rng_.Between(28, 56)))) {
        On(d, [this, stream, d]() { Delivery(stream, d); });
      }
    }
  }

  void Delivery(const std::string& stream, Date d) {
    const Principal chair = Chair("wdt");
    Json attendees = Json::array();
    int total = 0;
    for (const std::string& a : DistinctAgencies(static_cast<int>(rng_.Between(3, 7)))) {
      int n = static_cast<int>(rng_.Between(1, 6));
      total += n;
      attendees.push_back({{"agency", a}, {"count", n}});
    }
    Emit(chair, "course.delivered", stream, {{"date", FormatDate(d)}, {"attendees", attendees}}, d);
    Json scores = Json::array();
    int respondents = std::min(total, 12);
    for (int i = 0; i < respondents; ++i) {
      int before = static_cast<int>(rng_.Between(2, 7));
      int after = static_cast<int>(std::min<int64_t>(10, before + rng_.Between(-1, 4)));
      scores.push_back(
          {{"delegate", "d" + Pad(i + 1, 2)}, {"before", before}, {"after", std::max(0, after)}});
    }
    On(Plus(d, rng_.Between(0, 3)), [this, stream, d, scores]() {
      Emit(Chair("wdt"), "course.evaluated", stream,
           {{"date", FormatDate(d)},
            {"basis", "per_delegate"},
            {"scale_max", 10},
            {"scores", scores}},
           d);
    });
  }

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

}  // namespace

Status GenerateDemo(const DemoOptions& options,
                    const std::function<Status(const DemoStep&)>& emit) {
  LIF_RETURN_IF_ERROR(CheckDemoOptions(options));
  Board board(options, emit);
  return board.Run();
}

}  // namespace lif
