// The JSON answers every route sends (docs/api.md#errors): shared by the
// routes of api_server.cc and of the feed (feed_routes.cc).
#pragma once

#include <functional>

#include "core/json.h"
#include "core/principal.h"
#include "core/status.h"
#include "server/http/access.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace lif::server {

// Writes `body` as application/json (invalid UTF-8 replaced, never thrown).
void SendJson(httplib::Response& res, int status, const Json& body);
// Writes {"error": {"code", "message", "path"?, "current_version"?}} with the
// status that fits the code.
void SendError(httplib::Response& res, const Status& s);

// Resolves the bearer token, takes one request from its rate limit and checks
// the endpoint's role table (ApiServer's `authorize`).
using Authorize =
    std::function<Result<Principal>(const httplib::Request&, httplib::Response&, Endpoint)>;

}  // namespace lif::server
