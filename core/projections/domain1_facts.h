// The stored facts of reference data and domain 1, so that a
// correction.recorded naming one of their events is honoured: the fact's data
// is corrected (with the rules of core/projections/fact.h) and BoardState folds
// the reference and domain 1 projections again from the corrected facts.
//
// Ownership: owned by one BoardState. Not thread-safe. Restore fails with
// kInternal on a malformed snapshot; nothing else fails.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>

#include "core/projections/fact.h"
#include "core/projections/projection.h"

namespace lif {

// Every event type registered by RegisterReferenceTypes and RegisterDomain1Types.
const std::set<std::string>& Domain1TypeNames();

class Domain1Facts : public Projection {
 public:
  Domain1Facts() : facts_(Domain1TypeNames()) {}

  std::string_view name() const override { return "domain1_facts"; }
  void Apply(const Event& event) override { facts_.Add(event); }
  Json Snapshot() const override { return facts_.Snapshot(); }
  Status Restore(const Json& snapshot) override { return facts_.Restore(snapshot); }
  void Save(CheckpointWriter& out) const override { facts_.Save(out, std::string(name())); }
  Status Load(CheckpointReader& in) override { return facts_.Load(in); }

  // Applies a correction when it names a stored fact; nullopt otherwise.
  std::optional<CorrectionResult> Correct(const Event& correction) {
    return facts_.Correct(correction);
  }
  // Calls `fn` with every fact whose type `wanted` accepts, as corrected, as
  // an event, in log order.
  void Replay(const std::function<bool(std::string_view type)>& wanted,
              const std::function<void(const Event&)>& fn) const;

 private:
  FactStore facts_;
};

}  // namespace lif
