// Validation of the domain 3 event types (docs/catalogue-domain23.md):
// training evaluations, assurance reports, reports to the board, the
// reporting timetable and corrections. Each type: a valid example accepted,
// each required field missing -> 400 at its path, a bad enum value, and
// authorisation (403).
#include <gtest/gtest.h>

#include <set>

#include "core/projections/assurance.h"
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

TEST(Domain3TypesTest, EveryTypeValidates) {
  const std::vector<TypeCase> cases = {
      {"course.evaluated",
       "course/neglect-1",
       Admin(),
       Json::parse(R"({"date":"2026-05-12","basis":"per_delegate","scale_max":10,
                       "scores":[{"delegate":"d1","before":3,"after":7},
                                 {"delegate":"d2","before":5,"after":6}]})"),
       {"date", "basis", "scale_max", "scores"},
       "/basis",
       ""},
      {"assurance.submitted",
       "assurance/police-2026",
       Agency("police"),
       Json::parse(R"({"kind":"single_agency","agency":"police","period":"2026",
                       "improvements":["Custody training"],"areas_for_development":["Voice"],
                       "evidence_of_impact":["Audit 95%"]})"),
       {"kind", "period", "improvements", "areas_for_development", "evidence_of_impact"},
       "/kind",
       "agency"},
      {"report.presented",
       "report/2026-02-audit",
       Admin(),
       Json::parse(R"({"title":"Multi-agency audit: neglect","kind":"audit",
                       "meeting":"2026-02-10","timetable_entry":"multi-agency-audit-report"})"),
       {"title", "kind", "meeting"},
       "/kind",
       ""},
      {"correction.recorded",
       "correction/c1",
       Agency("police"),
       Json::parse(R"({"corrects":"00000000-0000-4000-8000-000000000001",
                       "reason":"Typing error in the due date","fields":{"due":"2026-07-31"}})"),
       {"corrects", "reason", "fields"},
       "",
       ""},
      {"timetable.entry_set",
       "timetable/pmf-report",
       Admin(),
       Json::parse(R"({"title":"PMF quarterly report","kind":"pmf","months":[3,6,9,12]})"),
       {"title", "kind", "months"},
       "/kind",
       ""},
      {"timetable.entry_removed",
       "timetable/scr-update",
       Admin(),
       Json::parse(R"({"reason":"Now part of the reviews report"})"),
       {"reason"},
       "",
       ""},
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

TEST(Domain3TypesTest, EvaluationScoresFitTheirBasisAndScale) {
  EXPECT_EQ(Validate("course.evaluated", "course/c", Admin(),
                     R"({"date":"2026-05-12","basis":"per_delegate","scale_max":10,
                         "scores":[{"delegate":"d1","before":3,"after":11}]})")
                .path(),
            "/data/scores/0/after");
  EXPECT_EQ(Validate("course.evaluated", "course/c", Admin(),
                     R"({"date":"2026-05-12","basis":"per_delegate","scale_max":10,
                         "scores":[{"before":3,"after":4}]})")
                .path(),
            "/data/scores/0/delegate");
  EXPECT_EQ(Validate("course.evaluated", "course/c", Admin(),
                     R"({"date":"2026-05-12","basis":"per_course","scale_max":5,
                         "scores":[{"before":3,"after":4},{"before":2,"after":4}]})")
                .path(),
            "/data/scores");
  EXPECT_EQ(Validate("course.evaluated", "course/c", Admin(),
                     R"({"date":"2026-05-12","basis":"per_delegate","scale_max":5,
                         "scores":[{"delegate":"d","before":3,"after":4},
                                   {"delegate":"d","before":2,"after":4}]})")
                .path(),
            "/data/scores/1/delegate");
  EXPECT_TRUE(Validate("course.evaluated", "course/c", Admin(),
                       R"({"date":"2026-05-12","basis":"per_course","scale_max":5,
                           "scores":[{"before":2.5,"after":4.25}]})")
                  .ok());
  // Course evaluations are the training group's: an agency may not record them.
  EXPECT_EQ(Validate("course.evaluated", "course/c", Agency("police"),
                     R"({"date":"2026-05-12","basis":"per_course","scale_max":5,
                         "scores":[{"before":2,"after":4}]})")
                .code(),
            StatusCode::kForbidden);
}

