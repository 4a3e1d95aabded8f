// The audit trail (docs/audit.md) on a hand-made scenario: a case review, its
// learning item, an action linked to the item with progress, a correction and
// completion, and an unrelated action that must not appear.
#include "core/audit/audit_trail.h"

#include <gtest/gtest.h>

#include "core/audit/csv.h"
#include "core/log/memory_log.h"
#include "core/validation/catalogue.h"
#include "tests/support/test_digest.h"

namespace lif {
namespace {

Principal Admin() { return Principal{"tok-admin", Role::kAdmin, std::nullopt, std::nullopt}; }
Principal Agency(const std::string& a) {
  return Principal{"tok-" + a, Role::kAgency, a, std::nullopt};
}

class AuditTrailTest : public ::testing::Test {
 protected:
  Event Add(const Principal& who, const std::string& type, const std::string& stream,
            const std::string& data, const std::string& recorded) {
    now_ = recorded + "T12:00:00.000Z";
    AppendRequest req;
    ProposedEvent p;
    p.type = type;
    p.stream = stream;
    p.data = Json::parse(data);
    req.events.push_back(p);
    req.principal = who;
    Result<AppendOutcome> r = log_.Append(req);
    EXPECT_TRUE(r.ok()) << type << " " << stream << ": " << r.status().ToString();
    return r.ok() ? r->events.front() : Event{};
  }

  void SetUp() override {
    review = Add(
        Agency("la"), "review.opened", "review/r1",
        R"({"regime":"cspr_2018","title":"Child A","child":"pn_0123456789abcdef0123456789abcdef",
                     "incident_date":"2026-01-02","aware_on":"2026-01-03","lead_agency":"la"})",
        "2026-01-03");
    learning = Add(Admin(), "learning.identified", "learning/l1",
                   R"({"title":"Escalation","kind":"lesson","source":{"kind":"case_review",
                       "stream":"review/r1"},"themes":["neglect"]})",
                   "2026-01-06");
    planned = Add(Agency("police"), "action.planned", "action/a1",
                  R"({"title":"Briefing","plan":"plan/p1","owner_agency":"police",
                      "lead":"DI Smith","due":"2026-03-31","learning":["learning/l1"]})",
                  "2026-01-10");
    Add(Agency("health"), "action.planned", "action/a2",
        R"({"title":"GP training","plan":"plan/p1","owner_agency":"health",
            "lead":"Dr Jones","due":"2026-02-28","learning":[]})",
        "2026-01-10");
    progressed = Add(Agency("police"), "action.progressed", "action/a1",
                     R"({"note":"Drafted, \"v1\"","rag":"amber"})", "2026-02-01");
    correction = Add(Agency("police"), "correction.recorded", "correction/c1",
                     R"({"corrects":")" + planned.id +
                         R"(","reason":"Typing error","fields":{"due":"2026-03-15"}})",
                     "2026-02-02");
    disseminated =
        Add(Agency("police"), "learning.disseminated", "learning/l1",
            R"({"agency":"police","method":"briefing","date":"2026-02-10"})", "2026-02-10");
    completed = Add(Agency("police"), "action.completed", "action/a1",
                    R"({"evidence_of_impact":"Audit"})", "2026-03-01");
  }

  Json Trail(const std::string& stream, const AsOf& as_of = {}, const AuditScope& scope = {}) {
    Result<Json> t = BuildAuditTrail(log_, stream, as_of, scope);
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return t.ok() ? *t : Json();
  }

  static std::vector<int64_t> Positions(const Json& trail) {
    std::vector<int64_t> out;
    for (const Json& e : trail["entries"]) out.push_back(e["position"].get<int64_t>());
    return out;
  }

  std::string now_ = "2026-01-01T12:00:00.000Z";
  int next_id_ = 0;
  MemoryLog log_{testing::TestSha256(), &Catalogue::Default(),
                 [this] { return *ParseTimestamp(now_); },
                 [this] {
                   char id[64];
                   snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", ++next_id_);
                   return std::string(id);
                 }};
  Event review, learning, planned, progressed, correction, disseminated, completed;
};

