// The register of learning items (learning.identified and what follows them).
// Not thread-safe: owned by one BoardState.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/projections/projection.h"

namespace lif {

class LearningRegister : public Projection {
 public:
  struct Item {
    std::string stream;
    std::string title;
    std::string kind;
    std::string summary;
    std::string source_kind;
    std::string source_stream;
    std::vector<std::string> themes;
    std::string agency;       // Agency that identified it, or empty.
    std::string identified_on;  // occurred_at.
    std::string recorded_at;
    int64_t position = 0;     // Position of learning.identified.
    int64_t last_position = 0;  // Position of the last event of the item's stream.
  };

  std::string_view name() const override { return "learning"; }
  void Apply(const Event& event) override;
  Json Snapshot() const override;
  Status Restore(const Json& snapshot) override;

  const std::map<std::string, Item>& items() const { return items_; }
  const Item* Find(const std::string& stream) const;

 private:
  std::map<std::string, Item> items_;  // By stream id.
};

}  // namespace lif
