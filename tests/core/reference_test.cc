// Reference data: agency, sub-group, indicator and area registrations and
// added bank holidays, validated and projected through the real append path.
#include <gtest/gtest.h>

#include "core/log/memory_log.h"
#include "core/projections/board_state.h"
#include "core/validation/catalogue.h"
#include "tests/support/test_digest.h"

namespace lif {
namespace {

const Principal kAdmin{"tok-admin", Role::kAdmin, std::nullopt, std::nullopt};
const Principal kPolice{"tok-police", Role::kAgency, std::string("police"), std::nullopt};
const Principal kBoardMember{"tok-board", Role::kBoard, std::nullopt, std::nullopt};

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

std::vector<Example> Examples() {
  return {
      {"agency.registered",
       "agency/police",
       {{"agency_id", "police"},
        {"name", "Cleveland Police"},
        {"kind", "police"},
        {"section11", true}}},
      {"subgroup.registered",
       "subgroup/lipsg",
       {{"subgroup_id", "lipsg"},
        {"name", "Learning and Improving Practice Sub-Group"},
        {"chair_agency", "hartlepool-council"}}},
      {"indicator.defined",
       "indicator/cp-repeat",
       {{"indicator_id", "cp-repeat"},
        {"title", "Child protection plans for a second or subsequent time"},
        {"area", "safe"},
        {"polarity", "lower_is_better"},
        {"unit", "%"},
        {"threshold", 20}}},
      {"area.registered",
       "area/hartlepool",
       {{"area_code", "hartlepool"}, {"name", "Hartlepool"}, {"kind", "own"}}},
      {"calendar.holiday_added",
       "calendar/england-and-wales",
       {{"date", "2028-05-01"}, {"name", "Early May bank holiday"}}},
  };
}

TEST(ReferenceTypesTest, EveryExampleIsAcceptedForTheAdminOnly) {
  for (const Example& ex : Examples()) {
    EXPECT_TRUE(Check(ex.type, ex.stream, ex.data, kAdmin).ok()) << ex.type;
    Status agency = Check(ex.type, ex.stream, ex.data, kPolice);
    EXPECT_EQ(agency.code(), StatusCode::kForbidden) << ex.type;
    EXPECT_EQ(agency.path(), "/type") << ex.type;
    EXPECT_EQ(Check(ex.type, ex.stream, ex.data, kBoardMember).code(), StatusCode::kForbidden);
  }
}

TEST(ReferenceTypesTest, EachMissingRequiredFieldIsNamed) {
  for (const Example& ex : Examples()) {
    const EventTypeDef* def = Catalogue::Default().Find(ex.type);
    ASSERT_NE(def, nullptr) << ex.type;
    ASSERT_FALSE(def->data_schema["required"].empty());
    for (const Json& field : def->data_schema["required"]) {
      Json data = ex.data;
      data.erase(field.get<std::string>());
      Status s = Check(ex.type, ex.stream, data, kAdmin);
      EXPECT_EQ(s.code(), StatusCode::kInvalid) << ex.type << " " << field;
      EXPECT_EQ(s.path(), "/data/" + field.get<std::string>()) << ex.type;
      EXPECT_EQ(s.message(), "is required");
    }
  }
}

TEST(ReferenceTypesTest, BadEnumsFormatsAndStreamsAreRejected) {
  Json indicator = Examples()[2].data;
  indicator["polarity"] = "up";
  Status s = Check("indicator.defined", "indicator/cp-repeat", indicator, kAdmin);
  EXPECT_EQ(s.path(), "/data/polarity");
  EXPECT_EQ(s.message(), R"(must be one of "higher_is_better", "lower_is_better")");
  indicator = Examples()[2].data;
  indicator["area"] = "happy";
  EXPECT_EQ(Check("indicator.defined", "indicator/cp-repeat", indicator, kAdmin).path(),
            "/data/area");
  Json area = Examples()[3].data;
  area["kind"] = "neighbour";
  EXPECT_EQ(Check("area.registered", "area/hartlepool", area, kAdmin).path(), "/data/kind");
  Json agency = Examples()[0].data;
  agency["kind"] = "army";
  EXPECT_EQ(Check("agency.registered", "agency/police", agency, kAdmin).path(), "/data/kind");
  agency = Examples()[0].data;
  agency["agency_id"] = "Cleveland Police";
  EXPECT_EQ(Check("agency.registered", "agency/police", agency, kAdmin).path(), "/data/agency_id");
  Json holiday = Examples()[4].data;
  holiday["date"] = "2028-02-30";
  EXPECT_EQ(Check("calendar.holiday_added", "calendar/england-and-wales", holiday, kAdmin).path(),
            "/data/date");
  EXPECT_EQ(Check("area.registered", "agency/hartlepool", Examples()[3].data, kAdmin).path(),
            "/stream");
  Json extra = Examples()[1].data;
  extra["colour"] = "blue";
  EXPECT_EQ(Check("subgroup.registered", "subgroup/lipsg", extra, kAdmin).path(), "/data/colour");
}

TEST(ReferenceDataTest, ProjectsRegistrationsAndHolidaysThroughTheLog) {
  int64_t ids = 0;
  MemoryLog log(
      testing::TestSha256(), &Catalogue::Default(),
      [] { return StartOf(*ParseDate("2026-11-26")); },
      [&] {
        char buf[64];
        std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012lld",
                      static_cast<long long>(++ids));
        return std::string(buf);
      });
  AppendRequest req;
  req.principal = kAdmin;
  req.form = RequestForm::kBatch;
  for (const Example& ex : Examples()) req.events.push_back({ex.type, ex.stream, ex.data, {}, {}});
  // A later definition of the same indicator replaces the first (threshold dropped).
  Json redefined = Examples()[2].data;
  redefined.erase("threshold");
  redefined["title"] = "Repeat child protection plans";
  req.events.push_back({"indicator.defined", "indicator/cp-repeat", redefined, {}, {}});
  Result<AppendOutcome> out = log.Append(req);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  Result<BoardState> state = BuildBoardState(log, AsOf{});
  ASSERT_TRUE(state.ok());
  const ReferenceData& ref = state->reference();
  ASSERT_EQ(ref.agencies().size(), 1u);
  EXPECT_EQ(ref.agencies().at("police").name, "Cleveland Police");
  EXPECT_TRUE(ref.agencies().at("police").section11);
  EXPECT_EQ(ref.subgroups().at("lipsg").chair_agency, "hartlepool-council");
  EXPECT_EQ(ref.areas().at("hartlepool").kind, "own");
  const IndicatorDefinition& ind = ref.indicators().at("cp-repeat");
  EXPECT_EQ(ind.title, "Repeat child protection plans");
  EXPECT_EQ(ind.polarity, "lower_is_better");
  EXPECT_FALSE(ind.has_threshold);
  EXPECT_FALSE(state->calendar().calendar().IsWorkingDay(*ParseDate("2028-05-01")));
  EXPECT_EQ(state->calendar().added().size(), 1u);

  // Snapshot and restore give the same state.
  Json snap = state->Snapshot();
  BoardState restored;
  ASSERT_TRUE(restored.Restore(snap).ok());
  EXPECT_EQ(restored.Snapshot(), snap);
  EXPECT_EQ(restored.reference().indicators().at("cp-repeat").title,
            "Repeat child protection plans");
  EXPECT_FALSE(restored.calendar().calendar().IsWorkingDay(*ParseDate("2028-05-01")));
}

}  // namespace
}  // namespace lif