TEST_F(AuditTrailTest, LearningItemWithItsActionAndCorrectionInLogOrder) {
  Json t = Trail("learning/l1");
  EXPECT_EQ(t["stream"], "learning/l1");
  EXPECT_EQ(t["as_of_position"], 8);
  // The item's source (the review, upward) and its action (downward).
  EXPECT_EQ(t["streams"], Json::parse(R"(["action/a1","learning/l1","review/r1"])"));
  EXPECT_EQ(t["links"], Json::parse(R"([
      {"from":"learning/l1","to":"action/a1","relation":"action"},
      {"from":"learning/l1","to":"review/r1","relation":"source"}])"));
  // Position 4 (action/a2, not linked) is left out.
  EXPECT_EQ(Positions(t), (std::vector<int64_t>{1, 2, 3, 5, 6, 7, 8}));
  EXPECT_EQ(t["entries"][0]["type"], "review.opened");

  const Json& first = t["entries"][1];
  EXPECT_EQ(first["type"], "learning.identified");
  EXPECT_EQ(first["actor"], "tok-admin");
  EXPECT_EQ(first["agency"], nullptr);
  EXPECT_EQ(first["recorded_at"], "2026-01-06T12:00:00.000Z");
  EXPECT_EQ(first["occurred_at"], learning.occurred_at);
  EXPECT_EQ(first["item"], "learning/l1");
  EXPECT_EQ(first["changes"], Json::parse(R"([
      {"field":"kind","before":null,"after":"lesson"},
      {"field":"source","before":null,"after":{"kind":"case_review","stream":"review/r1"}},
      {"field":"stage","before":null,"after":"identified"},
      {"field":"themes","before":null,"after":["neglect"]},
      {"field":"title","before":null,"after":"Escalation"}])"));

  const Json& plan = t["entries"][2];
  EXPECT_EQ(plan["agency"], "police");
  EXPECT_EQ(plan["changes"].size(), 7u);
  EXPECT_EQ(plan["changes"][0],
            Json::parse(R"({"field":"due","before":null,"after":"2026-03-31"})"));
  // The correction is shown beside the event it corrects.
  ASSERT_EQ(plan["corrected_by"].size(), 1u);
  EXPECT_EQ(plan["corrected_by"][0]["position"], 6);
  EXPECT_EQ(plan["corrected_by"][0]["reason"], "Typing error");
  EXPECT_EQ(plan["corrected_by"][0]["fields"], Json::parse(R"({"due":"2026-03-15"})"));

  EXPECT_EQ(t["entries"][3]["changes"], Json::parse(R"([
      {"field":"note","before":null,"after":"Drafted, \"v1\""},
      {"field":"rag","before":null,"after":"amber"},
      {"field":"stage","before":"planned","after":"progressed"}])"));

  // The correction in its own place: it changes the action's due date.
  const Json& corr = t["entries"][4];
  EXPECT_EQ(corr["type"], "correction.recorded");
  EXPECT_EQ(corr["item"], "action/a1");
  EXPECT_EQ(corr["corrects"]["position"], 3);
  EXPECT_EQ(corr["corrects"]["stream"], "action/a1");
  EXPECT_EQ(corr["changes"], Json::parse(R"([
      {"field":"due","before":"2026-03-31","after":"2026-03-15"}])"));

  EXPECT_EQ(t["entries"][5]["changes"], Json::parse(R"([
      {"field":"agency","before":null,"after":"police"},
      {"field":"date","before":null,"after":"2026-02-10"},
      {"field":"method","before":null,"after":"briefing"},
      {"field":"stage","before":"identified","after":"disseminated"}])"));
  EXPECT_EQ(t["entries"][6]["changes"], Json::parse(R"([
      {"field":"evidence_of_impact","before":null,"after":"Audit"},
      {"field":"stage","before":"progressed","after":"completed"}])"));
}

TEST_F(AuditTrailTest, CaseReviewFollowsItsLearningAndTheirActions) {
  Json t = Trail("review/r1");
  EXPECT_EQ(t["streams"], Json::parse(R"(["action/a1","learning/l1","review/r1"])"));
  EXPECT_EQ(Positions(t), (std::vector<int64_t>{1, 2, 3, 5, 6, 7, 8}));
}

