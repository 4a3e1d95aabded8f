#include "server/http/access.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace lif::server {

const std::vector<EndpointInfo>& Endpoints() {
  using R = Role;
  static const std::vector<R> kAll = {R::kAdmin, R::kAgency, R::kSubgroupChair, R::kInspector,
                                      R::kBoard};
  static const std::vector<EndpointInfo> kEndpoints = {
      {Endpoint::kHealth, "get", "/healthz", "Liveness and the log's head position.", true, {}},
      {Endpoint::kOpenApi, "get", "/openapi.json", "This OpenAPI document.", true, {}},
      {Endpoint::kWebPage, "get", "/", "The board's web view (it holds no data itself).", true, {}},
      {Endpoint::kAppendEvents,
       "post",
       "/v1/events",
       "Append one event, or an atomic batch {\"events\": [...]}.",
       false,
       {R::kAdmin, R::kAgency, R::kSubgroupChair}},
      {Endpoint::kReadEvents,
       "get",
       "/v1/events",
       "Read the log in global order, paged (Link: rel=\"next\"); with wait=S a long-poll that "
       "answers as soon as there are events after `after`, or empty after S seconds.",
       false,
       {R::kAdmin, R::kInspector}},
      {Endpoint::kEventStream,
       "get",
       "/v1/events/stream",
       "The log as Server-Sent Events (text/event-stream): id is the position; resumes after "
       "Last-Event-ID (or ?after=); heartbeats as comment lines.",
       false,
       {R::kAdmin, R::kInspector}},
      {Endpoint::kAgencyEvents,
       "get",
       "/v1/agencies/{agency}/events",
       "An agency's feed: the events of the streams the agency started, in global order, paged "
       "and long-polled like GET /v1/events. Agencies read only their own.",
       false,
       {R::kAdmin, R::kAgency, R::kSubgroupChair, R::kInspector}},
      {Endpoint::kAgencyEventStream,
       "get",
       "/v1/agencies/{agency}/events/stream",
       "An agency's feed as Server-Sent Events, like GET /v1/events/stream. Agencies read only "
       "their own.",
       false,
       {R::kAdmin, R::kAgency, R::kSubgroupChair, R::kInspector}},
      {Endpoint::kReadStream,
       "get",
       "/v1/streams/{stream}",
       "Read one stream's events in version order. Agencies read only streams their agency "
       "started.",
       false,
       {R::kAdmin, R::kAgency, R::kSubgroupChair, R::kInspector}},
      {Endpoint::kVerify,
       "get",
       "/v1/verify",
       "Walk the whole hash chain.",
       false,
       {R::kAdmin, R::kInspector}},
      {Endpoint::kSchema, "get", "/v1/schema", "The event catalogue as JSON Schema.", false, kAll},
      {Endpoint::kViews, "get", "/v1/views", "The names of the views.", false, kAll},
      {Endpoint::kViews, "get", "/v1/views/{name}",
       "A view computed by the core, optionally as of a date or position; the actions view also "
       "as CSV (format=csv, or /v1/views/actions.csv).",
       false, kAll},
      {Endpoint::kViewDiff, "get", "/v1/views/{name}/diff",
       "What changed in a view between two dates or positions (docs/audit.md).", false, kAll},
      {Endpoint::kAudit,
       "get",
       "/v1/audit/{stream}",
       "The audit trail of a stream and the streams it links to, as JSON or CSV "
       "(docs/audit.md). Agencies see only streams their agency started.",
       false,
       {R::kAdmin, R::kAgency, R::kInspector}},
      {Endpoint::kPseudonyms,
       "post",
       "/v1/pseudonyms",
       "Turn an agency's case identifier into its pseudonymous reference (pn_...).",
       false,
       {R::kAdmin, R::kAgency}},
      {Endpoint::kBundle,
       "get",
       "/v1/bundle",
       "The whole log as a bundle (docs/bundle.md) for offline use.",
       false,
       {R::kAdmin, R::kInspector, R::kBoard}},
      {Endpoint::kBundle,
       "get",
       "/v1/pack",
       "The board pack: one self-contained HTML file with the web view, a signed bundle "
       "(gzip) and its checkpoint of the dashboard, for use offline.",
       false,
       {R::kAdmin, R::kInspector, R::kBoard}},
      {Endpoint::kTokensAdmin,
       "post",
       "/v1/tokens",
       "Issue a token (the secret is shown once).",
       false,
       {R::kAdmin}},
      {Endpoint::kTokensAdmin,
       "get",
       "/v1/tokens",
       "List tokens (never their secrets).",
       false,
       {R::kAdmin}},
      {Endpoint::kTokensAdmin,
       "get",
       "/v1/tokens/{id}",
       "One token's record (never its secret).",
       false,
       {R::kAdmin}},
      {Endpoint::kTokensAdmin,
       "delete",
       "/v1/tokens/{id}",
       "Revoke a token at once.",
       false,
       {R::kAdmin}},
      {Endpoint::kSubjects,
       "delete",
       "/v1/subjects/{subject}",
       "Erase a subject's personal data by destroying its key (crypto-shredding, "
       "docs/privacy.md); recorded as a subject.erased event.",
       false,
       {R::kAdmin}},
      {Endpoint::kImport,
       "post",
       "/v1/import",
       "Import a spreadsheet (CSV or XLSX) of one kind: every row's errors with dry_run=true; "
       "otherwise all rows or none, and a row imported before is skipped (docs/import.md).",
       false,
       {R::kAdmin}},
      {Endpoint::kImportTemplates,
       "get",
       "/v1/import/templates/{kind}.csv",
       "The CSV template of an import kind: its columns and an example row.",
       true,
       {}},
      {Endpoint::kImportTemplates,
       "get",
       "/v1/import/templates/{kind}.xlsx",
       "The XLSX template of an import kind: its columns (with their meaning as notes) and an "
       "example row, dates as date cells.",
       true,
       {}},
      {Endpoint::kCalendarKeys,
       "get",
       "/v1/calendars",
       "The calendars the token may subscribe to, each with a read-only key in its URL "
       "(docs/calendars.md).",
       false,
       kAll},
      {Endpoint::kCalendar,
       "get",
       "/v1/calendars/board.ics",
       "The board's iCalendar feed of what is due, by bearer token or ?key= (docs/calendars.md).",
       false,
       kAll},
      {Endpoint::kCalendar,
       "get",
       "/v1/calendars/agency/{agency}.ics",
       "One agency's iCalendar feed of what is due, by bearer token or ?key=.",
       false,
       kAll},
      {Endpoint::kReports,
       "get",
       "/v1/reports/annual",
       "The board's annual report for a reporting year (1 April to 31 March), assembled from the "
       "log as of the year's end, as JSON, printable HTML or CSV of its figures "
       "(docs/annual-report.md).",
       false,
       kAll},
      {Endpoint::kKeys, "get", "/v1/keys", "The server's public signing key.", true, {}},
      {Endpoint::kHead,
       "get",
       "/v1/head",
       "A freshly signed tree head (docs/integrity.md).",
       false,
       {R::kAdmin, R::kInspector, R::kBoard}},
      {Endpoint::kHead,
       "get",
       "/v1/checkpoint",
       "The signed tree head as a C2SP checkpoint.",
       false,
       {R::kAdmin, R::kInspector, R::kBoard}},
      {Endpoint::kProofs,
       "get",
       "/v1/proof/inclusion",
       "An RFC 6962 inclusion proof.",
       false,
       {R::kAdmin, R::kInspector}},
      {Endpoint::kProofs,
       "get",
       "/v1/proof/consistency",
       "An RFC 6962 consistency proof.",
       false,
       {R::kAdmin, R::kInspector}},
  };
  return kEndpoints;
}

