#include "server/http/api_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string_view>
#include <vector>

#include "core/audit/audit_trail.h"
#include "core/bundle/bundle.h"
#include "core/integrity/base64.h"
#include "core/json_writer.h"
#include "core/log/append_body.h"
#include "core/log/verify.h"
#include "core/views/view_diff.h"
#include "server/crypto/basics.h"
#include "server/http/access.h"
#include "server/http/answers.h"
#include "server/http/conditional.h"
#include "server/http/feed_routes.h"
#include "server/http/openapi.h"
#include "server/http/route_context.h"
#include "server/pack/board_pack.h"
#include "server/privacy/erasure.h"
#include "server/store/damage.h"

namespace lif::server {
namespace {

int HttpStatus(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalid:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kForbidden:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kConflict:
      return 409;
    case StatusCode::kTooLarge:
      return 413;
    case StatusCode::kUnsupportedMedia:
      return 415;
    case StatusCode::kIdempotencyMismatch:
      return 422;
    case StatusCode::kRateLimited:
      return 429;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

const char* CodeForHttp(int status) {
  switch (status) {
    case 400:
      return "invalid";
    case 401:
      return "unauthenticated";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 409:
      return "conflict";
    case 411:
      return "length_required";
    case 413:
      return "too_large";
    case 414:
      return "uri_too_long";
    case 415:
      return "unsupported_media_type";
    case 416:
      return "range_not_satisfiable";
    case 422:
      return "idempotency_key_reused";
    case 429:
      return "rate_limited";
    case 431:
      return "headers_too_large";
    case 503:
      return "unavailable";
    default:
      return status >= 500 ? "internal" : "error";
  }
}

}  // namespace

void SendJson(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  // Error messages may quote untrusted bytes: never let invalid UTF-8 throw.
  std::string text;
  AppendJson(&text, body, InvalidUtf8::kReplace);
  res.set_content(text, "application/json");
}

void SendError(httplib::Response& res, const Status& s) {
  // Damaged stored data is bad data, not a bug (server/store/damage.h).
  const bool damaged = store::IsDataDamaged(s);
  Json err = {{"code", damaged ? store::kDataDamagedCode : StatusCodeName(s.code())},
              {"message", store::DamagedText(s)}};
  if (!s.path().empty()) err["path"] = s.path();
  if (s.current_version()) err["current_version"] = *s.current_version();
  if (s.code() == StatusCode::kUnauthenticated) {
    res.set_header("WWW-Authenticate", "Bearer realm=\"lif\"");
  }
  SendJson(res, damaged ? 503 : HttpStatus(s.code()), {{"error", err}});
}

namespace {

// What an append answers for each event: {"hash", "position", "recorded_at",
// "stream", "version"}, written straight as text in the order (and the exact
// bytes) Json::dump() would give. A batch of 1,000 events then costs one string
// rather than 1,000 JSON objects built, copied and written (docs/api.md).
void WriteAppended(std::string& out, const Event& e) {
  out += "{\"hash\":";
  AppendJsonString(&out, e.hash, InvalidUtf8::kReplace);
  out += ",\"position\":";
  out += std::to_string(e.position);
  out += ",\"recorded_at\":";
  AppendJsonString(&out, e.recorded_at, InvalidUtf8::kReplace);
  out += ",\"stream\":";
  AppendJsonString(&out, e.stream, InvalidUtf8::kReplace);
  out += ",\"version\":";
  out += std::to_string(e.version);
  out += '}';
}

// The body of a 201 to POST /v1/events: one event's fields, or {"events": [...]}
// for a batch.
std::string AppendedBody(const EventSpan& events, RequestForm form) {
  std::string out;
  if (form == RequestForm::kSingle) {
    out.reserve(256);
    WriteAppended(out, events.front());
    return out;
  }
  out.reserve(16 + events.size() * 200);
  out += "{\"events\":[";
  bool first = true;
  for (const Event& e : events) {
    if (!first) out += ',';
    first = false;
    WriteAppended(out, e);
  }
  out += "]}";
  return out;
}

// Parses a non-negative integer query parameter; `fallback` when absent.
Result<int64_t> IntParam(const httplib::Request& req, const std::string& name, int64_t fallback,
                         int64_t min, int64_t max) {
  if (!req.has_param(name.c_str())) return fallback;
  const std::string v = req.get_param_value(name.c_str());
  if (v.empty() || v.size() > 15 || v.find_first_not_of("0123456789") != std::string::npos) {
    return Status::Invalid(name + " must be a whole number", name);
  }
  int64_t n = std::stoll(v);
  if (n < min || n > max) {
    return Status::Invalid(
        name + " must be between " + std::to_string(min) + " and " + std::to_string(max), name);
  }
  return n;
}

std::string Lower(std::string_view text) {
  std::string lower;
  for (char c : text) {
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return lower;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) { return Lower(a) == Lower(b); }

bool IsJsonContentType(const std::string& ct) {
  const std::string lower = Lower(ct);
  return lower == "application/json" || lower.rfind("application/json;", 0) == 0;
}

// The headers of a request with a JSON body: one Content-Type, and JSON.
Status CheckJsonRequest(const httplib::Request& req) {
  if (req.get_header_value_count("Content-Type") > 1) {
    return Status::Invalid("send one Content-Type header", "Content-Type");
  }
  if (!IsJsonContentType(req.get_header_value("Content-Type"))) {
    return Status(StatusCode::kUnsupportedMedia, "send Content-Type: application/json");
  }
  return Status::Ok();
}

// Answers with a JSON error and then closes the connection. Used when the
// request's body was not read (its framing is refused), so that its unread
// bytes are never taken for the next request on the connection: a content
// provider that returns false after writing everything makes httplib stop
// serving the connection and close it.
void SendErrorAndClose(httplib::Response& res, int status, const char* code,
                       const std::string& message, const std::string& path) {
  Json err = {{"code", code}, {"message", message}};
  if (!path.empty()) err["path"] = path;
  auto text = std::make_shared<std::string>(Json({{"error", err}}).dump());
  res.status = status;
  res.set_header("Connection", "close");
  res.set_content_provider(text->size(), "application/json",
                           [text](size_t offset, size_t length, httplib::DataSink& sink) {
                             sink.write(text->data() + offset, length);
                             return false;
                           });
}

// The methods whose body httplib reads (PRI: the HTTP/2 preface).
bool MethodHasBody(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE" ||
         method == "PRI";
}

// Limits on headers, checked once httplib has read them (httplib 0.11.4 itself
// bounds only each line, at 8 KiB, and the request line, at 8 KiB).
constexpr size_t kMaxHeaderCount = 64;
constexpr size_t kMaxHeaderBytes = 32 * 1024;

// The name of a query parameter given more than once, or "". httplib keeps
// a repeat with another value (req.params is a multimap) but drops an
// identical "k=v" repeat, so the raw query is read too (names compared as sent).
std::string RepeatedParameter(const httplib::Request& req) {
  for (auto it = req.params.begin(); it != req.params.end();
       it = req.params.upper_bound(it->first)) {
    if (req.params.count(it->first) > 1) return it->first;
  }
  const size_t question = req.target.find('?');
  if (question == std::string::npos) return "";
  std::vector<std::string_view> names;
  std::string_view query = std::string_view(req.target).substr(question + 1);
  while (!query.empty()) {
    const size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    std::string_view name = pair.substr(0, pair.find('='));
    if (name.empty()) continue;
    if (std::find(names.begin(), names.end(), name) != names.end()) return std::string(name);
    names.push_back(name);
  }
  return "";
}

// Refuses, before any body is read, requests lif does not accept
// (docs/api.md#limits): too many headers, a method the path is not served
// with (405 with Allow), a body on a method that has none, a chunked or
// unsized body, a malformed or repeated Content-Length. Returns true when it
// answered.
bool RefuseBeforeReading(const httplib::Request& req, httplib::Response& res) {
  size_t header_count = 0, header_bytes = 0;
  for (const auto& [name, value] : req.headers) {
    // httplib adds the peer's and its own address as four pseudo-headers.
    if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
        name == "LOCAL_PORT") {
      continue;
    }
    ++header_count;
    header_bytes += name.size() + value.size() + 4;
  }
  if (header_count > kMaxHeaderCount || header_bytes > kMaxHeaderBytes) {
    SendErrorAndClose(res, 431, "headers_too_large",
                      "send at most " + std::to_string(kMaxHeaderCount) + " headers and " +
                          std::to_string(kMaxHeaderBytes / 1024) + " KiB of headers",
                      "");
    return true;
  }
  // A path served with other methods: 405 before anything about the body,
  // which is then left unread (so the connection is closed).
  std::vector<std::string> allowed = MethodsAllowedAt(req.path);
  if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), req.method) == allowed.end()) {
    std::string allow;
    for (const std::string& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
    res.set_header("Allow", allow);
    SendErrorAndClose(res, 405, "method_not_allowed",
                      req.method + " is not served here; use " + allow, "");
    return true;
  }
  // A repeated query parameter is ambiguous (which one counts?): refused like
  // a repeated header, naming it.
  if (std::string repeated = RepeatedParameter(req); !repeated.empty()) {
    SendErrorAndClose(res, 400, "invalid", "send the " + repeated + " parameter once", repeated);
    return true;
  }
  const bool has_body_method = MethodHasBody(req.method);
  if (req.has_header("Transfer-Encoding")) {
    if (has_body_method) {
      SendErrorAndClose(res, 411, "length_required",
                        "send the body with a Content-Length header (a chunked or encoded body "
                        "is not accepted)",
                        "Transfer-Encoding");
    } else {
      SendErrorAndClose(res, 400, "invalid", "a " + req.method + " request carries no body",
                        "Transfer-Encoding");
    }
    return true;
  }
  const size_t lengths = req.get_header_value_count("Content-Length");
  if (lengths > 1) {
    SendErrorAndClose(res, 400, "invalid", "send one Content-Length header", "Content-Length");
    return true;
  }
  if (lengths == 1) {
    const std::string length = req.get_header_value("Content-Length");
    if (length.empty() || length.size() > 18 ||
        length.find_first_not_of("0123456789") != std::string::npos) {
      SendErrorAndClose(res, 400, "invalid", "Content-Length must be a whole number of bytes",
                        "Content-Length");
      return true;
    }
    if (!has_body_method && std::stoll(length) != 0) {
      SendErrorAndClose(res, 400, "invalid", "a " + req.method + " request carries no body",
                        "Content-Length");
      return true;
    }
  } else if (has_body_method && req.method != "DELETE") {
    SendErrorAndClose(res, 411, "length_required", "send a Content-Length header",
                      "Content-Length");
    return true;
  }
  return false;
}

}  // namespace

