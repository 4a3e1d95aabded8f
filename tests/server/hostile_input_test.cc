// Hostile input against a live server (docs/reliability.md#hostile-input):
// every case gets a 4xx JSON error {"error": {"code", "message", "path"?}}
// naming the field where there is one, the server stays healthy, and nothing
// is appended. Table-driven: one table per kind of input.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "core/json.h"
#include "tests/server/live_server.h"
#include "tests/server/raw_http.h"

namespace lif {
namespace {

using namespace std::chrono_literals;

// A valid learning.identified body, with `data_extra` appended inside "data".
std::string Learning(const std::string& id, const std::string& data_extra = "") {
  return R"({"type":"learning.identified","stream":"learning/)" + id +
         R"(","data":{"title":"Hear the child","kind":"lesson","source":{"kind":"case_review","stream":"review/2026-01"},"themes":["voice"])" +
         data_extra + "}}";
}

// The same event with one envelope field replaced by raw JSON text.
std::string WithField(const std::string& field, const std::string& raw) {
  Json body = Json::parse(Learning("x"));
  body.erase(field);
  std::string text = body.dump();
  text.insert(1, "\"" + field + "\":" + raw + ",");
  return text;
}

// The same event whose "title" is raw JSON text.
std::string WithTitle(const std::string& raw) {
  return R"({"type":"learning.identified","stream":"learning/x","data":{"title":)" + raw +
         R"(,"kind":"lesson","source":{"kind":"case_review","stream":"review/2026-01"},"themes":[]}})";
}

struct Expect {
  int status;
  std::string code;
  // The error's path: "" when the answer must not name one, "?" when any is fine.
  std::string path;
  std::string message_contains = "";
};

// Checks one error answer's shape and content; returns a description of what
// is wrong, empty when right.
std::string CheckError(int status, const std::string& body, const Expect& want) {
  if (status != want.status) {
    return "status " + std::to_string(status) + " (want " + std::to_string(want.status) +
           "): " + body.substr(0, 300);
  }
  Json j = Json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("error") || !j["error"].is_object()) {
    return "not a JSON error: " + body.substr(0, 300);
  }
  const Json& e = j["error"];
  if (!e.contains("code") || e["code"] != want.code) return "code: " + e.dump();
  if (!e.contains("message") || !e["message"].is_string() ||
      e["message"].get<std::string>().empty()) {
    return "no message: " + e.dump();
  }
  if (want.path != "?") {
    const std::string path = e.value("path", "");
    if (path != want.path) return "path '" + path + "' (want '" + want.path + "')";
  }
  if (!want.message_contains.empty() &&
      e["message"].get<std::string>().find(want.message_contains) == std::string::npos) {
    return "message lacks '" + want.message_contains + "': " + e.dump();
  }
  return "";
}

class HostileInputTest : public ::testing::Test {
 protected:
  void SetUp() override { head_ = server.Head(); }
  // After every table: nothing was appended and the server still answers.
  void TearDown() override {
    EXPECT_EQ(server.Head(), head_) << "a hostile request appended something";
    auto health = server.Get("", "/healthz");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
  }

  testing::LiveServer server;
  int64_t head_ = 0;
};

struct BodyCase {
  std::string name;
  std::string body;
  Expect expect;
};

TEST_F(HostileInputTest, MalformedBodiesAreNamed400s) {
  const std::string valid = Learning("x");
  std::vector<BodyCase> cases = {
      {"empty", "", {400, "invalid", "", "malformed JSON"}},
      {"open brace", "{", {400, "invalid", "", "malformed JSON"}},
      {"missing value", R"({"type":})", {400, "invalid", "/type", "malformed JSON"}},
      {"trailing comma", R"({"type":"a.b",})", {400, "invalid", "", "malformed JSON"}},
      {"single quotes", R"({'type':'a.b'})", {400, "invalid", "", "malformed JSON"}},
      {"trailing garbage", valid + " x", {400, "invalid", "", "malformed JSON"}},
      {"two documents", valid + valid, {400, "invalid", "", "malformed JSON"}},
      {"bare literal", "null", {400, "invalid", "", "JSON object"}},
      {"array", "[1,2]", {400, "invalid", "", "JSON object"}},
      {"nan", WithTitle("NaN"), {400, "invalid", "/data/title", "malformed JSON"}},
      {"infinity", WithTitle("Infinity"), {400, "invalid", "/data/title", "malformed JSON"}},
      // After "0" the value is complete: the fault is between values of "data".
      {"hex number", WithTitle("0x10"), {400, "invalid", "/data", "malformed JSON"}},
      {"leading zero", WithTitle("007"), {400, "invalid", "/data", "malformed JSON"}},
      {"comment", "/* hi */" + valid, {400, "invalid", "", "malformed JSON"}},
      {"duplicate key",
       R"({"type":"a.b","type":"learning.identified"})",
       {400, "invalid", "/type", "repeats a key"}},
      {"raw control character",
       WithTitle("\"a\tb\""),
       {400, "invalid", "/data/title", "malformed JSON"}},
  };
  // Every prefix of a valid body (at a few cut points) is truncated JSON.
  for (size_t cut : {size_t{1}, size_t{10}, valid.size() / 2, valid.size() - 2, valid.size() - 1}) {
    cases.push_back({"truncated at " + std::to_string(cut),
                     valid.substr(0, cut),
                     {400, "invalid", "?", "malformed JSON"}});
  }
  for (const BodyCase& c : cases) {
    auto r = server.Post("admin", "/v1/events", c.body);
    ASSERT_TRUE(r) << c.name;
    EXPECT_EQ(CheckError(r->status, r->body, c.expect), "") << c.name;
  }
}

