// Location on 201 and the documented pagination (Link: rel="next",
// next_after, next_after_version) on the list endpoints (docs/api.md).
#include <gtest/gtest.h>

#include <regex>

#include "core/json.h"
#include "tests/server/live_server.h"

namespace lif {
namespace {

std::string Learning(const std::string& id) {
  return R"({"type":"learning.identified","stream":"learning/)" + id +
         R"(","data":{"title":"t","kind":"lesson","source":{"kind":"other","stream":"other/x"},"themes":[]}})";
}

// The address in a Link header's rel="next", or "" without one.
std::string NextLink(const httplib::Result& r) {
  std::smatch m;
  const std::string link = r->get_header_value("Link");
  if (!std::regex_match(link, m, std::regex(R"(<([^>]+)>; rel="next")"))) return "";
  return m[1];
}

TEST(HttpConventionsTest, LocationOfAnAppendReadsTheEvent) {
  testing::LiveServer server;
  auto r = server.Post("police", "/v1/events", Learning("l1"));
  ASSERT_EQ(r->status, 201);
  const std::string location = r->get_header_value("Location");
  EXPECT_EQ(location, "/v1/streams/learning/l1?after_version=0&limit=1");
  auto read = server.Get("police", location);
  ASSERT_EQ(read->status, 200) << read->body;
  Json events = Json::parse(read->body)["events"];
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["position"], Json::parse(r->body)["position"]);
}

TEST(HttpConventionsTest, LocationOfABatchReadsExactlyTheBatch) {
  testing::LiveServer server;
  const std::string batch =
      "{\"events\":[" + Learning("b1") + "," + Learning("b2") + "," + Learning("b3") + "]}";
  auto r = server.Post("police", "/v1/events", batch);
  ASSERT_EQ(r->status, 201) << r->body;
  auto read = server.Get("admin", r->get_header_value("Location"));
  ASSERT_EQ(read->status, 200) << r->get_header_value("Location");
  Json answered = Json::parse(r->body)["events"];
  Json events = Json::parse(read->body)["events"];
  ASSERT_EQ(events.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(events[i]["hash"], answered[i]["hash"]);
}

TEST(HttpConventionsTest, LocationOfAnIssuedTokenReadsItsRecord) {
  testing::LiveServer server;
  auto r = server.Post("admin", "/v1/tokens", R"({"name":"reader","role":"board"})");
  ASSERT_EQ(r->status, 201) << r->body;
  Json issued = Json::parse(r->body);
  const std::string location = r->get_header_value("Location");
  EXPECT_EQ(location, "/v1/tokens/" + issued["record"]["id"].get<std::string>());
  auto read = server.Get("admin", location);
  ASSERT_EQ(read->status, 200);
  EXPECT_EQ(Json::parse(read->body), issued["record"]);
  EXPECT_EQ(read->body.find(issued["token"].get<std::string>()), std::string::npos);
  EXPECT_EQ(server.Get("board", location)->status, 403);
  EXPECT_EQ(server.Get("admin", "/v1/tokens/tok-000000000000")->status, 404);
}

// Following the next links reads the whole log once, in order, and the last
// page has no link.
TEST(HttpConventionsTest, EventPagesLinkToTheNextUntilTheHead) {
  testing::LiveServer server;
  for (int i = 0; i < 7; ++i)
    server.Post("police", "/v1/events", Learning("p" + std::to_string(i)));
  std::vector<int64_t> got;
  std::string next = "/v1/events?limit=3";
  int pages = 0;
  while (!next.empty() && pages++ < 50) {
    auto r = server.Get("inspector", next);
    ASSERT_EQ(r->status, 200) << next;
    Json page = Json::parse(r->body);
    for (const Json& e : page["events"]) got.push_back(e["position"]);
    next = NextLink(r);
    if (!next.empty()) {
      EXPECT_EQ(next, "/v1/events?after=" + std::to_string(page["next_after"].get<int64_t>()) +
                          "&limit=3");
    }
  }
  ASSERT_EQ(static_cast<int64_t>(got.size()), server.Head());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], static_cast<int64_t>(i) + 1);
}

TEST(HttpConventionsTest, StreamPagesLinkToTheNextAndSayWhereToGoOn) {
  testing::LiveServer server;
  ASSERT_EQ(server.Post("police", "/v1/events", Learning("s"))->status, 201);
  for (const char* meeting : {"2026-03-10", "2026-04-10", "2026-05-10", "2026-06-10"}) {
    auto r = server.Post("admin", "/v1/events",
                         std::string(R"({"type":"learning.presented","stream":"learning/s",)") +
                             R"("data":{"meeting":")" + meeting + "\"}}");
    ASSERT_EQ(r->status, 201) << r->body;
  }
  std::vector<int64_t> versions;
  std::string next = "/v1/streams/learning/s?limit=2";
  int pages = 0;
  while (!next.empty() && pages++ < 10) {
    auto r = server.Get("police", next);
    ASSERT_EQ(r->status, 200) << next << " " << r->body;
    Json page = Json::parse(r->body);
    for (const Json& e : page["events"]) versions.push_back(e["version"]);
    if (!page["events"].empty()) {
      EXPECT_EQ(page["next_after_version"], versions.back());
    }
    next = NextLink(r);
  }
  EXPECT_EQ(versions, (std::vector<int64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(pages, 3) << "a page of 2, 2 and 1, the last without a link";
}

}  // namespace
}  // namespace lif
