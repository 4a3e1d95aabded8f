// The REST API against a live server: every status code of docs/api.md.
#include <gtest/gtest.h>

#include "core/json.h"
#include "tests/server/live_server.h"

namespace lif {
namespace {

std::string LearningBody(const std::string& id, const std::string& title = "Hear the child",
                         const std::string& extra = "") {
  return R"({"type":"learning.identified","stream":"learning/)" + id + R"(","data":{"title":")" +
         title +
         R"(","kind":"lesson","source":{"kind":"case_review","stream":"review/2026-01"},"themes":["voice"])" +
         extra + "}}";
}

Json Body(const httplib::Result& r) { return Json::parse(r->body); }

class ApiTest : public ::testing::Test {
 protected:
  testing::LiveServer server;
  // Each token issue is an event: the log starts with six token.created events.
  int64_t base = 6;
};

TEST_F(ApiTest, AppendReturns201WithServerFieldsAndReadsBack) {
  auto r = server.Post("admin", "/v1/events", LearningBody("a"));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  Json j = Body(r);
  // The answer is written as text: exactly the bytes of its JSON, keys sorted.
  EXPECT_EQ(r->body, j.dump());
  EXPECT_EQ(j.size(), 5u);
  EXPECT_EQ(j["position"], base + 1);
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["stream"], "learning/a");
  EXPECT_EQ(j["hash"].get<std::string>().size(), 64u);
  auto read = server.Get("admin", "/v1/events?after=" + std::to_string(base) + "&limit=10");
  ASSERT_EQ(read->status, 200);
  Json events = Body(read)["events"];
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["hash"], j["hash"]);
  EXPECT_EQ(events[0]["data"]["title"], "Hear the child");
  auto stream = server.Get("admin", "/v1/streams/learning/a");
  ASSERT_EQ(stream->status, 200);
  EXPECT_EQ(Body(stream)["events"][0]["position"], base + 1);
  auto encoded = server.Get("admin", "/v1/streams/learning%2Fa");
  ASSERT_EQ(encoded->status, 200);
}

TEST_F(ApiTest, ServerOwnedFieldsAreRejected) {
  auto r = server.Post(
      "admin", "/v1/events",
      R"({"type":"learning.identified","stream":"learning/x","data":{},"recorded_at":"2020-01-01T00:00:00Z"})");
  ASSERT_EQ(r->status, 400);
  EXPECT_EQ(Body(r)["error"]["path"], "/recorded_at");
}

TEST_F(ApiTest, InvalidFieldIs400NamingThePointer) {
  auto r = server.Post(
      "admin", "/v1/events",
      R"({"type":"learning.identified","stream":"learning/x","data":{"title":"t","kind":"rumour","source":{"kind":"case_review","stream":"review/1"},"themes":[]}})");
  ASSERT_EQ(r->status, 400);
  EXPECT_EQ(Body(r)["error"]["code"], "invalid");
  EXPECT_EQ(Body(r)["error"]["path"], "/data/kind");
  for (const char* bad : {"{", "[1,2]", "{\"type\":1}", "\xff\xfe", "{\"a\":1,\"a\":2}"}) {
    auto b = server.Post("admin", "/v1/events", bad);
    EXPECT_EQ(b->status, 400) << bad;
    EXPECT_TRUE(Body(b).contains("error")) << bad;
  }
  auto stream = server.Post("admin", "/v1/events", LearningBody("../etc"));
  EXPECT_EQ(stream->status, 400);
  EXPECT_EQ(Body(stream)["error"]["path"], "/stream");
  EXPECT_EQ(server.Head(), base);
}

TEST_F(ApiTest, NoOrBadTokenIs401) {
  auto r = server.Post("", "/v1/events", LearningBody("a"));
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(Body(r)["error"]["code"], "unauthenticated");
  httplib::Headers bad = {{"Authorization", "Bearer lif_" + std::string(64, '0')}};
  auto r2 = server.Client().Post("/v1/events", bad, LearningBody("a"), "application/json");
  EXPECT_EQ(r2->status, 401);
  EXPECT_EQ(server.Head(), base);
}