TEST_F(HostileInputTest, WrongTypesAndUnknownFieldsNameTheirPointer) {
  const std::vector<BodyCase> cases = {
      {"type is a number", WithField("type", "1"), {400, "invalid", "/type"}},
      {"type missing", R"({"stream":"learning/x","data":{}})", {400, "invalid", "/type"}},
      {"stream is an array", WithField("stream", R"(["learning/x"])"), {400, "invalid", "/stream"}},
      {"stream is null", WithField("stream", "null"), {400, "invalid", "/stream"}},
      {"data is a string", WithField("data", R"("x")"), {400, "invalid", "/data"}},
      {"data is an array", WithField("data", "[]"), {400, "invalid", "/data"}},
      {"expected_version is a string",
       WithField("expected_version", R"("1")"),
       {400, "invalid", "/expected_version"}},
      {"expected_version is fractional",
       WithField("expected_version", "1.5"),
       {400, "invalid", "/expected_version"}},
      {"expected_version is negative",
       WithField("expected_version", "-1"),
       {400, "invalid", "/expected_version"}},
      {"expected_version is true",
       WithField("expected_version", "true"),
       {400, "invalid", "/expected_version"}},
      {"occurred_at is a number",
       WithField("occurred_at", "20260101"),
       {400, "invalid", "/occurred_at"}},
      {"occurred_at is not a date",
       WithField("occurred_at", R"("2026-02-30")"),
       {400, "invalid", "/occurred_at"}},
      {"title is a number", WithTitle("5"), {400, "invalid", "/data/title"}},
      {"title is an object", WithTitle("{}"), {400, "invalid", "/data/title"}},
      {"unknown event type", WithField("type", R"("nothing.happened")"), {400, "invalid", "/type"}},
      {"upper-case event type",
       WithField("type", R"("Learning.Identified")"),
       {400, "invalid", "/type"}},
      {"empty event type", WithField("type", R"("")"), {400, "invalid", "/type"}},
      {"type of another stream kind",
       WithField("type", R"("action.planned")"),
       {400, "invalid", "/stream"}},
      {"unknown top-level field", WithField("colour", R"("red")"), {400, "invalid", "/colour"}},
      {"unknown field with a slash", WithField("a/b~c", "1"), {400, "invalid", "/a~1b~0c"}},
      {"server-owned field", WithField("hash", R"("00")"), {400, "invalid", "/hash"}},
      {"server-owned agency", WithField("agency", R"("police")"), {400, "invalid", "/agency"}},
      {"unknown data field", Learning("x", R"(,"colour":"red")"), {400, "invalid", "/data/colour"}},
      {"batch with another key",
       R"({"events":[)" + Learning("x") + R"(],"type":"a.b"})",
       {400, "invalid", "/type"}},
      {"batch that is an object", R"({"events":{}})", {400, "invalid", "/events"}},
      {"empty batch", R"({"events":[]})", {400, "invalid", "/events"}},
      {"batch of numbers", R"({"events":[1]})", {400, "invalid", "/events/0"}},
      {"bad second event",
       R"({"events":[)" + Learning("x") + "," + WithField("type", "7") + "]}",
       {400, "invalid", "/events/1/type"}},
  };
  for (const BodyCase& c : cases) {
    auto r = server.Post("admin", "/v1/events", c.body);
    ASSERT_TRUE(r) << c.name;
    EXPECT_EQ(CheckError(r->status, r->body, c.expect), "") << c.name << ": " << c.body;
  }
}

