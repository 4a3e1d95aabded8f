#include "core/projections/learning_sources.h"

namespace lif {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(RotaSlot, presenter_agency, meeting_date, meeting)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Presentation, presented_on, presenter_agency, summary, lessons)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(LearningReviewRecord, stream, scope, title, publisher,
                                   published_on, url, rota, presentations)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(InspectionRecord, stream, inspectorate, title, published_on,
                                   judgement, agency, summary)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ThematicReviewRecord, stream, kind, title, theme,
                                   commissioned_on, lead_agency, subgroup, reported_on, findings)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(VoiceRecord, stream, method, title, collected_on, participants,
                                   summary, themes, agency)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(FeedbackRecord, stream, agency, received_on, method, about,
                                   respondents, sentiment, summary)

namespace {

std::vector<std::string> Strings(const Json& data, const char* key) {
  std::vector<std::string> out;
  if (!data.contains(key) || !data[key].is_array()) return out;
  for (const Json& s : data[key]) {
    if (s.is_string()) out.push_back(s.get<std::string>());
  }
  return out;
}

}  // namespace

void LearningSources::Apply(const Event& e) {
  const Json& d = e.data;
  if (e.type == "learning_review.received") {
    LearningReviewRecord r;
    r.stream = e.stream;
    r.scope = d.value("scope", "");
    r.title = d.value("title", "");
    r.publisher = d.value("publisher", "");
    r.published_on = d.value("published_on", "");
    r.url = d.value("url", "");
    learning_reviews_[e.stream] = r;
  } else if (e.type == "learning_review.assigned" || e.type == "learning_review.presented") {
    auto it = learning_reviews_.find(e.stream);
    if (it == learning_reviews_.end()) return;
    if (e.type == "learning_review.assigned") {
      it->second.rota.push_back(RotaSlot{d.value("presenter_agency", ""),
                                         d.value("meeting_date", ""), d.value("meeting", "")});
    } else {
      it->second.presentations.push_back(
          Presentation{d.value("presented_on", ""), d.value("presenter_agency", ""),
                       d.value("summary", ""), Strings(d, "lessons")});
    }
  } else if (e.type == "inspection.reported") {
    inspections_[e.stream] = InspectionRecord{e.stream,
                                              d.value("inspectorate", ""),
                                              d.value("title", ""),
                                              d.value("published_on", ""),
                                              d.value("judgement", ""),
                                              d.value("agency", ""),
                                              d.value("summary", "")};
  } else if (e.type == "thematic.commissioned") {
    ThematicReviewRecord t;
    t.stream = e.stream;
    t.kind = d.value("kind", "");
    t.title = d.value("title", "");
    t.theme = d.value("theme", "");
    t.commissioned_on = d.value("commissioned_on", "");
    t.lead_agency = d.value("lead_agency", "");
    t.subgroup = d.value("subgroup", "");
    thematic_[e.stream] = t;
  } else if (e.type == "thematic.reported") {
    auto it = thematic_.find(e.stream);
    if (it == thematic_.end()) return;
    it->second.reported_on = d.value("reported_on", "");
    it->second.findings = Strings(d, "findings");
  } else if (e.type == "voice.recorded") {
    voice_[e.stream] = VoiceRecord{e.stream,
                                   d.value("method", ""),
                                   d.value("title", ""),
                                   d.value("collected_on", ""),
                                   d.value("participants", int64_t{0}),
                                   d.value("summary", ""),
                                   Strings(d, "themes"),
                                   d.value("agency", "")};
  } else if (e.type == "feedback.recorded") {
    feedback_[e.stream] = FeedbackRecord{e.stream,
                                         d.value("agency", ""),
                                         d.value("received_on", ""),
                                         d.value("method", ""),
                                         d.value("about", ""),
                                         d.value("respondents", int64_t{0}),
                                         d.value("sentiment", ""),
                                         d.value("summary", "")};
  }
}

Json LearningSources::Snapshot() const {
  return {{"learning_reviews", learning_reviews_},
          {"inspections", inspections_},
          {"thematic", thematic_},
          {"voice", voice_},
          {"feedback", feedback_}};
}

Status LearningSources::Restore(const Json& s) {
  try {
    learning_reviews_ = s.at("learning_reviews").get<std::map<std::string, LearningReviewRecord>>();
    inspections_ = s.at("inspections").get<std::map<std::string, InspectionRecord>>();
    thematic_ = s.at("thematic").get<std::map<std::string, ThematicReviewRecord>>();
    voice_ = s.at("voice").get<std::map<std::string, VoiceRecord>>();
    feedback_ = s.at("feedback").get<std::map<std::string, FeedbackRecord>>();
  } catch (const std::exception& ex) {
    return Status::Internal(std::string("learning sources snapshot: ") + ex.what());
  }
  return Status::Ok();
}

}  // namespace lif
