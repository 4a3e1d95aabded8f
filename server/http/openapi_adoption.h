// The /openapi.json operations of the import and calendar endpoints
// (server/http/import_routes.cc, calendar_routes.cc), kept beside them rather
// than in openapi.cc's switch.
#pragma once

#include <functional>
#include <vector>

#include "core/json.h"
#include "server/http/access.h"

namespace lif::server {

// Fills the operation's parameters and responses for kImport,
// kImportTemplates, kCalendarKeys and kCalendar. `errors` gives the error
// responses of the listed status codes, as openapi.cc writes them.
void AdoptionOperation(const EndpointInfo& e, Json* op, Json* params, Json* responses,
                       const std::function<Json(const std::vector<int>&)>& errors);

}  // namespace lif::server