TEST_F(HostileInputTest, HugeNumbersAreRefusedNotRounded) {
  // A stream that exists, so that "-0" (which is 0: "must not exist") conflicts.
  ASSERT_EQ(server.Post("admin", "/v1/events", Learning("exists"))->status, 201);
  ++head_;
  const std::string exists = R"({"type":"learning.identified","stream":"learning/exists",)";
  const std::vector<BodyCase> cases = {
      {"1e400 in data", WithTitle("1e400"), {400, "invalid", "/data/title", "overflow"}},
      {"-1e400 in data", WithTitle("-1e400"), {400, "invalid", "/data/title", "overflow"}},
      {"huge exponent",
       WithTitle("1e999999999999999999"),
       {400, "invalid", "/data/title", "overflow"}},
      {"2^64 in data", WithTitle("18446744073709551616"), {400, "invalid", "/data/title"}},
      {"2^64-1 in data",
       WithTitle("18446744073709551615"),
       {400, "invalid", "/data/title", "safe range"}},
      {"2^53 in data",
       WithTitle("9007199254740992"),
       {400, "invalid", "/data/title", "safe range"}},
      {"-2^53 in data",
       WithTitle("-9007199254740992"),
       {400, "invalid", "/data/title", "safe range"}},
      {"30 digits in data",
       WithTitle("123456789012345678901234567890"),
       {400, "invalid", "/data/title"}},
      {"1e16 in data", WithTitle("1e16"), {400, "invalid", "/data/title", "1e15"}},
      {"1e400 as expected_version",
       WithField("expected_version", "1e400"),
       {400, "invalid", "/expected_version"}},
      {"2^64 as expected_version",
       WithField("expected_version", "18446744073709551616"),
       {400, "invalid", "/expected_version"}},
      {"2^64-1 as expected_version",
       WithField("expected_version", "18446744073709551615"),
       {400, "invalid", "/expected_version"}},
      {"2^53 as expected_version",
       WithField("expected_version", "9007199254740992"),
       {400, "invalid", "/expected_version"}},
      {"1E+2 as expected_version",
       WithField("expected_version", "1E+2"),
       {400, "invalid", "/expected_version"}},
      {"-0 as expected_version",
       exists +
           R"("expected_version":-0,"data":{"title":"t","kind":"lesson","source":{"kind":"case_review","stream":"review/1"},"themes":[]}})",
       {409, "conflict", "/expected_version"}},
      {"1e400 in an unknown field", Learning("x", R"(,"n":1e400)"), {400, "invalid", "/data/n"}},
  };
  for (const BodyCase& c : cases) {
    auto r = server.Post("admin", "/v1/events", c.body);
    ASSERT_TRUE(r) << c.name;
    EXPECT_EQ(CheckError(r->status, r->body, c.expect), "") << c.name;
  }
}

TEST_F(HostileInputTest, DeepNestingAndLongStringsAreBounded) {
  const std::string deep_data =
      Learning("x", R"(,"n":)" + std::string(30, '[') + std::string(30, ']'));
  const std::vector<BodyCase> cases = {
      {"33 levels",
       std::string(33, '[') + std::string(33, ']'),
       {400, "invalid", "", "nests deeper"}},
      {"100000 levels unclosed", std::string(100000, '['), {400, "invalid", "", "nests deeper"}},
      {"100000 objects", std::string(100000, '{'), {400, "invalid", "", "nests deeper"}},
      {"nesting within the limit, inside data", deep_data, {400, "invalid", "/data/n"}},
      {"nesting beyond the limit, inside data",
       Learning("x", R"(,"n":)" + std::string(40, '[') + std::string(40, ']')),
       {400, "invalid", "", "nests deeper"}},
      {"70 KB title",
       WithTitle("\"" + std::string(70 * 1024, 'a') + "\""),
       {400, "invalid", "/data/title", "longer than"}},
      {"3 MB title",
       WithTitle("\"" + std::string(3 * 1024 * 1024, 'a') + "\""),
       {400, "invalid", "/data/title", "longer than"}},
      {"301-byte title (schema maxLength)",
       WithTitle("\"" + std::string(301, 'a') + "\""),
       {400, "invalid", "/data/title"}},
      {"100 KB type",
       WithField("type", "\"" + std::string(100 * 1024, 'a') + "\""),
       {400, "invalid", "/type"}},
      {"10 KB stream",
       WithField("stream", "\"learning/" + std::string(10 * 1024, 'a') + "\""),
       {400, "invalid", "/stream"}},
      {"1 KB data key",
       Learning("x", ",\"" + std::string(1024, 'k') + "\":1"),
       {400, "invalid", "/data", "key is too long"}},
      {"100000 array items",
       Learning(
           "x", R"(,"n":[)" +
                    [] {
                      std::string s = "0";
                      for (int i = 1; i < 100000; ++i) s += ",0";
                      return s;
                    }() +
                    "]"),
       {400, "invalid", "/data/n"}},
  };
  for (const BodyCase& c : cases) {
    auto r = server.Post("admin", "/v1/events", c.body);
    ASSERT_TRUE(r) << c.name;
    EXPECT_EQ(CheckError(r->status, r->body, c.expect), "") << c.name;
  }
}

