#include "server/http/openapi.h"

#include <cctype>
#include <string>
#include <vector>

#include "core/views/views.h"
#include "server/http/access.h"
#include "server/http/openapi_adoption.h"

namespace lif::server {
namespace {

Json Ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

Json JsonContent(const Json& schema) { return {{"application/json", {{"schema", schema}}}}; }

Json ErrorResponses(const std::vector<int>& codes) {
  static const std::map<int, std::string> kText = {
      {400, "Invalid request; error.path names the field (JSON pointer)."},
      {401, "No or bad bearer token."},
      {403, "The token's role or agency may not do this."},
      {404, "Not found."},
      {409, "expected_version does not match; error.current_version gives the stream's version."},
      {413, "Body or batch too large."},
      {415, "Content-Type is not application/json."},
      {422, "Idempotency-Key reused with another body."},
      {429,
       "The token's rate limit is spent (docs/api.md#limits); the Retry-After header gives the "
       "seconds to wait. Nothing was done."},
      {503,
       "Storage unavailable (error.code unavailable), or the data folder is damaged or altered "
       "(error.code data_damaged, naming the position; docs/integrity.md): nothing was appended "
       "or signed."}};
  Json out = Json::object();
  for (int c : codes) {
    out[std::to_string(c)] = {{"description", kText.at(c)}, {"content", JsonContent(Ref("Error"))}};
    if (c == 429) {
      out["429"]["headers"] = {
          {"Retry-After",
           {{"description", "Whole seconds after which the token may send again."},
            {"schema", {{"type", "integer"}, {"minimum", 1}}}}}};
    }
  }
  return out;
}

// The If-None-Match parameter, the 304 answer and the ETag header of the
// operations that support conditional requests (docs/api.md#caching).
void AddConditional(Json& params, Json& responses) {
  params.push_back({{"name", "If-None-Match"},
                    {"in", "header"},
                    {"required", false},
                    {"schema", {{"type", "string"}}},
                    {"description",
                     "An ETag of an earlier answer: 304 Not Modified, without a body, when it "
                     "still names the answer."}});
  responses["304"] = {
      {"description",
       "Not modified: the ETag sent in If-None-Match still names "
       "the answer."},
      {"headers",
       {{"ETag", {{"description", "The same tag."}, {"schema", {{"type", "string"}}}}}}}};
  for (auto& [code, response] : responses.items()) {
    if (code.size() == 3 && code[0] == '2') {
      response["headers"]["ETag"] = {
          {"description",
           "The answer's entity tag (strong: its bytes; weak, W/, for a head: the tree)."},
          {"schema", {{"type", "string"}}}};
    }
  }
}

// The Link header of a paged list.
Json NextLink() {
  return {{"description",
           "<...>; rel=\"next\": the next page's address, when there may be more (RFC 8288)."},
          {"schema", {{"type", "string"}}}};
}

// The answer of a feed route past its bound.
Json FeedBusy() {
  return {{"description",
           "The live feed already has its bound of connections waiting or streaming "
           "(docs/api.md#the-live-feed); retry after Retry-After seconds."},
          {"headers",
           {{"Retry-After",
             {{"description", "Whole seconds to wait."},
              {"schema", {{"type", "integer"}, {"minimum", 1}}}}}}},
          {"content", JsonContent(Ref("Error"))}};
}

Json Components() {
  Json envelope = Json::parse(R"({
    "type": "object",
    "required": ["position","id","type","stream","version","recorded_at","occurred_at","actor","agency","data","prev","hash"],
    "properties": {
      "position": {"type": "integer", "minimum": 1},
      "id": {"type": "string", "format": "uuid"},
      "type": {"type": "string"},
      "stream": {"type": "string"},
      "version": {"type": "integer", "minimum": 1},
      "recorded_at": {"type": "string", "format": "date-time"},
      "occurred_at": {"type": "string"},
      "actor": {"type": "string"},
      "agency": {"type": "string", "nullable": true},
      "data": {"type": "object"},
      "prev": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
      "hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"}
    }
  })");
  Json proposed = Json::parse(R"({
    "type": "object",
    "required": ["type","stream","data"],
    "additionalProperties": false,
    "properties": {
      "type": {"type": "string", "description": "An event type of GET /v1/schema."},
      "stream": {"type": "string", "pattern": "^[a-z][a-z0-9_-]*/[a-z0-9][a-z0-9._-]*$", "maxLength": 128},
      "data": {"type": "object"},
      "expected_version": {"type": "integer", "minimum": 0},
      "occurred_at": {"type": "string", "description": "YYYY-MM-DD or a UTC timestamp."}
    }
  })");
  Json appended = Json::parse(R"({
    "type": "object",
    "required": ["position","stream","version","hash","recorded_at"],
    "properties": {
      "position": {"type": "integer"}, "stream": {"type": "string"},
      "version": {"type": "integer"}, "hash": {"type": "string"},
      "recorded_at": {"type": "string", "format": "date-time"}
    }
  })");
  Json error = Json::parse(R"({
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["code","message"], "properties": {
      "code": {"type": "string"}, "message": {"type": "string"},
      "path": {"type": "string", "description": "JSON pointer of the offending field."},
      "current_version": {"type": "integer"}}}}
  })");
  return {{"schemas",
           {{"Event", envelope},
            {"ProposedEvent", proposed},
            {"Batch",
             {{"type", "object"},
              {"required", {"events"}},
              {"properties",
               {{"events",
                 {{"type", "array"},
                  {"items", Ref("ProposedEvent")},
                  {"minItems", 1},
                  {"maxItems", 1000}}}}}}},
            {"Appended", appended},
            {"EventPage",
             {{"type", "object"},
              {"required", {"events", "next_after", "head"}},
              {"properties",
               {{"events", {{"type", "array"}, {"items", Ref("Event")}}},
                {"next_after",
                 {{"type", "integer"},
                  {"description",
                   "Send as after= for the next page (the last position "
                   "returned, or looked at for an agency's feed)."}}},
                {"head", {{"type", "integer"}, {"description", "The log's head position."}}}}}}},
            {"Error", error}}},
          {"securitySchemes",
           {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
            {"calendarKey",
             {{"type", "apiKey"},
              {"in", "query"},
              {"name", "key"},
              {"description",
               "A calendar's read-only key (GET /v1/calendars); opens that calendar only."}}}}}};
}

