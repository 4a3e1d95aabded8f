#include "core/projections/domain1_facts.h"

#include <algorithm>
#include <vector>

#include "core/validation/catalogue.h"

namespace lif {

const std::set<std::string>& Domain1TypeNames() {
  static const std::set<std::string> kNames = [] {
    Catalogue c;
    RegisterReferenceTypes(&c);
    RegisterDomain1Types(&c);
    std::set<std::string> names;
    for (const auto& [name, def] : c.types()) names.insert(name);
    return names;
  }();
  return kNames;
}

void Domain1Facts::Replay(const std::function<void(const Event&)>& fn) const {
  std::vector<const Fact*> all;
  for (const auto& [stream, facts] : facts_.streams()) {
    for (const Fact& f : facts) all.push_back(&f);
  }
  std::sort(all.begin(), all.end(),
            [](const Fact* a, const Fact* b) { return a->position < b->position; });
  for (const Fact* f : all) {
    Event e;
    e.position = f->position;
    e.id = f->id;
    e.type = f->type;
    e.stream = f->stream;
    e.recorded_at = f->recorded_at;
    e.occurred_at = f->occurred_at;
    e.actor = f->actor;
    if (!f->agency.empty()) e.agency = f->agency;
    e.data = f->data;
    fn(e);
  }
}

}  // namespace lif
