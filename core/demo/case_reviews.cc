// Case reviews: notification, rapid review, decision, LCSPR (board.h).
#include "core/demo/board.h"

namespace lif::demo {

void Board::CaseReview(Date aware, bool final_one) {
  auto stream = std::make_shared<std::string>(Id("review/r"));
  const Principal la = DemoAgencyPrincipal("hartlepool-cs");
  const Theme& theme = Pick(Themes());
  Date incident = Plus(aware, -rng_.Between(0, 10));
  Emit(la, "review.opened", *stream,
       {{"regime", "cspr_2018"},
        {"title", std::string("Serious incident: ") + theme.phrase},
        {"child", Pseudonym()},
        {"incident_date", FormatDate(incident)},
        {"aware_on", FormatDate(aware)},
        {"lead_agency", "hartlepool-cs"}},
       aware);
  if (final_one) return;
  int notify_wd =
      rng_.Chance(80) ? static_cast<int>(rng_.Between(1, 5)) : static_cast<int>(rng_.Between(6, 8));
  Date notified = calendar_.AddWorkingDays(aware, notify_wd);
  std::string theme_id = theme.id;
  On(notified, [this, stream, notified, theme_id, la]() {
    Emit(la, "review.notified", *stream,
         {{"notified_on", FormatDate(notified)},
          {"panel_reference", "CSPRP-" + Pad(rng_.Between(10000, 99999), 5)},
          {"agency", "hartlepool-cs"}},
         notified);
    int rr_wd = rng_.Chance(85) ? static_cast<int>(rng_.Between(10, 15))
                                : static_cast<int>(rng_.Between(16, 19));
    Date rr = calendar_.AddWorkingDays(notified, rr_wd);
    On(rr, [this, stream, rr, theme_id, la]() { RapidReview(*stream, rr, theme_id, la); });
  });
}

void Board::RapidReview(const std::string& stream, Date rr, const std::string& theme,
                        const Principal& la) {
  int roll = static_cast<int>(rng_.Between(0, 99));
  std::string recommendation = roll < 45 ? "lcspr" : roll < 90 ? "no_lcspr" : "other_review";
  Emit(la, "review.rapid_review_completed", stream,
       {{"completed_on", FormatDate(rr)},
        {"recommendation", recommendation},
        {"summary", "Chronologies from every agency were reviewed by the partners."},
        {"agency", "hartlepool-cs"}},
       rr);
  // A review the panel recommends is, nine times in ten, one the statutory
  // criteria require (abuse or neglect, and a death or serious harm with
  // concern about how agencies worked together); the tenth is a review held
  // for its learning, and its rationale says so.
  const bool lcspr = recommendation == "lcspr";
  const bool criteria_met = lcspr && rng_.Chance(90);
  bool died = rng_.Chance(30);
  Json criteria = {{"abuse_or_neglect_known_or_suspected", criteria_met || rng_.Chance(80)},
                   {"child_died", died},
                   {"child_seriously_harmed", !died},
                   {"concern_about_agencies_working_together", criteria_met || rng_.Chance(60)},
                   {"died_in_custody_or_secure_setting", false},
                   {"died_detained_under_mental_health_act", false},
                   {"suspected_suicide", died && rng_.Chance(30)}};
  Emit(la, "review.referred", stream,
       {{"referred_on", FormatDate(rr)},
        {"referred_by", "hartlepool-cs"},
        {"criteria", criteria},
        {"reason", "Referred with the rapid review."}},
       rr);
  Date decided = Weekdayed(Plus(rr, rng_.Between(3, 12)));
  const bool hold = lcspr;
  // Whether the answers meet the criteria, judged as the reviews view judges
  // them (review_clocks.cc), so that the rationale never contradicts them.
  const bool abuse = criteria["abuse_or_neglect_known_or_suspected"].get<bool>();
  const bool met =
      abuse && (died || criteria["concern_about_agencies_working_together"].get<bool>() ||
                criteria["suspected_suicide"].get<bool>());
  bool omit_rationale = !hold && rng_.Chance(20);
  On(decided, [this, stream, decided, hold, met, omit_rationale, theme]() {
    Json d = {{"decided_on", FormatDate(decided)}, {"decision", hold ? "hold" : "not_hold"}};
    if (hold) {
      d["review_kind"] = "lcspr";
      d["rationale"] = met ? "The case meets the criteria and offers learning for the partnership."
                           : "The statutory criteria are not met, but the partnership holds a "
                             "review for the learning the case offers.";
    } else if (!omit_rationale) {
      d["rationale"] =
          "The rapid review identified the learning; a local review would add nothing new.";
    }
    Emit(Chair("lipsg"), "review.decided", stream, d, decided);
    // Learning from the rapid review itself.
    Learn(Chair("lipsg"), "lesson", Format(Pick(kLessonTemplates), PhraseOf(theme)), "case_review",
          stream, {theme}, "");
    if (!hold) return;
    Date commissioned = Weekdayed(Plus(decided, rng_.Between(10, 30)));
    On(commissioned, [this, stream, commissioned]() {
      Emit(
          Chair("lipsg"), "review.commissioned", stream,
          {{"commissioned_on", FormatDate(commissioned)},
           {"reviewer", Pick(kLeads)},
           {"methodology", Pick(std::vector<std::string>{"learning_together", "systems_review",
                                                         "significant_incident_learning_process"})},
           {"terms_of_reference", "Multi-agency practice in the year before the incident."}},
          commissioned);
    });
    Date received = Weekdayed(Plus(decided, rng_.Between(120, 160)));
    On(received, [this, stream, received, theme]() {
      Emit(Chair("lipsg"), "review.report_received", stream,
           {{"received_on", FormatDate(received)},
            {"recommendations", rng_.Between(4, 9)},
            {"summary", "The reviewer's findings and recommendations."}},
           received);
      int n = static_cast<int>(rng_.Between(2, 4));
      for (int i = 0; i < n; ++i) {
        std::string t = i == 0 ? theme : Pick(Themes()).id;
        Learn(Chair("lipsg"), rng_.Chance(85) ? "lesson" : "good_practice",
              Format(Pick(kLessonTemplates), PhraseOf(t)), "case_review", stream, {t}, "");
      }
    });
    Date published = Weekdayed(Plus(decided, rng_.Between(160, 215)));
    On(published, [this, stream, published]() {
      Emit(Chair("lipsg"), "review.published", stream,
           {{"published_on", FormatDate(published)},
            {"url", "https://www.hartlepool.gov.uk/safeguarding/reviews/" + stream.substr(7)}},
           published);
    });
  });
}

void Board::OpenFinalReview() {
  Date d = Plus(end_, -1);
  int working = 0;
  while (working < 3) {
    if (calendar_.IsWorkingDay(d)) ++working;
    if (working < 3) d = Plus(d, -1);
  }
  On(d, [this, d]() { CaseReview(d, true); });
}

}  // namespace lif::demo
