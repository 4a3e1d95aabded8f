// The annual report (core/report/annual_report.h): the reporting year, the
// report of the demo board checked against the views' own counters as of the
// same date, every figure's sources present in the prefix it was computed
// from, and the HTML and CSV renderings (escaping, one row per figure).
#include "core/report/annual_report.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>

#include "core/demo/generator.h"
#include "core/log/memory_log.h"
#include "core/validation/catalogue.h"
#include "core/views/views.h"
#include "tests/support/demo_log.h"

namespace lif {
namespace {

TEST(ReportingYearTest, ParsesBothFormsAndRefusesOthersNamingYear) {
  Result<ReportingYear> y = ParseReportingYear("2025");
  ASSERT_TRUE(y.ok());
  EXPECT_EQ(y->label, "2025/26");
  EXPECT_EQ(FormatDate(y->from), "2025-04-01");
  EXPECT_EQ(FormatDate(y->to), "2026-03-31");
  Result<ReportingYear> y2 = ParseReportingYear("2099/00");
  ASSERT_TRUE(y2.ok());
  EXPECT_EQ(y2->label, "2099/00");
  EXPECT_TRUE(ParseReportingYear("2025/26").ok());
  for (const char* bad : {"", "25", "2025/27", "2025-26", "20a5", "1999", "2025/", "2025/266"}) {
    Result<ReportingYear> r = ParseReportingYear(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().path(), "year") << bad;
    }
  }
}

TEST(ReportingYearTest, TheReportDateIsTheYearEndOrTodayWhileItRuns) {
  ReportingYear y = *ParseReportingYear("2025");
  EXPECT_EQ(FormatDate(*ReportAsOf(y, *ParseDate("2026-10-01"))), "2026-03-31");
  EXPECT_EQ(FormatDate(*ReportAsOf(y, *ParseDate("2025-12-01"))), "2025-12-01");
  EXPECT_EQ(ReportAsOf(y, *ParseDate("2025-03-31")).status().path(), "year");
}

// The seed-1 demo, one year up to 2026-06-30, generated once.
const testing::DemoLog& Demo() {
  static const testing::DemoLog* d = [] {
    DemoOptions o;
    o.end = *ParseDate("2026-06-30");
    auto* log = new testing::DemoLog(testing::AppendDemo(o));
    EXPECT_TRUE(log->status.ok()) << log->status.ToString();
    return log;
  }();
  return *d;
}

struct Computed {
  Json report;
  BoardState state;
  Date as_of;
};

Computed Report(const std::string& year, const std::string& today) {
  Computed c;
  ReportingYear y = *ParseReportingYear(year);
  c.as_of = *ReportAsOf(y, *ParseDate(today));
  AsOf as_of;
  as_of.kind = AsOf::Kind::kDate;
  as_of.date = c.as_of;
  Result<BoardState> state = BuildBoardState(*Demo().log, as_of);
  EXPECT_TRUE(state.ok());
  if (state.ok()) c.state = std::move(*state);
  Json head = {{"size", Demo().log->Head().position}, {"root", "ab"}};
  Result<Json> r = BuildAnnualReport(c.state, y, *ParseDate(today), head);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (r.ok()) c.report = std::move(*r);
  return c;
}

Json ViewAt(const Computed& c, const std::string& name, std::map<std::string, std::string> f = {}) {
  ViewContext ctx;
  ctx.today = c.as_of;
  ctx.filters = std::move(f);
  Result<Json> v = RenderView(name, c.state, ctx);
  EXPECT_TRUE(v.ok());
  return v.ok() ? *v : Json::object();
}

const Json& FigureOf(const Json& report, const std::string& id) {
  static const Json kNone = Json::object();
  for (const Json& s : report["sections"]) {
    for (const Json& f : s["figures"]) {
      if (f["id"] == id) return f;
    }
  }
  ADD_FAILURE() << "no figure " << id;
  return kNone;
}

TEST(AnnualReportTest, HasTheFrameworksSectionsAndItsDate) {
  Computed c = Report("2025", "2026-06-30");
  const Json& r = c.report;
  EXPECT_EQ(r["year"], "2025/26");
  EXPECT_EQ(r["as_of"], "2026-03-31");
  EXPECT_EQ(r["year_complete"], true);
  EXPECT_EQ(r["computed_at_position"], c.state.position());
  EXPECT_LT(c.state.position(), Demo().log->Head().position);  // Only the year's prefix.
  EXPECT_EQ(r["signed_head"]["size"], Demo().log->Head().position);
  std::vector<std::string> ids;
  for (const Json& s : r["sections"]) ids.push_back(s["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"priorities", "indicators", "reviews", "audits",
                                           "section11", "training", "learning_loop", "assurance"}));
}

