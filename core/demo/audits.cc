// Multi-agency and single-agency case audits, and Section 11 returns (board.h).
#include "core/projections/audits.h"

#include <algorithm>

#include "core/demo/board.h"

namespace lif::demo {

void Board::MultiAgencyAudit(Date commissioned, Date meeting) {
  std::string stream = Id("audit/ma");
  const Theme& theme = Pick(Themes());
  std::vector<std::string> partners = DistinctAgencies(static_cast<int>(rng_.Between(3, 6)));
  if (std::find(partners.begin(), partners.end(), "hartlepool-cs") == partners.end()) {
    partners.push_back("hartlepool-cs");
    std::sort(partners.begin(), partners.end());
  }
  int cases = static_cast<int>(rng_.Between(8, 15));
  Emit(Chair("lipsg"), "audit.commissioned", stream,
       {{"scope", "multi_agency"},
        {"title", std::string("Multi-agency audit: ") + theme.phrase},
        {"theme", theme.id},
        {"sampling", rng_.Chance(60) ? "random" : "purposive"},
        {"planned_cases", cases},
        {"lead_agency", "hartlepool-cs"},
        {"agencies", partners},
        {"commissioned_on", FormatDate(commissioned)}},
       commissioned);
  for (int i = 0; i < cases; ++i) {
    std::string grader = Pick(partners);
    std::string child = Pseudonym();
    On(Weekdayed(Plus(commissioned, rng_.Between(14, 45))), [this, stream, grader, child]() {
      int g = static_cast<int>(rng_.Between(0, 99));
      Emit(DemoAgencyPrincipal(grader), "audit.case_graded", stream,
           {{"case", child},
            {"grade", g < 8    ? kGrades[0]
                      : g < 55 ? kGrades[1]
                      : g < 88 ? kGrades[2]
                               : kGrades[3]},
            {"agency", grader}},
           Today());
    });
  }
  std::string theme_id = theme.id;
  Date done = Weekdayed(Plus(meeting, -rng_.Between(7, 14)));
  if (done < Plus(commissioned, 50)) done = Plus(commissioned, 50);
  On(done, [this, stream, done, theme_id]() {
    Emit(Chair("lipsg"), "audit.completed", stream,
         {{"completed_on", FormatDate(done)},
          {"findings",
           Json::array({"Assessments did not always consider " + PhraseOf(theme_id) + ".",
                        "Good multi-agency attendance at strategy discussions."})},
          {"summary", "Findings presented to the LIPSG."}},
         done);
    Learn(Chair("lipsg"), "finding", Format(Pick(kLessonTemplates), PhraseOf(theme_id)),
          "multi_agency_audit", stream, {theme_id}, "");
    Learn(Chair("lipsg"), "good_practice", Format(Pick(kGoodPracticeTemplates), PhraseOf(theme_id)),
          "multi_agency_audit", stream, {theme_id}, "");
  });
}

void Board::SingleAgencyAudit(const std::string& agency) {
  std::string stream = Id("audit/sa");
  const Theme& theme = Pick(Themes());
  const Principal who = DemoAgencyPrincipal(agency);
  int cases = static_cast<int>(rng_.Between(4, 8));
  Emit(who, "audit.commissioned", stream,
       {{"scope", "single_agency"},
        {"title", std::string("Single-agency audit: ") + theme.phrase},
        {"theme", theme.id},
        {"sampling", "random"},
        {"planned_cases", cases},
        {"lead_agency", agency},
        {"agencies", Json::array({agency})},
        {"commissioned_on", FormatDate(Today())}},
       Today());
  for (int i = 0; i < cases; ++i) {
    std::string child = Pseudonym();
    On(Weekdayed(Plus(Today(), rng_.Between(7, 30))), [this, stream, who, agency, child]() {
      Emit(who, "audit.case_graded", stream,
           {{"case", child},
            {"grade", kGrades[rng_.Between(0, 99) < 60 ? 1 : 2]},
            {"agency", agency}},
           Today());
    });
  }
  std::string theme_id = theme.id;
  On(Weekdayed(Plus(Today(), rng_.Between(35, 60))), [this, stream, who, agency, theme_id]() {
    Emit(who, "audit.completed", stream,
         {{"completed_on", FormatDate(Today())},
          {"findings", Json::array({"Records of " + PhraseOf(theme_id) + " were incomplete."})},
          {"agency", agency}},
         Today());
    if (rng_.Chance(75)) {
      Learn(who, "finding", Format(Pick(kLessonTemplates), PhraseOf(theme_id)),
            "single_agency_audit", stream, {theme_id}, agency);
    }
  });
}

void Board::Section11Return(const std::string& agency, int year, Date submitted) {
  std::string stream = "s11/" + agency + "-" + std::to_string(year);
  Json rows = Json::array();
  std::vector<std::string> self;
  for (const std::string& s : Section11Standards()) {
    int r = static_cast<int>(rng_.Between(0, 99));
    std::string rating = r < 55 ? "green" : r < 90 ? "amber" : "red";
    self.push_back(rating);
    rows.push_back(
        {{"standard", s}, {"rating", rating}, {"evidence", "Policy, audit and training records."}});
  }
  Emit(DemoAgencyPrincipal(agency), "s11.submitted", stream,
       {{"agency", agency},
        {"year", year},
        {"submitted_on", FormatDate(submitted)},
        {"standards", rows}},
       submitted);
  CivilDate c = CivilFromDate(submitted);
  Date moderated =
      Weekdayed(DateFromCivil(CivilDate{c.year, 12, static_cast<int>(rng_.Between(1, 15))}));
  if (moderated < submitted) moderated = Plus(submitted, 14);
  On(moderated, [this, stream, moderated, self]() {
    Json rows = Json::array();
    bool lowered = false;
    for (size_t i = 0; i < self.size(); ++i) {
      std::string rating = self[i];
      if (rating == "green" && rng_.Chance(15))
        rating = "amber", lowered = true;
      else if (rating == "amber" && rng_.Chance(20))
        rating = "red", lowered = true;
      rows.push_back(
          {{"standard", Section11Standards()[i]},
           {"rating", rating},
           {"comment", rating == self[i] ? "Agreed." : "Evidence did not support the rating."}});
    }
    Emit(DemoAdmin(), "s11.moderated", stream,
         {{"moderated_on", FormatDate(moderated)}, {"standards", rows}}, moderated);
    if (lowered && rng_.Chance(40)) {
      Learn(Chair("qap"), "finding", "Section 11 evidence weaker than self-assessed", "section11",
            stream, {"information-sharing"}, "");
    }
  });
}

}  // namespace lif::demo
