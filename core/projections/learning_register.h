// The register of learning items (learning.identified and what follows them),
// with corrections of learning.identified applied.
//
// The item's status (open, in action, embedded) depends on other projections
// (actions naming the item, embedding assurances) and is derived by
// LearningStatusOf in core/projections/learning_loop.h.
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

class LearningRegister : public Projection {
 public:
  struct Item {
    std::string stream;
    std::string event_id;  // Id of learning.identified.
    std::string title;
    std::string kind;
    std::string summary;
    std::string source_kind;
    std::string source_stream;
    std::vector<std::string> themes;
    std::string agency;         // Agency that identified it, or empty.
    std::string identified_on;  // occurred_at.
    std::string recorded_at;
    int64_t position = 0;       // Position of learning.identified.
    int64_t last_position = 0;  // Position of the last event of the item's stream.
    std::vector<CorrectionNote> corrections;
  };

  LearningRegister();

  std::string_view name() const override { return "learning"; }
  void Apply(const Event& event) override;
  Json Snapshot() const override;
  Status Restore(const Json& snapshot) override;
  void Save(CheckpointWriter& out) const override;
  Status Load(CheckpointReader& in) override;
  std::optional<CorrectionResult> ApplyCorrection(const Event& correction);

  const std::map<std::string, Item>& items() const { return items_; }
  const Item* Find(const std::string& stream) const;

 private:
  void Rebuild(const std::string& stream);
  // Sets the item of the fact's stream from its learning.identified fact.
  void SetItem(const Fact& f, const Json& data);

  FactStore facts_;
  std::map<std::string, int64_t> last_positions_;  // By learning stream.
  std::map<std::string, Item> items_;              // By stream id.
};

LIF_CHECKPOINT_FIELDS(LearningRegister::Item, v.stream, v.event_id, v.title, v.kind, v.summary,
                      v.source_kind, v.source_stream, v.themes, v.agency, v.identified_on,
                      v.recorded_at, v.position, v.last_position, v.corrections)

}  // namespace lif
