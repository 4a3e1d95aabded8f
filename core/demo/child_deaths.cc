// Child deaths: notification and review by the CDOP (board.h).
//
// Each death is drawn so that its parts agree, as a panel's record would: the
// category fits the child's age (a perinatal event only in the first 28 days,
// self-harm only in adolescence, sudden unexplained infant death only in
// infancy), whether the death was expected follows from the category (a
// life-limiting condition, not an injury), and a modifiable factor, when the
// panel finds one, is one that category can have, with the learning theme it
// belongs to.
#include <string>
#include <string_view>
#include <vector>

#include "core/demo/board.h"

namespace lif::demo {
namespace {

enum class Expectation { kExpected, kUnexpected, kEither };

struct Factor {
  const char* text;
  const char* theme;     // A theme id (reference_data.cc).
  const char* learning;  // What the panel agreed.
};

struct CdrCategoryDef {
  const char* id;
  std::vector<int> bands;  // Indexes into kAgeBands where this category occurs.
  Expectation expectation;
  int modifiable_percent;  // How often the panel finds a modifiable factor.
  std::vector<Factor> factors;
};

const char* const kAgeBands[] = {"under_28_days", "28_days_to_1_year", "1_to_4",
                                 "5_to_9",        "10_to_14",          "15_to_17"};

const std::vector<CdrCategoryDef>& Categories() {
  static const std::vector<CdrCategoryDef> k = {
      {"deliberately_inflicted_injury_abuse_or_neglect",
       {1, 2, 3, 4, 5},
       Expectation::kUnexpected,
       80,
       {{"Earlier concerns about the child's care were not shared between agencies",
         "information-sharing", "The panel asked agencies to review how concerns are shared."},
        {"Domestic abuse in the household was known but not assessed", "domestic-abuse",
         "The panel referred the case for a rapid review."}}},
      {"suicide_or_deliberate_self_inflicted_harm",
       {4, 5},
       Expectation::kUnexpected,
       70,
       {{"Missed opportunities to refer to children's mental health services", "self-harm",
         "The panel shared the learning with schools and CAMHS."}}},
      {"trauma_and_other_external_factors",
       {2, 3, 4, 5},
       Expectation::kUnexpected,
       50,
       {{"Supervision of the child", "neglect", "The panel agreed a home safety message."},
        {"Alcohol or substance use by a carer", "substance-misuse",
         "The panel agreed a message for substance misuse services."}}},
      {"malignancy",
       {1, 2, 3, 4, 5},
       Expectation::kExpected,
       5,
       {{"Delay in recognising symptoms", "information-sharing",
         "The panel wrote to primary care about referral pathways."}}},
      {"acute_medical_or_surgical_condition",
       {0, 1, 2, 3, 4, 5},
       Expectation::kUnexpected,
       20,
       {{"Delayed access to care", "information-sharing",
         "The panel wrote to the trust about out-of-hours access."}}},
      {"chronic_medical_condition",
       {1, 2, 3, 4, 5},
       Expectation::kExpected,
       15,
       {{"Care was not coordinated across the move to adult services", "transition",
         "The panel asked for a transition plan audit."}}},
      {"chromosomal_genetic_and_congenital_anomalies",
       {0, 1, 2},
       Expectation::kExpected,
       5,
       {{"Delayed access to specialist care", "information-sharing",
         "The panel wrote to the trust about referral times."}}},
      {"perinatal_neonatal_event",
       {0},
       Expectation::kEither,
       25,
       {{"Late booking for antenatal care", "early-help",
         "The panel agreed a message about early antenatal booking."},
        {"Smoking in pregnancy", "early-help", "The panel agreed a public health message."}}},
      {"infection",
       {0, 1, 2, 3, 4, 5},
       Expectation::kUnexpected,
       20,
       {{"Delayed access to care", "information-sharing",
         "The panel wrote to the trust about out-of-hours access."}}},
      {"sudden_unexpected_unexplained_death",
       {0, 1, 2},
       Expectation::kUnexpected,
       60,
       {{"Unsafe sleeping arrangements", "safe-sleep", "The panel agreed a safe sleep message."},
        {"Parental smoking", "safe-sleep", "The panel agreed a safe sleep message."},
        {"Alcohol or substance use by a carer", "substance-misuse",
         "The panel agreed a safe sleep message for substance misuse services."}}},
  };
  return k;
}

}  // namespace

void Board::ChildDeath(Date death) {
  std::string stream = Id("cdr/d");
  const int band = static_cast<int>(rng_.Between(0, 5));
  std::vector<const CdrCategoryDef*> fitting;
  for (const CdrCategoryDef& c : Categories()) {
    for (int b : c.bands) {
      if (b == band) fitting.push_back(&c);
    }
  }
  // Most deaths in the first 28 days are perinatal or congenital.
  const CdrCategoryDef* category = Pick(fitting);
  if (band == 0 && rng_.Chance(70)) {
    for (const CdrCategoryDef& c : Categories()) {
      if (std::string_view(c.id) == "perinatal_neonatal_event") category = &c;
    }
  }
  bool expected = category->expectation == Expectation::kExpected ||
                  (category->expectation == Expectation::kEither && rng_.Chance(60));
  Emit(DemoAgencyPrincipal("nth-trust"), "cdr.notified", stream,
       {{"child", Pseudonym()},
        {"date_of_death", FormatDate(death)},
        {"age_band", kAgeBands[band]},
        {"expected", expected ? "expected" : "unexpected"},
        {"notified_by", "nth-trust"}},
       Today());
  Date reviewed = Weekdayed(Plus(death, rng_.Between(90, 200)));
  const bool modifiable = rng_.Chance(category->modifiable_percent);
  const Factor factor = Pick(category->factors);
  const std::string category_id = category->id;
  On(reviewed, [this, stream, reviewed, category_id, modifiable, factor]() {
    Json d = {{"reviewed_on", FormatDate(reviewed)},
              {"category", category_id},
              {"modifiable_factors", modifiable ? "yes" : "no"}};
    if (modifiable) {
      d["factors"] = Json::array({factor.text});
      d["learning"] = factor.learning;
    }
    Emit(DemoAdmin(), "cdr.reviewed", stream, d, reviewed);
    if (modifiable) {
      Learn(Chair("cdop"), "lesson",
            std::string("Modifiable factor in a child death: ") + factor.text, "child_death_review",
            stream, {factor.theme}, "");
    }
  });
}

}  // namespace lif::demo
