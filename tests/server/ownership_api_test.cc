// The ownership rules through a live server (docs/access.md#ownership): an
// agency may not progress another agency's action, a chair may not sign off
// another sub-group's action; each refusal is a 403 naming the field, with
// nothing appended.
#include <gtest/gtest.h>

#include "core/json.h"
#include "tests/server/live_server.h"

namespace lif {
namespace {

TEST(OwnershipApiTest, RefusalsAre403WithNothingAppended) {
  testing::LiveServer server;  // The chair token is police's, chairing "lipsg".
  auto post = [&](const std::string& who, const std::string& body) {
    return server.Post(who, "/v1/events", body);
  };
  ASSERT_EQ(post("admin", R"({"type":"plan.created","stream":"plan/qa","data":{
      "title":"QA plan","kind":"subgroup","subgroup":"qa"}})")
                ->status,
            201);
  ASSERT_EQ(post("police", R"({"type":"action.planned","stream":"action/a1","data":{
      "title":"Briefing","plan":"plan/qa","owner_agency":"police","lead":"DI Smith",
      "due":"2026-03-31","learning":[]}})")
                ->status,
            201);
  const int64_t head = server.Head();

  auto refused = post("nhs", R"({"type":"action.progressed","stream":"action/a1","data":{
      "note":"Not ours","rag":"green"}})");
  ASSERT_EQ(refused->status, 403) << refused->body;
  Json error = Json::parse(refused->body)["error"];
  EXPECT_EQ(error["code"], "forbidden");
  EXPECT_EQ(error["path"], "/stream");
  EXPECT_NE(error["message"].get<std::string>().find("police"), std::string::npos);

  ASSERT_EQ(post("police", R"({"type":"action.completed","stream":"action/a1","data":{
      "evidence_of_impact":"Audit"}})")
                ->status,
            201);
  auto sign = post("chair", R"({"type":"action.signed_off","stream":"action/a1","data":{}})");
  ASSERT_EQ(sign->status, 403) << sign->body;
  EXPECT_EQ(Json::parse(sign->body)["error"]["path"], "/stream");
  EXPECT_EQ(server.Head(), head + 1);
  EXPECT_EQ(post("admin", R"({"type":"action.signed_off","stream":"action/a1","data":{}})")->status,
            201);
}

}  // namespace
}  // namespace lif
