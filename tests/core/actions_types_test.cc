// Validation of the domain 2 event types (docs/catalogue-domain23.md):
// priorities, plans, actions, training programme, policy reviews and
// dissemination. Each type: a valid example accepted, each required field
// missing -> 400 at its path, a bad enum value, and authorisation (403).
#include <gtest/gtest.h>

#include <set>

#include "core/validation/catalogue.h"

namespace lif {
namespace {

// One event type's validation cases: a valid example from an allowed writer,
// its required fields (each missing -> 400 at /data/<field>), an enum field
// (JSON pointer under data) with a bad value, and the authorisation case.
struct TypeCase {
  std::string type;
  std::string stream;
  Principal writer;
  Json valid;
  std::vector<std::string> required;
  std::string enum_pointer;  // Empty: the type has no enum field.
  std::string agency_field;  // x-lif-agency field, empty when none.
};

[[maybe_unused]] Principal Admin() {
  return Principal{"tok-admin", Role::kAdmin, std::nullopt, std::nullopt};
}
[[maybe_unused]] Principal Agency(const std::string& a) {
  return Principal{"tok-" + a, Role::kAgency, a, std::nullopt};
}
[[maybe_unused]] Principal Chair(const std::string& a, const std::string& subgroup) {
  return Principal{"tok-chair-" + a, Role::kSubgroupChair, a, subgroup};
}

Status Check(const TypeCase& c, const Principal& who, const Json& data) {
  ProposedEvent p;
  p.type = c.type;
  p.stream = c.stream;
  p.data = data;
  return Catalogue::Default().Validate(p, who, "");
}

void RunTypeCase(const TypeCase& c) {
  SCOPED_TRACE(c.type);
  ASSERT_NE(Catalogue::Default().Find(c.type), nullptr);
  Status ok = Check(c, c.writer, c.valid);
  EXPECT_TRUE(ok.ok()) << ok.ToString();
  // The hand-written list of required fields is exactly the schema's.
  std::set<std::string> schema_required;
  for (const Json& r :
       Catalogue::Default().Find(c.type)->data_schema.value("required", Json::array())) {
    schema_required.insert(r.get<std::string>());
  }
  EXPECT_EQ(schema_required, std::set<std::string>(c.required.begin(), c.required.end()));
  for (const std::string& field : c.required) {
    Json missing = c.valid;
    missing.erase(field);
    Status s = Check(c, c.writer, missing);
    EXPECT_EQ(s.code(), StatusCode::kInvalid) << field;
    EXPECT_EQ(s.path(), "/data/" + field);
  }
  if (!c.enum_pointer.empty()) {
    Json bad = c.valid;
    bad[Json::json_pointer(c.enum_pointer)] = "not_a_value";
    Status s = Check(c, c.writer, bad);
    EXPECT_EQ(s.code(), StatusCode::kInvalid);
    EXPECT_EQ(s.path(), "/data" + c.enum_pointer);
  }
  Json unknown = c.valid;
  unknown["surprise"] = 1;
  EXPECT_EQ(Check(c, c.writer, unknown).path(), "/data/surprise");
  if (!c.agency_field.empty()) {
    // The valid example names "police"; the police token may post it, the
    // health token may not post it as police.
    Status s = Check(c, Agency("health"), c.valid);
    EXPECT_EQ(s.code(), StatusCode::kForbidden);
    EXPECT_EQ(s.path(), "/data/" + c.agency_field);
  } else {
    bool agency_writes = false;
    for (Role r : Catalogue::Default().Find(c.type)->writers) agency_writes |= r == Role::kAgency;
    if (!agency_writes) {
      Status s = Check(c, Agency("police"), c.valid);
      EXPECT_EQ(s.code(), StatusCode::kForbidden);
      EXPECT_EQ(s.path(), "/type");
    }
  }
  // Inspectors and board members write nothing.
  for (Role r : {Role::kInspector, Role::kBoard}) {
    EXPECT_EQ(Check(c, Principal{"tok-x", r, std::nullopt, std::nullopt}, c.valid).code(),
              StatusCode::kForbidden);
  }
}

TEST(Domain2TypesTest, EveryTypeValidates) {
  const std::vector<TypeCase> cases = {
      {"priority.set",
       "priority/p1",
       Admin(),
       Json::parse(R"({"title":"Neglect","status":"active","period_start":"2026-04-01",
                       "period_end":"2027-03-31"})"),
       {"title", "status"},
       "/status",
       ""},
      {"plan.created",
       "plan/police-2026",
       Agency("police"),
       Json::parse(R"({"title":"Police plan","kind":"single_agency","agency":"police"})"),
       {"title", "kind"},
       "/kind",
       "agency"},
      {"action.planned",
       "action/a1",
       Agency("police"),
       Json::parse(R"({"title":"Train custody staff","plan":"plan/lipsg-2026",
                       "owner_agency":"police","lead":"DI Smith","due":"2026-06-30",
                       "learning":["learning/l1"],"priority":"priority/p1"})"),
       {"title", "plan", "owner_agency", "lead", "due", "learning"},
       "",
       "owner_agency"},
      {"action.progressed",
       "action/a1",
       Agency("police"),
       Json::parse(R"({"note":"Half the staff trained","rag":"amber"})"),
       {"note", "rag"},
       "/rag",
       ""},
      {"action.due_revised",
       "action/a1",
       Agency("police"),
       Json::parse(R"({"due":"2026-09-30","reason":"Trainer ill"})"),
       {"due", "reason"},
       "",
       ""},
      {"action.completed",
       "action/a1",
       Agency("police"),
       Json::parse(R"({"evidence_of_impact":"Audit shows 95% compliance"})"),
       {"evidence_of_impact"},
       "",
       ""},
      {"action.signed_off",
       "action/a1",
       Chair("health", "lipsg"),
       Json::parse(R"({})"),
       {},
       "",
       ""},
      {"action.reopened",
       "action/a1",
       Chair("health", "lipsg"),
       Json::parse(R"({"reason":"Re-audit failed"})"),
       {"reason"},
       "",
       ""},
      {"training.needs_analysed",
       "tna/2026-27",
       Admin(),
       Json::parse(R"({"period":"2026-27","needs":[{"id":"neglect","need":"Recognising neglect",
                       "agencies":["police"],"learning":["learning/l1"]}]})"),
       {"period", "needs"},
       "",
       ""},
      {"course.planned",
       "course/neglect-1",
       Chair("health", "training"),
       Json::parse(R"({"title":"Neglect basics","needs_analysis":"tna/2026-27",
                       "meets_needs":["neglect"],"capacity":30})"),
       {"title"},
       "",
       ""},
      {"course.delivered",
       "course/neglect-1",
       Admin(),
       Json::parse(R"({"date":"2026-05-12","attendees":[{"agency":"police","count":12},
                       {"agency":"health","count":8}]})"),
       {"date", "attendees"},
       "",
       ""},
      {"policy.review_requested",
       "policy/neglect-procedure",
       Agency("police"),
       Json::parse(R"({"title":"Neglect procedure","requested_by":"police",
                       "trigger":{"kind":"case_review","stream":"scr/2025-1"}})"),
       {"title", "trigger"},
       "/trigger/kind",
       "requested_by"},
      {"policy.revised",
       "policy/neglect-procedure",
       Admin(),
       Json::parse(R"({"version":"3.1","summary":"Adds escalation","effective":"2026-07-01"})"),
       {"version", "summary", "effective"},
       "",
       ""},
      {"learning.presented",
       "learning/l1",
       Chair("health", "lipsg"),
       Json::parse(R"({"meeting":"2026-03-10","presented_by":"LIPSG chair"})"),
       {"meeting"},
       "",
       ""},
      {"learning.disseminated",
       "learning/l1",
       Agency("police"),
       Json::parse(R"({"agency":"police","method":"briefing","date":"2026-03-20","reach":140})"),
       {"agency", "method", "date"},
       "/method",
       "agency"},
      {"learning.embedded",
       "learning/l1",
       Agency("police"),
       Json::parse(R"({"agency":"police","evidence":"Dip sample of 20 cases",
                       "assurance":"assurance/police-2026"})"),
       {"agency", "evidence"},
       "",
       "agency"},
  };
  for (const TypeCase& c : cases) RunTypeCase(c);
}

