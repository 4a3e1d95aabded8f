// The /openapi.json operations of the import, calendar and report endpoints
// (server/http/import_routes.cc, calendar_routes.cc, report_routes.cc), kept beside them rather
// than in openapi.cc's switch.
#pragma once

#include <functional>
#include <vector>

#include "core/json.h"
#include "server/http/access.h"

namespace lif::server {

// Fills the operation's parameters and responses for kImport,
// kImportTemplates, kCalendarKeys, kCalendar and kReports. `errors` gives the error
// responses of the listed status codes, as openapi.cc writes them.
void AdoptionOperation(const EndpointInfo& e, Json* op, Json* params, Json* responses,
                       const std::function<Json(const std::vector<int>&)>& errors);

}  // namespace lif::server
