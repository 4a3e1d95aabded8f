// The dashboard view (docs/views-domain23.md#dashboard): what a board meeting
// opens with, judged at ctx.today:
//  - overdue actions (see the actions view), oldest due date first (ties by
//    stream id), at most kListedActions of them;
//  - actions whose latest RAG is red and that are not complete, earliest
//    current due date first (ties by stream id), at most kListedActions;
//  - exceptions from the PMF indicators (the indicators view's rules);
//  - case reviews with a statutory clock overdue or near its deadline (the
//    reviews view's rules);
//  - reports due this month: the reporting timetable's slots for the month of
//    ctx.today, and the assurance reports due this month, then those overdue
//    from earlier months, oldest due date first, at most kListedReports;
//  - the share of learning items whose loop is closed (the loop view).
// The summary counts every overdue and red action and every overdue assurance
// report; overdue_actions_shown, red_actions_shown and overdue_reports_shown
// say how many of them the lists hold (fewer than the counts when a list is
// cut). No filters.
//
// Cost: the dashboard is rendered after every change of the log, so it reads
// only what it shows: the open actions (ActionTracker::open_actions, counted
// in one pass; only the listed ones are sorted and written), each indicator's
// latest values, the case reviews with a running clock, and the count of
// closed loops the state keeps (BoardState::closed_loops); it never renders
// the indicators or reviews views whole. It is written as JSON text
// directly (RenderViewText); the Json form parses that text.
#include <algorithm>
#include <cassert>
#include <functional>
#include <tuple>

#include "core/json_writer.h"
#include "core/views/domain23_view_util.h"
#include "core/views/review_clocks.h"
#include "core/views/view_registry.h"

namespace lif {
namespace {

// The overdue and red action lists show at most this many rows each. A board
// meeting reads the totals (in the summary) and the first rows; the actions
// view lists every one (overdue=true, or rag=red and status=in_progress).
// Listing them all made the dashboard grow with the log: thousands of rows on
// a large board, which no one reads at a meeting (docs/performance.md).
constexpr size_t kListedActions = 25;
// The overdue assurance reports due before this month are listed likewise: at
// most this many, oldest first (the assurance view, ?status=overdue, lists all).
constexpr size_t kListedReports = 25;

// An open action: its stream and what ActionTracker keeps of it.
using OpenEntry = std::pair<const std::string, OpenAction>;

// Keeps the first `limit` of `rows` in the order `less` gives (a total
// order, so the result does not depend on the input's), sorting only those:
// a partial sort over the pointers, not a full one.
template <typename Row, typename Less>
void KeepFirst(std::vector<const Row*>* rows, size_t limit, Less less) {
  const size_t n = std::min(limit, rows->size());
  std::partial_sort(rows->begin(), rows->begin() + static_cast<std::ptrdiff_t>(n), rows->end(),
                    less);
  rows->resize(n);
}

// Open actions by current due date, then stream id.
void KeepFirstByDue(std::vector<const OpenEntry*>* actions, size_t limit) {
  KeepFirst(actions, limit, [](const OpenEntry* x, const OpenEntry* y) {
    return std::tie(x->second.due, x->first) < std::tie(y->second.due, y->first);
  });
}

// The records of `listed` (open actions, so each has one).
std::vector<const ActionRecord*> RecordsOf(const BoardState& state,
                                           const std::vector<const OpenEntry*>& listed) {
  std::vector<const ActionRecord*> out;
  for (const OpenEntry* e : listed) {
    auto it = state.actions().actions().find(e->first);
    assert(it != state.actions().actions().end() && "an open action has a record");
    if (it != state.actions().actions().end()) out.push_back(&it->second);
  }
  return out;
}

// A small writer of JSON text whose callers write each object's keys in
// sorted order (as nlohmann's std::map objects are dumped).
class Text {
 public:
  explicit Text(std::string* out) : out_(out) {}
  Text& Open() {
    *out_ += '{';
    first_ = true;
    return *this;
  }
  Text& Close() {
    *out_ += '}';
    first_ = false;
    return *this;
  }
  Text& Key(std::string_view key) {
    if (!first_) *out_ += ',';
    first_ = false;
    AppendJsonString(out_, key, InvalidUtf8::kReplace);
    *out_ += ':';
    return *this;
  }
  Text& Str(std::string_view key, std::string_view value) {
    Key(key);
    AppendJsonString(out_, value, InvalidUtf8::kReplace);
    return *this;
  }
  Text& StrOrNull(std::string_view key, std::string_view value) {
    Key(key);
    if (value.empty()) {
      *out_ += "null";
    } else {
      AppendJsonString(out_, value, InvalidUtf8::kReplace);
    }
    return *this;
  }
  Text& Int(std::string_view key, int64_t value) {
    Key(key);
    *out_ += std::to_string(value);
    return *this;
  }
  Text& Bool(std::string_view key, bool value) {
    Key(key);
    *out_ += value ? "true" : "false";
    return *this;
  }
  Text& Raw(std::string_view key, const std::string& json) {
    Key(key);
    *out_ += json;
    return *this;
  }