TEST_F(ApiTest, AgencyPostingAsAnotherAgencyIs403) {
  auto ok =
      server.Post("police", "/v1/events", LearningBody("p1", "Ours", R"(,"agency":"police")"));
  ASSERT_EQ(ok->status, 201) << ok->body;
  auto r =
      server.Post("police", "/v1/events", LearningBody("p2", "Theirs", R"(,"agency":"nhs-trust")"));
  ASSERT_EQ(r->status, 403);
  EXPECT_EQ(Body(r)["error"]["path"], "/data/agency");
  auto board = server.Post("board", "/v1/events", LearningBody("b1"));
  EXPECT_EQ(board->status, 403);
  EXPECT_EQ(server.Head(), base + 1);
  // The envelope's agency comes from the token.
  auto read = server.Get("admin", "/v1/streams/learning/p1");
  EXPECT_EQ(Body(read)["events"][0]["agency"], "police");
  // An agency may not read a stream another agency started.
  EXPECT_EQ(server.Get("nhs", "/v1/streams/learning/p1")->status, 403);
  EXPECT_EQ(server.Get("police", "/v1/streams/learning/p1")->status, 200);
}

TEST_F(ApiTest, VersionConflictIs409WithCurrentVersion) {
  ASSERT_EQ(server.Post("admin", "/v1/events", LearningBody("a"))->status, 201);
  auto r = server.Post(
      "admin", "/v1/events",
      R"({"type":"learning.identified","stream":"learning/a","expected_version":0,"data":{"title":"t","kind":"lesson","source":{"kind":"case_review","stream":"review/1"},"themes":[]}})");
  ASSERT_EQ(r->status, 409);
  EXPECT_EQ(Body(r)["error"]["current_version"], 1);
}

TEST_F(ApiTest, IdempotencyReplaysAcrossRestartAndRejectsOtherBody) {
  httplib::Headers key = {{"Idempotency-Key", "abc-123"}};
  auto first = server.Post("admin", "/v1/events", LearningBody("i"), key);
  ASSERT_EQ(first->status, 201);
  // Same body with other whitespace is the same request.
  std::string spaced = " " + LearningBody("i") + " ";
  auto again = server.Post("admin", "/v1/events", spaced, key);
  ASSERT_EQ(again->status, 201);
  EXPECT_EQ(again->body, first->body);
  EXPECT_EQ(again->get_header_value("Idempotent-Replayed"), "true");
  server.Restart();
  auto after_restart = server.Post("admin", "/v1/events", LearningBody("i"), key);
  ASSERT_EQ(after_restart->status, 201);
  EXPECT_EQ(after_restart->body, first->body);
  auto other = server.Post("admin", "/v1/events", LearningBody("j"), key);
  EXPECT_EQ(other->status, 422);
  EXPECT_EQ(server.Head(), base + 1);
}

TEST_F(ApiTest, BatchIsAtomic) {
  std::string good = R"({"events":[)" + LearningBody("b1") + "," + LearningBody("b2") + "]}";
  auto r = server.Post("admin", "/v1/events", good);
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(r->body, Body(r).dump());
  Json list = Body(r)["events"];
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1]["position"], base + 2);
  EXPECT_EQ(list[1]["stream"], "learning/b2");
  EXPECT_EQ(list[1]["version"], 1);
  // The third event fails validation: the first two must not be appended.
  std::string bad = R"({"events":[)" + LearningBody("c1") + "," + LearningBody("c2") + "," +
                    LearningBody("c3", "") + "]}";
  auto r2 = server.Post("admin", "/v1/events", bad);
  ASSERT_EQ(r2->status, 400);
  EXPECT_EQ(Body(r2)["error"]["path"], "/events/2/data/title");
  // A conflict halfway also appends nothing.
  std::string conflict = R"({"events":[)" + LearningBody("d1") + "," + LearningBody("b1") + "]}";
  EXPECT_EQ(server.Post("admin", "/v1/events", conflict)->status, 409);
  EXPECT_EQ(server.Head(), base + 2);
  EXPECT_EQ(server.Get("admin", "/v1/streams/learning/c1")->status, 404);
}

