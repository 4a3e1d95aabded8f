// Case reviews (review/...) and child death reviews (cdr/...): one record per
// stream, following each lifecycle event. Dates are kept as the ISO strings
// of the events' data ("" when the step has not happened); statutory clocks
// are judged by the reviews view, never here.
// Not thread-safe: owned by one BoardState.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/projections/projection.h"

namespace lif {

struct CaseReview {
  std::string stream;
  std::string regime;  // scr_2015 | cspr_2018
  std::string title;
  std::string child;  // Pseudonym.
  std::string incident_date;
  std::string aware_on;  // The notification clock starts here.
  std::string lead_agency;
  std::string notified_on;
  std::string panel_reference;
  std::string rapid_review_completed_on;
  std::string rapid_review_recommendation;
  std::string referred_on;
  std::string referred_by;
  // The Working Together 2015 criteria answers; empty until referred.
  std::map<std::string, bool> criteria;
  std::string decided_on;
  std::string decision;  // hold | not_hold
  std::string review_kind;
  std::string rationale;
  std::string commissioned_on;
  std::string methodology;
  std::string report_received_on;
  std::string published_on;
  std::string url;
  int64_t position = 0;       // Of review.opened.
  int64_t last_position = 0;  // Of the stream's last event.
};

struct ChildDeathReview {
  std::string stream;
  std::string child;  // Pseudonym.
  std::string date_of_death;
  std::string age_band;
  std::string expected;
  std::string notified_by;
  std::string reviewed_on;  // "" until the panel has reviewed it.
  std::string category;
  std::string modifiable_factors;  // yes | no
  std::vector<std::string> factors;
  std::string learning;
};

class CaseReviews : public Projection {
 public:
  std::string_view name() const override { return "case_reviews"; }
  void Apply(const Event& event) override;
  bool Consumes(std::string_view type) const override { return type.rfind("review.", 0) == 0; }
  Json Snapshot() const override;
  Status Restore(const Json& snapshot) override;

  const std::map<std::string, CaseReview>& reviews() const { return reviews_; }

 private:
  std::map<std::string, CaseReview> reviews_;  // By stream.
};

class ChildDeathReviews : public Projection {
 public:
  std::string_view name() const override { return "child_death_reviews"; }
  void Apply(const Event& event) override;
  bool Consumes(std::string_view type) const override { return type.rfind("cdr.", 0) == 0; }
  Json Snapshot() const override;
  Status Restore(const Json& snapshot) override;

  const std::map<std::string, ChildDeathReview>& reviews() const { return reviews_; }

 private:
  std::map<std::string, ChildDeathReview> reviews_;  // By stream.
};

}  // namespace lif
