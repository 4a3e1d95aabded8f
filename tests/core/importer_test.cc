// Importing spreadsheets (core/import/importer.h): each kind's rows become
// the events the API accepts, every row's errors are reported with its row
// and column, nothing is appended while any row is wrong, the same file twice
// appends nothing new, and a concurrent import of the same kind conflicts.
#include "core/import/importer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/import/csv_reader.h"
#include "tests/support/scenario.h"

namespace lif::import {
namespace {

using ::lif::testing::Admin;
using ::lif::testing::FakeWorld;
using ::lif::testing::NewLog;
using ::lif::testing::TestSha256;

class ImporterTest : public ::testing::Test {
 protected:
  ImportPlan Plan(const std::string& kind, const std::string& csv, const Principal& who = Admin()) {
    Result<ImportPlan> plan = PlanImport({kind, kind + ".csv", csv, nullptr}, *log_,
                                         Catalogue::Default(), who, TestSha256());
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    return plan.ok() ? *plan : ImportPlan();
  }
  Result<AppendOutcome> Append(const ImportPlan& plan, const Principal& who = Admin()) {
    AppendRequest req;
    req.principal = who;
    req.form = RequestForm::kBatch;
    req.events = BatchEvents(plan);
    return log_->Append(std::move(req));
  }
  std::vector<Event> Stream(const std::string& stream) {
    return log_->ReadStream(stream, 0, 1000).value();
  }
  static std::string Errors(const ImportPlan& plan) {
    std::string out;
    for (const RowError& e : plan.errors) {
      out += std::to_string(e.row) + ":" + e.column + ":" + e.reason + "\n";
    }
    return out;
  }
  void DefineIndicator(const std::string& id) {
    ProposedEvent e;
    e.type = "indicator.defined";
    e.stream = "indicator/" + id;
    e.data = {{"indicator_id", id},
              {"title", "Repeat child protection plans"},
              {"area", "safe"},
              {"polarity", "lower_is_better"},
              {"unit", "percent"}};
    ASSERT_TRUE(testing::AppendOne(log_.get(), Admin(), e).ok());
  }

  FakeWorld world_;
  std::unique_ptr<MemoryLog> log_ = NewLog(&world_);
};

const char* kActions =
    "plan,plan_title,plan_kind,plan_subgroup,action,title,owner_agency,lead,due,revised_due,"
    "revised_reason,rag,progress_note,evidence_of_impact,learning\r\n"
    "lipsg-2026,LIPSG plan,subgroup,lipsg,a1,Train custody staff,police,DI Smith,30/06/2026,"
    "2026-09-30,Trainer ill,amber,Half trained,,\r\n"
    "lipsg-2026,,,,a2,Audit referrals,health,Dr Jones,2026-05-31,,,green,,"
    "\"Audit shows 95% compliance\",2026-004; 2026-005\r\n";

TEST_F(ImporterTest, ActionsMakeThePlanTheActionsAndTheirUpdates) {
  ImportPlan plan = Plan("actions", kActions);
  ASSERT_TRUE(plan.errors.empty()) << Errors(plan);
  EXPECT_EQ(plan.rows, 2);
  EXPECT_EQ(plan.new_rows, 2);
  ASSERT_TRUE(Append(plan).ok());

  std::vector<Event> p = Stream("plan/lipsg-2026");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].data["kind"], "subgroup");
  EXPECT_EQ(p[0].data["subgroup"], "lipsg");
  std::vector<Event> a1 = Stream("action/a1");
  ASSERT_EQ(a1.size(), 3u);
  EXPECT_EQ(a1[0].type, "action.planned");
  EXPECT_EQ(a1[0].data["due"], "2026-06-30");  // DD/MM/YYYY read as a UK date.
  EXPECT_EQ(a1[0].data["lead"], "DI Smith");
  EXPECT_EQ(a1[1].type, "action.due_revised");
  EXPECT_EQ(a1[1].data["due"], "2026-09-30");
  EXPECT_EQ(a1[2].type, "action.progressed");
  EXPECT_EQ(a1[2].data["rag"], "amber");
  std::vector<Event> a2 = Stream("action/a2");
  ASSERT_EQ(a2.size(), 3u);
  EXPECT_EQ(a2[0].data["learning"], Json({"learning/2026-004", "learning/2026-005"}));
  EXPECT_EQ(a2[2].type, "action.completed");
  EXPECT_EQ(a2[2].data["evidence_of_impact"], "Audit shows 95% compliance");

