#include "core/validation/catalogue.h"

namespace lif {

const Catalogue& Catalogue::Default() {
  static const Catalogue* catalogue = [] {
    auto* c = new Catalogue();
    RegisterLearningTypes(c);
    RegisterAccessTypes(c);
    return c;
  }();
  return *catalogue;
}

}  // namespace lif
