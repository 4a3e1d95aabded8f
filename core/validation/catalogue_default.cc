#include "core/validation/catalogue.h"

namespace lif {

// Imports (core/validation/types/import_types.cc). Declared here rather than
// beside the others in catalogue.h, which nearly every file includes.
void RegisterImportTypes(Catalogue* catalogue);

const Catalogue& Catalogue::Default() {
  static const Catalogue* catalogue = [] {
    auto* c = new Catalogue();
    RegisterLearningTypes(c);
    RegisterReferenceTypes(c);
    RegisterDomain1Types(c);
    RegisterAccessTypes(c);
    RegisterDomain2Types(c);
    RegisterDomain3Types(c);
    RegisterImportTypes(c);
    return c;
  }();
  return *catalogue;
}

}  // namespace lif