  // Who imported what: the last event of the batch.
  std::vector<Event> rec = Stream("import/actions");
  ASSERT_EQ(rec.size(), 1u);
  EXPECT_EQ(rec[0].type, "import.recorded");
  EXPECT_EQ(rec[0].actor, "tok-admin");
  EXPECT_EQ(rec[0].data["file"], "actions.csv");
  EXPECT_EQ(rec[0].data["imported_rows"], 2);
  EXPECT_EQ(rec[0].data["events"], 7);
  EXPECT_EQ(rec[0].data["row_keys"].size(), 2u);
  EXPECT_EQ(rec[0].position, log_->Head().position);
}

TEST_F(ImporterTest, TheSameFileTwiceAppendsNothingNewAndANewRowOnlyItself) {
  ASSERT_TRUE(Append(Plan("actions", kActions)).ok());
  const int64_t head = log_->Head().position;
  ImportPlan again = Plan("actions", kActions);
  EXPECT_TRUE(again.errors.empty()) << Errors(again);
  EXPECT_EQ(again.new_rows, 0);
  EXPECT_EQ(again.skipped_rows, 2);
  EXPECT_TRUE(again.batch.empty());

  // The same rows with the columns in another order are the same rows.
  Result<CsvTable> t = ReadCsv(kActions);
  ASSERT_TRUE(t.ok());
  std::string reordered;
  std::vector<std::string> header(t->header.rbegin(), t->header.rend());
  reordered += CsvLine(header);
  for (const CsvRecord& r : t->records) {
    std::vector<std::string> f = r.fields;
    f.resize(t->header.size());
    reordered += CsvLine(std::vector<std::string>(f.rbegin(), f.rend()));
  }
  EXPECT_EQ(Plan("actions", reordered).new_rows, 0);

  // A third row, and a changed RAG for a1: only those are new. a1 exists, so
  // it is not planned again: the row records the new rating.
  const std::string more = std::string(kActions) +
                           "lipsg-2026,,,,a1,Train custody staff,police,DI Smith,30/06/2026,,,"
                           "red,Trainer left,,\r\n"
                           "lipsg-2026,,,,a3,Refresh the escalation policy,nhs,Ms Green,"
                           "2026-12-31,,,,,,\r\n";
  ImportPlan plan = Plan("actions", more);
  ASSERT_TRUE(plan.errors.empty()) << Errors(plan);
  EXPECT_EQ(plan.new_rows, 2);
  EXPECT_EQ(plan.skipped_rows, 2);
  ASSERT_TRUE(Append(plan).ok());
  EXPECT_EQ(log_->Head().position, head + 3);  // a1 progressed, a3 planned, the record.
  EXPECT_EQ(Stream("action/a1").back().data["rag"], "red");
  EXPECT_EQ(Stream("import/actions").size(), 2u);
}

TEST_F(ImporterTest, EveryRowsErrorsAreReportedWithRowAndColumnAndNothingIsPlanned) {
  const std::string csv =
      "plan,plan_title,plan_kind,action,title,owner_agency,lead,due,rag\r\n"
      "p1,Plan,board,a1,Fine,police,DI Smith,2026-06-30,\r\n"
      "p1,,,a2,Bad date,police,DI Smith,2026-02-30,\r\n"
      "p1,,,a3,Bad rag,police,DI Smith,2026-06-30,purple\r\n"
      "p1,,,a4,,police,,2026-06-30,\r\n"
      "p1,,,A 5,Bad id,police,DI Smith,2026-06-30,\r\n";
  ImportPlan plan = Plan("actions", csv);
  EXPECT_TRUE(plan.batch.empty());
  const std::string errors = Errors(plan);
  EXPECT_NE(errors.find("3:due:"), std::string::npos) << errors;
  EXPECT_NE(errors.find("4:rag:"), std::string::npos) << errors;
  EXPECT_NE(errors.find("5:title:is required"), std::string::npos) << errors;
  EXPECT_NE(errors.find("5:lead:is required"), std::string::npos) << errors;
  EXPECT_NE(errors.find("6:action:"), std::string::npos) << errors;
  EXPECT_EQ(errors.find("2:"), std::string::npos) << errors;
  EXPECT_EQ(log_->Head().position, 0);
}

