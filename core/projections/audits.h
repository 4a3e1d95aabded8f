// Case audits (audit/...: multi-agency and single-agency) and Section 11
// returns (s11/...): one record per stream.
// Not thread-safe: owned by one BoardState.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/projections/projection.h"

namespace lif {

struct CaseAudit {
  std::string stream;
  std::string scope;  // multi_agency | single_agency
  std::string title;
  std::string theme;
  std::string sampling;       // random | purposive
  int64_t planned_cases = 0;  // 0 when not given.
  std::string lead_agency;
  std::vector<std::string> agencies;
  std::string commissioned_on;
  std::map<std::string, std::string> grades;  // Case pseudonym -> latest grade.
  std::string completed_on;                   // "" while the audit is open.
  std::vector<std::string> findings;
  std::string summary;
};

// One Section 11 rating: red, amber or green, with the evidence (self
// assessment) or the moderator's comment.
struct Section11Rating {
  std::string rating;
  std::string text;
};

struct Section11Return {
  std::string stream;
  std::string agency;
  int64_t year = 0;
  std::string submitted_on;
  std::string moderated_on;                          // "" until moderated.
  std::map<std::string, Section11Rating> self;       // By standard.
  std::map<std::string, Section11Rating> moderated;  // By standard.
};

// The eight Section 11 standards in the order the board reads them.
const std::vector<std::string>& Section11Standards();

class Audits : public Projection {
 public:
  std::string_view name() const override { return "audits"; }
  void Apply(const Event& event) override;
  bool Consumes(std::string_view type) const override {
    return type.rfind("audit.", 0) == 0 || type.rfind("s11.", 0) == 0;
  }
  Json Snapshot() const override;
  Status Restore(const Json& snapshot) override;

  const std::map<std::string, CaseAudit>& audits() const { return audits_; }
  const std::map<std::string, Section11Return>& section11() const { return section11_; }

 private:
  std::map<std::string, CaseAudit> audits_;           // By stream.
  std::map<std::string, Section11Return> section11_;  // By stream.
};

}  // namespace lif