TEST_F(HostileInputTest, InvalidUtf8IsRefusedWherever) {
  const std::vector<BodyCase> cases = {
      {"lone continuation byte in a value",
       WithTitle("\"a\x80z\""),
       {400, "invalid", "/data/title"}},
      {"0xff in a value", WithTitle("\"\xff\""), {400, "invalid", "/data/title"}},
      {"overlong '/'", WithTitle("\"\xc0\xaf\""), {400, "invalid", "/data/title"}},
      {"UTF-8 encoded surrogate", WithTitle("\"\xed\xa0\x80\""), {400, "invalid", "/data/title"}},
      {"truncated sequence", WithTitle("\"\xe2\x82\""), {400, "invalid", "/data/title"}},
      {"beyond U+10FFFF", WithTitle("\"\xf4\x90\x80\x80\""), {400, "invalid", "/data/title"}},
      {"escaped lone surrogate", WithTitle(R"("\ud800")"), {400, "invalid", "/data/title"}},
      {"escaped reversed surrogates",
       WithTitle(R"("\udc00\ud800")"),
       {400, "invalid", "/data/title"}},
      // A key that cannot be read names the object that holds it.
      {"invalid UTF-8 in a key", Learning("x", ",\"k\xc3\x28\":1"), {400, "invalid", "/data"}},
      {"invalid UTF-8 in a top-level key", "{\"\xff\":1}", {400, "invalid", ""}},
      {"invalid UTF-8 in the stream",
       WithField("stream", "\"learning/\xe9t\xe9\""),
       {400, "invalid", "/stream"}},
      {"valid UTF-8 in the stream",
       WithField("stream", "\"learning/\xc3\xa9t\xc3\xa9\""),
       {400, "invalid", "/stream"}},
  };
  for (const BodyCase& c : cases) {
    auto r = server.Post("admin", "/v1/events", c.body);
    ASSERT_TRUE(r) << c.name;
    EXPECT_EQ(CheckError(r->status, r->body, c.expect), "") << c.name;
  }
}

TEST_F(HostileInputTest, OddStreamIdsAreRefusedInBodiesAndPaths) {
  const std::vector<std::string> ids = {
      "..",
      "/",
      "learning/..",
      "learning/a/..",
      "a//b",
      "learning//b",
      "learning/",
      "learning/a/",
      "/learning/a",
      "learning",
      "learning/.a",
      "learning/a..b",
      "learning/a b",
      "Learning/a",
      "learning/A",
      "learning%2Fa",
      "learning/a%00",
      "learning/\u00e9",
      "learning/\u2215a",
      "learning/a\\u0000",
      "learning/a\\n",
      "learning/a\\u007f",
      "",
      "learning/" + std::string(200, 'a'),
  };
  for (const std::string& id : ids) {
    auto r = server.Post("admin", "/v1/events", WithField("stream", "\"" + id + "\""));
    ASSERT_TRUE(r) << id;
    EXPECT_EQ(CheckError(r->status, r->body, {400, "invalid", "/stream"}), "") << id;
  }
  // The same ids in a URL, raw or percent-encoded, on both endpoints that take one.
  const std::vector<std::string> paths = {
      "..",
      "learning/..",
      "learning/%2E%2E",
      "a//b",
      "learning/a/",
      "learning/a%2F",
      "%2Flearning%2Fa",
      "LEARNING/A",
      "learning/caf%C3%A9",
      "learning/%ff",
      "learning/a%00",
      "learning/a%0d%0aX-Injected:%201",
      "learning/a%20b",
      "learning%2F..%2F..%2Fetc",
      "learning/" + std::string(200, 'a'),
  };
  for (const char* prefix : {"/v1/streams/", "/v1/audit/"}) {
    for (const std::string& p : paths) {
      auto r = server.Get("admin", prefix + p);
      ASSERT_TRUE(r) << prefix << p;
      EXPECT_EQ(CheckError(r->status, r->body, {400, "invalid", "stream"}), "") << prefix << p;
      EXPECT_FALSE(r->has_header("X-Injected"));
    }
  }
}

