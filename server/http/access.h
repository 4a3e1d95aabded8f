// Who may call which endpoint: the table of docs/access.md, in code. The
// access test walks this table against a live server.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/principal.h"

namespace lif::server {

enum class Endpoint {
  kHealth,             // GET /healthz (public)
  kOpenApi,            // GET /openapi.json (public)
  kWebPage,            // GET / (public; the page itself holds no data)
  kAppendEvents,       // POST /v1/events
  kReadEvents,         // GET /v1/events (also a long-poll: ?wait=)
  kEventStream,        // GET /v1/events/stream (Server-Sent Events)
  kAgencyEvents,       // GET /v1/agencies/{agency}/events
  kAgencyEventStream,  // GET /v1/agencies/{agency}/events/stream
  kReadStream,         // GET /v1/streams/{stream}
  kVerify,             // GET /v1/verify
  kSchema,             // GET /v1/schema
  kViews,              // GET /v1/views, GET /v1/views/{name}
  kBundle,             // GET /v1/bundle
  kTokensAdmin,        // POST/GET /v1/tokens, DELETE /v1/tokens/{id}
  kKeys,               // GET /v1/keys (public)
  kHead,               // GET /v1/head, GET /v1/checkpoint
  kProofs,             // GET /v1/proof/inclusion, GET /v1/proof/consistency
  kAudit,              // GET /v1/audit/{stream}
  kViewDiff,           // GET /v1/views/{name}/diff
  kPseudonyms,         // POST /v1/pseudonyms
  kSubjects,           // DELETE /v1/subjects/{subject}
  kImport,             // POST /v1/import
  kImportTemplates,    // GET /v1/import/templates/{kind}.csv and .xlsx (public)
  kCalendarKeys,       // GET /v1/calendars
  kCalendar,           // GET /v1/calendars/board.ics, /v1/calendars/agency/{agency}.ics
  kReports,            // GET /v1/reports/annual
};

struct EndpointInfo {
  Endpoint endpoint;
  std::string method;
  std::string path;  // OpenAPI form, e.g. "/v1/streams/{stream}".
  std::string summary;
  bool public_access;       // No token needed.
  std::vector<Role> roles;  // Roles allowed when not public.
};

// Every endpoint, in documentation order.
const std::vector<EndpointInfo>& Endpoints();

bool RoleMayUse(Endpoint endpoint, Role role);

// The rule beyond the table for reading a stream (GET /v1/streams/{stream},
// the agency feeds): an agency's token, and a sub-group chair's, read only
// the streams their agency started (`starter`: the agency of the stream's
// first event); the other roles the endpoint allows read every stream.
bool MayReadStreamStartedBy(const Principal& who, const std::optional<std::string>& starter);
// Whether `who` may read the feed of the streams `agency` started: the
// roles of the table, an agency's and a chair's token for their own agency only.
bool MayReadAgencyFeed(const Principal& who, const std::string& agency);

// The methods the endpoint table serves at a concrete request path, upper
// case ("GET", "HEAD", "POST", ...; HEAD wherever GET is), for a 405 answer's
// Allow header. Empty when no endpoint has that path.
std::vector<std::string> MethodsAllowedAt(const std::string& path);

// The table above as Markdown, one row per endpoint (method, path, who may
// call it: admin, agency, subgroup_chair, inspector, board, no token).
// docs/access.md holds exactly this text; tests/server/access_test.cc checks it.
std::string AccessTableMarkdown();

}  // namespace lif::server