TEST_F(ApiTest, TooLargeAndWrongMediaType) {
  std::string huge(5 * 1024 * 1024, ' ');
  auto r = server.Post("admin", "/v1/events", huge);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  std::string many = R"({"events":[)";
  for (int i = 0; i < 1001; ++i) many += (i ? "," : "") + LearningBody("m" + std::to_string(i));
  many += "]}";
  EXPECT_EQ(server.Post("admin", "/v1/events", many)->status, 413);
  auto text =
      server.Client().Post("/v1/events", server.As("admin"), LearningBody("t"), "text/plain");
  EXPECT_EQ(text->status, 415);
  EXPECT_EQ(Body(text)["error"]["code"], "unsupported_media_type");
  EXPECT_EQ(server.Head(), base);
}

TEST_F(ApiTest, RestartKeepsEventsChainedAndViewsCurrent) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(server.Post("police", "/v1/events", LearningBody("r" + std::to_string(i)))->status,
              201);
  }
  auto verify = server.Get("inspector", "/v1/verify");
  ASSERT_EQ(verify->status, 200);
  Json before = Body(verify);
  EXPECT_TRUE(before["ok"].get<bool>());
  server.Restart();
  Json after = Body(server.Get("inspector", "/v1/verify"));
  EXPECT_EQ(after, before);
  EXPECT_EQ(after["length"], base + 5);
  Json view = Body(server.Get("board", "/v1/views/learning"));
  EXPECT_EQ(view["total"], 5);
  Json past = Body(server.Get("board", "/v1/views/learning?as_of=" + std::to_string(base + 2)));
  EXPECT_EQ(past["total"], 2);
  EXPECT_EQ(server.Get("board", "/v1/views/learning?as_of=soon")->status, 400);
  EXPECT_EQ(server.Get("board", "/v1/views/nope")->status, 404);
}

TEST_F(ApiTest, ReadsArePagedAndRoleChecked) {
  auto r = server.Get("admin", "/v1/events?after=2&limit=3");
  ASSERT_EQ(r->status, 200);
  Json j = Body(r);
  ASSERT_EQ(j["events"].size(), 3u);
  EXPECT_EQ(j["events"][0]["position"], 3);
  EXPECT_EQ(j["next_after"], 5);
  EXPECT_EQ(server.Get("admin", "/v1/events?limit=0")->status, 400);
  EXPECT_EQ(server.Get("admin", "/v1/events?after=x")->status, 400);
  EXPECT_EQ(server.Get("board", "/v1/events")->status, 403);
  EXPECT_EQ(server.Get("board", "/v1/bundle")->status, 200);
  EXPECT_EQ(server.Get("", "/healthz")->status, 200);
}

TEST_F(ApiTest, TokensAreIssuedListedAndRevokedAtOnce) {
  auto issued = server.Post("admin", "/v1/tokens",
                            R"({"name":"schools lead","role":"agency","agency":"schools"})");
  ASSERT_EQ(issued->status, 201) << issued->body;
  std::string secret = Body(issued)["token"];
  std::string id = Body(issued)["record"]["id"];
  httplib::Headers h = {{"Authorization", "Bearer " + secret}};
  EXPECT_EQ(server.Client().Get("/v1/views/learning", h)->status, 200);
  auto list = server.Get("admin", "/v1/tokens");
  EXPECT_EQ(list->body.find(secret), std::string::npos) << "secrets are never listed";
  EXPECT_NE(list->body.find(id), std::string::npos);
  EXPECT_EQ(server.Post("police", "/v1/tokens", R"({"name":"x","role":"admin"})")->status, 403);
  auto revoked = server.Client().Delete(("/v1/tokens/" + id).c_str(), server.As("admin"));
  ASSERT_EQ(revoked->status, 200);
  EXPECT_EQ(server.Client().Get("/v1/views/learning", h)->status, 401);
  // Both the issue and the revocation are events of the token's stream.
  Json stream = Body(server.Get("admin", "/v1/streams/token/" + id));
  ASSERT_EQ(stream["events"].size(), 2u);
  EXPECT_EQ(stream["events"][1]["type"], "token.revoked");
  EXPECT_EQ(stream.dump().find(secret), std::string::npos);
}

}  // namespace
}  // namespace lif
