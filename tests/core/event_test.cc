#include "core/event.h"

#include <gtest/gtest.h>

#include "tests/support/test_digest.h"

namespace lif {
namespace {

TEST(StreamIdTest, AcceptsKindSlashIdentifier) {
  EXPECT_TRUE(ValidateStreamId("learning/2026-004").ok());
  EXPECT_TRUE(ValidateStreamId("scr/hartlepool_2025.1").ok());
}

TEST(StreamIdTest, RejectsOddIds) {
  for (const char* bad :
       {"", "learning", "/x", "x/", "Learning/1", "learning/a/b", "learning/..", "learning/a..b",
        "learning/.hidden", "1kind/x", "learning/A", "learning/x y", "learning/\x01"}) {
    EXPECT_FALSE(ValidateStreamId(bad).ok()) << bad;
  }
  EXPECT_FALSE(ValidateStreamId("k/" + std::string(200, 'a')).ok());
}

TEST(ParseUntrustedJsonTest, RejectsDeepNestingAndDuplicates) {
  EXPECT_FALSE(ParseUntrustedJson(std::string(100, '[') + std::string(100, ']')).ok());
  EXPECT_TRUE(ParseUntrustedJson("[[[1]]]").ok());
  Result<Json> dup = ParseUntrustedJson(R"({"a":1,"a":2})");
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.status().message().find("repeats"), std::string::npos);
  // Brackets inside strings do not count.
  EXPECT_TRUE(ParseUntrustedJson("{\"a\":\"" + std::string(100, '[') + "\"}").ok());
}

TEST(ParseUntrustedJsonTest, RejectsInvalidUtf8AndGarbage) {
  EXPECT_FALSE(ParseUntrustedJson("{\"a\":\"\xff\xfe\"}").ok());
  EXPECT_FALSE(ParseUntrustedJson("{\"a\":1} x").ok());
  EXPECT_FALSE(ParseUntrustedJson("{\"a\":").ok());
}

TEST(ProposedEventTest, NamesTheBadField) {
  Result<ProposedEvent> r = ParseProposedEvent(
      Json::parse(R"({"type":"learning.identified","stream":"Bad","data":{}})"), "/events/2");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().path(), "/events/2/stream");
  r = ParseProposedEvent(Json::parse(R"({"type":"a.b","stream":"a/b","data":{},"actor":"me"})"),
                         "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().path(), "/actor");
  r = ParseProposedEvent(Json::parse(R"({"type":"a.b","stream":"a/b","data":{"n":1e300}})"), "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().path(), "/data/n");
  r = ParseProposedEvent(
      Json::parse(R"({"type":"a.b","stream":"a/b","data":{"n":9007199254740993}})"), "");
  ASSERT_FALSE(r.ok());
  r = ParseProposedEvent(
      Json::parse(R"({"type":"a.b","stream":"a/b","data":{},"occurred_at":"2026-02-30"})"), "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().path(), "/occurred_at");
  r = ParseProposedEvent(
      Json::parse(R"({"type":"a.b","stream":"a/b","data":{},"expected_version":-1})"), "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().path(), "/expected_version");
}

Event SampleEvent() {
  Event e;
  e.position = 1;
  e.id = "6f1c1f0e-8d8a-4c3b-9d51-0a3a2b1c0d9e";
  e.type = "learning.identified";
  e.stream = "learning/2026-004";
  e.version = 1;
  e.recorded_at = "2026-11-26T05:31:54.123Z";
  e.occurred_at = "2026-11-20";
  e.actor = "tok-1";
  e.agency = std::string("police");
  e.data = Json::parse(R"({"title":"Café – voice of the child","kind":"lesson"})");
  e.prev = ZeroHashHex();
  return e;
}

TEST(CanonicalTest, SortedKeysNoWhitespaceUtf8Kept) {
  Event e = SampleEvent();
  EXPECT_EQ(CanonicalBytes(e),
            "{\"actor\":\"tok-1\",\"agency\":\"police\",\"data\":{\"kind\":\"lesson\",\"title\":"
            "\"Café – voice of the child\"},\"id\":\"6f1c1f0e-8d8a-4c3b-9d51-0a3a2b1c0d9e\","
            "\"occurred_at\":\"2026-11-20\",\"position\":1,\"prev\":\"" +
                ZeroHashHex() +
                "\",\"recorded_at\":\"2026-11-26T05:31:54.123Z\",\"stream\":\"learning/"
                "2026-004\",\"type\":\"learning.identified\",\"version\":1}");
}

TEST(CanonicalTest, HashIsSha256OfStoredBytesAndDecodeRoundTrips) {
  Event e = SampleEvent();
  SealEvent(&e, testing::TestSha256());
  EXPECT_EQ(e.hash, ToHex(testing::TestSha256()(e.canonical)));
  Result<Event> back = DecodeStoredEvent(e.canonical, testing::TestSha256());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->hash, e.hash);
  EXPECT_EQ(EventToJson(*back), EventToJson(e));
}

TEST(CanonicalTest, DecodeRejectsNonCanonicalBytes) {
  Event e = SampleEvent();
  SealEvent(&e, testing::TestSha256());
  std::string spaced = e.canonical;
  spaced.insert(1, " ");
  EXPECT_EQ(DecodeStoredEvent(spaced, testing::TestSha256()).status().code(),
            StatusCode::kInternal);
  std::string flipped = e.canonical;
  flipped[flipped.find("lesson")] = 'L';
  Result<Event> changed = DecodeStoredEvent(flipped, testing::TestSha256());
  ASSERT_TRUE(changed.ok());  // Still canonical JSON, but the hash no longer matches.
  EXPECT_NE(changed->hash, e.hash);
}

}  // namespace
}  // namespace lif