TEST_F(HostileInputTest, TokenAndPseudonymBodiesAreRefusedToo) {
  struct Case {
    std::string path;
    std::string body;
    Expect expect;
  };
  const std::vector<Case> cases = {
      {"/v1/tokens", "{", {400, "invalid", "", "malformed JSON"}},
      {"/v1/tokens", "[]", {400, "invalid", ""}},
      {"/v1/tokens",
       R"({"name":"n","role":"admin","expires_in_days":4294967297})",
       {400, "invalid", "/expires_in_days"}},
      {"/v1/tokens",
       R"({"name":"n","role":"admin","expires_in_days":18446744073709551615})",
       {400, "invalid", "/expires_in_days"}},
      {"/v1/tokens",
       R"({"name":"n","role":"admin","expires_in_days":1e400})",
       {400, "invalid", "/expires_in_days", "overflow"}},
      {"/v1/tokens",
       R"({"name":"n","role":"admin","expires_in_days":30.5})",
       {400, "invalid", "/expires_in_days"}},
      {"/v1/tokens", R"({"name":"n","role":1})", {400, "invalid", "/role"}},
      {"/v1/tokens", R"({"name":"n","role":"root"})", {400, "invalid", "/role"}},
      {"/v1/tokens", R"({"name":{},"role":"admin"})", {400, "invalid", "/name"}},
      {"/v1/tokens", R"({"name":"n","role":"agency","agency":7})", {400, "invalid", "/agency"}},
      {"/v1/tokens", R"({"name":"n","role":"admin","secret":"lif_"})", {400, "invalid", "/secret"}},
      {"/v1/tokens", "{\"name\":\"\xff\",\"role\":\"admin\"}", {400, "invalid", "/name"}},
      {"/v1/pseudonyms", R"({"identifier":5,"agency":"police"})", {400, "invalid", "/identifier"}},
      {"/v1/pseudonyms", R"({"identifier":"x","agency":["police"]})", {400, "invalid", "/agency"}},
      {"/v1/pseudonyms", R"({"identifier":"x","agency":"../etc"})", {400, "invalid", "/agency"}},
      {"/v1/pseudonyms", R"({"identifier":"x","agency":"police","k":1})", {400, "invalid", "/k"}},
      {"/v1/pseudonyms",
       "{\"identifier\":\"\xc0\xaf\",\"agency\":\"police\"}",
       {400, "invalid", "/identifier"}},
  };
  for (const Case& c : cases) {
    auto r = server.Post("admin", c.path, c.body);
    ASSERT_TRUE(r) << c.path << " " << c.body;
    EXPECT_EQ(CheckError(r->status, r->body, c.expect), "") << c.path << " " << c.body;
  }
}

struct HeaderCase {
  std::string name;
  httplib::Headers headers;  // Sent as they are, without the fixture's token.
  std::string content_type;
  Expect expect;
};

// A repeated query parameter is ambiguous, like a repeated header: a 400
// naming it, on every route (lif reads no parameter twice), before anything
// else is looked at, and whether or not the route reads that parameter.
TEST_F(HostileInputTest, RepeatedQueryParametersAreNamed400s) {
  struct Case {
    std::string who;
    std::string method;
    std::string target;
    std::string param;
  };
  const std::vector<Case> cases = {
      {"inspector", "GET", "/v1/proof/inclusion?position=1&position=2", "position"},
      {"inspector", "GET", "/v1/proof/consistency?from=1&to=2&from=1", "from"},
      {"admin", "GET", "/v1/events?after=0&limit=5&limit=5", "limit"},
      {"admin", "GET", "/v1/views/dashboard?as_of=2026-01-01&as_of=2026-02-01", "as_of"},
      {"admin", "GET", "/v1/views/actions?agency=police&agency=nhs-trust", "agency"},
      {"admin", "GET", "/v1/audit/learning/x?format=json&format=csv", "format"},
      {"", "GET", "/healthz?x=1&x=1", "x"},
      {"", "GET", "/v1/keys?a=&a=", "a"},
      {"admin", "POST", "/v1/events?dry=1&dry=2", "dry"},
  };
  for (const Case& c : cases) {
    httplib::Client client = server.Client();
    httplib::Headers h = c.who.empty() ? httplib::Headers{} : server.As(c.who);
    httplib::Result r = c.method == "GET"
                            ? client.Get(c.target.c_str(), h)
                            : client.Post(c.target.c_str(), h, Learning("rep"), "application/json");
    ASSERT_TRUE(r) << c.target;
    EXPECT_EQ(CheckError(r->status, r->body, {400, "invalid", c.param, "once"}), "") << c.target;
  }
  // The same parameters given once are answered.
  EXPECT_EQ(server.Get("inspector", "/v1/proof/inclusion?position=1")->status, 200);
  EXPECT_EQ(server.Get("admin", "/v1/events?after=0&limit=5")->status, 200);
}

