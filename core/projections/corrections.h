// The index of corrections: for every correction.recorded, what it corrected
// (by event id), whether a projection applied it, and why not if it did not.
// Views use it to show a correction beside the value it changed; the
// projections that own the corrected events apply the new values
// (BoardState routes each correction to them first).
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

struct CorrectionEntry {
  std::string id;        // The correction event's id.
  std::string stream;    // "correction/...".
  std::string corrects;  // The corrected event's id.
  std::string reason;
  std::string recorded_at;
  std::string agency;
  Json fields = Json::object();
  // "applied", "rejected" (see message), or "unknown_target" when no
  // projection that honours corrections holds the corrected event.
  std::string outcome;
  std::string message;
  std::string target_type;
  std::string target_stream;
};

class CorrectionIndex : public Projection {
 public:
  std::string_view name() const override { return "corrections"; }
  // Apply records a correction whose target nobody claimed; BoardState calls
  // Record with the outcome when a projection did.
  void Apply(const Event& event) override { Record(event, std::nullopt); }
  void Record(const Event& correction, const std::optional<CorrectionResult>& result);
  Json Snapshot() const override;
  Status Restore(const Json& snapshot) override;

  // All corrections in log order.
  const std::vector<CorrectionEntry>& entries() const { return entries_; }
  // Corrections of one event, in log order (empty when none).
  std::vector<const CorrectionEntry*> For(const std::string& event_id) const;

 private:
  std::vector<CorrectionEntry> entries_;
  std::multimap<std::string, size_t> by_target_;
};

}  // namespace lif
