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

void Domain1Facts::Replay(const std::function<bool(std::string_view type)>& wanted,
                          const std::function<void(const Event&)>& fn) const {
  // Only the wanted facts' data is parsed.
  std::vector<Fact> all;
  facts_.ForEach([&](const Fact& f) {
    if (wanted(f.type())) all.push_back(f);
  });
  std::stable_sort(all.begin(), all.end(),
                   [](const Fact& a, const Fact& b) { return a.position < b.position; });
  for (const Fact& fact : all) {
    const Fact* f = &fact;
    Event e;
    e.position = f->position;
    e.id = f->id();
    e.type = f->type();
    e.stream = f->stream();
    e.recorded_at = f->recorded_at();
    e.occurred_at = f->occurred_at();
    e.actor = f->actor();
    if (!f->agency().empty()) e.agency = std::string(f->agency());
    e.data = f->Data();
    fn(e);
  }
}

}  // namespace lif