TEST(AnnualReportTest, FiguresAgreeWithTheViewsCountersOnTheSameDate) {
  Computed c = Report("2025", "2026-06-30");
  Json actions = ViewAt(c, "actions");
  EXPECT_EQ(FigureOf(c.report, "actions")["value"], actions["total"]);
  EXPECT_EQ(FigureOf(c.report, "actions_overdue")["value"], actions["overdue"]);
  Json indicators = ViewAt(c, "indicators");
  std::set<std::string> flagged;
  for (const Json& e : indicators["exceptions"]) flagged.insert(e["indicator_id"]);
  EXPECT_EQ(FigureOf(c.report, "indicators")["value"], indicators["total"]);
  EXPECT_EQ(FigureOf(c.report, "indicators_with_exceptions")["value"], flagged.size());
  Json loop = ViewAt(c, "loop");
  EXPECT_EQ(FigureOf(c.report, "learning_items")["value"], loop["total"]);
  EXPECT_EQ(FigureOf(c.report, "learning_closed")["value"], loop["closed_percent"]);
  // Figures of the year are parts of their wholes.
  EXPECT_LE(FigureOf(c.report, "actions_completed_late")["value"].get<int64_t>(),
            FigureOf(c.report, "actions_completed_in_year")["value"].get<int64_t>());
  const int64_t due = FigureOf(c.report, "assurance_due")["value"];
  EXPECT_GT(due, 0);
  EXPECT_LE(FigureOf(c.report, "assurance_received")["value"].get<int64_t>() +
                FigureOf(c.report, "assurance_late")["value"].get<int64_t>() +
                FigureOf(c.report, "assurance_overdue")["value"].get<int64_t>(),
            due);
  EXPECT_GT(FigureOf(c.report, "case_reviews_in_year")["value"].get<int64_t>(), 0);
  EXPECT_GT(FigureOf(c.report, "training_deliveries")["value"].get<int64_t>(), 0);
}

TEST(AnnualReportTest, EverySourceIsAStreamOfTheComputedPrefix) {
  Computed c = Report("2025", "2026-06-30");
  std::set<std::string> streams;
  Result<std::vector<Event>> events = Demo().log->ReadRange(0, c.state.position());
  ASSERT_TRUE(events.ok());
  for (const Event& e : *events) streams.insert(e.stream);
  int figures = 0;
  for (const Json& s : c.report["sections"]) {
    for (const Json& f : s["figures"]) {
      ++figures;
      if (f["value"].is_number() && f["value"].get<int64_t>() > 0) {
        EXPECT_FALSE(f["sources"].empty()) << f["id"];
      }
      for (const Json& src : f["sources"]) {
        EXPECT_TRUE(streams.count(src.get<std::string>())) << f["id"] << " names " << src;
      }
    }
  }
  EXPECT_GE(figures, 25);
}

TEST(AnnualReportTest, AYearStillRunningIsToToday) {
  Computed c = Report("2026", "2026-06-30");
  EXPECT_EQ(c.report["as_of"], "2026-06-30");
  EXPECT_EQ(c.report["year_complete"], false);
  EXPECT_NE(AnnualReportHtml(c.report, "#").find("The year is not over"), std::string::npos);
}

TEST(AnnualReportTest, HtmlEscapesTextAndLinksEachSource) {
  Json report = {{"year", "2025/26"},
                 {"from", "2025-04-01"},
                 {"to", "2026-03-31"},
                 {"as_of", "2026-03-31"},
                 {"year_complete", true},
                 {"computed_at_position", 7},
                 {"signed_head", nullptr},
                 {"sections",
                  {{{"id", "priorities"},
                    {"title", "Priorities <script>alert(1)</script>"},
                    {"summary", "A & B"},
                    {"figures",
                     {{{"id", "actions"},
                       {"label", "Actions \"quoted\", with comma"},
                       {"value", 2},
                       {"unit", ""},
                       {"view", "actions"},
                       {"filters", Json::object()},
                       {"sources", {"action/a1", "action/a2"}}}}},
                    {"table", nullptr}}}}};
  std::string html = AnnualReportHtml(report, "/v1/audit/");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("Priorities &lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("A &amp; B"), std::string::npos);
  EXPECT_NE(html.find("href=\"/v1/audit/action/a1\""), std::string::npos);
  EXPECT_NE(html.find("href=\"/v1/audit/action/a2\""), std::string::npos);
  EXPECT_NE(html.find("No signed head was given"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  std::string csv = AnnualReportCsv(report);
  EXPECT_EQ(csv,
            "section,figure,label,value,unit,as_of,view,filters,sources\r\n"
            "priorities,actions,\"Actions \"\"quoted\"\", with comma\",2,,2026-03-31,actions,{},"
            "action/a1 action/a2\r\n");
}

TEST(AnnualReportTest, TheDemoReportRendersWithEverySection) {
  Computed c = Report("2025", "2026-06-30");
  std::string html = AnnualReportHtml(c.report, "");
  EXPECT_EQ(html.find("<a href"), std::string::npos);  // Named, not linked.
  for (const Json& s : c.report["sections"]) {
    EXPECT_NE(html.find(s["title"].get<std::string>()), std::string::npos) << s["id"];
  }
  std::string csv = AnnualReportCsv(c.report);
  int rows = 0;
  for (size_t at = 0; (at = csv.find("\r\n", at)) != std::string::npos; at += 2) ++rows;
  int figures = 0;
  for (const Json& s : c.report["sections"]) figures += static_cast<int>(s["figures"].size());
  EXPECT_EQ(rows, figures + 1);
}

}  // namespace
}  // namespace lif
