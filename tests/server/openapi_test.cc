// /openapi.json stays true: every documented operation answers with something
// other than "no such endpoint", and every status a handler can send is listed.
#include "server/http/openapi.h"

#include <gtest/gtest.h>

#include <regex>

#include "core/json.h"
#include "tests/server/live_server.h"

namespace lif {
namespace {

TEST(OpenApiTest, EveryDocumentedPathIsServed) {
  testing::LiveServer server;
  auto r = server.Get("", "/openapi.json");
  ASSERT_EQ(r->status, 200);
  Json doc = Json::parse(r->body);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  int checked = 0;
  testing::ForEachDocumentedOperation(
      server, "admin",
      [&](const std::string& path, const std::string& method, const Json& op,
          const httplib::Result& res) {
        ASSERT_TRUE(res) << method << " " << path;
        if (res->status == 404) {
          // A 404 must be the endpoint's own answer (a missing resource), never a missing route.
          EXPECT_EQ(res->body.find("no such endpoint"), std::string::npos) << method << " " << path;
        }
        EXPECT_TRUE(op["responses"].contains(std::to_string(res->status)) || res->status == 200 ||
                    res->status == 201)
            << method << " " << path << " answered " << res->status << " which is not documented";
        ++checked;
      });
  EXPECT_GE(checked, 13);
}

// Every filter the document lists for the views is read and checked by each
// view it names: a value no filter accepts is a 400 naming that filter.
TEST(OpenApiTest, EveryViewFilterIsCheckedByItsViews) {
  testing::LiveServer server;
  Json doc = Json::parse(server.Get("", "/openapi.json")->body);
  const Json& params = doc["paths"]["/v1/views/{name}"]["get"]["parameters"];
  int checked = 0;
  for (const Json& p : params) {
    if (!p.contains("x-lif-views")) continue;
    const std::string filter = p["name"];
    for (const Json& view : p["x-lif-views"]) {
      const std::string path = "/v1/views/" + view.get<std::string>() + "?" + filter + "=%21%21";
      auto r = server.Get("admin", path);
      ASSERT_TRUE(r) << path;
      EXPECT_EQ(r->status, 400) << path;
      Json body = Json::parse(r->body, nullptr, false);
      EXPECT_EQ(body["error"]["path"], filter) << path << " answered " << r->body;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 33);  // The table in server/http/openapi.cc: 19 filters, 33 uses.
}

TEST(OpenApiTest, ServedDocumentMatchesTheBuilder) {
  testing::LiveServer server;
  EXPECT_EQ(Json::parse(server.Get("", "/openapi.json")->body), server::OpenApiDocument());
}

}  // namespace
}  // namespace lif
