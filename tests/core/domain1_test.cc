// Domain 1 event types: every type's example is accepted, every required
// field and enum is checked with its exact path, agencies write only as
// themselves, and the cross-field rules hold at their edges.
#include <gtest/gtest.h>

#include <set>

#include "core/log/memory_log.h"
#include "core/projections/board_state.h"
#include "core/validation/catalogue.h"
#include "tests/support/test_digest.h"

namespace lif {
namespace {

const Principal kAdmin{"tok-admin", Role::kAdmin, std::nullopt, std::nullopt};
const Principal kPolice{"tok-police", Role::kAgency, std::string("police"), std::nullopt};
const Principal kHealth{"tok-health", Role::kAgency, std::string("health"), std::nullopt};
const Principal kChair{"tok-chair", Role::kSubgroupChair, std::string("police"),
                       std::string("lipsg")};
const Principal kInspector{"tok-ofsted", Role::kInspector, std::nullopt, std::nullopt};

const char* kChild = "pn_0123456789abcdef0123456789abcdef";

Status Check(const std::string& type, const std::string& stream, const Json& data,
             const Principal& who) {
  ProposedEvent e;
  e.type = type;
  e.stream = stream;
  e.data = data;
  return Catalogue::Default().Validate(e, who, "");
}

struct Example {
  std::string type;
  std::string stream;
  Json data;
};

Json Criteria(bool abuse, bool died, bool harmed, bool concern) {
  return {{"abuse_or_neglect_known_or_suspected", abuse},
          {"child_died", died},
          {"child_seriously_harmed", harmed},
          {"concern_about_agencies_working_together", concern},
          {"died_in_custody_or_secure_setting", false},
          {"died_detained_under_mental_health_act", false},
          {"suspected_suicide", false}};
}

// One valid example per domain 1 type; agency fields name "police".
std::vector<Example> Examples() {
  return {
      {"indicator.recorded",
       "indicator/cp-repeat",
       {{"indicator_id", "cp-repeat"},
        {"period", "2026-Q1"},
        {"values", {{"hartlepool", 22.5}, {"england", 21}}},
        {"agency", "police"}}},
      {"review.opened",
       "review/2026-01",
       {{"regime", "cspr_2018"},
        {"title", "Child A"},
        {"child", kChild},
        {"incident_date", "2026-01-02"},
        {"aware_on", "2026-01-05"},
        {"lead_agency", "police"}}},
      {"review.notified",
       "review/2026-01",
       {{"notified_on", "2026-01-09"}, {"panel_reference", "NCSPRP-123"}, {"agency", "police"}}},
      {"review.rapid_review_completed",
       "review/2026-01",
       {{"completed_on", "2026-01-28"}, {"recommendation", "lcspr"}, {"agency", "police"}}},
      {"review.referred",
       "review/2026-01",
       {{"referred_on", "2026-01-28"},
        {"referred_by", "police"},
        {"criteria", Criteria(true, false, true, true)}}},
      {"review.decided",
       "review/2026-01",
       {{"decided_on", "2026-02-02"},
        {"decision", "hold"},
        {"review_kind", "lcspr"},
        {"rationale", "Criteria met"}}},
      {"review.commissioned",
       "review/2026-01",
       {{"commissioned_on", "2026-02-20"},
        {"methodology", "learning_together"},
        {"reviewer", "J. Smith"}}},
      {"review.report_received",
       "review/2026-01",
       {{"received_on", "2026-06-30"}, {"recommendations", 7}}},
      {"review.published", "review/2026-01", {{"published_on", "2026-07-20"}}},
      {"cdr.notified",
       "cdr/2026-004",
       {{"child", kChild},
        {"date_of_death", "2026-03-01"},
        {"age_band", "1_to_4"},
        {"expected", "unexpected"},
        {"notified_by", "police"}}},
      {"cdr.reviewed",
       "cdr/2026-004",
       {{"reviewed_on", "2026-09-01"},
        {"category", "trauma_and_other_external_factors"},
        {"modifiable_factors", "yes"},
        {"factors", {"unsafe sleeping"}}}},
      {"audit.commissioned",
       "audit/2026-neglect",
       {{"scope", "multi_agency"},
        {"title", "Neglect audit"},
        {"theme", "neglect"},
        {"sampling", "random"},
        {"planned_cases", 6},
        {"lead_agency", "police"},
        {"agencies", {"police", "health"}},
        {"commissioned_on", "2026-02-01"}}},
      {"audit.case_graded",
       "audit/2026-neglect",
       {{"case", kChild}, {"grade", "good"}, {"agency", "police"}}},
      {"audit.completed",
       "audit/2026-neglect",
       {{"completed_on", "2026-04-01"},
        {"findings", {"Chronologies were rarely shared"}},
        {"agency", "police"}}},
      {"s11.submitted",
       "s11/police-2026",
       {{"agency", "police"},
        {"year", 2026},
        {"submitted_on", "2026-03-31"},
        {"standards",
         {{{"standard", "training"}, {"rating", "green"}, {"evidence", "98% trained"}},
          {{"standard", "information_sharing"}, {"rating", "amber"}, {"evidence", "Protocol"}}}}}},
      {"s11.moderated",
       "s11/police-2026",
       {{"moderated_on", "2026-05-10"},
        {"standards", {{{"standard", "information_sharing"}, {"rating", "red"}}}}}},
      {"learning_review.received",
       "learning-review/nspcc-2026-1",
       {{"scope", "national"},
        {"title", "Safeguarding infants"},
        {"publisher", "Child Safeguarding Practice Review Panel"},
        {"published_on", "2026-01-15"}}},
      {"learning_review.assigned",
       "learning-review/nspcc-2026-1",
       {{"presenter_agency", "health"}, {"meeting_date", "2026-03-10"}, {"meeting", "LIPSG"}}},
      {"learning_review.presented",
       "learning-review/nspcc-2026-1",
       {{"presented_on", "2026-03-10"},
        {"presenter_agency", "police"},
        {"lessons", {"Think family"}}}},
      {"inspection.reported",
       "inspection/hmicfrs-2026",
       {{"inspectorate", "hmicfrs"},
        {"title", "PEEL inspection"},
        {"published_on", "2026-02-12"},
        {"judgement", "requires_improvement"},
        {"agency", "police"}}},
      {"thematic.commissioned",
       "thematic/deep-dive-cse",
       {{"kind", "deep_dive"},
        {"title", "Child sexual exploitation"},
        {"theme", "cse"},
        {"commissioned_on", "2026-01-20"},
        {"lead_agency", "police"}}},
      {"thematic.reported",
       "thematic/deep-dive-cse",
       {{"reported_on", "2026-05-20"},
        {"findings", {"Return interviews late"}},
        {"agency", "police"}}},
      {"voice.recorded",
       "voice/anti-bullying-2026",
       {{"method", "survey"},
        {"title", "Anti-bullying survey"},
        {"collected_on", "2026-02-01"},
        {"participants", 1200},
        {"summary", "Most pupils feel safe at school"},
        {"agency", "police"}}},
      {"feedback.recorded",
       "feedback/police-2026-q1",
       {{"agency", "police"},
        {"received_on", "2026-03-30"},
        {"method", "survey"},
        {"about", "service"},
        {"respondents", 40},
        {"sentiment", "mixed"},
        {"summary", "Families valued the single point of contact"}}},
  };
}

// A writer role for each example (an agency where the type allows it).
const Principal& Writer(const EventTypeDef& def) {
  for (Role r : def.writers) {
    if (r == Role::kAgency) return kPolice;
  }
  return kAdmin;
}

TEST(Domain1TypesTest, EveryTypeHasAnAcceptedExample) {
  std::set<std::string> covered;
  for (const Example& ex : Examples()) {
    const EventTypeDef* def = Catalogue::Default().Find(ex.type);
    ASSERT_NE(def, nullptr) << ex.type;
    Status s = Check(ex.type, ex.stream, ex.data, Writer(*def));
    EXPECT_TRUE(s.ok()) << ex.type << ": " << s.ToString();
    EXPECT_TRUE(Check(ex.type, ex.stream, ex.data, kAdmin).ok()) << ex.type;
    // Inspectors write nothing.
    EXPECT_EQ(Check(ex.type, ex.stream, ex.data, kInspector).code(), StatusCode::kForbidden);
    covered.insert(ex.type);
  }
  EXPECT_EQ(covered.size(), 24u);
}

TEST(Domain1TypesTest, EachMissingRequiredFieldIsNamed) {
  for (const Example& ex : Examples()) {
    const EventTypeDef* def = Catalogue::Default().Find(ex.type);
    ASSERT_NE(def, nullptr);
    for (const Json& field : def->data_schema["required"]) {
      Json data = ex.data;
      data.erase(field.get<std::string>());
      Status s = Check(ex.type, ex.stream, data, kAdmin);
      EXPECT_EQ(s.code(), StatusCode::kInvalid) << ex.type << " " << field;
      EXPECT_EQ(s.path(), "/data/" + field.get<std::string>()) << ex.type;
    }
  }
  // Nested required fields are named too.
  Json referred = Examples()[4].data;
  referred["criteria"].erase("child_died");
  EXPECT_EQ(Check("review.referred", "review/2026-01", referred, kAdmin).path(),
            "/data/criteria/child_died");
  Json s11 = Examples()[14].data;
  s11["standards"][1].erase("evidence");
  EXPECT_EQ(Check("s11.submitted", "s11/police-2026", s11, kPolice).path(),
            "/data/standards/1/evidence");
}

TEST(Domain1TypesTest, EveryEnumRejectsAnUnknownValue) {
  int enums = 0;
  for (const Example& ex : Examples()) {
    const EventTypeDef* def = Catalogue::Default().Find(ex.type);
    for (auto it = def->data_schema["properties"].begin();
         it != def->data_schema["properties"].end(); ++it) {
      if (!it.value().contains("enum")) continue;
      ++enums;
      Json data = ex.data;
      data[it.key()] = "not_a_value";
      Status s = Check(ex.type, ex.stream, data, kAdmin);
      EXPECT_EQ(s.code(), StatusCode::kInvalid) << ex.type << " " << it.key();
      EXPECT_EQ(s.path(), "/data/" + it.key()) << ex.type;
    }
  }
  EXPECT_EQ(enums, 20);  // Top-level enums across the 24 examples.
  Json s11 = Examples()[14].data;
  s11["standards"][0]["rating"] = "purple";
  EXPECT_EQ(Check("s11.submitted", "s11/police-2026", s11, kPolice).path(),
            "/data/standards/0/rating");
  s11 = Examples()[14].data;
  s11["standards"][0]["standard"] = "standard_nine";
  EXPECT_EQ(Check("s11.submitted", "s11/police-2026", s11, kPolice).path(),
            "/data/standards/0/standard");
}

TEST(Domain1TypesTest, AnAgencyMayNotWriteAsAnotherAgency) {
  int agency_fields = 0;
  for (const Example& ex : Examples()) {
    const EventTypeDef* def = Catalogue::Default().Find(ex.type);
    const bool agency_writes =
        std::find(def->writers.begin(), def->writers.end(), Role::kAgency) != def->writers.end();
    if (!agency_writes) {
      // Types only the board's administration records are closed to agencies.
      Status s = Check(ex.type, ex.stream, ex.data, kHealth);
      EXPECT_EQ(s.code(), StatusCode::kForbidden) << ex.type;
      EXPECT_EQ(s.path(), "/type") << ex.type;
      continue;
    }
    for (auto it = def->data_schema["properties"].begin();
         it != def->data_schema["properties"].end(); ++it) {
      if (!it.value().value("x-lif-agency", false) || !ex.data.contains(it.key())) continue;
      ++agency_fields;
      Status s = Check(ex.type, ex.stream, ex.data, kHealth);  // Data names "police".
      EXPECT_EQ(s.code(), StatusCode::kForbidden) << ex.type;
      EXPECT_EQ(s.path(), "/data/" + it.key()) << ex.type;
    }
  }
  EXPECT_EQ(agency_fields, 16);
  // A sub-group chair is held to its own agency too.
  Json audit = Examples()[11].data;
  audit["lead_agency"] = "health";
  EXPECT_EQ(Check("audit.commissioned", "audit/x", audit, kChair).code(), StatusCode::kForbidden);
}

TEST(Domain1TypesTest, WritersPerRole) {
  // Only the administrator (the CDOP's manager) records a child death review outcome.
  EXPECT_EQ(Check("cdr.reviewed", "cdr/2026-004", Examples()[10].data, kPolice).code(),
            StatusCode::kForbidden);
  EXPECT_EQ(Check("cdr.reviewed", "cdr/2026-004", Examples()[10].data, kChair).code(),
            StatusCode::kForbidden);
  // Decisions and moderation are the board's (administrator or sub-group chair).
  EXPECT_TRUE(Check("review.decided", "review/2026-01", Examples()[5].data, kChair).ok());
  EXPECT_EQ(Check("review.decided", "review/2026-01", Examples()[5].data, kPolice).code(),
            StatusCode::kForbidden);
  EXPECT_TRUE(Check("s11.moderated", "s11/police-2026", Examples()[15].data, kChair).ok());
  EXPECT_EQ(Check("s11.moderated", "s11/police-2026", Examples()[15].data, kPolice).code(),
            StatusCode::kForbidden);
}

TEST(Domain1TypesTest, CrossFieldRules) {
  // Indicator values: at least one area, identifier keys, numbers only.
  Json rec = Examples()[0].data;
  rec["values"] = Json::object();
  Status s = Check("indicator.recorded", "indicator/cp-repeat", rec, kPolice);
  EXPECT_EQ(s.path(), "/data/values");
  rec["values"] = {{"Hartlepool", 1}};
  EXPECT_EQ(Check("indicator.recorded", "indicator/cp-repeat", rec, kPolice).path(),
            "/data/values/Hartlepool");
  rec["values"] = {{"hartlepool", "22%"}};
  s = Check("indicator.recorded", "indicator/cp-repeat", rec, kPolice);
  EXPECT_EQ(s.path(), "/data/values/hartlepool");
  EXPECT_EQ(s.message(), "must be of type number");
  rec = Examples()[0].data;
  rec["period"] = "2026-Q5";
  EXPECT_EQ(Check("indicator.recorded", "indicator/cp-repeat", rec, kPolice).path(),
            "/data/period");

  // A review cannot become known before the incident; the same day is fine.
  Json opened = Examples()[1].data;
  opened["aware_on"] = "2026-01-01";
  EXPECT_EQ(Check("review.opened", "review/x", opened, kPolice).path(), "/data/aware_on");
  opened["aware_on"] = "2026-01-02";
  EXPECT_TRUE(Check("review.opened", "review/x", opened, kPolice).ok());
  opened["child"] = "Jane Doe";
  EXPECT_EQ(Check("review.opened", "review/x", opened, kPolice).path(), "/data/child");

  // Custody, Mental Health Act and suicide answers are about a death.
  Json referred = Examples()[4].data;
  referred["criteria"]["suspected_suicide"] = true;
  s = Check("review.referred", "review/2026-01", referred, kPolice);
  EXPECT_EQ(s.path(), "/data/criteria/suspected_suicide");
  referred["criteria"]["child_died"] = true;
  EXPECT_TRUE(Check("review.referred", "review/2026-01", referred, kPolice).ok());

  // A decision to hold names the kind of review; a decision not to hold does not.
  Json decided = Examples()[5].data;
  decided.erase("review_kind");
  EXPECT_EQ(Check("review.decided", "review/2026-01", decided, kAdmin).path(), "/data/review_kind");
  decided["decision"] = "not_hold";
  // Recorded even without a rationale: the reviews view flags it against the criteria.
  decided.erase("rationale");
  EXPECT_TRUE(Check("review.decided", "review/2026-01", decided, kAdmin).ok());
  decided["review_kind"] = "lcspr";
  EXPECT_EQ(Check("review.decided", "review/2026-01", decided, kAdmin).path(), "/data/review_kind");
  decided.erase("review_kind");
  decided["rationale"] = "";
  EXPECT_EQ(Check("review.decided", "review/2026-01", decided, kAdmin).path(), "/data/rationale");

  // No modifiable factors listed when none were identified.
  Json cdr = Examples()[10].data;
  cdr["modifiable_factors"] = "no";
  EXPECT_EQ(Check("cdr.reviewed", "cdr/2026-004", cdr, kAdmin).path(), "/data/factors");
  cdr["factors"] = Json::array();
  EXPECT_TRUE(Check("cdr.reviewed", "cdr/2026-004", cdr, kAdmin).ok());

  // Multi-agency audits involve two agencies or more; single-agency ones only their lead.
  Json audit = Examples()[11].data;
  audit["agencies"] = {"police"};
  EXPECT_EQ(Check("audit.commissioned", "audit/x", audit, kPolice).path(), "/data/agencies");
  audit["scope"] = "single_agency";
  EXPECT_TRUE(Check("audit.commissioned", "audit/x", audit, kPolice).ok());
  audit["agencies"] = {"health"};
  EXPECT_EQ(Check("audit.commissioned", "audit/x", audit, kPolice).path(), "/data/agencies");
  Json graded = Examples()[12].data;
  graded["grade"] = "satisfactory";
  EXPECT_EQ(Check("audit.case_graded", "audit/x", graded, kPolice).path(), "/data/grade");

  // A Section 11 standard is rated once per event; a moderated standard must exist.
  Json s11 = Examples()[14].data;
  s11["standards"][1]["standard"] = "training";
  s = Check("s11.submitted", "s11/police-2026", s11, kPolice);
  EXPECT_EQ(s.path(), "/data/standards/1/standard");
  EXPECT_EQ(s.message(), "names a standard twice");
  Json mod = Examples()[15].data;
  mod["standards"][0]["standard"] = "leadership";
  EXPECT_EQ(Check("s11.moderated", "s11/police-2026", mod, kAdmin).path(),
            "/data/standards/0/standard");
}

TEST(Domain1TypesTest, LifecycleEventsNeedTheirStreamAndStartersStartIt) {
  int64_t ids = 0;
  MemoryLog log(
      testing::TestSha256(), &Catalogue::Default(),
      [] { return StartOf(*ParseDate("2026-01-05")); },
      [&] {
        char buf[64];
        std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012lld",
                      static_cast<long long>(++ids));
        return std::string(buf);
      });
  auto post = [&](const Example& ex, const Principal& who) {
    AppendRequest req;
    req.principal = who;
    req.events.push_back({ex.type, ex.stream, ex.data, {}, {}});
    return log.Append(req).status();
  };
  // A notification on a review that was never opened is refused.
  Status s = post(Examples()[2], kPolice);
  EXPECT_EQ(s.code(), StatusCode::kInvalid);
  EXPECT_EQ(s.path(), "/stream");
  ASSERT_TRUE(post(Examples()[1], kPolice).ok());
  EXPECT_EQ(post(Examples()[1], kPolice).code(), StatusCode::kConflict);  // Opened twice.
  EXPECT_TRUE(post(Examples()[2], kPolice).ok());
  // Values are recorded on an indicator's stream only once it is defined.
  EXPECT_EQ(post(Examples()[0], kPolice).path(), "/stream");
}

}  // namespace
}  // namespace lif
