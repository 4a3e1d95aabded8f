// The calendar feeds against a live server: a bearer token or the calendar's
// read-only key opens a feed; a key opens only its own calendar, cannot be
// used as a bearer token, and dies with its token; the feed is iCalendar
// text with the events of the views, the same UIDs on every request.
#include <gtest/gtest.h>

#include "core/json.h"
#include "tests/server/live_server.h"

namespace lif {
namespace {

class CalendarApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (
        const std::string& body :
        {std::string(
             R"({"type":"plan.created","stream":"plan/p","data":{"title":"Plan","kind":"board"}})"),
         std::string(
             R"({"type":"action.planned","stream":"action/a1","data":{"title":"Police action","plan":"plan/p","owner_agency":"police","lead":"DI Private","due":"2031-06-30","learning":[]}})"),
         std::string(
             R"({"type":"action.planned","stream":"action/a2","data":{"title":"Trust action","plan":"plan/p","owner_agency":"nhs-trust","lead":"Dr Private","due":"2031-07-31","learning":[]}})")}) {
      auto r = server.Post("admin", "/v1/events", body);
      ASSERT_EQ(r->status, 201) << r->body;
    }
  }

  // The calendars `who` may subscribe to: name -> url.
  std::map<std::string, std::string> Calendars(const std::string& who,
                                               const std::string& query = "") {
    auto r = server.Get(who, "/v1/calendars" + query);
    EXPECT_EQ(r->status, 200) << r->body;
    std::map<std::string, std::string> out;
    const Json doc = Json::parse(r->body);  // Kept: the loop reads into it.
    for (const Json& c : doc["calendars"]) {
      out[c["calendar"].get<std::string>()] = c["url"].get<std::string>();
    }
    return out;
  }
  httplib::Result Anonymous(const std::string& url) { return server.Client().Get(url.c_str()); }

  testing::LiveServer server;
};

TEST_F(CalendarApiTest, AKeyInTheUrlOpensItsCalendarWithoutAHeader) {
  auto urls = Calendars("board");
  ASSERT_TRUE(urls.count("board"));
  auto r = Anonymous(urls["board"]);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/calendar; charset=utf-8");
  EXPECT_EQ(r->body.rfind("BEGIN:VCALENDAR\r\n", 0), 0u);
  EXPECT_NE(r->body.find("UID:action-due.action-a1@lif"), std::string::npos);
  EXPECT_NE(r->body.find("UID:action-due.action-a2@lif"), std::string::npos);
  EXPECT_NE(r->body.find("DTSTART;VALUE=DATE:20310630"), std::string::npos);
  EXPECT_EQ(r->body.find("Private"), std::string::npos);  // The leads are personal.
  // The same request again: the same bytes (UIDs, DTSTAMP and all).
  EXPECT_EQ(Anonymous(urls["board"])->body, r->body);
  // With the bearer token instead of the key: the same calendar.
  EXPECT_EQ(server.Get("board", "/v1/calendars/board.ics")->body, r->body);
}

TEST_F(CalendarApiTest, AnAgencysCalendarHoldsItsOwnActions) {
  auto urls = Calendars("police");
  ASSERT_TRUE(urls.count("agency/police"));
  auto r = Anonymous(urls["agency/police"]);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_NE(r->body.find("action-due.action-a1@lif"), std::string::npos);
  EXPECT_EQ(r->body.find("action-due.action-a2@lif"), std::string::npos);
  auto board_view = Calendars("board", "?agency=nhs-trust");
  auto trust = Anonymous(board_view["agency/nhs-trust"]);
  ASSERT_EQ(trust->status, 200);
  EXPECT_NE(trust->body.find("action-due.action-a2@lif"), std::string::npos);
  EXPECT_EQ(trust->body.find("action-due.action-a1@lif"), std::string::npos);
}

TEST_F(CalendarApiTest, AKeyOpensOnlyItsCalendarAndIsNoBearerToken) {
  auto urls = Calendars("police");
  const std::string url = urls["agency/police"];
  const std::string key = url.substr(url.find("key=") + 4);
  // Another calendar with this key: 401.
  EXPECT_EQ(Anonymous("/v1/calendars/board.ics?key=" + key)->status, 401);
  EXPECT_EQ(Anonymous("/v1/calendars/agency/nhs-trust.ics?key=" + key)->status, 401);
  // The key as a bearer token: 401 on any endpoint.
  httplib::Headers bearer = {{"Authorization", "Bearer " + key}};
  EXPECT_EQ(server.Client().Get("/v1/views/actions", bearer)->status, 401);
  EXPECT_EQ(server.Client().Get("/v1/calendars/agency/police.ics", bearer)->status, 401);
  // A forged or altered key: 401.
  std::string altered = key;
  altered.back() = altered.back() == '0' ? '1' : '0';
  EXPECT_EQ(Anonymous("/v1/calendars/agency/police.ics?key=" + altered)->status, 401);
  EXPECT_EQ(
      Anonymous("/v1/calendars/agency/police.ics?key=cal_tok-000000000000_" + std::string(32, '0'))
          ->status,
      401);
  EXPECT_EQ(Anonymous("/v1/calendars/agency/police.ics?key=")->status, 401);
  // No key, no token: 401; a key and a header at once: 400.
  EXPECT_EQ(Anonymous("/v1/calendars/board.ics")->status, 401);
  EXPECT_EQ(server.Client().Get(url.c_str(), server.As("police"))->status, 400);
  EXPECT_EQ(Anonymous("/v1/calendars/agency/Not%20An%20Id.ics")->status, 400);
}

TEST_F(CalendarApiTest, RevokingTheTokenRevokesItsCalendarKeys) {
  auto urls = Calendars("board");
  ASSERT_EQ(Anonymous(urls["board"])->status, 200);
  std::string id;
  const Json tokens = Json::parse(server.Get("admin", "/v1/tokens")->body);
  for (const Json& t : tokens["tokens"]) {
    if (t["name"] == "board") id = t["id"];
  }
  ASSERT_FALSE(id.empty());
  ASSERT_EQ(server.Client()
                .Delete(("/v1/tokens/" + id + "?reason=lost").c_str(), server.As("admin"))
                ->status,
            200);
  EXPECT_EQ(Anonymous(urls["board"])->status, 401);
}

}  // namespace
}  // namespace lif
