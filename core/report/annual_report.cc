// The annual report's figures (annual_report.h, docs/annual-report.md). Each
// section reads one view rendered on the report's date and counts what the
// year did (dates inside the year) or where the board stood at its end
// ("at <date>"), keeping the streams each figure counted.
#include "core/report/annual_report.h"

#include <map>
#include <set>
#include <utility>
#include <vector>

#include "core/views/views.h"

namespace lif {
namespace {

// One figure under construction: its value and the streams it counted.
struct Figure {
  Figure(std::string id_, std::string label_, std::string unit_, std::string view_)
      : id(std::move(id_)),
        label(std::move(label_)),
        unit(std::move(unit_)),
        view(std::move(view_)) {}

  std::string id;
  std::string label;
  std::string unit;  // "" (a count), "%" ...
  std::string view;
  Json filters = Json::object();
  int64_t value = 0;
  bool percent_of = false;  // value is a percentage of `of` (computed at the end).
  int64_t of = 0;
  std::set<std::string> sources;

  void Count(const std::string& stream) {
    ++value;
    if (!stream.empty()) sources.insert(stream);
  }
};

Json FigureJson(const Figure& f) {
  Json sources = Json::array();
  for (const std::string& s : f.sources) sources.push_back(s);
  Json value = f.value;
  if (f.percent_of) value = f.of == 0 ? Json(nullptr) : Json((f.value * 200 + f.of) / (2 * f.of));
  return {{"id", f.id},     {"label", f.label},     {"value", value},    {"unit", f.unit},
          {"view", f.view}, {"filters", f.filters}, {"sources", sources}};
}

std::string Str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

class Builder {
 public:
  Builder(const BoardState& state, const ReportingYear& year, Date as_of)
      : state_(state),
        from_(FormatDate(year.from)),
        to_(FormatDate(year.to)),
        as_of_(FormatDate(as_of)) {
    ctx_.today = as_of;
  }

  // The view `name` on the report's date, rendered once for every section
  // that reads it (audits and Section 11 share one).
  Result<Json> View(const std::string& name) {
    auto it = rendered_.find(name);
    if (it != rendered_.end()) return it->second;
    Result<Json> v = RenderView(name, state_, ctx_);
    if (!v.ok()) return Status::Internal("the " + name + " view failed: " + v.status().ToString());
    return rendered_.emplace(name, std::move(*v)).first->second;
  }

  bool InYear(const std::string& date) const {
    return date.size() >= 10 && date.substr(0, 10) >= from_ && date.substr(0, 10) <= to_;
  }
  const std::string& as_of() const { return as_of_; }

  Result<Json> Priorities();
  Result<Json> Indicators();
  Result<Json> Reviews();
  Result<Json> Audits();
  Result<Json> Section11();
  Result<Json> Training();
  Result<Json> LearningLoop();
  Result<Json> Assurance();

 private:
  Json Section(const char* id, const char* title, const char* summary,
               const std::vector<Figure>& figures, Json table = nullptr) const {
    Json fs = Json::array();
    for (const Figure& f : figures) fs.push_back(FigureJson(f));
    Json s = {{"id", id}, {"title", title}, {"summary", summary}, {"figures", fs}};
    s["table"] = table.is_null() ? Json(nullptr) : std::move(table);
    return s;
  }

