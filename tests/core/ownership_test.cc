// Ownership rules (core/validation/ownership.h, docs/access.md#ownership):
// an agency progresses only actions its agency owns, a sub-group chair plans
// and signs off only within its own sub-group, checked through the real
// append path of the in-memory log.
#include "core/validation/ownership.h"

#include <gtest/gtest.h>

#include "core/log/memory_log.h"
#include "tests/support/domain_scenario.h"
#include "tests/support/test_digest.h"

namespace lif {
namespace {

using testing::Agency;
using testing::Chair;
using testing::DomainAdmin;

class OwnershipTest : public ::testing::Test {
 protected:
  Result<AppendOutcome> Add(const Principal& who, const std::string& type,
                            const std::string& stream, const std::string& data) {
    AppendRequest req;
    req.principal = who;
    req.events.push_back(
        ProposedEvent{type, stream, Json::parse(data), std::nullopt, std::nullopt});
    return log_.Append(std::move(req));
  }
  void MustAdd(const Principal& who, const std::string& type, const std::string& stream,
               const std::string& data) {
    Result<AppendOutcome> r = Add(who, type, stream, data);
    ASSERT_TRUE(r.ok()) << type << " " << stream << ": " << r.status().ToString();
  }
  void ExpectForbidden(const Result<AppendOutcome>& r, const std::string& path) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kForbidden) << r.status().ToString();
    EXPECT_EQ(r.status().path(), path) << r.status().ToString();
  }
  static std::string Action(const std::string& plan, const std::string& owner) {
    return R"({"title":"Briefing","plan":")" + plan + R"(","owner_agency":")" + owner +
           R"(","lead":"DI Smith","due":"2026-03-31","learning":[]})";
  }
  void SetUp() override {
    MustAdd(DomainAdmin(), "plan.created", "plan/board",
            R"({"title":"Board plan","kind":"board"})");
    MustAdd(Chair("police", "lipsg"), "plan.created", "plan/lipsg",
            R"({"title":"LIPSG plan","kind":"subgroup","subgroup":"lipsg"})");
    MustAdd(DomainAdmin(), "plan.created", "plan/qa",
            R"({"title":"QA plan","kind":"subgroup","subgroup":"qa"})");
    MustAdd(Agency("police"), "action.planned", "action/a1", Action("plan/board", "police"));
    MustAdd(DomainAdmin(), "action.planned", "action/q1", Action("plan/qa", "nhs-trust"));
    MustAdd(DomainAdmin(), "action.planned", "action/l1", Action("plan/lipsg", "nhs-trust"));
  }

  std::string now_ = "2026-01-05T12:00:00.000Z";
  int next_id_ = 0;
  MemoryLog log_{
      testing::TestSha256(), &Catalogue::Default(), [this] { return *ParseTimestamp(now_); },
      [this] { return "00000000-0000-4000-8000-" + std::to_string(100000000000 + ++next_id_); }};
};

TEST_F(OwnershipTest, OnlyTheOwningAgencyProgressesAnAction) {
  const std::string progress = R"({"note":"Half done","rag":"amber"})";
  const int64_t before = log_.Head().position;
  ExpectForbidden(Add(Agency("nhs-trust"), "action.progressed", "action/a1", progress), "/stream");
  ExpectForbidden(Add(Agency("nhs-trust"), "action.completed", "action/a1",
                      R"({"evidence_of_impact":"Audit"})"),
                  "/stream");
  ExpectForbidden(Add(Agency("nhs-trust"), "action.due_revised", "action/a1",
                      R"({"due":"2026-06-30","reason":"Staffing"})"),
                  "/stream");
  EXPECT_EQ(log_.Head().position, before);
  MustAdd(Agency("police"), "action.progressed", "action/a1", progress);
  // The owner is the action's owner_agency, whoever recorded it.
  MustAdd(Agency("nhs-trust"), "action.progressed", "action/q1", progress);
  ExpectForbidden(Add(Agency("police"), "action.progressed", "action/q1", progress), "/stream");
  // A chair is an agency too: it progresses only its own agency's actions.
  ExpectForbidden(Add(Chair("police", "lipsg"), "action.progressed", "action/l1", progress),
                  "/stream");
  MustAdd(DomainAdmin(), "action.progressed", "action/q1", progress);
}

TEST_F(OwnershipTest, AChairPlansOnlyForItsSubgroup) {
  ExpectForbidden(Add(Chair("police", "lipsg"), "plan.created", "plan/qa2",
                      R"({"title":"QA plan 2","kind":"subgroup","subgroup":"qa"})"),
                  "/data");
  ExpectForbidden(Add(Chair("police", "lipsg"), "plan.created", "plan/b2",
                      R"({"title":"Board plan 2","kind":"board"})"),
                  "/data");
  ExpectForbidden(
      Add(Chair("police", "lipsg"), "action.planned", "action/x1", Action("plan/qa", "police")),
      "/data/plan");
  ExpectForbidden(
      Add(Chair("police", "lipsg"), "action.planned", "action/x2", Action("plan/none", "police")),
      "/data/plan");
  MustAdd(Chair("police", "lipsg"), "action.planned", "action/x3", Action("plan/lipsg", "police"));
}

TEST_F(OwnershipTest, AChairSignsOffOnlyActionsOfItsSubgroupsPlans) {
  MustAdd(Agency("nhs-trust"), "action.completed", "action/q1", R"({"evidence_of_impact":"A"})");
  MustAdd(Agency("nhs-trust"), "action.completed", "action/l1", R"({"evidence_of_impact":"B"})");
  ExpectForbidden(Add(Chair("police", "lipsg"), "action.signed_off", "action/q1", "{}"), "/stream");
  ExpectForbidden(
      Add(Chair("police", "lipsg"), "action.reopened", "action/q1", R"({"reason":"No evidence"})"),
      "/stream");
  MustAdd(Chair("police", "lipsg"), "action.signed_off", "action/l1", "{}");
  MustAdd(DomainAdmin(), "action.signed_off", "action/q1", "{}");
}

TEST_F(OwnershipTest, StreamsCreatedEarlierInTheSameBatchCount) {
  AppendRequest req;
  req.principal = Chair("police", "lipsg");
  req.form = RequestForm::kBatch;
  req.events = {
      ProposedEvent{"plan.created", "plan/lipsg2",
                    Json::parse(R"({"title":"P","kind":"subgroup","subgroup":"lipsg"})"),
                    std::nullopt, std::nullopt},
      ProposedEvent{"action.planned", "action/b1", Json::parse(Action("plan/lipsg2", "police")),
                    std::nullopt, std::nullopt},
      ProposedEvent{"action.progressed", "action/b1",
                    Json::parse(R"({"note":"Started","rag":"green"})"), std::nullopt,
                    std::nullopt}};
  Result<AppendOutcome> r = log_.Append(req);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // And a forbidden event anywhere in a batch refuses the whole batch.
  req.events = {
      ProposedEvent{"action.progressed", "action/b1",
                    Json::parse(R"({"note":"More","rag":"green"})"), std::nullopt, std::nullopt},
      ProposedEvent{"action.progressed", "action/q1",
                    Json::parse(R"({"note":"Not mine","rag":"green"})"), std::nullopt,
                    std::nullopt}};
  const int64_t before = log_.Head().position;
  ExpectForbidden(log_.Append(req), "/events/1/stream");
  EXPECT_EQ(log_.Head().position, before);
}

}  // namespace
}  // namespace lif