// The filters of GET /v1/views/{name}: each is a query parameter read by the
// views named (core/views/*_view.cc, docs/views-*.md). A bad value is a 400
// naming the filter (OpenApiTest.EveryViewFilterIsCheckedByItsViews).
struct ViewFilter {
  const char* name;
  std::vector<std::string> views;
  const char* description;
};

const std::vector<ViewFilter>& ViewFilters() {
  static const std::vector<ViewFilter> kFilters = {
      {"agency",
       {"actions", "assurance", "audits", "you_said_we_did", "dissemination"},
       "An agency identifier: its rows only."},
      {"area", {"indicators"}, "healthy_lives, right_support or safe."},
      {"course", {"training"}, "A course stream (course/...)."},
      {"indicator", {"indicators"}, "An indicator identifier."},
      {"kind", {"you_said_we_did"}, "voice or feedback."},
      {"learning",
       {"policies", "dissemination"},
       "A learning stream (learning/...): policies whose review it triggered; that item's "
       "dissemination."},
      {"month", {"timetable"}, "A month YYYY-MM (default: the current month)."},
      {"outcome", {"you_said_we_did"}, "acted_on, learning_only or nothing."},
      {"outstanding",
       {"dissemination"},
       "true: items some agency has not spread or assured; false: the complete ones."},
      {"overdue", {"actions"}, "true or false."},
      {"owner", {"policies"}, "tees_procedures_group or board."},
      {"plan", {"actions", "plan_reports"}, "An action plan stream (plan/...)."},
      {"priority", {"actions", "priorities"}, "A priority stream (priority/...)."},
      {"rag", {"actions"}, "red, amber or green: the latest progress update's RAG."},
      {"source", {"learning", "loop"}, "A learning source kind (an identifier)."},
      {"status",
       {"actions", "assurance", "learning", "policies", "priorities", "plan_reports"},
       "actions: planned, in_progress, completed or signed_off; assurance and plan_reports: "
       "received, received_late, overdue or due; learning: open, in_action or embedded; "
       "policies: requested or revised; priorities: active or retired."},
      {"theme", {"learning", "loop"}, "A theme (an identifier)."},
      {"trigger",
       {"policies"},
       "A policy review's trigger kind: website, agency_request, national_guidance, "
       "case_review, learning, audit, scheduled or other."},
      {"year", {"audits"}, "A year YYYY."},
  };
  return kFilters;
}