TEST_F(ImporterTest, RefusesUnknownAndMissingColumnsAndExtraFields) {
  ImportPlan unknown = Plan("actions", "plan,action,colour\r\np1,a1,blue\r\n");
  ASSERT_EQ(unknown.errors.size(), 1u);
  EXPECT_EQ(unknown.errors[0].row, 1);
  EXPECT_EQ(unknown.errors[0].column, "colour");
  ImportPlan missing = Plan("indicators", "indicator,period,value\r\nx,2026-Q1,3\r\n");
  ASSERT_EQ(missing.errors.size(), 1u);
  EXPECT_EQ(missing.errors[0].column, "area");
  DefineIndicator("x");
  ImportPlan extra = Plan("indicators", "indicator,period,area,value\r\nx,2026-Q1,h,3,4\r\n");
  ASSERT_EQ(extra.errors.size(), 1u) << Errors(extra);
  EXPECT_EQ(extra.errors[0].row, 2);
  ImportPlan broken = Plan("indicators", "indicator,period,area,value\r\nx,\"2026,h,3\r\n");
  ASSERT_EQ(broken.errors.size(), 1u);
  EXPECT_EQ(broken.errors[0].row, 2);
  EXPECT_FALSE(PlanImport({"budgets", "b.csv", "a\r\n1\r\n", nullptr}, *log_, Catalogue::Default(),
                          Admin(), TestSha256())
                   .ok());
}

TEST_F(ImporterTest, IndicatorRowsOfOneQuarterBecomeOneReturnWithAValuePerArea) {
  DefineIndicator("cp-repeat");
  const std::string csv =
      "indicator,period,area,value\r\n"
      "cp-repeat,2026-Q1,hartlepool,21\r\n"
      "cp-repeat,2026-Q1,england,20.5\r\n"
      "cp-repeat,2026-Q2,hartlepool,\"1,204\"\r\n";
  ImportPlan plan = Plan("indicators", csv);
  ASSERT_TRUE(plan.errors.empty()) << Errors(plan);
  ASSERT_TRUE(Append(plan).ok());
  std::vector<Event> s = Stream("indicator/cp-repeat");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[1].data["values"], Json({{"hartlepool", 21}, {"england", 20.5}}));
  EXPECT_TRUE(s[1].data["values"]["hartlepool"].is_number_integer());
  EXPECT_EQ(s[2].data["values"]["hartlepool"], 1204);

  ImportPlan bad = Plan("indicators",
                        "indicator,period,area,value\r\n"
                        "cp-repeat,2026-Q3,hartlepool,21\r\n"
                        "cp-repeat,2026-Q3,hartlepool,22\r\n"
                        "cp-repeat,2026-Q3,england,n/a\r\n"
                        "nobody,2026-Q3,england,3\r\n"
                        "cp-repeat,2026-13,england,3\r\n"
                        "cp-repeat,2026-Q4,Bad Area,3\r\n");
  const std::string errors = Errors(bad);
  EXPECT_NE(errors.find("3:area:"), std::string::npos) << errors;
  EXPECT_NE(errors.find("4:value:"), std::string::npos) << errors;
  EXPECT_NE(errors.find("5:indicator:"), std::string::npos) << errors;
  EXPECT_NE(errors.find("6:period:"), std::string::npos) << errors;
  EXPECT_NE(errors.find("7:value:"), std::string::npos) << errors;  // /data/values/Bad Area.
}