 private:
  std::string* out_;
  bool first_ = true;
};

// "[" + items joined by "," + "]".
std::string Array(const std::vector<std::string>& items) {
  size_t size = 2;
  for (const std::string& i : items) size += i.size() + 1;
  std::string out;
  out.reserve(size);
  out += '[';
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += items[i];
  }
  out += ']';
  return out;
}

}  // namespace

Result<JsonMembers> RenderDashboardMembers(const BoardState& state, const ViewContext& ctx) {
  const std::string today = FormatDate(ctx.today);

  // Actions: only those not complete can be overdue, red or stale. Every
  // one is counted; only the first kListedActions of each list are written.
  // Counted from what ActionTracker keeps of each open action (the same
  // rules as the actions view: ActionOverdue, ActionProgressStale); only the
  // listed ones are looked up.
  std::vector<const OpenEntry*> overdue_open;
  std::vector<const OpenEntry*> red_open;
  int64_t stale = 0;
  for (const OpenEntry& entry : state.actions().open_actions()) {
    const OpenAction& a = entry.second;
    if (DuePassed(a.due, today)) overdue_open.push_back(&entry);
    if (a.red) red_open.push_back(&entry);
    if (ProgressStaleOn(a.stale_after, ctx.today)) ++stale;
  }
  const auto overdue_count = static_cast<int64_t>(overdue_open.size());
  const auto red_count = static_cast<int64_t>(red_open.size());
  KeepFirstByDue(&overdue_open, kListedActions);
  KeepFirstByDue(&red_open, kListedActions);
  const std::vector<const ActionRecord*> overdue = RecordsOf(state, overdue_open);
  const std::vector<const ActionRecord*> red = RecordsOf(state, red_open);
  std::string overdue_json = "[";
  for (const ActionRecord* a : overdue) {
    if (overdue_json.size() > 1) overdue_json += ',';
    Result<Date> due = ParseDate(a->due);
    Text(&overdue_json)
        .Open()
        .Int("days_overdue", due.ok() ? ctx.today.days - due->days : 0)
        .Str("due", a->due)
        .Str("original_due", a->original_due)
        .Str("owner_agency", a->owner_agency)
        .StrOrNull("rag", a->progress.empty() ? std::string_view() : a->progress.back().rag)
        .Str("stream", a->stream)
        .Str("title", a->title)
        .Close();
  }
  overdue_json += ']';
  std::string red_json = "[";
  for (const ActionRecord* a : red) {
    if (red_json.size() > 1) red_json += ',';
    Text(&red_json)
        .Open()
        .Str("due", a->due)
        .Str("last_progress_on", a->progress.back().on)
        .Str("note", a->progress.back().note)
        .Str("owner_agency", a->owner_agency)
        .Str("stream", a->stream)
        .Str("title", a->title)
        .Close();
  }
  red_json += ']';

  // Indicator exceptions, by the indicators view's rules.
  std::string own, national;
  for (const auto& [code, a] : state.reference().areas()) {
    if (a.kind == "own" && own.empty()) own = code;
    if (a.kind == "national_average" && national.empty()) national = code;
  }
  static const IndicatorSeries::Periods kNone;
  const auto& all_series = state.indicator_series().series();
  std::vector<std::string> exceptions;
  for (const auto& [id, def] : state.reference().indicators()) {
    auto found = all_series.find(id);
    const IndicatorSeries::Periods& periods = found == all_series.end() ? kNone : found->second;
    for (const char* flag : IndicatorExceptionFlags(def, periods, own, national)) {
      std::string row;
      Text(&row)
          .Open()
          .Str("exception", flag)
          .Str("indicator_id", id)
          .Str("title", def.title)
          .Close();
      exceptions.push_back(std::move(row));
    }
  }

  // Case reviews with a clock overdue or near its deadline: only a running
  // clock can be either.
  const WorkingDaysCalendar& calendar = state.calendar().calendar();
  std::vector<std::string> near_reviews;
  for (const auto& [stream, r] : state.case_reviews().reviews()) {
    if (!HasRunningClock(r)) continue;
    const Json clocks = ReviewClocks(r, calendar, ctx.today);
    const auto [any_overdue, any_near] = SummariseClocks(clocks);
    if (!any_overdue && !any_near) continue;
    std::string row;
    Text(&row)
        .Open()
        .Raw("clocks", DumpViewJson(clocks))
        .Bool("near_deadline", any_near)
        .Bool("overdue", any_overdue)
        .Str("stage", CaseReviewStage(r))
        .Str("stream", r.stream)
        .Str("title", r.title)
        .Close();
    near_reviews.push_back(std::move(row));
  }

  // Reports due this month.
  const CivilDate t = CivilFromDate(ctx.today);
  const Date month_start = DateFromCivil({t.year, t.month, 1});
  const std::string first = FormatDate(month_start);
  const std::string last = FormatDate(Date{AddMonths(month_start, 1).days - 1});
  std::vector<std::string> slots;
  for (const TimetableSlot& s : TimetableSlots(state, month_start, ctx.today)) {
    std::vector<std::string> reports;
    for (const std::string& r : s.reports) {
      reports.emplace_back();
      AppendJsonString(&reports.back(), r, InvalidUtf8::kReplace);
    }
    std::string row;
    Text(&row)
        .Open()
        .Str("entry", s.entry->id)
        .Raw("reports", Array(reports))
        .Str("status", s.status)
        .Str("title", s.entry->title)
        .Close();
    slots.push_back(std::move(row));
  }
  // The assurance reports due this month (whatever their status), then the
  // overdue ones due before it, oldest due date first, at most kListedReports.
  // Only the obligations listed are kept (copied); the others are counted.
  std::vector<AssuranceObligation> this_month;
  std::vector<AssuranceObligation> overdue_before;
  int64_t overdue_reports = 0;
  int64_t overdue_reports_shown = 0;
  ForEachAssuranceObligation(state, ctx.today, ObligationDetail::kStatus,
                             [&](const AssuranceObligation& o) {
                               const bool overdue = o.status == "overdue";
                               overdue_reports += overdue ? 1 : 0;
                               if (o.due >= first && o.due <= last) {
                                 this_month.push_back(o);
                                 overdue_reports_shown += overdue ? 1 : 0;
                               } else if (overdue) {
                                 overdue_before.push_back(o);
                               }
                             });
  std::vector<const AssuranceObligation*> listed_reports;
  for (const AssuranceObligation& o : this_month) listed_reports.push_back(&o);
  std::vector<const AssuranceObligation*> earlier_overdue;
  for (const AssuranceObligation& o : overdue_before) earlier_overdue.push_back(&o);
  // By due date; a tie in the obligations' order (agencies then sub-groups,
  // by id), which is their place in `overdue_before`.
  KeepFirst(&earlier_overdue, kListedReports,
            [](const AssuranceObligation* x, const AssuranceObligation* y) {
              return x->due < y->due || (x->due == y->due && std::less<>()(x, y));
            });
  overdue_reports_shown += static_cast<int64_t>(earlier_overdue.size());
  listed_reports.insert(listed_reports.end(), earlier_overdue.begin(), earlier_overdue.end());
  std::vector<std::string> assurance;
  for (const AssuranceObligation* listed : listed_reports) {
    const AssuranceObligation& o = *listed;
    std::string row;
    Text(&row)
        .Open()
        .Str("due", o.due)
        .Str("owner", o.owner)
        .Str("owner_kind", o.owner_kind)
        .Str("period", o.period)
        .Str("status", o.status)
        .Close();
    assurance.push_back(std::move(row));
  }
  std::string reports_due;
  Text(&reports_due)
      .Open()
      .Raw("assurance", Array(assurance))
      .Str("month", first.substr(0, 7))
      .Raw("timetable", Array(slots))
      .Close();

  // The loop: closed when every linked action is signed off (at least one)
  // and an agency has assured the board it is embedded (learning_loop.h).
  // The state keeps the closed ones as events arrive: looking up each
  // signed-off item here (4,073 on the 1M store) took a fifth of a render.
  const auto& items = state.learning().items();
  const auto closed = static_cast<int64_t>(state.closed_loops().size());

  std::string summary;
  Text(&summary)
      .Open()
      .Int("indicator_exceptions", static_cast<int64_t>(exceptions.size()))
      .Int("learning_items", static_cast<int64_t>(items.size()))
      .Int("loops_closed", closed)
      .Int("overdue_actions", overdue_count)
      .Int("overdue_actions_shown", static_cast<int64_t>(overdue.size()))
      .Int("overdue_reports", overdue_reports)
      .Int("overdue_reports_shown", overdue_reports_shown)
      .Int("red_actions", red_count)
      .Int("red_actions_shown", static_cast<int64_t>(red.size()))
      .Int("reviews_near_deadline", static_cast<int64_t>(near_reviews.size()))
      .Int("stale_actions", stale)
      .Close();

  JsonMembers members;
  members.emplace_back("summary", std::move(summary));
  members.emplace_back("overdue_actions", std::move(overdue_json));
  members.emplace_back("red_actions", std::move(red_json));
  members.emplace_back("indicator_exceptions", Array(exceptions));
  members.emplace_back("reviews_near_deadline", Array(near_reviews));
  members.emplace_back("reports_due_this_month", std::move(reports_due));
  return members;
}

Result<Json> RenderDashboardView(const BoardState& state, const ViewContext& ctx) {
  Result<JsonMembers> members = RenderDashboardMembers(state, ctx);
  if (!members.ok()) return members.status();
  Json out = Json::object();
  for (const auto& [key, text] : *members) out[key] = Json::parse(text);
  return out;
}

}  // namespace lif
