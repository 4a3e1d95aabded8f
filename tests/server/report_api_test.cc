// GET /v1/reports/annual against a live server: the report of a running year
// holds what was posted, with the signed head it was computed under; a past
// year is computed from the log as it stood at its end; HTML and CSV forms;
// every bad parameter is a 400 naming it, and a token is needed.
#include <gtest/gtest.h>

#include <chrono>

#include "core/json.h"
#include "core/time/civil_time.h"
#include "tests/server/live_server.h"

namespace lif {
namespace {

class ReportApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (
        const std::string& body :
        {std::string(
             R"({"type":"plan.created","stream":"plan/p","data":{"title":"Plan","kind":"board"}})"),
         std::string(
             R"({"type":"action.planned","stream":"action/a1","data":{"title":"Police action","plan":"plan/p","owner_agency":"police","lead":"DI Private","due":"2031-06-30","learning":[]}})"),
         std::string(
             R"({"type":"action.planned","stream":"action/a2","data":{"title":"Trust action <b>","plan":"plan/p","owner_agency":"nhs-trust","lead":"Dr Private","due":"2031-07-31","learning":[]}})")}) {
      auto r = server.Post("admin", "/v1/events", body);
      ASSERT_EQ(r->status, 201) << r->body;
    }
  }

  // This year's reporting year: the one whose 1 April is on or before today.
  static std::string RunningYear() {
    Timestamp now;
    now.millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
    CivilDate today = CivilFromDate(DateOf(now));
    return std::to_string(today.month >= 4 ? today.year : today.year - 1);
  }

  static const Json& Figure(const Json& report, const std::string& id) {
    static const Json kNone;
    for (const Json& s : report["sections"]) {
      for (const Json& f : s["figures"]) {
        if (f["id"] == id) return f;
      }
    }
    ADD_FAILURE() << "no figure " << id;
    return kNone;
  }

  testing::LiveServer server;
};

TEST_F(ReportApiTest, TheRunningYearHoldsWhatWasPostedUnderTheSignedHead) {
  auto r = server.Get("board", "/v1/reports/annual?year=" + RunningYear());
  ASSERT_EQ(r->status, 200) << r->body;
  const Json report = Json::parse(r->body);
  EXPECT_EQ(report["year_complete"], false);
  EXPECT_EQ(Figure(report, "actions")["value"], 2);
  EXPECT_EQ(Figure(report, "actions")["sources"], Json::array({"action/a1", "action/a2"}));
  const Json head = Json::parse(server.Get("board", "/v1/head")->body);
  EXPECT_EQ(report["signed_head"]["size"], head["size"]);
  EXPECT_EQ(report["signed_head"]["root"], head["root"]);
  EXPECT_EQ(report["computed_at_position"], head["size"]);
  // An agency may not read the signed head (GET /v1/head), so its report has none.
  auto agency = server.Get("police", "/v1/reports/annual?year=" + RunningYear());
  ASSERT_EQ(agency->status, 200) << agency->body;
  EXPECT_TRUE(Json::parse(agency->body)["signed_head"].is_null());
}

TEST_F(ReportApiTest, APastYearIsTheLogAsItStoodAtItsEnd) {
  const std::string last = std::to_string(std::stoi(RunningYear()) - 1);
  auto r = server.Get("inspector", "/v1/reports/annual?year=" + last);
  ASSERT_EQ(r->status, 200) << r->body;
  const Json report = Json::parse(r->body);
  EXPECT_EQ(report["year_complete"], true);
  EXPECT_EQ(report["as_of"], RunningYear() + "-03-31");
  // Everything was recorded today, after that year ended.
  EXPECT_EQ(Figure(report, "actions")["value"], 0);
  EXPECT_EQ(report["computed_at_position"], 0);
}

TEST_F(ReportApiTest, HtmlAndCsvForms) {
  const std::string q = "/v1/reports/annual?year=" + RunningYear();
  auto html = server.Get("board", q + "&format=html");
  ASSERT_EQ(html->status, 200) << html->body;
  EXPECT_EQ(html->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(html->body.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html->body.find("href=\"/v1/audit/action/a1\""), std::string::npos);
  EXPECT_EQ(html->body.find("<script"), std::string::npos);
  EXPECT_EQ(html->body.find("Private"), std::string::npos);  // Leads are not in the report.
  auto csv = server.Get("board", q + "&format=csv");
  ASSERT_EQ(csv->status, 200) << csv->body;
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv->body.rfind("section,figure,label,value,unit,as_of,view,filters,sources\r\n", 0),
            0u);
  EXPECT_NE(csv->body.find("action/a1 action/a2"), std::string::npos);
}

TEST_F(ReportApiTest, BadParametersAre400sNamingThem) {
  auto path_of = [&](const std::string& query) {
    auto r = server.Get("board", "/v1/reports/annual" + query);
    EXPECT_EQ(r->status, 400) << query << ": " << r->body;
    return Json::parse(r->body)["error"].value("path", "");
  };
  EXPECT_EQ(path_of(""), "year");
  EXPECT_EQ(path_of("?year=25"), "year");
  EXPECT_EQ(path_of("?year=2025/27"), "year");
  EXPECT_EQ(path_of("?year=2099"), "year");  // Not begun.
  EXPECT_EQ(path_of("?year=" + RunningYear() + "&format=pdf"), "format");
  auto repeated = server.Get("board", "/v1/reports/annual?year=2025&year=2024");
  EXPECT_EQ(repeated->status, 400);
  EXPECT_EQ(server.Client().Get("/v1/reports/annual?year=2025")->status, 401);
}

}  // namespace
}  // namespace lif
