// Policy and procedure reviews (board.h).
#include "core/demo/board.h"

namespace lif::demo {

void Board::PolicyReview() {
  const AgencyDef& a = RandomAgency();
  std::string stream = Id("policy/p");
  Json trigger = {{"kind", "national_guidance"}, {"note", "Updated statutory guidance."}};
  if (!recent_learning_.empty() && rng_.Chance(60)) {
    trigger = {{"kind", "learning"}, {"stream", recent_learning_.back()}};
  }
  const Theme& theme = Pick(Themes());
  Emit(DemoAgencyPrincipal(a.id), "policy.review_requested", stream,
       {{"title", std::string("Procedure: ") + theme.phrase},
        {"owner", rng_.Chance(70) ? "tees_procedures_group" : "board"},
        {"requested_by", a.id},
        {"trigger", trigger}},
       Today());
  if (!rng_.Chance(75)) return;
  On(Weekdayed(Plus(Today(), rng_.Between(30, 100))), [this, stream]() {
    Emit(Chair("policy"), "policy.revised", stream,
         {{"version", "v" + std::to_string(rng_.Between(2, 9)) + ".0"},
          {"summary", "Revised after consultation with the partners."},
          {"effective", FormatDate(Plus(Today(), 14))}},
         Today());
  });
}

}  // namespace lif::demo
