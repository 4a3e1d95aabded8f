// ETag and If-None-Match (304) on the views, the heads, the schema and
// /openapi.json (docs/api.md#caching-and-conditional-requests).
#include "server/http/conditional.h"

#include <gtest/gtest.h>

#include "core/json.h"
#include "tests/server/live_server.h"

namespace lif {
namespace {

httplib::Result GetIfNoneMatch(testing::LiveServer& server, const std::string& who,
                               const std::string& path, const std::string& tag) {
  httplib::Headers h = who.empty() ? httplib::Headers{} : server.As(who);
  h.emplace("If-None-Match", tag);
  return server.Client().Get(path.c_str(), h);
}

void AppendLearning(testing::LiveServer& server, const std::string& id) {
  auto r = server.Post(
      "police", "/v1/events",
      R"({"type":"learning.identified","stream":"learning/)" + id +
          R"(","data":{"title":"t","kind":"lesson","source":{"kind":"other","stream":"other/x"},"themes":[]}})");
  ASSERT_EQ(r->status, 201) << r->body;
}

TEST(ConditionalTest, IfNoneMatchComparesWeaklyAndReadsLists) {
  using server::IfNoneMatchNames;
  EXPECT_TRUE(IfNoneMatchNames("\"abc\"", "\"abc\""));
  EXPECT_TRUE(IfNoneMatchNames("W/\"abc\"", "\"abc\""));
  EXPECT_TRUE(IfNoneMatchNames("\"abc\"", "W/\"abc\""));
  EXPECT_TRUE(IfNoneMatchNames("\"x\", \"abc\" ,\"y\"", "\"abc\""));
  EXPECT_TRUE(IfNoneMatchNames("*", "\"abc\""));
  EXPECT_FALSE(IfNoneMatchNames("\"abcd\"", "\"abc\""));
  EXPECT_FALSE(IfNoneMatchNames("abc", "\"abc\""));
  EXPECT_FALSE(IfNoneMatchNames("", "\"abc\""));
  EXPECT_FALSE(IfNoneMatchNames(",,", "\"abc\""));
}

TEST(ConditionalTest, EtagCacheGivesEachTextItsOwnTag) {
  server::EtagCache cache;
  auto a = std::make_shared<const std::string>("{\"a\":1}");
  const std::string tag = cache.For(a);
  EXPECT_EQ(tag, server::StrongEtag(*a));
  EXPECT_EQ(cache.For(a), tag);
  // A new text, even at a reused address once the old one is gone, is hashed.
  a.reset();
  for (int i = 0; i < 100; ++i) {
    auto b = std::make_shared<const std::string>("{\"b\":" + std::to_string(i) + "}");
    EXPECT_EQ(cache.For(b), server::StrongEtag(*b));
  }
}

// Each answer carries an ETag; sending it back is a 304 without a body until
// the answer changes, and then a 200 with a new tag.
TEST(ConditionalTest, ViewsHeadsAndDocumentsAnswer304UntilTheyChange) {
  testing::LiveServer server;
  AppendLearning(server, "l1");
  struct Case {
    std::string who, path;
    bool changes_with_the_log;
  };
  const std::vector<Case> cases = {
      {"", "/openapi.json", false},
      {"board", "/v1/schema", false},
      {"board", "/v1/views", false},
      {"board", "/v1/views/learning", true},
      {"admin", "/v1/views/actions.csv", false},
      {"board", "/v1/head", true},
      {"board", "/v1/checkpoint", true},
  };
  std::vector<std::string> tags;
  for (const Case& c : cases) {
    auto first = server.Get(c.who, c.path);
    ASSERT_EQ(first->status, 200) << c.path;
    const std::string tag = first->get_header_value("ETag");
    ASSERT_FALSE(tag.empty()) << c.path;
    EXPECT_NE(first->get_header_value("Cache-Control").find("no-cache"), std::string::npos);
    auto again = GetIfNoneMatch(server, c.who, c.path, tag);
    EXPECT_EQ(again->status, 304) << c.path;
    EXPECT_TRUE(again->body.empty()) << c.path;
    EXPECT_EQ(again->get_header_value("ETag"), tag) << c.path;
    // Another tag is not a match.
    EXPECT_EQ(GetIfNoneMatch(server, c.who, c.path, "\"0000\"")->status, 200) << c.path;
    tags.push_back(tag);
  }
  AppendLearning(server, "l2");
  for (size_t i = 0; i < cases.size(); ++i) {
    auto r = GetIfNoneMatch(server, cases[i].who, cases[i].path, tags[i]);
    EXPECT_EQ(r->status, cases[i].changes_with_the_log ? 200 : 304) << cases[i].path;
    if (cases[i].changes_with_the_log) {
      EXPECT_NE(r->get_header_value("ETag"), tags[i]) << cases[i].path;
      EXPECT_FALSE(r->body.empty());
    }
  }
}

// A head is signed afresh each time (a new timestamp): its weak tag names the
// tree, so it is still "not modified" while the log has not grown.
TEST(ConditionalTest, HeadTagIsWeakAndNamesTheTree) {
  testing::LiveServer server;
  auto a = server.Get("admin", "/v1/head");
  const std::string tag = a->get_header_value("ETag");
  EXPECT_EQ(tag.rfind("W/\"", 0), 0u) << tag;
  Json head = Json::parse(a->body);
  EXPECT_NE(tag.find(std::to_string(head["size"].get<int64_t>()) + "-"), std::string::npos);
  EXPECT_EQ(GetIfNoneMatch(server, "admin", "/v1/head", tag)->status, 304);
}

// A tag is no way around authentication or the role table.
TEST(ConditionalTest, ConditionalRequestsAreAuthorisedFirst) {
  testing::LiveServer server;
  auto r = server.Get("board", "/v1/views/learning");
  const std::string tag = r->get_header_value("ETag");
  EXPECT_EQ(GetIfNoneMatch(server, "", "/v1/views/learning", tag)->status, 401);
  EXPECT_EQ(GetIfNoneMatch(server, "", "/v1/views/learning", "*")->status, 401);
  EXPECT_EQ(GetIfNoneMatch(server, "police", "/v1/head", "*")->status, 403);
  // Answers to a token say so to caches.
  EXPECT_EQ(r->get_header_value("Vary"), "Authorization");
  EXPECT_NE(r->get_header_value("Cache-Control").find("private"), std::string::npos);
}

}  // namespace
}  // namespace lif