TEST(Domain3TypesTest, AssurancePeriodAndOwner) {
  const char* tpl = R"({"kind":"%s","period":"%s","improvements":[],
                        "areas_for_development":[],"evidence_of_impact":[]%s})";
  char buf[512];
  snprintf(buf, sizeof buf, tpl, "annual", "2026-13", "");
  EXPECT_EQ(Validate("assurance.submitted", "assurance/a", Admin(), buf).path(), "/data/period");
  snprintf(buf, sizeof buf, tpl, "annual", "2026-H3", "");
  EXPECT_EQ(Validate("assurance.submitted", "assurance/a", Admin(), buf).path(), "/data/period");
  snprintf(buf, sizeof buf, tpl, "single_agency", "2026", "");
  EXPECT_EQ(Validate("assurance.submitted", "assurance/a", Admin(), buf).path(), "/data/agency");
  snprintf(buf, sizeof buf, tpl, "subgroup", "2026-H2", "");
  EXPECT_EQ(Validate("assurance.submitted", "assurance/a", Admin(), buf).path(), "/data/subgroup");
  snprintf(buf, sizeof buf, tpl, "subgroup", "2026-H2", R"(,"subgroup":"lipsg")");
  EXPECT_TRUE(Validate("assurance.submitted", "assurance/a", Chair("health", "lipsg"), buf).ok());
  snprintf(buf, sizeof buf, tpl, "annual", "2026-Q4", "");
  EXPECT_TRUE(Validate("assurance.submitted", "assurance/a", Admin(), buf).ok());
}

TEST(Domain3TypesTest, ReportingPeriods) {
  EXPECT_EQ(ParseReportingPeriod("2026")->start, "2026-01-01");
  EXPECT_EQ(ParseReportingPeriod("2026")->end, "2026-12-31");
  EXPECT_EQ(ParseReportingPeriod("2026-H1")->end, "2026-06-30");
  EXPECT_EQ(ParseReportingPeriod("2026-H2")->start, "2026-07-01");
  EXPECT_EQ(ParseReportingPeriod("2028-Q1")->end, "2028-03-31");  // A leap year: 31 March.
  EXPECT_EQ(ParseReportingPeriod("2026-Q4")->start, "2026-10-01");
  EXPECT_FALSE(ParseReportingPeriod("2026-Q5").has_value());
  EXPECT_FALSE(ParseReportingPeriod("26").has_value());
  EXPECT_FALSE(ParseReportingPeriod("2026-01").has_value());
}

TEST(Domain3TypesTest, CorrectionAndTimetableRules) {
  EXPECT_EQ(Validate("correction.recorded", "correction/c", Admin(),
                     R"({"corrects":"00000000-0000-4000-8000-000000000001","reason":"r",
                         "fields":{}})")
                .path(),
            "/data/fields");
  EXPECT_EQ(Validate("correction.recorded", "correction/c", Admin(),
                     R"({"corrects":"not-a-uuid","reason":"r","fields":{"a":1}})")
                .path(),
            "/data/corrects");
  EXPECT_EQ(Validate("timetable.entry_set", "timetable/x", Admin(),
                     R"({"title":"T","kind":"pmf","months":[3,3]})")
                .path(),
            "/data/months/1");
  EXPECT_EQ(Validate("timetable.entry_set", "timetable/x", Admin(),
                     R"({"title":"T","kind":"pmf","months":[13]})")
                .path(),
            "/data/months/0");
  EXPECT_EQ(Validate("timetable.entry_set", "timetable/x", Admin(),
                     R"({"title":"T","kind":"pmf","months":[]})")
                .path(),
            "/data/months");
}

}  // namespace
}  // namespace lif
