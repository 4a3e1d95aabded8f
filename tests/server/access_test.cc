// The whole role table (server::Endpoints(), docs/access.md) walked against a
// live server: every endpoint by every role and without a token. An allowed
// call answers 2xx or the endpoint's own business error (400, 404); a refused
// call answers 401 (no token) or 403 (role), appends nothing and reveals no
// event data.
#include "server/http/access.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/json.h"
#include "tests/server/live_server.h"

namespace lif {
namespace {

constexpr char kMarker[] = "MARKER-7f3a-secret-title";

// Token names of testing::LiveServer by role ("" is no token).
const std::vector<std::pair<std::string, std::optional<Role>>>& Callers() {
  static const std::vector<std::pair<std::string, std::optional<Role>>> kCallers = {
      {"admin", Role::kAdmin},         {"police", Role::kAgency}, {"chair", Role::kSubgroupChair},
      {"inspector", Role::kInspector}, {"board", Role::kBoard},   {"", std::nullopt}};
  return kCallers;
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  size_t at = s.find(from);
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

class AccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // A learning item started by the police (the chair's agency too), whose
    // title must never appear in a refusal.
    auto r = server.Post(
        "police", "/v1/events",
        R"({"type":"learning.identified","stream":"learning/acc","data":{"title":")" +
            std::string(kMarker) +
            R"(","kind":"lesson","source":{"kind":"other","stream":"other/x"},"themes":[]}})");
    ASSERT_EQ(r->status, 201) << r->body;
  }

  // The request for one table row: path parameters filled in, the required
  // query parameters added, a valid body for writes.
  httplib::Result Call(const server::EndpointInfo& e, const std::string& who, int n) {
    std::string path = Replace(e.path, "{stream}", "learning/acc");
    path = Replace(path, "{name}", "learning");
    path = Replace(path, "{id}", "tok-does-not-exist");
    path = Replace(path, "{subject}", "learning/acc");
    path = Replace(path, "{kind}", "actions");
    path = Replace(path, "{agency}", "police");
    // An event stream ends at once with wait=0 (after what is already there).
    if (path.size() > 7 && path.compare(path.size() - 7, 7, "/stream") == 0) path += "?wait=0";
    if (e.path == "/v1/proof/inclusion") path += "?position=1";
    if (e.path == "/v1/proof/consistency") path += "?from=1";
    if (e.path == "/v1/views/{name}/diff") path += "?from=1";
    httplib::Headers h = who.empty() ? httplib::Headers{} : server.As(who);
    httplib::Client c = server.Client();
    if (e.method == "get") return c.Get(path.c_str(), h);
    if (e.method == "delete") return c.Delete(path.c_str(), h);
    if (e.path == "/v1/import") {
      return c.Post((path + "?kind=actions&dry_run=true").c_str(), h, "plan,action\r\n",
                    "text/csv");
    }
    std::string body = "{}";
    if (e.path == "/v1/events") {
      body =
          R"({"type":"learning.identified","stream":"learning/w)" + std::to_string(n) +
          R"(","data":{"title":"t","kind":"lesson","source":{"kind":"other","stream":"other/x"},"themes":[]}})";
    } else if (e.path == "/v1/tokens") {
      body = R"({"name":"extra)" + std::to_string(n) + R"(","role":"board"})";
    } else if (e.path == "/v1/pseudonyms") {
      body = R"({"identifier":"CASE-1"})";
    }
    return c.Post(path.c_str(), h, body, "application/json");
  }

  testing::LiveServer server;
};

TEST_F(AccessTest, EveryEndpointByEveryRole) {
  int n = 0;
  int allowed_calls = 0, refused_calls = 0;
  for (const server::EndpointInfo& e : server::Endpoints()) {
    for (const auto& [who, role] : Callers()) {
      const std::string cell = e.method + " " + e.path + " as " + (who.empty() ? "nobody" : who);
      const bool allowed = e.public_access || (role && std::find(e.roles.begin(), e.roles.end(),
                                                                 *role) != e.roles.end());
      const int64_t head = server.Head();
      httplib::Result r = Call(e, who, ++n);
      ASSERT_TRUE(r) << cell;
      if (allowed) {
        ++allowed_calls;
        EXPECT_TRUE((r->status >= 200 && r->status < 300) || r->status == 400 || r->status == 404)
            << cell << ": " << r->status << " " << r->body;
        continue;
      }
      ++refused_calls;
      EXPECT_EQ(r->status, role ? 403 : 401) << cell << ": " << r->body;
      EXPECT_EQ(server.Head(), head) << cell << " appended";
      EXPECT_EQ(r->body.find(kMarker), std::string::npos) << cell;
      Json body = Json::parse(r->body, nullptr, false);
      ASSERT_TRUE(body.is_object()) << cell;
      EXPECT_EQ(body.size(), 1u) << cell << ": " << r->body;
      ASSERT_TRUE(body.contains("error")) << cell;
      EXPECT_EQ(body["error"]["code"], role ? "forbidden" : "unauthenticated") << cell;
      for (auto it = body["error"].begin(); it != body["error"].end(); ++it) {
        EXPECT_TRUE(it.key() == "code" || it.key() == "message") << cell << ": " << it.key();
      }
    }
  }
  // The table is not trivially all-allowed or all-refused.
  EXPECT_GT(allowed_calls, 40);
  EXPECT_GT(refused_calls, 40);
}

TEST_F(AccessTest, AgencyRowsAreLimitedToTheirOwnStreams) {
  // The health trust may use the audit and stream endpoints, but not on the
  // police's item: 403, and the refusal shows nothing of it.
  for (const char* path : {"/v1/audit/learning/acc", "/v1/streams/learning/acc"}) {
    auto r = server.Get("nhs", path);
    EXPECT_EQ(r->status, 403) << path;
    EXPECT_EQ(r->body.find(kMarker), std::string::npos) << path;
  }
  EXPECT_EQ(server.Get("police", "/v1/audit/learning/acc")->status, 200);
}

TEST_F(AccessTest, DocsTableMatchesTheCode) {
  const std::string file = std::string(LIF_SOURCE_DIR) + "/docs/access.md";
  std::ifstream in(file);
  ASSERT_TRUE(in) << file;
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  const std::string begin = "<!-- roles-table:begin -->\n";
  const std::string end = "<!-- roles-table:end -->";
  const size_t b = doc.find(begin);
  const size_t e = doc.find(end);
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(e, std::string::npos);
  EXPECT_EQ(doc.substr(b + begin.size(), e - b - begin.size()), server::AccessTableMarkdown())
      << "regenerate the table in docs/access.md from server::AccessTableMarkdown()";
}

}  // namespace
}  // namespace lif
