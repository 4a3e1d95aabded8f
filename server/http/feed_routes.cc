#include "server/http/feed_routes.h"

#include <httplib.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>

#include "core/json_writer.h"

namespace lif::server {
namespace {

using Clock = std::chrono::steady_clock;

// A whole-number query parameter, sent at most once; `fallback` when absent.
Result<int64_t> WholeNumber(const httplib::Request& req, const char* name, int64_t fallback,
                            int64_t min, int64_t max) {
  const size_t count = req.get_param_value_count(name);
  if (count == 0) return fallback;
  if (count > 1) return Status::Invalid(std::string("send ") + name + " once", name);
  const std::string v = req.get_param_value(name);
  if (v.empty() || v.size() > 16 || v.find_first_not_of("0123456789") != std::string::npos) {
    return Status::Invalid(std::string(name) + " must be a whole number", name);
  }
  const int64_t n = std::stoll(v);
  if (n < min || n > max) {
    return Status::Invalid(std::string(name) + " must be between " + std::to_string(min) + " and " +
                               std::to_string(max),
                           name);
  }
  return n;
}

// The scope of /v1/agencies/{agency}/...: the agency must be a valid
// identifier, and an agency's (or its sub-group chair's) token may read only
// its own agency's feed.
Result<FeedScope> AgencyScope(const Principal& who, const std::string& agency) {
  if (!ValidateStreamId("agency/" + agency).ok()) {
    return Status::Invalid("agency must be an agency identifier", "agency");
  }
  if (!MayReadAgencyFeed(who, agency)) {
    return Status::Forbidden("an agency reads only its own feed", "agency");
  }
  return FeedScope{agency};
}

// The 503 past the feed's bound.
void SendBusy(httplib::Response& res, const FeedOptions& options) {
  res.set_header("Retry-After", std::to_string(options.retry_after_seconds));
  SendError(res,
            Status::Unavailable("the live feed has " + std::to_string(options.max_connections) +
                                " connections already; retry later"));
}

// The page as JSON, with a Link to the next page when the log has more. When
// the request waited, the connection is closed after the answer so that the
// worker it held is freed at once (a keep-alive connection holds a worker
// while it idles, docs/api.md#limits).
void SendPage(httplib::Response& res, const std::string& base, const FeedPage& page, int64_t limit,
              bool close) {
  Json list = Json::array();
  for (const Event& e : page.events) list.push_back(EventToJson(e));
  const Json body = {{"events", list}, {"next_after", page.next_after}, {"head", page.head}};
  if (page.next_after < page.head) {
    res.set_header("Link", "<" + base + "?after=" + std::to_string(page.next_after) +
                               "&limit=" + std::to_string(limit) + ">; rel=\"next\"");
  }
  if (!close) return SendJson(res, 200, body);
  auto text = std::make_shared<std::string>();
  AppendJson(text.get(), body, InvalidUtf8::kReplace);
  res.status = 200;
  res.set_header("Connection", "close");
  // A content provider that returns false once everything is written makes
  // httplib close the connection.
  res.set_content_provider(text->size(), "application/json",
                           [text](size_t offset, size_t length, httplib::DataSink& sink) {
                             sink.write(text->data() + offset, length);
                             return false;
                           });
}

// GET /v1/events and /v1/agencies/{agency}/events: a page at once when there
// are events after `after`, else (with wait=S) the first page that arrives
// within S seconds, else an empty page.
void ServePage(const FeedRouteContext& ctx, const httplib::Request& req, httplib::Response& res,
               const FeedScope& scope, const std::string& base) {
  Result<int64_t> after = WholeNumber(req, "after", 0, 0, kMaxSafeInteger);
  if (!after.ok()) return SendError(res, after.status());
  Result<int64_t> limit =
      WholeNumber(req, "limit", 100, 1, static_cast<int64_t>(ctx.max_read_limit));
  if (!limit.ok()) return SendError(res, limit.status());
  Result<int64_t> wait = WholeNumber(req, "wait", 0, 0, ctx.options.max_wait_seconds);
  if (!wait.ok()) return SendError(res, wait.status());
  const size_t n = static_cast<size_t>(*limit);
  Result<FeedPage> page = ctx.hub->Read(scope, *after, n, ctx.options.agency_scan_budget);
  if (!page.ok()) return SendError(res, page.status());
  if (!page->events.empty() || *wait == 0) return SendPage(res, base, *page, *limit, false);
  std::unique_ptr<FeedSlot> slot = ctx.hub->TryAcquire();
  if (!slot) return SendBusy(res, ctx.options);
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(*wait);
  while (page->events.empty() && Clock::now() < deadline) {
    // An agency's page may stop before the head (its budget spent): go on
    // from there at once; otherwise wait for the head to move.
    if (page->next_after >= page->head &&
        ctx.hub->WaitPast(page->next_after, deadline) != FeedWake::kNewEvents) {
      break;
    }
    page = ctx.hub->Read(scope, page->next_after, n, ctx.options.agency_scan_budget);
    if (!page.ok()) return SendError(res, page.status());
  }
  SendPage(res, base, *page, *limit, true);
}

// What one SSE connection carries on between calls of its content provider.
struct StreamState {
  std::unique_ptr<FeedSlot> slot;
  FeedScope scope;
  std::string secret;  // The bearer token, checked again at each heartbeat.
  int64_t cursor = 0;  // Every event up to here was sent (or is not this feed's).
  Clock::time_point deadline;
  Clock::time_point next_heartbeat;
  Clock::time_point next_token_check;
  bool opened = false;
  std::optional<int64_t> final_head;  // Set once the wait is over: send up to here, then end.
};

// One step of an SSE stream: the opening lines, a batch of events, a
// heartbeat, or the end (sink.done()). Returns false when the client is gone.
bool StreamStep(const FeedRouteContext& ctx, StreamState& st, httplib::DataSink& sink) {
  const Clock::time_point now = Clock::now();
  if (!st.opened) {
    st.opened = true;
    // retry: how long a browser's EventSource waits before reconnecting.
    const std::string open =
        "retry: 2000\n: lif feed after position " + std::to_string(st.cursor) + "\n\n";
    return sink.write(open.data(), open.size());
  }
  if (ctx.hub->shutting_down()) {
    sink.done();
    return true;
  }
  // Past its wait the stream still sends what was recorded by then, and ends.
  if (now >= st.deadline && !st.final_head) st.final_head = ctx.hub->Head();
  if (st.final_head && st.cursor >= *st.final_head) {
    sink.done();
    return true;
  }
  // The token is checked again once a heartbeat interval, whether or not
  // events flow: a revoked or expired token's stream ends.
  if (now >= st.next_token_check) {
    if (!ctx.tokens->Authenticate(st.secret).ok()) {
      const std::string text = ": the token is no longer valid\n\n";
      sink.write(text.data(), text.size());
      sink.done();
      return true;
    }
    st.next_token_check = now + ctx.options.heartbeat;
  }
  Result<FeedPage> page = ctx.hub->Read(st.scope, st.cursor, 100, ctx.options.agency_scan_budget);
  if (!page.ok()) {
    std::string message = page.status().message();
    std::replace(message.begin(), message.end(), '\n', ' ');
    const std::string text = ": error: " + message + "\n\n";
    sink.write(text.data(), text.size());
    sink.done();
    return true;
  }
  if (!page->events.empty()) {
    std::string text;
    for (const Event& e : page->events) {
      text += "id: " + std::to_string(e.position) + "\ndata: ";
      AppendJson(&text, EventToJson(e), InvalidUtf8::kReplace);
      text += "\n\n";
    }
    st.cursor = page->next_after;
    st.next_heartbeat = now + ctx.options.heartbeat;
    return sink.write(text.data(), text.size());
  }
  if (page->next_after > st.cursor) {  // An agency's feed looked further.
    st.cursor = page->next_after;
    return true;
  }
  if (st.final_head) {  // Nothing more of this feed up to the final head.
    sink.done();
    return true;
  }
  const Clock::time_point until = std::min(st.next_heartbeat, st.deadline);
  if (ctx.hub->WaitPast(st.cursor, until) != FeedWake::kTimedOut) return true;
  if (Clock::now() < st.next_heartbeat) return true;
  st.next_heartbeat = Clock::now() + ctx.options.heartbeat;
  const std::string beat = ": heartbeat " + std::to_string(st.cursor) + "\n\n";
  return sink.write(beat.data(), beat.size());
}

// GET .../events/stream: where to start (Last-Event-ID, else ?after=, else
// the head: only what is new), how long to stay open (?wait=, at most
// max_stream_seconds), then a stream of steps.
void ServeStream(const FeedRouteContext& ctx, const httplib::Request& req, httplib::Response& res,
                 const FeedScope& scope) {
  auto st = std::make_shared<StreamState>();
  st->scope = scope;
  const size_t ids = req.get_header_value_count("Last-Event-ID");
  if (ids > 1) {
    return SendError(res, Status::Invalid("send one Last-Event-ID header", "Last-Event-ID"));
  }
  Result<int64_t> after = WholeNumber(req, "after", -1, 0, kMaxSafeInteger);
  if (!after.ok()) return SendError(res, after.status());
  if (ids == 1) {
    const std::string id = req.get_header_value("Last-Event-ID");
    if (id.empty() || id.size() > 16 || id.find_first_not_of("0123456789") != std::string::npos ||
        std::stoll(id) > kMaxSafeInteger) {
      return SendError(res, Status::Invalid("Last-Event-ID must be a position (a whole number)",
                                            "Last-Event-ID"));
    }
    st->cursor = std::stoll(id);
  } else if (*after >= 0) {
    st->cursor = *after;
  } else {
    st->cursor = ctx.hub->Head();
  }
  Result<int64_t> wait =
      WholeNumber(req, "wait", ctx.options.max_stream_seconds, 0, ctx.options.max_stream_seconds);
  if (!wait.ok()) return SendError(res, wait.status());
  st->slot = ctx.hub->TryAcquire();
  if (!st->slot) return SendBusy(res, ctx.options);
  st->secret = req.get_header_value("Authorization").substr(7);
  const Clock::time_point now = Clock::now();
  st->deadline = now + std::chrono::seconds(*wait);
  st->next_heartbeat = now + ctx.options.heartbeat;
  st->next_token_check = now + ctx.options.heartbeat;
  res.status = 200;
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");  // A proxy in front must not buffer it.
  res.set_chunked_content_provider(
      // Exactly this type: httplib would gzip any other text/ type, which holds events back.
      "text/event-stream",
      [ctx, st](size_t, httplib::DataSink& sink) { return StreamStep(ctx, *st, sink); });
}

}  // namespace

void AddFeedRoutes(httplib::Server& s, const FeedRouteContext& context) {
  const FeedRouteContext ctx = context;
  s.Get("/v1/events", [ctx](const httplib::Request& req, httplib::Response& res) {
    Result<Principal> who = ctx.authorize(req, res, Endpoint::kReadEvents);
    if (!who.ok()) return SendError(res, who.status());
    ServePage(ctx, req, res, FeedScope{}, "/v1/events");
  });
  s.Get("/v1/events/stream", [ctx](const httplib::Request& req, httplib::Response& res) {
    Result<Principal> who = ctx.authorize(req, res, Endpoint::kEventStream);
    if (!who.ok()) return SendError(res, who.status());
    ServeStream(ctx, req, res, FeedScope{});
  });
  s.Get(R"(/v1/agencies/([^/]+)/events)",
        [ctx](const httplib::Request& req, httplib::Response& res) {
          Result<Principal> who = ctx.authorize(req, res, Endpoint::kAgencyEvents);
          if (!who.ok()) return SendError(res, who.status());
          Result<FeedScope> scope = AgencyScope(*who, req.matches[1]);
          if (!scope.ok()) return SendError(res, scope.status());
          ServePage(ctx, req, res, *scope, "/v1/agencies/" + *scope->agency + "/events");
        });
  s.Get(R"(/v1/agencies/([^/]+)/events/stream)",
        [ctx](const httplib::Request& req, httplib::Response& res) {
          Result<Principal> who = ctx.authorize(req, res, Endpoint::kAgencyEventStream);
          if (!who.ok()) return SendError(res, who.status());
          Result<FeedScope> scope = AgencyScope(*who, req.matches[1]);
          if (!scope.ok()) return SendError(res, scope.status());
          ServeStream(ctx, req, res, *scope);
        });
}

}  // namespace lif::server