Json Operation(const EndpointInfo& e) {
  Json op = {{"summary", e.summary}};
  Json roles = Json::array();
  for (Role r : e.roles) roles.push_back(RoleName(r));
  std::string operation_id = e.method;
  for (char c : e.path) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      operation_id.push_back(c);
    } else if (operation_id.back() != '_') {
      operation_id.push_back('_');
    }
  }
  while (operation_id.back() == '_') operation_id.pop_back();
  op["operationId"] = operation_id;
  if (!e.public_access) {
    op["security"] = Json::array({{{"bearer", Json::array()}}});
    op["x-lif-roles"] = roles;
  } else {
    op["security"] = Json::array();  // Public: no token.
  }
  Json params = Json::array();
  auto query = [&](const std::string& name, const std::string& type, const std::string& desc) {
    params.push_back({{"name", name},
                      {"in", "query"},
                      {"required", false},
                      {"schema", {{"type", type}}},
                      {"description", desc}});
  };
  auto path_param = [&](const std::string& name, const std::string& desc) {
    params.push_back({{"name", name},
                      {"in", "path"},
                      {"required", true},
                      {"schema", {{"type", "string"}}},
                      {"description", desc}});
  };
  Json responses;
  switch (e.endpoint) {
    case Endpoint::kHealth:
      responses = {{"200", {{"description", "Healthy: {\"ok\": true, \"position\", \"head\"}."}}},
                   {"503",
                    {{"description",
                      "The data folder is damaged or altered (docs/integrity.md): {\"ok\": false, "
                      "\"code\": \"data_damaged\", \"position\", \"message\", \"head\"}. "
                      "The server then appends, signs and serves nothing but /v1/verify, "
                      "/v1/keys and this check."}}}};
      break;
    case Endpoint::kOpenApi:
      responses = {{"200", {{"description", "This document."}}}};
      AddConditional(params, responses);
      break;
    case Endpoint::kWebPage:
      responses = ErrorResponses({404});
      responses["200"] = {{"description", "The page (text/html)."}};
      break;
    case Endpoint::kAppendEvents:
      params.push_back({{"name", "Idempotency-Key"},
                        {"in", "header"},
                        {"required", false},
                        {"schema", {{"type", "string"}, {"maxLength", 128}}},
                        {"description",
                         "A retry with the same key and body returns the first "
                         "answer and appends nothing."}});
      op["requestBody"] = {
          {"required", true},
          {"content", JsonContent({{"oneOf", {Ref("ProposedEvent"), Ref("Batch")}}})}};
      responses = ErrorResponses({400, 401, 403, 409, 413, 415, 422, 503});
      {
        Json batch_answer = {{"type", "object"}, {"properties", Json::object()}};
        batch_answer["properties"]["events"] = {{"type", "array"}, {"items", Ref("Appended")}};
        Json one_of = Json::array({Ref("Appended"), batch_answer});
        responses["201"] = {
            {"description", "Appended and synced to disk (a list under \"events\" for a batch)."},
            {"headers",
             {{"Location",
               {{"description",
                 "Where to read what was appended: /v1/streams/{stream}?after_version=V-1&limit=1 "
                 "for one event, /v1/events?after=P-1&limit=N for a batch."},
                {"schema", {{"type", "string"}}}}}}},
            {"content", JsonContent({{"oneOf", one_of}})}};
      }
      break;
    case Endpoint::kAgencyEvents:
    case Endpoint::kReadEvents:
      if (e.endpoint == Endpoint::kAgencyEvents) {
        path_param("agency", "An agency identifier; an agency's token may name only its own.");
      }
      query("after", "integer", "Return events after this position (default 0).");
      query("limit", "integer", "At most this many (1..1000, default 100).");
      query("wait", "integer",
            "Long-poll: when there are no events after `after`, wait up to this many seconds "
            "(0..30, default 0) for some, and answer as soon as they are recorded.");
      responses = ErrorResponses({400, 401, 403});
      responses["200"] = {{"description", "A page of events in global order."},
                          {"headers", {{"Link", NextLink()}}},
                          {"content", JsonContent(Ref("EventPage"))}};
      responses["503"] = FeedBusy();
      break;
    case Endpoint::kAgencyEventStream:
    case Endpoint::kEventStream:
      if (e.endpoint == Endpoint::kAgencyEventStream) {
        path_param("agency", "An agency identifier; an agency's token may name only its own.");
      }
      params.push_back(
          {{"name", "Last-Event-ID"},
           {"in", "header"},
           {"required", false},
           {"schema", {{"type", "integer"}, {"minimum", 0}}},
           {"description", "Resume after this position (the id of the last event received)."}});
      query("after", "integer",
            "Start after this position when no Last-Event-ID is sent (default: the head, "
            "only new events).");
      query("wait", "integer",
            "Close the stream after this many seconds (0..300, default 300); the client then "
            "reconnects with Last-Event-ID.");
      responses = ErrorResponses({400, 401, 403});
      responses["200"] = {
          {"description",
           "Server-Sent Events: for each event `id: <position>` and `data: <event JSON>`; "
           "comment lines (`: heartbeat`) every few seconds while idle."},
          {"content", {{"text/event-stream", {{"schema", {{"type", "string"}}}}}}}};
      responses["503"] = FeedBusy();
      break;
    case Endpoint::kReadStream:
      path_param("stream", "kind/identifier; the slash may be sent as is or as %2F.");
      query("after_version", "integer", "Return events after this version (default 0).");
      query("limit", "integer", "At most this many (1..1000, default 1000).");
      responses = ErrorResponses({400, 401, 403, 404});
      responses["200"] = {{"description",
                           "{\"stream\", \"events\": [...], \"next_after_version\"}: send "
                           "next_after_version as after_version for the next page."},
                          {"headers", {{"Link", NextLink()}}},
                          {"content", JsonContent({{"type", "object"}})}};
      break;
    case Endpoint::kVerify:
      responses = ErrorResponses({401, 403});
      responses["200"] = {{"description",
                           "{\"ok\": true, \"length\", \"head\"} or {\"ok\": false, "
                           "\"first_bad_position\", \"reason\"}"},
                          {"content", JsonContent({{"type", "object"}})}};
      break;
    case Endpoint::kSchema:
      responses = ErrorResponses({401, 403});
      responses["200"] = {{"description",
                           "{\"event_types\": {type: {summary, stream_kind, "
                           "writers, data: JSON Schema}}}"},
                          {"content", JsonContent({{"type", "object"}})}};
      AddConditional(params, responses);
      break;
    case Endpoint::kViews: {
      if (e.path == "/v1/views") {
        responses = ErrorResponses({401, 403});
        responses["200"] = {{"description", "{\"views\": [names]}"}};
        AddConditional(params, responses);
        break;
      }
      Json names = Json::array();
      for (const std::string& n : ViewNames()) names.push_back(n);
      params.push_back({{"name", "name"},
                        {"in", "path"},
                        {"required", true},
                        {"schema", {{"type", "string"}, {"enum", names}}}});
      query("as_of", "string",
            "A date YYYY-MM-DD (what was recorded by the end of that day, "
            "deadlines judged on it) or a position.");
      query("format", "string",
            "json (default) or csv (the actions view only: one RFC 4180 row per action).");
      for (const ViewFilter& f : ViewFilters()) {
        std::string views;
        for (const std::string& v : f.views) views += (views.empty() ? "" : ", ") + v;
        Json param = {{"name", f.name},
                      {"in", "query"},
                      {"required", false},
                      {"schema", {{"type", "string"}}},
                      {"description", std::string("Filter of the ") + views + " view" +
                                          (f.views.size() > 1 ? "s" : "") + ": " + f.description},
                      {"x-lif-views", f.views}};
        params.push_back(std::move(param));
      }
      responses = ErrorResponses({400, 401, 403, 404});
      responses["200"] = {{"description", "The view (text/csv for format=csv)."},
                          {"content", JsonContent({{"type", "object"}})}};
      AddConditional(params, responses);
      break;
    }
    case Endpoint::kViewDiff: {
      Json names = Json::array();
      for (const std::string& n : ViewNames()) names.push_back(n);
      params.push_back({{"name", "name"},
                        {"in", "path"},
                        {"required", true},
                        {"schema", {{"type", "string"}, {"enum", names}}}});
      query("from", "string", "The earlier point: a date YYYY-MM-DD or a position. Required.");
      query("to", "string", "The later point: a date or a position (default: the latest).");
      responses = ErrorResponses({400, 401, 403, 404});
      responses["200"] = {{"description",
                           "{\"view\", \"from\", \"to\", \"lists\": {list: {\"key\", "
                           "\"added\", \"removed\", \"changed\"}}, \"fields\", "
                           "\"summary\"} (docs/audit.md)."},
                          {"content", JsonContent({{"type", "object"}})}};
      break;
    }
    case Endpoint::kAudit:
      path_param("stream", "kind/identifier; the slash may be sent as is or as %2F.");
      query("as_of", "string", "A date YYYY-MM-DD or a position (default: the latest).");
      query("format", "string", "json (default) or csv (one RFC 4180 row per change).");
      responses = ErrorResponses({400, 401, 403, 404});
      responses["200"] = {{"description",
                           "{\"stream\", \"as_of_position\", \"streams\", \"links\", "
                           "\"entries\": [...]} or text/csv (docs/audit.md): the stream, what "
                           "answers it and what it answers."},
                          {"content", JsonContent({{"type", "object"}})}};
      break;
    case Endpoint::kPseudonyms:
      op["requestBody"] = {
          {"required", true},
          {"content", JsonContent(Json::parse(R"({"type":"object","required":["identifier"],
            "additionalProperties":false,"properties":{
            "identifier":{"type":"string","minLength":1,"maxLength":256,
              "description":"The agency's own case identifier."},
            "agency":{"type":"string","description":"Required for an administrator; an agency token may only name itself."}}})"))}};
      responses = ErrorResponses({400, 401, 403, 415, 503});
      responses["200"] = {{"description", "{\"reference\": \"pn_\" + 32 hex digits}"},
                          {"content", JsonContent({{"type", "object"}})}};
      break;
    case Endpoint::kBundle:
      responses = ErrorResponses(e.path == "/v1/pack" ? std::vector<int>{401, 403, 404}
                                                      : std::vector<int>{401, 403});
      responses["200"] = {
          {"description", e.path == "/v1/pack"
                              ? "text/html: the web page with the board key pinned, the bundle "
                                "(gzip, in base64) and its checkpoint of the first views "
                                "(docs/bundle.md)."
                              : "application/x-ndjson: header line, then one event per "
                                "line (docs/bundle.md)."}};
      break;
    case Endpoint::kKeys:
      responses = {{"200",
                    {{"description",
                      "{\"algorithm\": \"ed25519\", \"ed25519_public_key\", \"fingerprint\" "
                      "(SHA-256 of the raw key, 64 hex digits), \"fingerprint_short\", "
                      "\"public_key_pem\", \"note_verifier_key\", \"note_key_id\" (not an "
                      "identifier: compare the fingerprint), \"note_key_id_warning\", "
                      "\"origin\"} (docs/integrity.md)"}}}};
      break;
    case Endpoint::kHead:
      responses = ErrorResponses({401, 403});
      responses["200"] = {{"description", e.path == "/v1/head"
                                              ? "{\"version\": 2, \"origin\", \"size\", \"root\", "
                                                "\"timestamp\", \"signature\"} (docs/integrity.md)"
                                              : "A C2SP signed-note checkpoint (text/plain)."}};
      AddConditional(params, responses);
      break;
    case Endpoint::kProofs:
      if (e.path == "/v1/proof/inclusion") {
        query("position", "integer", "The event's position (leaf index + 1). Required.");
        query("size", "integer", "Tree size (default: the whole log).");
        responses = ErrorResponses({400, 401, 403});
        responses["200"] = {
            {"description", "{\"leaf_index\", \"tree_size\", \"audit_path\": [hex]}"}};
      } else {
        query("from", "integer", "The earlier tree size. Required.");
        query("to", "integer", "The later tree size (default: the whole log).");
        responses = ErrorResponses({400, 401, 403});
        responses["200"] = {
            {"description", "{\"first\", \"second\", \"consistency_path\": [hex]}"}};
      }
      break;
    case Endpoint::kTokensAdmin:
      if (e.method == "post") {
        op["requestBody"] = {
            {"required", true},
            {"content", JsonContent(Json::parse(R"({"type":"object","required":["name","role"],
              "properties":{"name":{"type":"string"},"role":{"type":"string",
              "enum":["admin","agency","subgroup_chair","inspector","board"]},
              "agency":{"type":"string"},"subgroup":{"type":"string"},
              "expires_in_days":{"type":"integer","minimum":1,"maximum":3650}}})"))}};
        responses = ErrorResponses({400, 401, 403, 415});
        responses["201"] = {{"description", "{\"token\": secret, \"record\": {...}}"},
                            {"headers",
                             {{"Location",
                               {{"description", "/v1/tokens/{id}: the token's record."},
                                {"schema", {{"type", "string"}}}}}}}};
      } else if (e.method == "get" && e.path == "/v1/tokens/{id}") {
        path_param("id", "The token id (tok-...).");
        responses = ErrorResponses({401, 403, 404});
        responses["200"] = {{"description", "The token's record (never its secret)."}};
      } else if (e.method == "get") {
        responses = ErrorResponses({401, 403});
        responses["200"] = {{"description", "{\"tokens\": [...]}"}};
      } else {
        path_param("id", "The token id (tok-...).");
        responses = ErrorResponses({401, 403, 404});
        responses["200"] = {{"description", "Revoked."}};
      }
      break;
    case Endpoint::kSubjects:
      path_param("subject", "The subject: the stream whose personal data is erased.");
      query("reason", "string", "Why (recorded in the subject.erased event).");
      responses = ErrorResponses({400, 401, 403, 404, 503});
      responses["200"] = {
          {"description",
           "{\"subject\", \"erased\": true, \"position\" (of the subject.erased event), "
           "\"recorded\": \"now\" or \"earlier\" (a retry after an attempt that recorded "
           "the event but failed before destroying the key, or destroyed it but failed "
           "before the views forgot the text)}"}};
      break;
    case Endpoint::kImport:
    case Endpoint::kImportTemplates:
    case Endpoint::kCalendarKeys:
    case Endpoint::kCalendar:
    case Endpoint::kReports:
      AdoptionOperation(e, &op, &params, &responses, ErrorResponses);
      break;
  }
  // Every request with a token takes from the token's rate limit, and every
  // one but /v1/verify is refused while the data folder is damaged.
  if (!e.public_access) responses.update(ErrorResponses({429}));
  if (!e.public_access && e.endpoint != Endpoint::kVerify) {
    responses.update(ErrorResponses({503}));
  }
  if (!params.empty()) op["parameters"] = params;
  op["responses"] = responses;
  return op;
}

}  // namespace

Json OpenApiDocument() {
  Json paths = Json::object();
  for (const EndpointInfo& e : Endpoints()) paths[e.path][e.method] = Operation(e);
  return {{"openapi", "3.0.3"},
          {"servers",
           Json::array({{{"url", "/"}, {"description", "The lif server serving this document."}}})},
          {"info",
           {{"title", "lif: a safeguarding board's Learning and Improvement Framework"},
            {"version", "1.0.0"},
            {"description",
             "Every learning item, action and assurance is an immutable event in an append-only, "
             "hash-chained log. See docs/api.md."}}},
          {"paths", paths},
          {"components", Components()}};
}

}  // namespace lif::server
