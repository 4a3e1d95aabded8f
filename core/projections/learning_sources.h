// The other qualitative sources of domain 1: national and local learning
// reviews with their presentation rota (learning-review/...), inspections
// (inspection/...), thematic and deep-dive reviews (thematic/...), voice of
// the child (voice/...) and service-user feedback (feedback/...). One record
// per stream; for inspection, voice and feedback streams a later report
// replaces the earlier one.
// Not thread-safe: owned by one BoardState.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/projections/projection.h"

namespace lif {

struct RotaSlot {
  std::string presenter_agency;
  std::string meeting_date;
  std::string meeting;
};

struct Presentation {
  std::string presented_on;
  std::string presenter_agency;
  std::string summary;
  std::vector<std::string> lessons;
};

struct LearningReviewRecord {
  std::string stream;
  std::string scope;  // national | local
  std::string title;
  std::string publisher;
  std::string published_on;
  std::string url;
  std::vector<RotaSlot> rota;               // In the order assigned.
  std::vector<Presentation> presentations;  // In the order presented.
};

struct InspectionRecord {
  std::string stream;
  std::string inspectorate;
  std::string title;
  std::string published_on;
  std::string judgement;
  std::string agency;  // "" for an area-wide inspection.
  std::string summary;
};

struct ThematicReviewRecord {
  std::string stream;
  std::string kind;  // thematic | deep_dive
  std::string title;
  std::string theme;
  std::string commissioned_on;
  std::string lead_agency;
  std::string subgroup;
  std::string reported_on;  // "" until reported.
  std::vector<std::string> findings;
};

struct VoiceRecord {
  std::string stream;
  std::string method;
  std::string title;
  std::string collected_on;
  int64_t participants = 0;
  std::string summary;
  std::vector<std::string> themes;
  std::string agency;
};

struct FeedbackRecord {
  std::string stream;
  std::string agency;
  std::string received_on;
  std::string method;
  std::string about;
  int64_t respondents = 0;
  std::string sentiment;
  std::string summary;
};

class LearningSources : public Projection {
 public:
  std::string_view name() const override { return "learning_sources"; }
  void Apply(const Event& event) override;
  bool Consumes(std::string_view type) const override {
    return type.rfind("learning_review.", 0) == 0 || type.rfind("inspection.", 0) == 0 ||
           type.rfind("thematic.", 0) == 0 || type.rfind("voice.", 0) == 0 ||
           type.rfind("feedback.", 0) == 0;
  }
  Json Snapshot() const override;
  Status Restore(const Json& snapshot) override;

  // All keyed by stream.
  const std::map<std::string, LearningReviewRecord>& learning_reviews() const {
    return learning_reviews_;
  }
  const std::map<std::string, InspectionRecord>& inspections() const { return inspections_; }
  const std::map<std::string, ThematicReviewRecord>& thematic() const { return thematic_; }
  const std::map<std::string, VoiceRecord>& voice() const { return voice_; }
  const std::map<std::string, FeedbackRecord>& feedback() const { return feedback_; }

 private:
  std::map<std::string, LearningReviewRecord> learning_reviews_;
  std::map<std::string, InspectionRecord> inspections_;
  std::map<std::string, ThematicReviewRecord> thematic_;
  std::map<std::string, VoiceRecord> voice_;
  std::map<std::string, FeedbackRecord> feedback_;
};

}  // namespace lif
