// Child deaths: notification and review by the CDOP (board.h).
#include "core/demo/board.h"

namespace lif::demo {

void Board::ChildDeath(Date death) {
  std::string stream = Id("cdr/d");
  int band = static_cast<int>(rng_.Between(0, 5));
  const char* bands[] = {"under_28_days", "28_days_to_1_year", "1_to_4",
                         "5_to_9",        "10_to_14",          "15_to_17"};
  Emit(DemoAgencyPrincipal("nth-trust"), "cdr.notified", stream,
       {{"child", Pseudonym()},
        {"date_of_death", FormatDate(death)},
        {"age_band", bands[band]},
        {"expected", rng_.Chance(45) ? "expected" : "unexpected"},
        {"notified_by", "nth-trust"}},
       Today());
  Date reviewed = Weekdayed(Plus(death, rng_.Between(90, 200)));
  std::string category = band == 0
                             ? (rng_.Chance(70) ? "perinatal_neonatal_event"
                                                : "chromosomal_genetic_and_congenital_anomalies")
                             : Pick(kCdrCategories);
  On(reviewed, [this, stream, reviewed, category]() {
    bool modifiable = rng_.Chance(35);
    Json d = {{"reviewed_on", FormatDate(reviewed)},
              {"category", category},
              {"modifiable_factors", modifiable ? "yes" : "no"}};
    if (modifiable) {
      d["factors"] = Json::array({Pick(std::vector<std::string>{
          "Unsafe sleeping arrangements", "Parental smoking", "Delayed access to care",
          "Supervision of the child", "Alcohol or substance use by a carer"})});
      d["learning"] = "The panel agreed a public health message.";
    }
    Emit(DemoAdmin(), "cdr.reviewed", stream, d, reviewed);
    if (modifiable) {
      Learn(Chair("cdop"), "lesson",
            "Modifiable factor in a child death: " + d["factors"][0].get<std::string>(),
            "child_death_review", stream, {"safe-sleep"}, "");
    }
  });
}

}  // namespace lif::demo