Result<Json> SignedBundleHead(IntegrityService* integrity, int64_t size) {
  Result<SignedTreeHead> head = integrity->SignHead();
  if (!head.ok()) return head.status();
  if (static_cast<int64_t>(head->size) != size) {
    return Status::Unavailable("the log grew while exporting; try again");
  }
  // The head's own fields (version 2 signs the origin) and the key that signed it.
  Json j = SignedTreeHeadToJson(*head);
  j["public_key"] = Base64Encode(integrity->public_key());
  return j;
}

ApiServer::ApiServer(store::RocksLog* log, auth::TokenStore* tokens, ViewService* views,
                     IntegrityService* integrity, ApiOptions options)
    : log_(log),
      tokens_(tokens),
      views_(views),
      integrity_(integrity),
      options_(std::move(options)),
      limiter_(std::make_unique<RateLimiter>(options_.rate_limit, options_.clock)),
      feed_(std::make_unique<FeedHub>(log_, options_.feed.max_connections)),
      http_(std::make_unique<httplib::Server>()) {
  Routes();
}

ApiServer::~ApiServer() { Stop(); }

void ApiServer::Stop() {
  // Long-polls and streams end first, so that httplib can join its workers.
  if (feed_) feed_->Shutdown();
  if (http_) http_->stop();
  if (thread_.joinable()) thread_.join();
}

