// The simulation: scheduling, emitting and picking (board.h).
#include "core/demo/board.h"

#include <algorithm>
#include <cstdio>

namespace lif::demo {

namespace {
constexpr int64_t kHourMs = 3600 * 1000;
}  // namespace

Board::Board(const DemoOptions& o, const std::function<Status(const DemoStep&)>& emit)
    : o_(o), emit_(emit), rng_(o.seed), calendar_(WorkingDaysCalendar::EnglandAndWales()) {
  end_ = o.end;
  CivilDate e = CivilFromDate(end_);
  start_ = DateFromCivil(CivilDate{e.year - o.years, e.month, std::min(e.day, 28)});
  end_ms_ = StartOf(end_).millis;
  now_ms_ = StartOf(start_).millis + 8 * kHourMs;
}

Status Board::Run() {
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

void Board::Schedule(int64_t at, std::function<void()> fn) {
  if (at < now_ms_) at = now_ms_;
  if (at >= end_ms_) return;
  heap_.push_back(Task{at, seq_++, std::move(fn)});
  std::push_heap(heap_.begin(), heap_.end(), Later);
}

void Board::On(Date day, std::function<void()> fn) {
  if (day < start_) return;
  int64_t at = StartOf(day).millis + rng_.Between(8 * 60 + 30, 17 * 60 + 30) * 60000 +
               rng_.Between(0, 59999);
  Schedule(at, std::move(fn));
}

int64_t Board::Emit(const Principal& who, const std::string& type, const std::string& stream,
                    Json data, Date occurred) {
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

std::string Board::Pseudonym() {
  char buf[40];
  std::snprintf(buf, sizeof buf, "pn_%016llx%016llx", static_cast<unsigned long long>(rng_.Next()),
                static_cast<unsigned long long>(rng_.Next()));
  return buf;
}

std::vector<std::string> Board::DistinctAgencies(int n) {
  std::vector<std::string> out;
  for (int tries = 0; static_cast<int>(out.size()) < n && tries < n * 10; ++tries) {
    const std::string& a = RandomAgency().id;
    if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Principal Board::Chair(const std::string& subgroup) {
  for (const SubgroupDef& s : Subgroups()) {
    if (subgroup == s.id) {
      return Principal{std::string("demo-chair-") + s.id, Role::kSubgroupChair,
                       std::string(s.chair_agency), std::string(s.id)};
    }
  }
  return DemoAdmin();
}

}  // namespace lif::demo