TEST_F(AuditTrailTest, AnActionsTrailShowsTheLearningAndTheSourceItAnswers) {
  Json t = Trail("action/a1");
  EXPECT_EQ(t["streams"], Json::parse(R"(["action/a1","learning/l1","review/r1"])"));
  EXPECT_EQ(t["links"], Json::parse(R"([
      {"from":"action/a1","to":"learning/l1","relation":"answers"},
      {"from":"learning/l1","to":"review/r1","relation":"source"}])"));
  // Upward only: the item's dissemination is its own stream's, but no other
  // action of the item and nothing else the review led to.
  EXPECT_EQ(Positions(t), (std::vector<int64_t>{1, 2, 3, 5, 6, 7, 8}));
  // An action naming no learning has only its own events.
  Json alone = Trail("action/a2");
  EXPECT_EQ(alone["streams"], Json::parse(R"(["action/a2"])"));
  EXPECT_EQ(alone["links"], Json::array());
}

TEST_F(AuditTrailTest, ALearningItemsTrailShowsThePolicyReviewsItTriggered) {
  Add(Agency("la"), "policy.review_requested", "policy/escalation",
      R"({"title":"Escalation procedure","trigger":{"kind":"learning","stream":"learning/l1"}})",
      "2026-03-02");
  Add(Admin(), "policy.revised", "policy/escalation",
      R"({"version":"v2","summary":"Five-day step.","effective":"2026-04-01"})", "2026-03-20");
  Add(Agency("la"), "policy.review_requested", "policy/other",
      R"({"title":"Other","trigger":{"kind":"scheduled"}})", "2026-03-02");
  Json t = Trail("learning/l1");
  EXPECT_EQ(t["streams"],
            Json::parse(R"(["action/a1","learning/l1","policy/escalation","review/r1"])"));
  EXPECT_EQ(t["links"][1], Json::parse(R"({"from":"learning/l1","to":"policy/escalation",
                            "relation":"policy_review"})"));
  EXPECT_EQ(t["entries"].back()["type"], "policy.revised");
  // The review's trail reaches the policy through its learning item.
  EXPECT_EQ(Trail("review/r1")["streams"],
            Json::parse(R"(["action/a1","learning/l1","policy/escalation","review/r1"])"));
  // The policy's trail goes up to what triggered it, and on to the source.
  Json p = Trail("policy/escalation");
  EXPECT_EQ(p["streams"], Json::parse(R"(["learning/l1","policy/escalation","review/r1"])"));
  EXPECT_EQ(p["links"][0],
            Json::parse(R"({"from":"policy/escalation","to":"learning/l1","relation":"trigger"})"));
  // A trigger naming a stream lif never held adds nothing.
  Add(Agency("la"), "policy.review_requested", "policy/ghost",
      R"({"title":"Ghost","trigger":{"kind":"learning","stream":"learning/none"}})", "2026-03-21");
  EXPECT_EQ(Trail("policy/ghost")["streams"], Json::parse(R"(["policy/ghost"])"));
}

TEST_F(AuditTrailTest, AgencyScopeAppliesUpwardToo) {
  AuditScope police;
  police.agency = "police";
  // The learning item was recorded by an administrator: left out, and so is
  // the review above it.
  Json t = Trail("action/a1", AsOf{}, police);
  EXPECT_EQ(t["streams"], Json::parse(R"(["action/a1"])"));
}