Result<int> ApiServer::Start(const std::string& host, int port) {
  if (!options_.data_dir.empty() && !pseudonyms_) {
    Result<privacy::PseudonymKey> key = privacy::PseudonymKey::LoadOrCreate(options_.data_dir);
    if (!key.ok()) return key.status();
    pseudonyms_ = std::make_unique<privacy::PseudonymKey>(std::move(*key));
  }
  http_->set_tcp_nodelay(true);
  http_->set_payload_max_length(options_.max_body_bytes);
  http_->set_keep_alive_max_count(1000);
  http_->set_keep_alive_timeout(options_.keep_alive_timeout_seconds);
  const auto read_us =
      std::chrono::duration_cast<std::chrono::microseconds>(options_.read_timeout).count();
  http_->set_read_timeout(read_us / 1000000, read_us % 1000000);
  http_->set_write_timeout(10, 0);
  const int threads = options_.worker_threads + static_cast<int>(options_.feed.max_connections);
  http_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // cpp-httplib 0.11.4 listens with a backlog of 5, a constant compiled into
  // the shared library: a burst of new connections (32 clients connecting at
  // once) overflows it and the kernel resets some of them after a second. So
  // remember the socket httplib binds and listen on it again with a deeper
  // queue. The options replace httplib's default (SO_REUSEPORT, which would let
  // a second server share the port) with SO_REUSEADDR.
  auto listening = std::make_shared<int>(-1);
  http_->set_socket_options([listening](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    *listening = sock;  // The last socket made is the one that bound.
  });
  int bound = port == 0 ? http_->bind_to_any_port(host.c_str())
                        : (http_->bind_to_port(host.c_str(), port) ? port : -1);
  if (bound < 0) {
    return Status::Unavailable("cannot listen on " + host + ":" + std::to_string(port));
  }
  constexpr int kListenBacklog = 1024;
  if (*listening >= 0 && ::listen(*listening, kListenBacklog) != 0) {
    return Status::Unavailable("cannot listen on " + host + ":" + std::to_string(bound));
  }
  thread_ = std::thread([this] { http_->listen_after_bind(); });
  for (int i = 0; i < 500 && !http_->is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return bound;
}

void ApiServer::Routes() {
  httplib::Server& s = *http_;

  // Every error answer is JSON, including httplib's own (no route, body too
  // large, a malformed or stalled request).
  s.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty() || res.has_header("Content-Type")) {
          return httplib::Server::HandlerResponse::Unhandled;
        }
        std::string message;
        switch (res.status) {
          case 400:
            message = "the HTTP request is malformed, incomplete or was not sent in time";
            break;
          case 404:
            message = "no such endpoint (see /openapi.json)";
            break;
          case 413:
            message = "the request body is too large";
            break;
          case 414:
            message = "the request URI is too long (at most 8 KiB)";
            break;
          case 416:
            message = "the Range header is not satisfiable";
            break;
          default:
            message = "the request failed";
        }
        SendJson(res, res.status,
                 {{"error", {{"code", CodeForHttp(res.status)}, {"message", message}}}});
        return httplib::Server::HandlerResponse::Handled;
      }));
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    SendJson(res, 500, {{"error", {{"code", "internal"}, {"message", "internal error"}}}});
  });
  s.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    return RefuseBeforeReading(req, res) ? httplib::Server::HandlerResponse::Handled
                                         : httplib::Server::HandlerResponse::Unhandled;
  });

  // Takes one request from the principal's rate limit (setting Retry-After on
  // `res` when it is spent) and checks the endpoint's role table.
  auto admit = [this](const Principal& p, httplib::Response& res, Endpoint endpoint) -> Status {
    if (int64_t wait = limiter_->Take(p.id); wait > 0) {
      res.set_header("Retry-After", std::to_string(wait));
      return Status(StatusCode::kRateLimited, "this token made too many requests; retry after " +
                                                  std::to_string(wait) +
                                                  (wait == 1 ? " second" : " seconds"));
    }
    if (!RoleMayUse(endpoint, p.role)) {
      return Status::Forbidden(std::string("the ") + RoleName(p.role) +
                               " role may not use this endpoint");
    }
    // A damaged or altered data folder is served to no one but its checker
    // (docs/integrity.md): no append, no signature, no figures.
    if (endpoint != Endpoint::kVerify) {
      if (std::optional<DataDamage> damage = integrity_->damage()) return damage->ToStatus();
    }
    return Status::Ok();
  };

  // Resolves the bearer token and admits it (above).
  auto authorize = [this, admit](const httplib::Request& req, httplib::Response& res,
                                 Endpoint endpoint) -> Result<Principal> {
    if (req.get_header_value_count("Authorization") > 1) {
      return Status::Invalid("send one Authorization header", "Authorization");
    }
    const std::string header = req.get_header_value("Authorization");
    // The scheme's name is case-insensitive (RFC 9110, section 11.1).
    if (header.size() < 7 || !EqualsIgnoreCase(header.substr(0, 7), "bearer ")) {
      return Status(StatusCode::kUnauthenticated, "send Authorization: Bearer <token>");
    }
    Result<Principal> p = tokens_->Authenticate(std::string_view(header).substr(7));
    if (!p.ok()) return p.status();
    if (Status admitted = admit(*p, res, endpoint); !admitted.ok()) return admitted;
    return p;
  };

  // Routes kept in their own files (server/http/route_context.h).
  auto signed_head = [this]() -> Result<Json> {
    Result<SignedTreeHead> head = integrity_->SignHead();
    if (!head.ok()) return head.status();
    return SignedTreeHeadToJson(*head);
  };
  const RouteContext context{log_,     tokens_,  views_,    options_.max_body_bytes,
                             authorize, admit,   SendJson, SendError,
                             signed_head};
  RegisterImportRoutes(s, context);
  RegisterCalendarRoutes(s, context);
  RegisterReportRoutes(s, context);

  s.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    LogHead head = log_->Head();
    if (std::optional<DataDamage> damage = integrity_->damage()) {
      Json body = damage->ToJson();
      body["ok"] = false;
      body["head"] = head.position;
      SendJson(res, 503, body);
      return;
    }
    SendJson(res, 200, {{"ok", true}, {"position", head.position}, {"head", head.hash}});
  });

  s.Get("/openapi.json", [](const httplib::Request& req, httplib::Response& res) {
    static const std::string doc = OpenApiDocument().dump(2);
    static const std::string etag = StrongEtag(doc);
    if (AnswerNotModified(req, res, etag, CacheScope::kPublic)) return;
    res.set_content(doc, "application/json");
  });

  s.Get("/", [this](const httplib::Request&, httplib::Response& res) {
    std::ifstream in(options_.web_page, std::ios::binary);
    if (options_.web_page.empty() || !in) {
      SendError(res, Status::NotFound("the web view was not built (see README)"));
      return;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    res.set_content(ss.str(), "text/html; charset=utf-8");
  });

  s.Post("/v1/events", [this, authorize](const httplib::Request& req, httplib::Response& res) {
    Result<Principal> who = authorize(req, res, Endpoint::kAppendEvents);
    if (!who.ok()) return SendError(res, who.status());
    if (Status s = CheckJsonRequest(req); !s.ok()) return SendError(res, s);
    const size_t idempotency_keys = req.get_header_value_count("Idempotency-Key");
    if (idempotency_keys > 1) {
      return SendError(res, Status::Invalid("send one Idempotency-Key header", "Idempotency-Key"));
    }
    const BodyDigest digest = idempotency_keys == 1 ? BodyDigest::kKeep : BodyDigest::kSkip;
    Result<AppendBody> body = ParseAppendBody(req.body, options_.max_batch_events, digest);
    if (!body.ok()) return SendError(res, body.status());
    AppendRequest append;
    append.principal = *who;
    append.form = body->form;
    append.events = std::move(body->events);
    if (digest == BodyDigest::kKeep) {
      append.idempotency_key = req.get_header_value("Idempotency-Key");
      if (Status s = ValidateIdempotencyKey(append.idempotency_key); !s.ok()) {
        return SendError(res, s);
      }
      append.request_digest = crypto::Sha256Hex(body->normalized);
    }
    const RequestForm form = append.form;
    Result<AppendOutcome> out = log_->Append(std::move(append));
    if (!out.ok()) return SendError(res, out.status());
    if (out->replayed) res.set_header("Idempotent-Replayed", "true");
    // Where the appended events can be read: the event in its stream, or the
    // batch as a page of the log.
    const Event& first = out->events.front();
    res.set_header("Location", form == RequestForm::kSingle
                                   ? "/v1/streams/" + first.stream + "?after_version=" +
                                         std::to_string(first.version - 1) + "&limit=1"
                                   : "/v1/events?after=" + std::to_string(first.position - 1) +
                                         "&limit=" + std::to_string(out->events.size()));
    res.status = 201;
    res.set_content(AppendedBody(out->events, form), "application/json");
  });

  AddFeedRoutes(s, {feed_.get(), tokens_, authorize, options_.feed, options_.max_read_limit});

  s.Get(R"(/v1/streams/([\s\S]+))", [this, authorize](const httplib::Request& req,
                                                      httplib::Response& res) {
    Result<Principal> who = authorize(req, res, Endpoint::kReadStream);
    if (!who.ok()) return SendError(res, who.status());
    const std::string stream = req.matches[1];
    if (Status v = ValidateStreamId(stream); !v.ok()) {
      return SendError(res, Status::Invalid(v.message(), "stream"));
    }
    Result<int64_t> after = IntParam(req, "after_version", 0, 0, kMaxSafeInteger);
    if (!after.ok()) return SendError(res, after.status());
    Result<int64_t> limit = IntParam(req, "limit", static_cast<int64_t>(options_.max_read_limit), 1,
                                     static_cast<int64_t>(options_.max_read_limit));
    if (!limit.ok()) return SendError(res, limit.status());
    Result<std::vector<Event>> first = log_->ReadStream(stream, 0, 1);
    if (!first.ok()) return SendError(res, first.status());
    if (first->empty()) return SendError(res, Status::NotFound("no stream " + stream));
    if (!MayReadStreamStartedBy(*who, first->front().agency)) {
      return SendError(res, Status::Forbidden("an agency reads only the streams it started"));
    }
    Result<std::vector<Event>> events =
        log_->ReadStream(stream, *after, static_cast<size_t>(*limit) + 1);
    if (!events.ok()) return SendError(res, events.status());
    // One more than the page is read to know whether a next page exists.
    const bool more = events->size() > static_cast<size_t>(*limit);
    if (more) events->pop_back();
    Json list = Json::array();
    for (const Event& e : *events) list.push_back(EventToJson(e));
    const int64_t next = events->empty() ? *after : events->back().version;
    if (more) {
      res.set_header("Link", "</v1/streams/" + stream + "?after_version=" + std::to_string(next) +
                                 "&limit=" + std::to_string(*limit) + ">; rel=\"next\"");
    }
    SendJson(res, 200, {{"stream", stream}, {"events", list}, {"next_after_version", next}});
  });

  s.Get("/v1/verify", [this, authorize](const httplib::Request& req, httplib::Response& res) {
    Result<Principal> who = authorize(req, res, Endpoint::kVerify);
    if (!who.ok()) return SendError(res, who.status());
    Result<VerifyReport> report = VerifyLog(*log_, log_->Head());
    if (!report.ok()) return SendError(res, report.status());
    if (!report->ok)
      integrity_->MarkDamaged(DataDamage{report->first_bad_position, report->reason});
    Json out = report->ToJson();
    // The chain may hold while the tree does not extend the head signed last.
    if (std::optional<DataDamage> damage = integrity_->damage(); damage && report->ok) {
      out = {{"ok", false},
             {"length", report->length},
             {"first_bad_position", damage->position},
             {"reason", damage->reason}};
    }
    SendJson(res, 200, out);
  });

  s.Get("/v1/schema", [authorize](const httplib::Request& req, httplib::Response& res) {
    Result<Principal> who = authorize(req, res, Endpoint::kSchema);
    if (!who.ok()) return SendError(res, who.status());
    static const std::string doc = Catalogue::Default().SchemaDocument().dump();
    static const std::string etag = StrongEtag(doc);
    if (AnswerNotModified(req, res, etag, CacheScope::kPrivate)) return;
    res.set_content(doc, "application/json");
  });

  s.Get("/v1/views", [authorize](const httplib::Request& req, httplib::Response& res) {
    Result<Principal> who = authorize(req, res, Endpoint::kViews);
    if (!who.ok()) return SendError(res, who.status());
    static const std::string names = Json({{"views", ViewNames()}}).dump();
    static const std::string etag = StrongEtag(names);
    if (AnswerNotModified(req, res, etag, CacheScope::kPrivate)) return;
    res.set_content(names, "application/json");
  });

  s.Get(R"(/v1/views/([^/]+))", [this, authorize](const httplib::Request& req,
                                                  httplib::Response& res) {
    Result<Principal> who = authorize(req, res, Endpoint::kViews);
    if (!who.ok()) return SendError(res, who.status());
    Result<AsOf> as_of = ParseAsOf(req.has_param("as_of") ? req.get_param_value("as_of") : "");
    if (!as_of.ok()) return SendError(res, as_of.status());
    std::string name = req.matches[1];
    std::string format = req.has_param("format") ? req.get_param_value("format") : "json";
    if (name == "actions.csv") {
      name = "actions";
      format = "csv";
    }
    if (format != "json" && !(format == "csv" && name == "actions")) {
      return SendError(
          res, Status::Invalid("format must be json (or csv for the actions view)", "format"));
    }
    std::map<std::string, std::string> filters;
    for (const auto& [k, v] : req.params) {
      if (k != "as_of" && k != "format") filters[k] = v;
    }
    if (format == "csv") {
      Result<Json> view = views_->Render(name, *as_of, filters);
      if (!view.ok()) return SendError(res, view.status());
      Result<std::string> csv = ActionsViewCsv(*view);
      if (!csv.ok()) return SendError(res, csv.status());
      if (AnswerNotModified(req, res, StrongEtag(*csv), CacheScope::kPrivate)) return;
      res.set_header("Content-Disposition", "attachment; filename=\"lif-actions.csv\"");
      res.set_content(*csv, "text/csv; charset=utf-8; header=present");
      return;
    }
    // The JSON text, cached by the view service until the log moves.
    Result<std::shared_ptr<const std::string>> text = views_->RenderText(name, *as_of, filters);
    if (!text.ok()) return SendError(res, text.status());
    if (AnswerNotModified(req, res, view_etags_.For(*text), CacheScope::kPrivate)) return;
    res.status = 200;
    res.set_content(**text, "application/json");
  });

  s.Get(R"(/v1/views/([^/]+)/diff)",
        [this, authorize](const httplib::Request& req, httplib::Response& res) {
          Result<Principal> who = authorize(req, res, Endpoint::kViewDiff);
          if (!who.ok()) return SendError(res, who.status());
          if (!req.has_param("from"))
            return SendError(res, Status::Invalid("from is required", "from"));
          Result<AsOf> from = ParseAsOf(req.get_param_value("from"));
          if (!from.ok()) return SendError(res, Status::Invalid(from.status().message(), "from"));
          Result<AsOf> to = ParseAsOf(req.has_param("to") ? req.get_param_value("to") : "");
          if (!to.ok()) return SendError(res, Status::Invalid(to.status().message(), "to"));
          std::map<std::string, std::string> filters;
          for (const auto& [k, v] : req.params) {
            if (k != "from" && k != "to") filters[k] = v;
          }
          const std::string name = req.matches[1];
          Result<Json> before = views_->Render(name, *from, filters);
          if (!before.ok()) return SendError(res, before.status());
          Result<Json> after = views_->Render(name, *to, filters);
          if (!after.ok()) return SendError(res, after.status());
          Result<Json> diff = DiffViews(name, *before, *after);
          if (!diff.ok()) return SendError(res, diff.status());
          (*diff)["from"] = req.get_param_value("from");
          (*diff)["to"] = req.has_param("to") ? req.get_param_value("to") : "latest";
          SendJson(res, 200, *diff);
        });

  s.Get(R"(/v1/audit/([\s\S]+))", [this, authorize](const httplib::Request& req,
                                                    httplib::Response& res) {
    Result<Principal> who = authorize(req, res, Endpoint::kAudit);
    if (!who.ok()) return SendError(res, who.status());
    const std::string stream = req.matches[1];
    if (Status v = ValidateStreamId(stream); !v.ok()) {
      return SendError(res, Status::Invalid(v.message(), "stream"));
    }
    const std::string format = req.has_param("format") ? req.get_param_value("format") : "json";
    if (format != "json" && format != "csv") {
      return SendError(res, Status::Invalid("format must be json or csv", "format"));
    }
    Result<AsOf> as_of = ParseAsOf(req.has_param("as_of") ? req.get_param_value("as_of") : "");
    if (!as_of.ok()) return SendError(res, as_of.status());
    AuditScope scope;
    if (who->role == Role::kAgency) {
      Result<std::vector<Event>> first = log_->ReadStream(stream, 0, 1);
      if (!first.ok()) return SendError(res, first.status());
      if (first->empty()) return SendError(res, Status::NotFound("no stream " + stream));
      if (first->front().agency != who->agency) {
        return SendError(res,
                         Status::Forbidden("an agency reads only the audit of streams it started"));
      }
      scope.agency = who->agency;
    }
    Result<Json> trail = BuildAuditTrail(*log_, stream, *as_of, scope);
    if (!trail.ok()) return SendError(res, trail.status());
    if (format == "csv") {
      res.set_header("Content-Disposition", "attachment; filename=\"lif-audit.csv\"");
      res.set_content(AuditTrailCsv(*trail), "text/csv; charset=utf-8; header=present");
      return;
    }
    SendJson(res, 200, *trail);
  });

  s.Post("/v1/pseudonyms", [this, authorize](const httplib::Request& req, httplib::Response& res) {
    Result<Principal> who = authorize(req, res, Endpoint::kPseudonyms);
    if (!who.ok()) return SendError(res, who.status());
    if (Status s = CheckJsonRequest(req); !s.ok()) return SendError(res, s);
    Result<Json> body = ParseUntrustedJson(req.body);
    if (!body.ok()) return SendError(res, body.status());
    if (!body->is_object()) return SendError(res, Status::Invalid("the body must be an object"));
    for (auto it = body->begin(); it != body->end(); ++it) {
      if (it.key() != "identifier" && it.key() != "agency") {
        return SendError(res, Status::Invalid("unknown field", "/" + JsonPointerEscape(it.key())));
      }
    }
    if (!body->contains("identifier") || !(*body)["identifier"].is_string()) {
      return SendError(res, Status::Invalid("'identifier' is required", "/identifier"));
    }
    std::string agency = who->agency.value_or("");
    if (body->contains("agency")) {
      if (!(*body)["agency"].is_string()) {
        return SendError(res, Status::Invalid("must be a string", "/agency"));
      }
      const std::string named = (*body)["agency"].get<std::string>();
      if (who->role != Role::kAdmin && named != agency) {
        return SendError(res, Status::Forbidden("an agency may only name itself", "/agency"));
      }
      agency = named;
    }
    if (agency.empty() || !ValidateStreamId("agency/" + agency).ok()) {
      return SendError(res, Status::Invalid("'agency' must name an agency", "/agency"));
    }
    if (!pseudonyms_) {
      return SendError(res, Status::Unavailable("the pseudonym key is not configured"));
    }
    Result<std::string> reference =
        pseudonyms_->Reference(agency, (*body)["identifier"].get<std::string>());
    if (!reference.ok()) return SendError(res, reference.status());
    SendJson(res, 200, {{"reference", *reference}, {"agency", agency}});
  });

  s.Get("/v1/bundle", [this, authorize](const httplib::Request& req, httplib::Response& res) {
    Result<Principal> who = authorize(req, res, Endpoint::kBundle);
    if (!who.ok()) return SendError(res, who.status());
    Result<std::string> bundle = ExportBundle(*log_, integrity_);
    if (!bundle.ok()) return SendError(res, bundle.status());
    res.set_header("Content-Disposition", "attachment; filename=\"lif-bundle.ndjson\"");
    res.set_content(*bundle, "application/x-ndjson");
  });

  s.Get("/v1/pack", [this, authorize](const httplib::Request& req, httplib::Response& res) {
    Result<Principal> who = authorize(req, res, Endpoint::kBundle);
    if (!who.ok()) return SendError(res, who.status());
    Result<std::string> page = ReadWholeFile(options_.web_page);
    if (options_.web_page.empty() || !page.ok()) {
      return SendError(res, Status::NotFound("the web view was not built (see README)"));
    }
    Result<std::string> bundle = ExportBundle(*log_, integrity_);
    if (!bundle.ok()) return SendError(res, bundle.status());
    LogHead head = log_->Head();
    Result<std::string> pack =
        MakeBoardPack(*page, *bundle, "board pack, " + std::to_string(head.position) + " events",
                      PackPin{integrity_->public_key(), integrity_->origin()});
    if (!pack.ok()) return SendError(res, pack.status());
    res.set_header("Content-Disposition", "attachment; filename=\"lif-board-pack.html\"");
    res.set_content(*pack, "text/html; charset=utf-8");
  });

  s.Get("/v1/keys", [this](const httplib::Request&, httplib::Response& res) {
    Result<Json> keys = integrity_->Keys();
    if (!keys.ok()) return SendError(res, keys.status());
    SendJson(res, 200, *keys);
  });

  s.Get("/v1/head", [this, authorize](const httplib::Request& req, httplib::Response& res) {
    Result<Principal> who = authorize(req, res, Endpoint::kHead);
    if (!who.ok()) return SendError(res, who.status());
    Result<SignedTreeHead> head = integrity_->SignHead();
    if (!head.ok()) return SendError(res, head.status());
    // The tag names the tree (size and root), not the signature's timestamp:
    // a head signed again over the same tree is not modified.
    const std::string tree = std::to_string(head->size) + "-" + head->root;
    if (AnswerNotModified(req, res, WeakEtag(tree), CacheScope::kPrivate)) return;
    SendJson(res, 200, SignedTreeHeadToJson(*head));
  });

  s.Get("/v1/checkpoint", [this, authorize](const httplib::Request& req, httplib::Response& res) {
    Result<Principal> who = authorize(req, res, Endpoint::kHead);
    if (!who.ok()) return SendError(res, who.status());
    Result<std::string> note = integrity_->SignCheckpoint();
    if (!note.ok()) return SendError(res, note.status());
    // The note's body (origin, size, root) names the tree; the signature
    // lines after the blank line differ each time it is signed.
    const std::string body = note->substr(0, note->find("\n\n"));
    if (AnswerNotModified(req, res, WeakEtag(crypto::Sha256Hex(body).substr(0, 32)),
                          CacheScope::kPrivate)) {
      return;
    }
    res.set_content(*note, "text/plain; charset=utf-8");
  });

  s.Get("/v1/proof/inclusion",
        [this, authorize](const httplib::Request& req, httplib::Response& res) {
          Result<Principal> who = authorize(req, res, Endpoint::kProofs);
          if (!who.ok()) return SendError(res, who.status());
          Result<int64_t> position = IntParam(req, "position", 0, 1, kMaxSafeInteger);
          if (!position.ok()) return SendError(res, position.status());
          Result<int64_t> size = IntParam(req, "size", integrity_->size(), 1, kMaxSafeInteger);
          if (!size.ok()) return SendError(res, size.status());
          if (!req.has_param("position")) {
            return SendError(res, Status::Invalid("position is required", "position"));
          }
          Result<InclusionProof> proof = integrity_->ProveInclusion(*position, *size);
          if (!proof.ok()) return SendError(res, proof.status());
          SendJson(res, 200, InclusionProofToJson(*proof));
        });

  s.Get("/v1/proof/consistency",
        [this, authorize](const httplib::Request& req, httplib::Response& res) {
          Result<Principal> who = authorize(req, res, Endpoint::kProofs);
          if (!who.ok()) return SendError(res, who.status());
          if (!req.has_param("from"))
            return SendError(res, Status::Invalid("from is required", "from"));
          Result<int64_t> from = IntParam(req, "from", 1, 1, kMaxSafeInteger);
          if (!from.ok()) return SendError(res, from.status());
          Result<int64_t> to = IntParam(req, "to", integrity_->size(), 1, kMaxSafeInteger);
          if (!to.ok()) return SendError(res, to.status());
          Result<ConsistencyProof> proof = integrity_->ProveConsistency(*from, *to);
          if (!proof.ok()) return SendError(res, proof.status());
          SendJson(res, 200, ConsistencyProofToJson(*proof));
        });

  s.Post("/v1/tokens", [this, authorize](const httplib::Request& req, httplib::Response& res) {
    Result<Principal> who = authorize(req, res, Endpoint::kTokensAdmin);
    if (!who.ok()) return SendError(res, who.status());
    if (Status s = CheckJsonRequest(req); !s.ok()) return SendError(res, s);
    Result<Json> body = ParseUntrustedJson(req.body);
    if (!body.ok()) return SendError(res, body.status());
    if (!body->is_object()) return SendError(res, Status::Invalid("the body must be an object"));
    for (auto it = body->begin(); it != body->end(); ++it) {
      if (it.key() != "name" && it.key() != "role" && it.key() != "agency" &&
          it.key() != "subgroup" && it.key() != "expires_in_days") {
        return SendError(res, Status::Invalid("unknown field", "/" + JsonPointerEscape(it.key())));
      }
    }
    auth::TokenSpec spec;
    if (!body->contains("name") || !(*body)["name"].is_string()) {
      return SendError(res, Status::Invalid("'name' is required", "/name"));
    }
    spec.name = (*body)["name"].get<std::string>();
    std::optional<Role> role;
    if (body->contains("role") && (*body)["role"].is_string()) {
      role = ParseRole((*body)["role"].get<std::string>());
    }
    if (!role) {
      return SendError(
          res, Status::Invalid("'role' must be admin, agency, subgroup_chair, inspector or board",
                               "/role"));
    }
    spec.role = *role;
    for (const char* f : {"agency", "subgroup"}) {
      if (!body->contains(f)) continue;
      if (!(*body)[f].is_string()) {
        return SendError(res, Status::Invalid("must be a string", std::string("/") + f));
      }
      (std::string(f) == "agency" ? spec.agency : spec.subgroup) = (*body)[f].get<std::string>();
    }
    if (body->contains("expires_in_days")) {
      const Json& days = (*body)["expires_in_days"];
      // Range-checked before narrowing, so that 2^32 + 1 is not read as 1.
      if (!days.is_number_integer() || days.get<int64_t>() < 1 || days.get<int64_t>() > 3650) {
        return SendError(res, Status::Invalid("must be a whole number of days from 1 to 3650",
                                              "/expires_in_days"));
      }
      spec.expires_in_days = days.get<int>();
    }
    Result<auth::IssuedToken> issued = tokens_->Issue(*who, spec);
    if (!issued.ok()) return SendError(res, issued.status());
    res.set_header("Location", "/v1/tokens/" + issued->record.id);
    SendJson(res, 201, {{"token", issued->secret}, {"record", issued->record.ToJson()}});
  });

  s.Get("/v1/tokens", [this, authorize](const httplib::Request& req, httplib::Response& res) {
    Result<Principal> who = authorize(req, res, Endpoint::kTokensAdmin);
    if (!who.ok()) return SendError(res, who.status());
    Result<std::vector<auth::TokenRecord>> list = tokens_->List();
    if (!list.ok()) return SendError(res, list.status());
    Json out = Json::array();
    for (const auto& r : *list) out.push_back(r.ToJson());
    SendJson(res, 200, {{"tokens", out}});
  });

  s.Get(R"(/v1/tokens/([^/]+))",
        [this, authorize](const httplib::Request& req, httplib::Response& res) {
          Result<Principal> who = authorize(req, res, Endpoint::kTokensAdmin);
          if (!who.ok()) return SendError(res, who.status());
          Result<std::vector<auth::TokenRecord>> list = tokens_->List();
          if (!list.ok()) return SendError(res, list.status());
          for (const auth::TokenRecord& r : *list) {
            if (r.id == req.matches[1]) return SendJson(res, 200, r.ToJson());
          }
          SendError(res, Status::NotFound("no token " + std::string(req.matches[1])));
        });

  s.Delete(R"(/v1/tokens/([^/]+))",
           [this, authorize](const httplib::Request& req, httplib::Response& res) {
             Result<Principal> who = authorize(req, res, Endpoint::kTokensAdmin);
             if (!who.ok()) return SendError(res, who.status());
             Status revoked = tokens_->Revoke(*who, req.matches[1], req.get_param_value("reason"));
             if (!revoked.ok()) return SendError(res, revoked);
             SendJson(res, 200, {{"revoked", std::string(req.matches[1])}});
           });

  s.Delete(R"(/v1/subjects/(.+))", [this, authorize](const httplib::Request& req,
                                                     httplib::Response& res) {
    Result<Principal> who = authorize(req, res, Endpoint::kSubjects);
    if (!who.ok()) return SendError(res, who.status());
    std::optional<std::string> reason;
    if (req.has_param("reason")) reason = req.get_param_value("reason");
    Result<bool> pending = views_->ErasuresPending();
    if (!pending.ok()) return SendError(res, pending.status());
    Result<privacy::SubjectErasure> erased = privacy::EraseSubjectData(
        *log_, *who, req.matches[1], reason,
        *pending ? privacy::ViewsForgot::kNotEveryErasure : privacy::ViewsForgot::kEveryErasure);
    if (!erased.ok()) return SendError(res, erased.status());
    // Forget the text in the live views and their checkpoint.
    if (Status rebuilt = views_->Rebuild(); !rebuilt.ok()) return SendError(res, rebuilt);
    SendJson(
        res, 200,
        {{"subject", std::string(req.matches[1])},
         {"erased", true},
         {"position", erased->position},
         {"recorded", erased->record == privacy::ErasureRecord::kRecordedNow ? "now" : "earlier"}});
  });
}

}  // namespace lif::server