Status Validate(const std::string& type, const std::string& stream, const Principal& who,
                const char* data) {
  ProposedEvent p;
  p.type = type;
  p.stream = stream;
  p.data = Json::parse(data);
  return Catalogue::Default().Validate(p, who, "");
}

TEST(Domain2TypesTest, PlanKindNeedsItsOwner) {
  Status s = Validate("plan.created", "plan/x", Admin(), R"({"title":"T","kind":"subgroup"})");
  EXPECT_EQ(s.path(), "/data/subgroup");
  s = Validate("plan.created", "plan/x", Admin(), R"({"title":"T","kind":"single_agency"})");
  EXPECT_EQ(s.path(), "/data/agency");
  s = Validate("plan.created", "plan/x", Admin(),
               R"({"title":"T","kind":"board","subgroup":"lipsg"})");
  EXPECT_EQ(s.path(), "/data/subgroup");
  EXPECT_TRUE(Validate("plan.created", "plan/x", Chair("health", "lipsg"),
                       R"({"title":"T","kind":"subgroup","subgroup":"lipsg"})")
                  .ok());
}

TEST(Domain2TypesTest, ActionReferencesMustNameTheirKindOfStream) {
  const char* base = R"({"title":"T","plan":"%s","owner_agency":"police","lead":"L",
                         "due":"2026-06-30","learning":["%s"]})";
  char buf[512];
  snprintf(buf, sizeof buf, base, "action/oops", "learning/l1");
  EXPECT_EQ(Validate("action.planned", "action/a", Admin(), buf).path(), "/data/plan");
  snprintf(buf, sizeof buf, base, "plan/p", "scr/l1");
  EXPECT_EQ(Validate("action.planned", "action/a", Admin(), buf).path(), "/data/learning/0");
  EXPECT_EQ(Validate("action.planned", "action/a", Admin(),
                     R"({"title":"T","plan":"plan/p","owner_agency":"police","lead":"L",
                         "due":"2026-02-30","learning":[]})")
                .path(),
            "/data/due");
  // An admin may plan an action for any agency; a sub-group chair only for its own.
  snprintf(buf, sizeof buf, base, "plan/p", "learning/l1");
  EXPECT_TRUE(Validate("action.planned", "action/a", Admin(), buf).ok());
  EXPECT_EQ(Validate("action.planned", "action/a", Chair("health", "lipsg"), buf).code(),
            StatusCode::kForbidden);
}

