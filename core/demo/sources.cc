// Other sources of learning: deep dives, learning reviews, inspections, voice of the child and
// service-user feedback (board.h).
#include "core/demo/board.h"

namespace lif::demo {

void Board::DeepDive(const std::string& entry, const std::string& title, const std::string& theme,
                     Date meeting) {
  std::string stream = Id("thematic/t");
  std::string lead = Pick(std::vector<std::string>{"hartlepool-cs", "cleveland-police", "tees-icb",
                                                   "tewv-trust", "hartlepool-yjs"});
  Emit(DemoAdmin(), "thematic.commissioned", stream,
       {{"kind", "deep_dive"},
        {"title", title},
        {"theme", theme},
        {"commissioned_on", FormatDate(Today())},
        {"lead_agency", lead},
        {"subgroup", "qap"}},
       Today());
  Date reported = Weekdayed(Plus(meeting, -rng_.Between(5, 12)));
  if (reported <= Today()) reported = Plus(Today(), 1);
  On(reported, [this, stream, lead, theme, reported]() {
    Emit(DemoAgencyPrincipal(lead), "thematic.reported", stream,
         {{"reported_on", FormatDate(reported)},
          {"findings", Json::array({"Thresholds are applied inconsistently.",
                                    "Practitioners value the multi-agency panel."})},
          {"agency", lead}},
         reported);
    Learn(DemoAgencyPrincipal(lead), "finding", Format(Pick(kLessonTemplates), PhraseOf(theme)),
          "thematic_review", stream, {theme}, lead);
  });
  Slot(entry, title, "deep_dive", meeting, stream);
}

void Board::LearningReview(Date meeting) {
  std::string stream = Id("learning-review/n");
  bool national = rng_.Chance(70);
  const Theme& theme = Pick(Themes());
  std::string theme_id = theme.id;
  Emit(Chair("lipsg"), "learning_review.received", stream,
       {{"scope", national ? "national" : "local"},
        {"title",
         std::string(national ? "National review: " : "Local learning review: ") + theme.phrase},
        {"publisher",
         national ? "Child Safeguarding Practice Review Panel" : "Tees safeguarding partnerships"},
        {"published_on", FormatDate(Plus(Today(), -rng_.Between(5, 40)))}},
       Today());
  std::string presenter = RandomAgency().id;
  Emit(Chair("lipsg"), "learning_review.assigned", stream,
       {{"presenter_agency", presenter},
        {"meeting_date", FormatDate(meeting)},
        {"meeting", "Board meeting"}},
       Today());
  if (rng_.Chance(12)) return;  // Not presented: the rota shows it overdue.
  On(meeting, [this, stream, presenter, meeting, theme_id]() {
    Emit(DemoAgencyPrincipal(presenter), "learning_review.presented", stream,
         {{"presented_on", FormatDate(meeting)},
          {"presenter_agency", presenter},
          {"lessons", Json::array({Format(Pick(kLessonTemplates), PhraseOf(theme_id))})}},
         meeting);
    Learn(DemoAgencyPrincipal(presenter), "lesson",
          Format(Pick(kLessonTemplates), PhraseOf(theme_id)), "learning_review", stream, {theme_id},
          presenter);
  });
  Slot("national-local-learning-review", "Learning from national and local reviews",
       "learning_review", meeting, stream);
}

void Board::Inspection() {
  // Each inspectorate finds what its inspection looks at: a youth justice
  // inspection finds about exploitation or transition, not about safe sleep.
  struct Kind {
    const char* inspectorate;
    const char* agency;
    const char* title;
    std::vector<std::string> themes;
  };
  static const Kind kinds[] = {
      {"ofsted",
       "hartlepool-cs",
       "Inspection of local authority children's services",
       {"neglect", "early-help", "voice-of-child", "information-sharing"}},
      {"cqc",
       "nth-trust",
       "Hospital services inspection",
       {"parental-mental-health", "self-harm", "safe-sleep", "information-sharing"}},
      {"hmicfrs",
       "cleveland-police",
       "Child protection inspection",
       {"domestic-abuse", "exploitation", "information-sharing"}},
      {"hmip",
       "hartlepool-yjs",
       "Inspection of youth justice services",
       {"exploitation", "transition", "substance-misuse"}},
      {"jtai",
       "",
       "Joint targeted area inspection",
       {"domestic-abuse", "exploitation", "neglect", "information-sharing"}},
  };
  const Kind& k = Pick(kinds);
  int g = static_cast<int>(rng_.Between(0, 99));
  const char* judgement = g < 10   ? "outstanding"
                          : g < 60 ? "good"
                          : g < 90 ? "requires_improvement"
                                   : "inadequate";
  if (std::string(k.inspectorate) == "jtai") judgement = "not_judged";
  std::string stream = Id("inspection/i");
  Json d = {{"inspectorate", k.inspectorate},
            {"title", k.title},
            {"published_on", FormatDate(Today())},
            {"judgement", judgement}};
  if (k.agency[0] != '\0') d["agency"] = k.agency;
  Emit(DemoAdmin(), "inspection.reported", stream, d, Today());
  const std::string theme = Pick(k.themes);
  Learn(DemoAdmin(), "finding", Format(Pick(kLessonTemplates), PhraseOf(theme)), "inspection",
        stream, {theme}, "");
}

void Board::Feedback() {
  const AgencyDef& a = RandomAgency();
  int s = static_cast<int>(rng_.Between(0, 99));
  Emit(DemoAgencyPrincipal(a.id), "feedback.recorded", Id("feedback/f"),
       {{"agency", a.id},
        {"received_on", FormatDate(Today())},
        {"method",
         Pick(std::vector<std::string>{"survey", "complaint", "compliment", "focus_group"})},
        {"about", Pick(std::vector<std::string>{"service", "training", "process"})},
        {"respondents", rng_.Between(1, 60)},
        {"sentiment", s < 45   ? "positive"
                      : s < 80 ? "mixed"
                               : "negative"},
        {"summary", "Families said they wanted one worker who knew their story."}},
       Today());
}

void Board::Voice() {
  const Theme& theme = Pick(Themes());
  std::string stream = Id("voice/v");
  Emit(DemoAgencyPrincipal("hartlepool-cs"), "voice.recorded", stream,
       {{"method", Pick(std::vector<std::string>{"survey", "participation_group", "consultation"})},
        {"title", std::string("What young people told us about ") + theme.phrase},
        {"collected_on", FormatDate(Today())},
        {"participants", rng_.Between(12, 400)},
        {"summary", "Young people want to be listened to and to see the same worker."},
        {"themes", Json::array({theme.id})},
        {"agency", "hartlepool-cs"}},
       Today());
  Learn(DemoAgencyPrincipal("hartlepool-cs"), "lesson",
        Format("Hear and record the child's experience of %s", theme.phrase), "voice_of_child",
        stream,
        std::string(theme.id) == "voice-of-child"
            ? std::vector<std::string>{theme.id}
            : std::vector<std::string>{theme.id, "voice-of-child"},
        "hartlepool-cs");
}

}  // namespace lif::demo