TEST_F(HostileInputTest, BadHeadersAreRefused) {
  const std::string token = server.tokens.at("admin");
  const httplib::Headers auth = {{"Authorization", "Bearer " + token}};
  auto with = [&](std::initializer_list<std::pair<const std::string, std::string>> extra) {
    httplib::Headers h = auth;
    h.insert(extra);
    return h;
  };
  // (An empty header, "Idempotency-Key:" with no value, never reaches lif:
  // httplib 0.11.4 drops header lines without a value, so it counts as absent.)
  const std::vector<HeaderCase> cases = {
      {"text/plain", auth, "text/plain", {415, "unsupported_media_type", ""}},
      {"no Content-Type", auth, "", {415, "unsupported_media_type", ""}},
      {"application/jsonx", auth, "application/jsonx", {415, "unsupported_media_type", ""}},
      {"form", auth, "application/x-www-form-urlencoded", {415, "unsupported_media_type", ""}},
      {"two Content-Types",
       with({{"Content-Type", "text/plain"}}),
       "application/json",
       {400, "invalid", "Content-Type"}},
      {"no Authorization", {}, "application/json", {401, "unauthenticated", ""}},
      {"scheme only",
       {{"Authorization", "Bearer"}},
       "application/json",
       {401, "unauthenticated", ""}},
      {"empty token",
       {{"Authorization", "Bearer "}},
       "application/json",
       {401, "unauthenticated", ""}},
      {"Basic",
       {{"Authorization", "Basic YWRtaW46YWRtaW4="}},
       "application/json",
       {401, "unauthenticated", ""}},
      {"unknown token",
       {{"Authorization", "Bearer lif_" + std::string(64, 'z')}},
       "application/json",
       {401, "unauthenticated", ""}},
      {"token with a tail",
       {{"Authorization", "Bearer " + token + "x"}},
       "application/json",
       {401, "unauthenticated", ""}},
      {"token without scheme",
       {{"Authorization", token}},
       "application/json",
       {401, "unauthenticated", ""}},
      {"two spaces",
       {{"Authorization", "Bearer  " + token}},
       "application/json",
       {401, "unauthenticated", ""}},
      {"8000-byte token",
       {{"Authorization", "Bearer " + std::string(8000, 'a')}},
       "application/json",
       {401, "unauthenticated", ""}},
      {"binary token",
       {{"Authorization", "Bearer \x01\xff\xfe"}},
       "application/json",
       {401, "unauthenticated", ""}},
      {"two Authorizations",
       with({{"Authorization", "Bearer " + token}}),
       "application/json",
       {400, "invalid", "Authorization"}},
      {"long Idempotency-Key",
       with({{"Idempotency-Key", std::string(129, 'k')}}),
       "application/json",
       {400, "invalid", "Idempotency-Key"}},
      {"Idempotency-Key with a space",
       with({{"Idempotency-Key", "a b"}}),
       "application/json",
       {400, "invalid", "Idempotency-Key"}},
      {"Idempotency-Key with UTF-8",
       with({{"Idempotency-Key", "cl\xc3\xa9"}}),
       "application/json",
       {400, "invalid", "Idempotency-Key"}},
      {"two Idempotency-Keys",
       with({{"Idempotency-Key", "a"}, {"Idempotency-Key", "b"}}),
       "application/json",
       {400, "invalid", "Idempotency-Key"}},
      {"a 10 KB header line",
       with({{"X-Padding", std::string(10 * 1024, 'p')}}),
       "application/json",
       {400, "invalid", ""}},
  };
  for (const HeaderCase& c : cases) {
    auto r = server.Client().Post("/v1/events", c.headers, Learning("h"), c.content_type.c_str());
    ASSERT_TRUE(r) << c.name;
    EXPECT_EQ(CheckError(r->status, r->body, c.expect), "") << c.name;
  }
  // The scheme's name is case-insensitive: this one is accepted (and undone
  // from the count of what must not be appended).
  auto lower = server.Client().Post("/v1/events", {{"Authorization", "bearer " + token}},
                                    Learning("lower"), "application/json");
  ASSERT_TRUE(lower);
  EXPECT_EQ(lower->status, 201) << lower->body;
  ++head_;
}

