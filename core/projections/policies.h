// Policy and procedure reviews (domain 2): requests with what triggered them,
// and the revisions that answered them, with corrections applied.
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

struct PolicyReviewRequest {
  std::string on;
  std::string trigger_kind;
  std::string trigger_stream;
  std::string note;
  std::string requested_by;
};

struct PolicyRevision {
  std::string version;
  std::string summary;
  std::string effective;
  std::string on;
};

struct PolicyRecord {
  std::string stream;
  std::string title;
  std::string owner;
  std::vector<PolicyReviewRequest> requests;
  std::vector<PolicyRevision> revisions;
  // "requested" while the latest request has no revision after it, else "revised".
  std::string status;
  std::vector<CorrectionNote> corrections;
};

LIF_CHECKPOINT_FIELDS(PolicyReviewRequest, v.on, v.trigger_kind, v.trigger_stream, v.note,
                      v.requested_by)
LIF_CHECKPOINT_FIELDS(PolicyRevision, v.version, v.summary, v.effective, v.on)
LIF_CHECKPOINT_FIELDS(PolicyRecord, v.stream, v.title, v.owner, v.requests, v.revisions, v.status,
                      v.corrections)

class PolicyReviews : public Projection {
 public:
  PolicyReviews();

  std::string_view name() const override { return "policies"; }
  void Apply(const Event& event) override;
  Json Snapshot() const override;
  Status Restore(const Json& snapshot) override;
  void Save(CheckpointWriter& out) const override;
  Status Load(CheckpointReader& in) override;
  std::optional<CorrectionResult> ApplyCorrection(const Event& correction);

  const std::map<std::string, PolicyRecord>& policies() const { return policies_; }

 private:
  void Rebuild(const std::string& stream);

  FactStore facts_;
  std::map<std::string, PolicyRecord> policies_;
};

}  // namespace lif
