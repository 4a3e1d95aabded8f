// The REST API (docs/api.md, /openapi.json). Handlers are thin: parse the
// request, call the core or the store, serialise the answer.
//
// Ownership: the server borrows the log, the token store and the view service;
// they must outlive it. Start() serves on background threads until Stop() or
// destruction. Thread-safety: Start/Stop from one thread.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "server/auth/token_store.h"
#include "server/http/conditional.h"
#include "server/http/feed_hub.h"
#include "server/http/rate_limiter.h"
#include "server/integrity/integrity_service.h"
#include "server/privacy/pseudonyms.h"
#include "server/store/rocks_log.h"
#include "server/views/view_service.h"

namespace httplib {
class Server;
}

namespace lif::server {

// The server's limits are documented in docs/api.md#limits and
// docs/reliability.md#limits; `lif serve` sets some of them from flags.
struct ApiOptions {
  size_t max_body_bytes = 4 * 1024 * 1024;  // 413 above.
  size_t max_batch_events = 1000;           // 413 above.
  size_t max_read_limit = 1000;             // Page size cap for reads.
  // Connections served at once; later ones wait for a free worker. The live
  // feed has its own feed.max_connections workers besides these.
  int worker_threads = 64;
  FeedOptions feed;
  // A request whose next bytes do not arrive within this time is answered
  // 400 and its connection closed.
  std::chrono::milliseconds read_timeout{10000};
  // An idle keep-alive connection is closed after this, freeing its worker.
  int keep_alive_timeout_seconds = 5;
  // Per-token requests: 429 with Retry-After when a token's bucket is empty.
  RateLimit rate_limit;
  // The rate limit's clock; empty: std::chrono::steady_clock (tests set it).
  RateLimiter::Clock clock;
  std::string web_page;  // Path of the built lif.html; empty: 404.
  // The data folder, where the pseudonym key is kept (made at first start,
  // see server/privacy/pseudonyms.h). Empty: POST /v1/pseudonyms answers 503.
  std::string data_dir;
};

// The bundle header's "signed_head": a freshly signed tree head of exactly
// `size` events, with the public key (base64) and origin. kUnavailable when
// the log moved past `size` meanwhile.
Result<Json> SignedBundleHead(IntegrityService* integrity, int64_t size);

class ApiServer {
 public:
  ApiServer(store::RocksLog* log, auth::TokenStore* tokens, ViewService* views,
            IntegrityService* integrity, ApiOptions options);
  ~ApiServer();

  // Loads (or makes) the pseudonym key when options.data_dir is set, binds
  // `host`:`port` (0 picks a free port) and starts serving. Returns the port.
  Result<int> Start(const std::string& host, int port);
  void Stop();

 private:
  void Routes();

  store::RocksLog* log_;
  auth::TokenStore* tokens_;
  ViewService* views_;
  IntegrityService* integrity_;
  ApiOptions options_;
  std::unique_ptr<privacy::PseudonymKey> pseudonyms_;  // Set by Start() when data_dir is.
  std::unique_ptr<RateLimiter> limiter_;
  std::unique_ptr<FeedHub> feed_;
  EtagCache view_etags_;  // Tags of the view service's cached texts.
  std::unique_ptr<httplib::Server> http_;
  std::thread thread_;
};

}  // namespace lif::server