struct RawCase {
  std::string name;
  std::string request;  // Bytes sent as they are; "{T}" is replaced by the admin token.
  Expect expect;
  std::string allow = "";  // Expected Allow header of a 405.
  bool closes = false;     // The server must close the connection after answering.
};

TEST_F(HostileInputTest, FramingMethodsAndBodiesOnGetAreRefused) {
  const std::string token = server.tokens.at("admin");
  const std::string body = Learning("raw");
  const std::string len = std::to_string(body.size());
  const std::string post =
      "POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {T}\r\n"
      "Content-Type: application/json\r\n";
  const std::string smuggled = "GET /v1/nowhere HTTP/1.1\r\nHost: x\r\n\r\n";
  std::string many_headers = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 70; ++i) many_headers += "X-H" + std::to_string(i) + ": v\r\n";
  many_headers += "\r\n";
  const std::vector<RawCase> cases = {
      {"GET with a body",
       "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
       {400, "invalid", "Content-Length"},
       "",
       true},
      {"GET with a smuggled request as its body",
       "GET /v1/head HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {T}\r\nContent-Length: " +
           std::to_string(smuggled.size()) + "\r\n\r\n" + smuggled,
       {400, "invalid", "Content-Length"},
       "",
       true},
      {"GET with a chunked body",
       "GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
       "chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
       {400, "invalid", "Transfer-Encoding"},
       "",
       true},
      {"POST chunked",
       post + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
       {411, "length_required", "Transfer-Encoding"},
       "",
       true},
      {"POST without Content-Length",
       post + "\r\n" + body,
       {411, "length_required", "Content-Length"},
       "",
       true},
      {"Content-Length not a number",
       post + "Content-Length: abc\r\n\r\n" + body,
       {400, "invalid", "Content-Length"},
       "",
       true},
      {"negative Content-Length",
       post + "Content-Length: -1\r\n\r\n" + body,
       {400, "invalid", "Content-Length"},
       "",
       true},
      {"Content-Length with a sign",
       post + "Content-Length: +" + len + "\r\n\r\n" + body,
       {400, "invalid", "Content-Length"},
       "",
       true},
      {"two equal Content-Lengths",
       post + "Content-Length: " + len + "\r\nContent-Length: " + len + "\r\n\r\n" + body,
       {400, "invalid", "Content-Length"},
       "",
       true},
      {"two different Content-Lengths",
       post + "Content-Length: 2\r\nContent-Length: " + len + "\r\n\r\n" + body,
       {400, "invalid", "Content-Length"},
       "",
       true},
      {"70 headers", many_headers, {431, "headers_too_large", ""}, "", true},
      {"PUT /v1/events without Content-Length",
       "PUT /v1/events HTTP/1.1\r\nHost: x\r\n\r\n",
       {405, "method_not_allowed", ""},
       "POST, GET, HEAD",
       true},
      {"PATCH /v1/events",
       "PATCH /v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
       {405, "method_not_allowed", ""},
       "POST, GET, HEAD",
       true},
      {"DELETE /v1/events",
       "DELETE /v1/events HTTP/1.1\r\nHost: x\r\n\r\n",
       {405, "method_not_allowed", ""},
       "POST, GET, HEAD",
       true},
      {"OPTIONS /v1/events",
       "OPTIONS /v1/events HTTP/1.1\r\nHost: x\r\n\r\n",
       {405, "method_not_allowed", ""},
       "POST, GET, HEAD",
       true},
      {"TRACE /v1/events",
       "TRACE /v1/events HTTP/1.1\r\nHost: x\r\n\r\n",
       {405, "method_not_allowed", ""},
       "POST, GET, HEAD",
       true},
      {"POST /healthz",
       "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}",
       {405, "method_not_allowed", ""},
       "GET, HEAD",
       true},
      {"POST to a stream",
       "POST /v1/streams/learning/a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}",
       {405, "method_not_allowed", ""},
       "GET, HEAD",
       true},
      {"DELETE /v1/tokens",
       "DELETE /v1/tokens HTTP/1.1\r\nHost: x\r\n\r\n",
       {405, "method_not_allowed", ""},
       "POST, GET, HEAD",
       true},
      {"unknown method", "BREW /v1/events HTTP/1.1\r\nHost: x\r\n\r\n", {400, "invalid", ""}},
      {"no path", "GET\r\nHost: x\r\n\r\n", {400, "invalid", ""}},
      {"unknown path", "GET /v2/events HTTP/1.1\r\nHost: x\r\n\r\n", {404, "not_found", ""}},
      {"a 10 KB URI",
       "GET /v1/views?q=" + std::string(10 * 1024, 'q') + " HTTP/1.1\r\nHost: x\r\n\r\n",
       {414, "uri_too_long", ""}},
  };
  for (RawCase c : cases) {
    for (size_t at; (at = c.request.find("{T}")) != std::string::npos;) {
      c.request.replace(at, 3, token);
    }
    testing::RawConnection conn(server.port());
    ASSERT_TRUE(conn.connected());
    ASSERT_TRUE(conn.Send(c.request)) << c.name;
    std::optional<testing::RawResponse> r = conn.ReadResponse(5s);
    ASSERT_TRUE(r.has_value()) << c.name << ": no answer";
    EXPECT_EQ(CheckError(r->status, r->body, c.expect), "") << c.name;
    EXPECT_EQ(r->headers["content-type"], "application/json") << c.name;
    if (!c.allow.empty()) {
      EXPECT_EQ(r->headers["allow"], c.allow) << c.name;
    }
    if (c.closes) {
      // Whatever followed the refused request is never answered as a request.
      EXPECT_TRUE(conn.ClosedWithin(3s)) << c.name << ": the connection stayed open";
    }
  }
}

