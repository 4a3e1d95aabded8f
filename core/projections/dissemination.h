// Dissemination of learning (domain 2): a learning item presented to the
// board, spread by each agency with its method, and each agency's assurance
// that it is embedded; with corrections applied. Keyed by the learning
// item's stream.
//
// Ownership: owned by one BoardState. Not thread-safe. Restore fails with
// kInternal on a malformed snapshot.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/projections/fact.h"
#include "core/projections/projection.h"

namespace lif {

struct LearningPresentation {
  std::string meeting;
  std::string presented_by;
};

struct LearningDissemination {
  std::string agency;
  std::string method;
  std::string date;
  int64_t reach = -1;  // -1 when not given.
  std::string note;
};

struct LearningEmbedding {
  std::string agency;
  std::string evidence;
  std::string assurance;  // An assurance stream, or empty.
  std::string on;
};

struct DisseminationRecord {
  std::string learning;  // The learning item's stream.
  std::vector<LearningPresentation> presentations;
  std::vector<LearningDissemination> disseminations;
  std::vector<LearningEmbedding> embeddings;
  std::vector<CorrectionNote> corrections;
};

LIF_CHECKPOINT_FIELDS(LearningPresentation, v.meeting, v.presented_by)
LIF_CHECKPOINT_FIELDS(LearningDissemination, v.agency, v.method, v.date, v.reach, v.note)
LIF_CHECKPOINT_FIELDS(LearningEmbedding, v.agency, v.evidence, v.assurance, v.on)
LIF_CHECKPOINT_FIELDS(DisseminationRecord, v.learning, v.presentations, v.disseminations,
                      v.embeddings, v.corrections)

class DisseminationTracker : public Projection {
 public:
  DisseminationTracker();

  std::string_view name() const override { return "dissemination"; }
  void Apply(const Event& event) override;
  Json Snapshot() const override;
  Status Restore(const Json& snapshot) override;
  void Save(CheckpointWriter& out) const override;
  Status Load(CheckpointReader& in) override;
  std::optional<CorrectionResult> ApplyCorrection(const Event& correction);

  const std::map<std::string, DisseminationRecord>& records() const { return records_; }
  const DisseminationRecord* Find(const std::string& learning_stream) const;

 private:
  void Rebuild(const std::string& stream);

  FactStore facts_;
  std::map<std::string, DisseminationRecord> records_;
};

}  // namespace lif
