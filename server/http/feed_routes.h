// The live feed's routes (docs/api.md#the-live-feed):
//   GET /v1/events?after=N&limit=L&wait=S           the log, paged; waits up to S s
//   GET /v1/events/stream                           the log as Server-Sent Events
//   GET /v1/agencies/{agency}/events?...            the streams an agency started
//   GET /v1/agencies/{agency}/events/stream         the same as Server-Sent Events
// A waiting or streaming request holds one of the hub's slots; past the bound
// it is answered 503 with Retry-After.
#pragma once

#include <cstddef>

#include "server/auth/token_store.h"
#include "server/http/answers.h"
#include "server/http/feed_hub.h"

namespace httplib {
class Server;
}

namespace lif::server {

struct FeedRouteContext {
  FeedHub* hub = nullptr;              // Not owned.
  auth::TokenStore* tokens = nullptr;  // Not owned; a stream's token is checked again.
  Authorize authorize;
  FeedOptions options;
  size_t max_read_limit = 1000;
};

void AddFeedRoutes(httplib::Server& server, const FeedRouteContext& context);

}  // namespace lif::server