TEST_F(AuditTrailTest, AsOfADateShowsOnlyWhatWasRecordedByThen) {
  AsOf as_of;
  as_of.kind = AsOf::Kind::kDate;
  as_of.date = *ParseDate("2026-02-01");
  Json t = Trail("learning/l1", as_of);
  EXPECT_EQ(t["as_of_position"], 5);
  EXPECT_EQ(Positions(t), (std::vector<int64_t>{1, 2, 3, 5}));
  // The correction was not yet known.
  EXPECT_EQ(t["entries"][2]["corrected_by"], Json::array());
  AsOf pos;
  pos.kind = AsOf::Kind::kPosition;
  pos.position = 1;
  Result<Json> none = BuildAuditTrail(log_, "learning/l1", pos);
  EXPECT_EQ(none.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(BuildAuditTrail(log_, "learning/zz", AsOf{}).status().code(), StatusCode::kNotFound);
}

TEST_F(AuditTrailTest, AgencyScopeFollowsOnlyItsOwnStreams) {
  AuditScope health;
  health.agency = "health";
  Json t = Trail("learning/l1", AsOf{}, health);
  EXPECT_EQ(t["streams"], Json::parse(R"(["learning/l1"])"));
  EXPECT_EQ(Positions(t), (std::vector<int64_t>{2, 7}));
}

TEST_F(AuditTrailTest, CsvHasOneRowPerChangeWithRfc4180Quoting) {
  AsOf as_of;
  as_of.kind = AsOf::Kind::kPosition;
  as_of.position = 6;
  std::string csv = AuditTrailCsv(Trail("learning/l1", as_of));
  const std::string p = "tok-police,police,";
  const std::string expected =
      "position,recorded_at,occurred_at,type,stream,item,actor,agency,field,before,after,"
      "corrects,corrected_by\r\n"
      "2,2026-01-06T12:00:00.000Z," +
      learning.occurred_at +
      ",learning.identified,learning/l1,learning/l1,tok-admin,,kind,,lesson,,\r\n"
      "2,2026-01-06T12:00:00.000Z," +
      learning.occurred_at +
      ",learning.identified,learning/l1,learning/l1,tok-admin,,source,,"
      "\"{\"\"kind\"\":\"\"case_review\"\",\"\"stream\"\":\"\"review/r1\"\"}\",,\r\n"
      "2,2026-01-06T12:00:00.000Z," +
      learning.occurred_at +
      ",learning.identified,learning/l1,learning/l1,tok-admin,,stage,,identified,,\r\n"
      "2,2026-01-06T12:00:00.000Z," +
      learning.occurred_at +
      ",learning.identified,learning/l1,learning/l1,tok-admin,,themes,,"
      "\"[\"\"neglect\"\"]\",,\r\n"
      "2,2026-01-06T12:00:00.000Z," +
      learning.occurred_at +
      ",learning.identified,learning/l1,learning/l1,tok-admin,,title,,Escalation,,\r\n";
  // The review's rows (its source) come first; then the item's.
  ASSERT_EQ(csv.substr(0, expected.find("2,2026")), expected.substr(0, expected.find("2,2026")));
  EXPECT_NE(csv.find(expected.substr(expected.find("2,2026"))), std::string::npos) << csv;
  // The progress note holds a comma and quotes: quoted, quotes doubled.
  const std::string note_row = "5,2026-02-01T12:00:00.000Z," + progressed.occurred_at +
                               ",action.progressed,action/a1,action/a1," + p +
                               "note,,\"Drafted, \"\"v1\"\"\",,\r\n";
  EXPECT_NE(csv.find(note_row), std::string::npos) << csv;
  // The corrected event lists its correction; the correction names its target.
  EXPECT_NE(csv.find(",action.planned,action/a1,action/a1," + p + "due,,2026-03-31,,6\r\n"),
            std::string::npos);
  EXPECT_NE(csv.find(",correction.recorded,correction/c1,action/a1," + p +
                     "due,2026-03-31,2026-03-15,3,\r\n"),
            std::string::npos);
  // 7 (the review) + 5 + 7 + 3 + 1 change rows and the header.
  size_t lines = 0;
  for (size_t i = csv.find("\r\n"); i != std::string::npos; i = csv.find("\r\n", i + 2)) ++lines;
  EXPECT_EQ(lines, 24u);
}

TEST(CsvTest, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField("cr\r"), "\"cr\r\"");
  EXPECT_EQ(CsvField(" padded"), "\" padded\"");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvRecord({"a", "b,c", ""}), "a,\"b,c\",\r\n");
  EXPECT_EQ(CsvCellText(Json(nullptr)), "");
  EXPECT_EQ(CsvCellText(Json(3)), "3");
  EXPECT_EQ(CsvCellText(Json::parse(R"({"a":[1,"x"]})")), "{\"a\":[1,\"x\"]}");
}

}  // namespace
}  // namespace lif
