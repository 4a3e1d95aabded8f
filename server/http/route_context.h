// What the route files registered from ApiServer (import_routes.cc,
// calendar_routes.cc, report_routes.cc) share with it: the stores, and the server's own
// authorisation and answers, so that every route checks tokens, rate limits
// and roles, and writes errors, the same way.
#pragma once

#include <functional>
#include <string>

#include "core/json.h"
#include "core/principal.h"
#include "core/status.h"
#include "server/auth/token_store.h"
#include "server/http/access.h"
#include "server/store/rocks_log.h"
#include "server/views/view_service.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace lif::server {

struct RouteContext {
  store::RocksLog* log = nullptr;
  auth::TokenStore* tokens = nullptr;
  ViewService* views = nullptr;
  size_t max_body_bytes = 0;
  // The bearer token of the request, its rate limit and the endpoint's roles.
  std::function<Result<Principal>(const httplib::Request&, httplib::Response&, Endpoint)> authorize;
  // The rate limit and the endpoint's roles for a principal found otherwise
  // (a calendar key).
  std::function<Status(const Principal&, httplib::Response&, Endpoint)> admit;
  std::function<void(httplib::Response&, int, const Json&)> send_json;
  std::function<void(httplib::Response&, const Status&)> send_error;
  // The log's head, signed now (as GET /v1/head answers).
  std::function<Result<Json>()> signed_head;
};

// POST /v1/import and GET /v1/import/templates/{kind}.csv and .xlsx
// (docs/import.md).
void RegisterImportRoutes(httplib::Server& server, const RouteContext& ctx);
// GET /v1/calendars, /v1/calendars/board.ics, /v1/calendars/agency/{agency}.ics
// (docs/calendars.md).
void RegisterCalendarRoutes(httplib::Server& server, const RouteContext& ctx);
// GET /v1/reports/annual (docs/annual-report.md).
void RegisterReportRoutes(httplib::Server& server, const RouteContext& ctx);

}  // namespace lif::server
