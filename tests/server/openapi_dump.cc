// Writes the OpenAPI document the server serves at /openapi.json to stdout,
// for tests/server/openapi_lint_test.sh.
#include <iostream>

#include "server/http/openapi.h"

int main() {
  std::cout << lif::server::OpenApiDocument().dump(2) << "\n";
  return 0;
}