TEST(Domain2TypesTest, CrossFieldRules) {
  EXPECT_EQ(Validate("priority.set", "priority/p", Admin(),
                     R"({"title":"T","status":"active","period_start":"2026-04-01",
                         "period_end":"2026-03-31"})")
                .path(),
            "/data/period_end");
  EXPECT_EQ(Validate("course.delivered", "course/c", Admin(),
                     R"({"date":"2026-05-12","attendees":[{"agency":"police","count":1},
                         {"agency":"police","count":2}]})")
                .path(),
            "/data/attendees/1/agency");
  EXPECT_EQ(Validate("course.delivered", "course/c", Admin(),
                     R"({"date":"2026-05-12","attendees":[{"agency":"police","count":-1}]})")
                .path(),
            "/data/attendees/0/count");
  EXPECT_EQ(Validate("training.needs_analysed", "tna/t", Admin(),
                     R"({"period":"2026","needs":[{"id":"a","need":"x"},{"id":"a","need":"y"}]})")
                .path(),
            "/data/needs/1/id");
  EXPECT_EQ(Validate("policy.review_requested", "policy/p", Admin(),
                     R"({"title":"T","trigger":{"kind":"learning"}})")
                .path(),
            "/data/trigger/stream");
  EXPECT_EQ(Validate("policy.review_requested", "policy/p", Admin(),
                     R"({"title":"T","trigger":{"kind":"learning","stream":"scr/x"}})")
                .path(),
            "/data/trigger/stream");
  EXPECT_EQ(Validate("learning.embedded", "learning/l", Agency("police"),
                     R"({"agency":"police","evidence":"E","assurance":"report/x"})")
                .path(),
            "/data/assurance");
  // Events of a type go to streams of its kind.
  EXPECT_EQ(Validate("action.progressed", "plan/x", Admin(), R"({"note":"n","rag":"red"})").path(),
            "/stream");
}

}  // namespace
}  // namespace lif