  const BoardState& state_;
  std::string from_, to_, as_of_;
  ViewContext ctx_;
  std::map<std::string, Json> rendered_;
};

Result<Json> Builder::Priorities() {
  Result<Json> v = View("actions");
  if (!v.ok()) return v.status();
  Figure total{"actions", "Actions on the board's plans at " + as_of_, "", "actions"};
  Figure completed{"actions_completed_in_year", "Actions completed in the year", "", "actions"};
  Figure late{"actions_completed_late", "of which completed after their due date", "", "actions"};
  Figure overdue{"actions_overdue", "Actions overdue at " + as_of_, "", "actions"};
  overdue.filters = {{"overdue", "true"}};
  // Per priority: its actions, how many are done, how many are overdue.
  struct Row {
    std::string title;
    int64_t actions = 0, done = 0, overdue = 0;
  };
  std::map<std::string, Row> rows;
  for (const Json& p : (*v)["priorities"]) rows[Str(p, "stream")].title = Str(p, "title");
  for (const Json& a : (*v)["actions"]) {
    const std::string stream = Str(a, "stream"), status = Str(a, "status");
    const bool done = status == "completed" || status == "signed_off";
    total.Count(stream);
    if (done && InYear(Str(a, "completed_on"))) {
      completed.Count(stream);
      if (a.value("completed_late", false)) late.Count(stream);
    }
    if (a.value("overdue", false)) overdue.Count(stream);
    const std::string priority = Str(a, "priority");
    if (priority.empty()) continue;
    Row& r = rows[priority];
    ++r.actions;
    r.done += done;
    r.overdue += a.value("overdue", false);
  }
  Json table_rows = Json::array();
  for (const auto& [stream, r] : rows) {
    table_rows.push_back(
        {{"stream", stream},
         {"priority", r.title.empty() ? stream : r.title},
         {"actions", r.actions},
         {"done", r.done},
         {"percent_done",
          r.actions == 0 ? Json(nullptr) : Json((r.done * 200 + r.actions) / (2 * r.actions))},
         {"overdue", r.overdue}});
  }
  Json table = {{"columns", Json::array({{{"key", "priority"}, {"label", "Priority"}},
                                         {{"key", "actions"}, {"label", "Actions"}},
                                         {{"key", "done"}, {"label", "Completed"}},
                                         {{"key", "percent_done"}, {"label", "Completed (%)"}},
                                         {{"key", "overdue"}, {"label", "Overdue"}}})},
                {"rows", table_rows}};
  return Section("priorities", "Priorities and progress",
                 "The business plan's priorities and the progress of the actions that deliver "
                 "them.",
                 {total, completed, late, overdue}, table);
}

Result<Json> Builder::Indicators() {
  Result<Json> v = View("indicators");
  if (!v.ok()) return v.status();
  Figure total{"indicators", "Indicators in the performance framework", "", "indicators"};
  Figure exceptions{"indicators_with_exceptions", "Indicators with an exception at " + as_of_, "",
                    "indicators"};
  Json rows = Json::array();
  for (const Json& ind : (*v)["indicators"]) {
    const std::string stream = "indicator/" + Str(ind, "indicator_id");
    total.Count(stream);
    if (ind["exceptions"].empty()) continue;
    exceptions.Count(stream);
    rows.push_back({{"stream", stream},
                    {"indicator", Str(ind, "title")},
                    {"unit", Str(ind, "unit")},
                    {"exceptions", ind["exceptions"]}});
  }
  Json table = {{"columns", Json::array({{{"key", "indicator"}, {"label", "Indicator"}},
                                         {{"key", "unit"}, {"label", "Unit"}},
                                         {{"key", "exceptions"}, {"label", "Exceptions"}}})},
                {"rows", rows}};
  return Section("indicators", "Indicators and exceptions",
                 "The performance management framework's indicators, one row per indicator that "
                 "breaches its threshold, is worse than England or has worsened two quarters "
                 "running.",
                 {total, exceptions}, table);
}

Result<Json> Builder::Reviews() {
  Result<Json> v = View("reviews");
  if (!v.ok()) return v.status();
  Figure aware{"case_reviews_in_year", "Serious incidents the board became aware of in the year",
               "", "reviews"};
  Figure held{"reviews_decided_to_hold", "of which the board decided to review", "", "reviews"};
  Figure published{"reviews_published", "Reviews published in the year", "", "reviews"};
  Figure met{"clocks_met", "Statutory deadlines met in the year", "", "reviews"};
  Figure missed{"clocks_missed", "Statutory deadlines missed in the year", "", "reviews"};
  Figure overdue{"clocks_overdue", "Statutory deadlines overdue at " + as_of_, "", "reviews"};
  for (const Json& r : (*v)["case_reviews"]["items"]) {
    const std::string stream = Str(r, "stream");
    if (InYear(Str(r, "aware_on"))) {
      aware.Count(stream);
      if (Str(r, "decision") == "hold") held.Count(stream);
    }
    if (Str(r, "stage") == "published") {
      const Json& clock = r["clocks"]["publication"];
      if (clock.is_object() && InYear(Str(clock, "done_on"))) published.Count(stream);
    }
    for (const auto& [name, clock] : r["clocks"].items()) {
      if (!clock.is_object()) continue;
      const std::string state = Str(clock, "state");
      if (state == "overdue") overdue.Count(stream);
      if (!InYear(Str(clock, "due"))) continue;
      if (state == "met") met.Count(stream);
      if (state == "late") missed.Count(stream);
    }
  }
  Figure deaths{"child_deaths_reviewed", "Child deaths reviewed by the panel in the year", "",
                "reviews"};
  Figure modifiable{"child_deaths_modifiable", "of which with modifiable factors", "", "reviews"};
  for (const Json& d : (*v)["child_death_reviews"]["items"]) {
    if (!InYear(Str(d, "reviewed_on"))) continue;
    deaths.Count(Str(d, "stream"));
    if (Str(d, "modifiable_factors") == "yes") modifiable.Count(Str(d, "stream"));
  }
  return Section("reviews", "Case reviews, child deaths and their clocks",
                 "Serious incidents notified, the decisions on local reviews, and the statutory "
                 "deadlines: notification in 5 working days, rapid review in 15, publication in "
                 "6 months.",
                 {aware, held, published, met, missed, overdue, deaths, modifiable});
}

Result<Json> Builder::Audits() {
  Result<Json> v = View("audits");
  if (!v.ok()) return v.status();
  Figure multi{"multi_agency_audits", "Multi-agency audits completed in the year", "", "audits"};
  Figure cases{"cases_audited", "Cases graded in them", "", "audits"};
  Figure good{"cases_good_or_better", "of which good or outstanding", "", "audits"};
  Figure single{"single_agency_audits", "Single-agency audits completed in the year", "", "audits"};
  for (const Json& a : (*v)["multi_agency"]["audits"]) {
    if (!InYear(Str(a, "completed_on"))) continue;
    multi.Count(Str(a, "stream"));
    for (int64_t i = 0; i < a.value("cases_graded", int64_t{0}); ++i) cases.Count(Str(a, "stream"));
    for (int64_t i = 0; i < a.value("good_or_better", int64_t{0}); ++i) {
      good.Count(Str(a, "stream"));
    }
  }
  for (const Json& a : (*v)["single_agency"]["audits"]) {
    if (InYear(Str(a, "completed_on"))) single.Count(Str(a, "stream"));
  }
  return Section("audits", "Audits",
                 "Multi-agency case audits and the agencies' own audits that reported in the "
                 "year, with the grades the audited cases were given.",
                 {multi, cases, good, single});
}

Result<Json> Builder::Section11() {
  Result<Json> v = View("audits");
  if (!v.ok()) return v.status();
  Figure returns{"section11_returns", "Section 11 returns submitted in the year", "", "audits"};
  Figure moderated{"section11_moderated", "of which moderated", "", "audits"};
  Figure lowered{"section11_lowered", "Returns whose moderation lowered a self-assessment", "",
                 "audits"};
  for (const Json& r : (*v)["section11"]["returns"]) {
    if (!InYear(Str(r, "submitted_on"))) continue;
    const std::string stream = Str(r, "stream");
    returns.Count(stream);
    if (!Str(r, "moderated_on").empty()) moderated.Count(stream);
    if (r.value("lowered", int64_t{0}) > 0) lowered.Count(stream);
  }
  return Section("section11", "Section 11",
                 "The agencies' Section 11 self-assessments of their safeguarding arrangements and "
                 "their moderation by the board.",
                 {returns, moderated, lowered});
}

Result<Json> Builder::Training() {
  Result<Json> v = View("training");
  if (!v.ok()) return v.status();
  Figure deliveries{"training_deliveries", "Training sessions delivered in the year", "",
                    "training"};
  Figure attendees{"training_attendees", "Places taken on them", "", "training"};
  Figure evaluated{"training_evaluations", "Evaluation responses in the year", "", "training"};
  Figure improved{"training_improved", "of which reporting improved knowledge or confidence", "",
                  "training"};
  for (const Json& c : (*v)["courses"]) {
    const std::string stream = Str(c, "stream");
    for (const Json& d : c["deliveries"]) {
      if (!InYear(Str(d, "date"))) continue;
      deliveries.Count(stream);
      attendees.value += d.value("total", int64_t{0});
      attendees.sources.insert(stream);
    }
    if (!c["evaluation"].is_object()) continue;
    for (const Json& e : c["evaluation"]["evaluations"]) {
      if (!InYear(Str(e, "date"))) continue;
      evaluated.value += e.value("responses", int64_t{0});
      evaluated.sources.insert(stream);
      improved.value += e.value("improved", int64_t{0});
      if (e.value("improved", int64_t{0}) > 0) improved.sources.insert(stream);
    }
  }
  return Section("training", "Training and its evaluation",
                 "The multi-agency training programme: sessions delivered, places taken, and "
                 "what the evaluations said.",
                 {deliveries, attendees, evaluated, improved});
}

Result<Json> Builder::LearningLoop() {
  Result<Json> v = View("loop");
  if (!v.ok()) return v.status();
  Figure items{"learning_items", "Learning items at " + as_of_, "", "loop"};
  Figure with_actions{"learning_with_actions", "with actions", "", "loop"};
  Figure disseminated{"learning_disseminated", "disseminated by at least one agency", "", "loop"};
  Figure embedded{"learning_embedded", "with evidence that it is embedded", "", "loop"};
  Figure closed{"learning_closed", "Learning items whose loop is closed", "%", "loop"};
  closed.percent_of = true;
  for (const Json& i : (*v)["items"]) {
    const std::string stream = Str(i, "stream");
    items.Count(stream);
    if (!i["actions"].empty()) with_actions.Count(stream);
    if (!i["disseminated"].empty()) disseminated.Count(stream);
    if (!i["embedded"].empty()) embedded.Count(stream);
    if (i.value("closed", false)) closed.Count(stream);
  }
  closed.of = items.value;
  return Section("learning_loop", "The learning loop",
                 "From learning identified to action, dissemination and evidence that practice "
                 "changed.",
                 {items, with_actions, disseminated, embedded, closed});
}

Result<Json> Builder::Assurance() {
  Result<Json> v = View("assurance");
  if (!v.ok()) return v.status();
  Figure due{"assurance_due", "Assurance reports due in the year", "", "assurance"};
  Figure received{"assurance_received", "received on time", "", "assurance"};
  Figure late{"assurance_late", "received late", "", "assurance"};
  Figure overdue{"assurance_overdue", "not received at " + as_of_, "", "assurance"};
  overdue.filters = {{"status", "overdue"}};
  Json rows = Json::array();
  for (const Json& o : (*v)["obligations"]) {
    if (!InYear(Str(o, "due"))) continue;
    const std::string status = Str(o, "status");
    std::string stream =
        (Str(o, "owner_kind") == "agency" ? "agency/" : "subgroup/") + Str(o, "owner");
    due.Count(stream);
    if (status == "received") received.Count(stream);
    if (status == "received_late") late.Count(stream);
    if (status == "overdue") {
      overdue.Count(stream);
      rows.push_back({{"stream", stream},
                      {"owner", Str(o, "name").empty() ? Str(o, "owner") : Str(o, "name")},
                      {"period", Str(o, "period")},
                      {"due", Str(o, "due")}});
    }
  }
  Json table = {{"columns", Json::array({{{"key", "owner"}, {"label", "Not received from"}},
                                         {{"key", "period"}, {"label", "Period"}},
                                         {{"key", "due"}, {"label", "Due"}}})},
                {"rows", rows}};
  return Section("assurance", "Assurance received and late",
                 "The agencies' yearly and the sub-groups' half-yearly assurance reports to the "
                 "board.",
                 {due, received, late, overdue}, table);
}

}  // namespace

Result<ReportingYear> ParseReportingYear(std::string_view text) {
  auto digits = [](std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  };
  std::string_view first = text.substr(0, text.find('/'));
  if (first.size() != 4 || !digits(first)) {
    return Status::Invalid("year must be YYYY or YYYY/YY (e.g. 2025 or 2025/26)", "year");
  }
  const int y = std::stoi(std::string(first));
  if (y < 2000 || y > 2100) return Status::Invalid("year must be between 2000 and 2100", "year");
  char next[3];
  next[0] = static_cast<char>('0' + (y + 1) / 10 % 10);
  next[1] = static_cast<char>('0' + (y + 1) % 10);
  next[2] = '\0';
  if (text.size() != 4) {
    std::string_view second = text.substr(5);
    if (text[4] != '/' || second != std::string_view(next, 2)) {
      return Status::Invalid("year YYYY/YY must name two following years (e.g. 2025/26)", "year");
    }
  }
  ReportingYear r;
  r.first_year = y;
  r.from = DateFromCivil(CivilDate{y, 4, 1});
  r.to = DateFromCivil(CivilDate{y + 1, 3, 31});
  r.label = std::string(first) + "/" + next;
  return r;
}

Result<Date> ReportAsOf(const ReportingYear& year, Date today) {
  if (today.days < year.from.days) {
    return Status::Invalid("the reporting year " + year.label + " has not begun", "year");
  }
  return today.days < year.to.days ? today : year.to;
}

Result<Json> BuildAnnualReport(const BoardState& state, const ReportingYear& year, Date today,
                               const Json& signed_head) {
  Result<Date> as_of = ReportAsOf(year, today);
  if (!as_of.ok()) return as_of.status();
  Builder b(state, year, *as_of);
  Json sections = Json::array();
  for (auto section :
       {&Builder::Priorities, &Builder::Indicators, &Builder::Reviews, &Builder::Audits,
        &Builder::Section11, &Builder::Training, &Builder::LearningLoop, &Builder::Assurance}) {
    Result<Json> s = (b.*section)();
    if (!s.ok()) return s.status();
    sections.push_back(std::move(*s));
  }
  return Json{{"report", "annual"},
              {"year", year.label},
              {"from", FormatDate(year.from)},
              {"to", FormatDate(year.to)},
              {"as_of", b.as_of()},
              {"year_complete", as_of->days == year.to.days},
              {"computed_at_position", state.position()},
              {"signed_head", signed_head.is_object() ? signed_head : Json(nullptr)},
              {"sections", std::move(sections)}};
}

}  // namespace lif