TEST_F(ImporterTest, Section11RowsOfOneReturnBecomeOneSubmission) {
  const std::string csv =
      "agency,year,submitted_on,standard,rating,evidence,comment\r\n"
      "police,2026,31/03/2026,training,Green,98% trained,\r\n"
      "police,2026,31/03/2026,information_sharing,amber,Protocol,Needs audit\r\n"
      "health,2026,2026-04-02,training,red,Backlog,\r\n";
  ImportPlan plan = Plan("s11", csv);
  ASSERT_TRUE(plan.errors.empty()) << Errors(plan);
  ASSERT_TRUE(Append(plan).ok());
  std::vector<Event> police = Stream("s11/police-2026");
  ASSERT_EQ(police.size(), 1u);
  EXPECT_EQ(police[0].data["standards"].size(), 2u);
  EXPECT_EQ(police[0].data["standards"][0]["rating"], "green");
  EXPECT_EQ(police[0].data["submitted_on"], "2026-03-31");
  EXPECT_EQ(Stream("s11/health-2026").size(), 1u);

  ImportPlan twice = Plan("s11",
                          "agency,year,submitted_on,standard,rating,evidence\r\n"
                          "nhs,2026,2026-04-02,training,red,x\r\n"
                          "nhs,2026,2026-04-02,training,green,y\r\n"
                          "nhs,2026,2026-04-02,hair_colour,green,y\r\n");
  const std::string errors = Errors(twice);
  EXPECT_NE(errors.find("3:standard:"), std::string::npos) << errors;
  EXPECT_NE(errors.find("4:standard:"), std::string::npos) << errors;
}

TEST_F(ImporterTest, TrainingRowsPlanANewCourseAndGroupADeliveryByDate) {
  const std::string csv =
      "course,course_title,date,agency,attended\r\n"
      "neglect-1,Neglect basics,12/05/2026,police,12\r\n"
      "neglect-1,,12/05/2026,health,8\r\n"
      "neglect-1,,2026-06-01,police,3\r\n";
  ImportPlan plan = Plan("training", csv);
  ASSERT_TRUE(plan.errors.empty()) << Errors(plan);
  ASSERT_TRUE(Append(plan).ok());
  std::vector<Event> c = Stream("course/neglect-1");
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].type, "course.planned");
  EXPECT_EQ(c[1].data["attendees"],
            Json::parse(R"([{"agency":"police","count":12},{"agency":"health","count":8}])"));
  EXPECT_EQ(c[2].data["date"], "2026-06-01");

  ImportPlan bad = Plan("training",
                        "course,date,agency,attended\r\n"
                        "unknown-course,2026-06-01,police,3\r\n"
                        "neglect-1,2026-06-02,police,3.5\r\n"
                        "neglect-1,2026-06-03,police,3\r\n"
                        "neglect-1,2026-06-03,police,4\r\n");
  const std::string errors = Errors(bad);
  EXPECT_NE(errors.find("2:course_title:is required"), std::string::npos) << errors;
  EXPECT_NE(errors.find("3:attended:"), std::string::npos) << errors;
  EXPECT_NE(errors.find("5:agency:"), std::string::npos)
      << errors;  // Police twice in one delivery.
}

TEST_F(ImporterTest, LearningRowsAddNewItemsOnlyAndRefuseOneAlreadyInTheLog) {
  ASSERT_TRUE(testing::AppendOne(log_.get(), Admin(), testing::Learning("2026-001", "Old")).ok());
  const std::string csv =
      "learning,title,kind,source_kind,source,themes,identified_on,presented_on\r\n"
      "2026-101,Hear pre-verbal children,lesson,case_review,review/2026-01,voice-of-child; "
      "neglect,20/11/2026,2026-12-01\r\n"
      "2026-001,Old one again,lesson,case_review,review/2026-01,,,\r\n";
  ImportPlan plan = Plan("learning", csv);
  ASSERT_EQ(plan.errors.size(), 1u) << Errors(plan);
  EXPECT_EQ(plan.errors[0].row, 3);
  EXPECT_EQ(plan.errors[0].column, "learning");
  ImportPlan good = Plan("learning", csv.substr(0, csv.rfind("2026-001")));
  ASSERT_TRUE(good.errors.empty()) << Errors(good);
  ASSERT_TRUE(Append(good).ok());
  std::vector<Event> l = Stream("learning/2026-101");
  ASSERT_EQ(l.size(), 2u);
  EXPECT_EQ(l[0].data["themes"], Json({"voice-of-child", "neglect"}));
  EXPECT_EQ(l[0].occurred_at, "2026-11-20");
  EXPECT_EQ(l[1].type, "learning.presented");
}

