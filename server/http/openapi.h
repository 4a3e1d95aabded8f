// The OpenAPI 3 document served at /openapi.json, built from the endpoint
// table (access.h) so that a route cannot exist undocumented; a test checks
// that every documented path answers and every route is documented.
#pragma once

#include "core/json.h"

namespace lif::server {

Json OpenApiDocument();

}  // namespace lif::server
