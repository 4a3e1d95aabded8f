// ParseAppendBody: a POST /v1/events body to proposed events, as the server
// and the fuzz target run it.
#include "core/log/append_body.h"

#include <gtest/gtest.h>

#include <string>

namespace lif {
namespace {

const char kEvent[] =
    R"({"type":"learning.identified","stream":"learning/a","data":{"title":"t"},"expected_version":0,"occurred_at":"2026-01-02"})";

TEST(AppendBodyTest, OneEventIsTheSingleForm) {
  Result<AppendBody> body = ParseAppendBody(kEvent, 10, BodyDigest::kKeep);
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ(body->form, RequestForm::kSingle);
  ASSERT_EQ(body->events.size(), 1u);
  EXPECT_EQ(body->events[0].type, "learning.identified");
  EXPECT_EQ(body->events[0].stream, "learning/a");
  EXPECT_EQ(body->events[0].data, Json({{"title", "t"}}));
  EXPECT_EQ(body->events[0].expected_version, 0);
  EXPECT_EQ(body->events[0].occurred_at, "2026-01-02");
  EXPECT_EQ(body->normalized, Json::parse(kEvent).dump());
}

TEST(AppendBodyTest, TheDigestTextIgnoresWhitespaceAndKeyOrderAndIsKeptOnlyWhenAsked) {
  const std::string batch = std::string(R"({"events":[)") + kEvent + "]}";
  const std::string reordered =
      R"({ "events" : [ {"stream":"learning/a", "occurred_at":"2026-01-02", "type":"learning.identified",)"
      R"( "expected_version":0, "data":{"title":"t"}} ] })";
  Result<AppendBody> a = ParseAppendBody(batch, 10, BodyDigest::kKeep);
  Result<AppendBody> b = ParseAppendBody(reordered, 10, BodyDigest::kKeep);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->normalized, Json::parse(batch).dump());
  EXPECT_EQ(a->normalized, b->normalized);
  // The events' data moved out of the document only after the text was written.
  EXPECT_NE(a->normalized.find(R"("data":{"title":"t"})"), std::string::npos);
  EXPECT_EQ(a->events[0].data, Json({{"title", "t"}}));

  Result<AppendBody> skipped = ParseAppendBody(batch, 10);
  ASSERT_TRUE(skipped.ok());
  EXPECT_TRUE(skipped->normalized.empty());
  EXPECT_EQ(skipped->events[0].data, a->events[0].data);
}

TEST(AppendBodyTest, EventsListIsTheBatchForm) {
  const std::string text = std::string(R"({"events":[)") + kEvent + "," + kEvent + "]}";
  Result<AppendBody> body = ParseAppendBody(text, 2);
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ(body->form, RequestForm::kBatch);
  EXPECT_EQ(body->events.size(), 2u);
}

TEST(AppendBodyTest, RefusalsNameTheField) {
  struct Case {
    std::string body;
    StatusCode code;
    std::string path;
  };
  const std::string big_batch =
      std::string(R"({"events":[)") + kEvent + "," + kEvent + "," + kEvent + "]}";
  const Case cases[] = {
      {"", StatusCode::kInvalid, ""},
      {"{", StatusCode::kInvalid, ""},
      {"[]", StatusCode::kInvalid, ""},
      {R"({"a":1,"a":2})", StatusCode::kInvalid, "/a"},
      {std::string(40, '[') + std::string(40, ']'), StatusCode::kInvalid, ""},
      {R"({"events":[]})", StatusCode::kInvalid, "/events"},
      {R"({"events":{}})", StatusCode::kInvalid, "/events"},
      {R"({"events":[1]})", StatusCode::kInvalid, "/events/0"},
      {std::string(R"({"events":[)") + kEvent + R"(],"x/y":1})", StatusCode::kInvalid, "/x~1y"},
      {big_batch, StatusCode::kTooLarge, "/events"},
      {R"({"type":"learning.identified","stream":"learning/..","data":{}})", StatusCode::kInvalid,
       "/stream"},
      {R"({"type":"learning.identified","stream":"learning/a","data":{"n":1e400}})",
       StatusCode::kInvalid, "/data/n"},
      {R"({"type":"learning.identified","stream":"learning/a","data":{},"hash":""})",
       StatusCode::kInvalid, "/hash"},
      // Malformed JSON names where it goes wrong.
      {"{\"type\":\"learning.identified\",\"data\":{\"title\":\"\xff\"}}", StatusCode::kInvalid,
       "/data/title"},
      {R"({"type":"a.b","type":"a.b"})", StatusCode::kInvalid, "/type"},
      {std::string(R"({"events":[)") + kEvent + R"(,{"type":1e400}]})", StatusCode::kInvalid,
       "/events/1/type"},
      {R"({"events":[{"data":{"a~/":[1,2,-1e999]}}]})", StatusCode::kInvalid,
       "/events/0/data/a~0~1/2"},
      {R"({"type":"a.b",})", StatusCode::kInvalid, ""},
  };
  for (const Case& c : cases) {
    Result<AppendBody> body = ParseAppendBody(c.body, 2);
    ASSERT_FALSE(body.ok()) << c.body;
    EXPECT_EQ(body.status().code(), c.code) << c.body;
    EXPECT_EQ(body.status().path(), c.path) << c.body << ": " << body.status().ToString();
  }
}

}  // namespace
}  // namespace lif
