#include "core/validation/catalogue.h"

namespace lif {

const Catalogue& Catalogue::Default() {
  static const Catalogue* catalogue = [] {
    auto* c = new Catalogue();
    RegisterLearningTypes(c);
    RegisterReferenceTypes(c);
    RegisterDomain1Types(c);
    RegisterAccessTypes(c);
    RegisterDomain2Types(c);
    RegisterDomain3Types(c);
    return c;
  }();
  return *catalogue;
}

}  // namespace lif