bool RoleMayUse(Endpoint endpoint, Role role) {
  for (const EndpointInfo& e : Endpoints()) {
    if (e.endpoint != endpoint) continue;
    if (e.public_access) return true;
    return std::find(e.roles.begin(), e.roles.end(), role) != e.roles.end();
  }
  return false;
}

bool MayReadStreamStartedBy(const Principal& who, const std::optional<std::string>& starter) {
  if (who.role == Role::kAgency || who.role == Role::kSubgroupChair) {
    return who.agency.has_value() && starter == who.agency;
  }
  return true;
}

bool MayReadAgencyFeed(const Principal& who, const std::string& agency) {
  return MayReadStreamStartedBy(who, agency);
}

namespace {

// Whether a concrete request path matches an OpenAPI path of the table:
// literal characters match themselves, "{stream}" matches the rest of the
// path (a stream id holds a '/'; its handler checks it), any other
// "{parameter}" one non-empty segment. Plain string work: it runs for every
// request, so no regular expressions.
bool PathMatches(std::string_view pattern, std::string_view path) {
  while (!pattern.empty()) {
    if (pattern.front() != '{') {
      if (path.empty() || path.front() != pattern.front()) return false;
      pattern.remove_prefix(1);
      path.remove_prefix(1);
      continue;
    }
    const size_t close = pattern.find('}');
    if (close == std::string_view::npos) return false;
    const std::string_view name = pattern.substr(1, close - 1);
    pattern.remove_prefix(close + 1);
    if (name == "stream" || name == "subject") return !path.empty() && pattern.empty();
    size_t end = std::min(path.find('/'), path.size());
    // A literal right after the parameter within its segment ("{kind}.csv")
    // ends the parameter's part of the segment.
    const std::string_view suffix = pattern.substr(0, std::min(pattern.find('/'), pattern.size()));
    if (!suffix.empty() && suffix.find('{') == std::string_view::npos) {
      if (end <= suffix.size() || path.substr(end - suffix.size(), suffix.size()) != suffix) {
        return false;
      }
      end -= suffix.size();
    }
    if (end == 0) return false;
    path.remove_prefix(end);
  }
  return path.empty();
}

}  // namespace

std::vector<std::string> MethodsAllowedAt(const std::string& path) {
  std::vector<std::string> methods;
  auto add = [&methods](const std::string& m) {
    if (std::find(methods.begin(), methods.end(), m) == methods.end()) methods.push_back(m);
  };
  for (const EndpointInfo& e : Endpoints()) {
    if (!PathMatches(e.path, path)) continue;
    std::string method;
    for (char c : e.method) method.push_back(static_cast<char>(std::toupper(c)));
    add(method);
    if (method == "GET") add("HEAD");
  }
  return methods;
}

std::string AccessTableMarkdown() {
  const std::vector<Role> roles = {Role::kAdmin, Role::kAgency, Role::kSubgroupChair,
                                   Role::kInspector, Role::kBoard};
  std::string out = "| Method | Path |";
  for (Role r : roles) out += std::string(" ") + RoleName(r) + " |";
  out += " no token |\n| --- | --- |";
  for (size_t i = 0; i <= roles.size(); ++i) out += " --- |";
  out += "\n";
  for (const EndpointInfo& e : Endpoints()) {
    std::string method;
    for (char c : e.method) method.push_back(static_cast<char>(std::toupper(c)));
    out += "| " + method + " | `" + e.path + "` |";
    for (Role r : roles) {
      const bool allowed =
          e.public_access || std::find(e.roles.begin(), e.roles.end(), r) != e.roles.end();
      out += allowed ? " yes |" : " no |";
    }
    out += e.public_access ? " yes |\n" : " no |\n";
  }
  return out;
}

}  // namespace lif::server