TEST_F(ImporterTest, TheEnvelopeIsCheckedAsTheApiChecksIt) {
  ImportPlan plan = Plan("learning",
                         "learning,title,kind,source_kind,source,identified_on\r\n"
                         "2026-201,A,lesson,other,other/x,yesterday\r\n"
                         "2026-202,B,lesson,other,Not A Stream,\r\n"
                         "bad/two/slashes,C,lesson,other,other/x,\r\n");
  const std::string errors = Errors(plan);
  EXPECT_NE(errors.find("2:identified_on:"), std::string::npos) << errors;
  EXPECT_NE(errors.find("3:source:"), std::string::npos) << errors;
  EXPECT_NE(errors.find("4:learning:"), std::string::npos) << errors;
  EXPECT_TRUE(plan.batch.empty());
}

TEST_F(ImporterTest, AConcurrentImportOfTheSameKindConflictsAndAppendsNothing) {
  ImportPlan first = Plan("actions", kActions);
  ImportPlan second = Plan("actions", kActions);  // Planned before the first lands.
  ASSERT_TRUE(Append(first).ok());
  const int64_t head = log_->Head().position;
  Result<AppendOutcome> late = Append(second);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.status().code(), StatusCode::kConflict);
  EXPECT_EQ(log_->Head().position, head);
  const RowError where = RowErrorForAppend(second, late.status());
  EXPECT_FALSE(where.reason.empty());
}

TEST_F(ImporterTest, AnAppendFailureNamesTheRowAndColumnThatCausedIt) {
  // An agency's token: the catalogue refuses it naming another agency, at
  // the owner_agency column of row 2.
  ImportPlan plan =
      Plan("actions",
           "plan,plan_title,plan_kind,plan_agency,action,title,owner_agency,lead,due\r\n"
           "p9,Police plan,single_agency,police,a9,Do it,health,DI Smith,2026-06-30\r\n",
           testing::AgencyPrincipal("police"));
  ASSERT_FALSE(plan.errors.empty());
  EXPECT_EQ(plan.errors[0].row, 2);
  EXPECT_EQ(plan.errors[0].column, "owner_agency");
  // And the append refuses the import.recorded an agency may not write, at
  // the batch's last event.
  ImportPlan mine = Plan("actions", kActions);
  Result<AppendOutcome> out = Append(mine, testing::AgencyPrincipal("police"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kForbidden);
  EXPECT_EQ(log_->Head().position, 0);
}

TEST_F(ImporterTest, TemplatesReadBackAndTheRecordedKindsMatchTheImporters) {
  std::vector<std::string> names;
  for (const KindSpec& kind : Kinds()) {
    names.push_back(kind.name);
    Result<CsvTable> t = ReadCsv(TemplateCsv(kind));
    ASSERT_TRUE(t.ok()) << kind.name;
    EXPECT_EQ(t->header.size(), kind.columns.size());
    EXPECT_EQ(t->records.size(), 1u) << kind.name;
  }
  const EventTypeDef* def = Catalogue::Default().Find(kImportRecordedType);
  ASSERT_NE(def, nullptr);
  EXPECT_EQ(def->data_schema["properties"]["kind"]["enum"], Json(names));
}

TEST(ImportDocsTest, DocsImportMdNamesEveryColumnOfEveryKind) {
  std::ifstream in(std::string(LIF_SOURCE_DIR) + "/docs/import.md");
  ASSERT_TRUE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  for (const KindSpec& kind : Kinds()) {
    const size_t at = doc.find("### " + kind.name + "\n");
    ASSERT_NE(at, std::string::npos) << kind.name << " has no section in docs/import.md";
    const size_t end = doc.find("\n### ", at + 1);
    const std::string section = doc.substr(at, end == std::string::npos ? end : end - at);
    for (const Column& c : kind.columns) {
      EXPECT_NE(section.find("`" + c.name + "`"), std::string::npos)
          << kind.name << "." << c.name << " is not in docs/import.md";
    }
  }
}

}  // namespace
}  // namespace lif::import