// A client that sends half a request and stalls holds one worker until the
// read timeout, and nobody else waits for it.
TEST(HostileClientTest, StalledClientsDoNotBlockOthers) {
  server::ApiOptions options;
  options.read_timeout = 1s;
  options.keep_alive_timeout_seconds = 1;
  options.worker_threads = 4;
  testing::LiveServer server(options);
  const int64_t head = server.Head();
  const std::string token = server.tokens.at("admin");
  testing::RawConnection half_line(server.port());
  testing::RawConnection half_headers(server.port());
  testing::RawConnection half_body(server.port());
  ASSERT_TRUE(half_line.Send("GET /heal"));
  ASSERT_TRUE(half_headers.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nAuthoriz"));
  ASSERT_TRUE(half_body.Send("POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                             token +
                             "\r\nContent-Type: application/json\r\nContent-Length: 300\r\n\r\n"
                             "{\"type\":\"learning.identified\",\"stream\":\"learning/x\""));
  // Others are served at once while the three stall (a wait would last until
  // the read timeout, 1 s).
  const auto start = std::chrono::steady_clock::now();
  auto ok = server.Get("admin", "/v1/views/learning");
  const auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_LT(waited, 800ms) << "a healthy request waited behind stalled ones";
  // A request line that never ends is dropped: there is nothing to answer.
  EXPECT_TRUE(half_line.ClosedWithin(5s));
  // The other stalled requests are answered 400 after the read timeout.
  for (testing::RawConnection* c : {&half_headers, &half_body}) {
    std::optional<testing::RawResponse> r = c->ReadResponse(5s);
    ASSERT_TRUE(r.has_value()) << "a stalled request was never answered";
    EXPECT_EQ(CheckError(r->status, r->body, {400, "invalid", "", "not sent in time"}), "");
  }
  // Then the connection is closed once idle for the keep-alive timeout.
  EXPECT_TRUE(half_body.ClosedWithin(3s));
  EXPECT_EQ(server.Head(), head);
  EXPECT_EQ(server.Get("", "/healthz")->status, 200);
}

// More stalled clients than workers: a healthy request waits, but only until
// the read timeout (then the keep-alive timeout) frees a worker.
TEST(HostileClientTest, StalledClientsHoldWorkersOnlyUntilTheTimeouts) {
  server::ApiOptions options;
  options.read_timeout = 500ms;
  options.keep_alive_timeout_seconds = 1;
  options.worker_threads = 2;
  testing::LiveServer server(options);
  testing::RawConnection a(server.port()), b(server.port()), c(server.port());
  for (testing::RawConnection* conn : {&a, &b, &c}) {
    ASSERT_TRUE(conn->Send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow"));
  }
  const auto start = std::chrono::steady_clock::now();
  auto ok = server.Get("", "/healthz");
  const auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_LT(waited, 5s) << "stalled clients held the workers beyond the timeouts";
}

}  // namespace
}  // namespace lif
