// Test fixture: a real lif server (RocksDB log, tokens, views, HTTP API) in a
// temporary folder, bound to 127.0.0.1 on a free port, with one token per role.
#pragma once

#include <httplib.h>

#include <functional>
#include <map>
#include <memory>
#include <regex>
#include <string>

#include "server/auth/token_store.h"
#include "server/http/api_server.h"
#include "server/store/rocks_log.h"
#include "server/views/view_service.h"
#include "tests/support/temp_dir.h"

namespace lif::testing {

class LiveServer {
 public:
  LiveServer() { Start(); }
  explicit LiveServer(server::ApiOptions options) : options_(std::move(options)) { Start(); }
  LiveServer(server::ApiOptions options, store::RocksLogOptions log_options)
      : options_(std::move(options)), log_options_(std::move(log_options)) {
    Start();
  }
  ~LiveServer() { Shutdown(); }

  void Start() {
    auto log = store::RocksLog::Open(dir_.Sub("data"), log_options_);
    if (!log.ok()) throw std::runtime_error(log.status().ToString());
    log_ = std::move(*log);
    tokens_ = std::make_unique<auth::TokenStore>(log_.get());
    auto views = server::ViewService::Start(log_.get(), {});
    if (!views.ok()) throw std::runtime_error(views.status().ToString());
    views_ = std::move(*views);
    auto integrity =
        server::IntegrityService::Start(log_.get(), dir_.Sub("data"), "lif.test/board");
    if (!integrity.ok()) throw std::runtime_error(integrity.status().ToString());
    integrity_ = std::move(*integrity);
    if (options_.data_dir.empty()) options_.data_dir = dir_.Sub("data");  // Pseudonym key.
    api_ = std::make_unique<server::ApiServer>(log_.get(), tokens_.get(), views_.get(),
                                               integrity_.get(), options_);
    Result<int> port = api_->Start("127.0.0.1", 0);
    if (!port.ok()) throw std::runtime_error(port.status().ToString());
    port_ = *port;
    if (tokens.empty()) {
      Issue("admin", {Role::kAdmin, std::nullopt, std::nullopt});
      Issue("police", {Role::kAgency, std::string("police"), std::nullopt});
      Issue("nhs", {Role::kAgency, std::string("nhs-trust"), std::nullopt});
      Issue("chair", {Role::kSubgroupChair, std::string("police"), std::string("lipsg")});
      Issue("inspector", {Role::kInspector, std::nullopt, std::nullopt});
      Issue("board", {Role::kBoard, std::nullopt, std::nullopt});
    }
  }

  // Stops everything (as a clean shutdown would) but keeps the folder.
  void Shutdown() {
    if (api_) api_->Stop();
    api_.reset();
    if (views_) views_->Checkpoint().IgnoreError();
    views_.reset();
    integrity_.reset();
    tokens_.reset();
    log_.reset();
  }
  void Restart() {
    Shutdown();
    Start();
  }

  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(30, 0);
    return c;
  }
  httplib::Headers As(const std::string& who) const {
    return {{"Authorization", "Bearer " + tokens.at(who)}};
  }
  httplib::Result Post(const std::string& who, const std::string& path, const std::string& body,
                       httplib::Headers extra = {}) {
    httplib::Headers h = who.empty() ? httplib::Headers{} : As(who);
    for (auto& kv : extra) h.insert(kv);
    return Client().Post(path.c_str(), h, body, "application/json");
  }
  httplib::Result Get(const std::string& who, const std::string& path) {
    return Client().Get(path.c_str(), who.empty() ? httplib::Headers{} : As(who));
  }
  int64_t Head() const { return log_->Head().position; }
  int port() const { return port_; }
  server::IntegrityService* integrity() { return integrity_.get(); }
  store::RocksLog* log() { return log_.get(); }
  server::ViewService* views() { return views_.get(); }
  std::string data_dir() const { return dir_.Sub("data"); }

  std::map<std::string, std::string> tokens;  // Role name -> secret.

 private:
  struct Spec {
    Role role;
    std::optional<std::string> agency;
    std::optional<std::string> subgroup;
  };
  void Issue(const std::string& name, Spec spec) {
    auth::TokenSpec t;
    t.name = name;
    t.role = spec.role;
    t.agency = spec.agency;
    t.subgroup = spec.subgroup;
    auto issued = tokens_->Issue(auth::CommandLinePrincipal(), t);
    if (!issued.ok()) throw std::runtime_error(issued.status().ToString());
    tokens[name] = issued->secret;
  }

  TempDir dir_;
  std::unique_ptr<store::RocksLog> log_;
  std::unique_ptr<auth::TokenStore> tokens_;
  std::unique_ptr<server::ViewService> views_;
  std::unique_ptr<server::IntegrityService> integrity_;
  std::unique_ptr<server::ApiServer> api_;
  int port_ = 0;
  server::ApiOptions options_;
  store::RocksLogOptions log_options_;
};

// Calls every operation that /openapi.json documents, as `who`, on a concrete
// path (placeholders filled with plausible values; a POST sends "{}"), and
// hands each answer to `check` with the documented path, method and operation.
inline void ForEachDocumentedOperation(
    LiveServer& server, const std::string& who,
    const std::function<void(const std::string& path, const std::string& method, const Json& op,
                             const httplib::Result& res)>& check) {
  Json doc = Json::parse(server.Get("", "/openapi.json")->body);
  for (auto& [path, ops] : doc["paths"].items()) {
    std::string concrete = std::regex_replace(path, std::regex("\\{stream\\}"), "learning/x");
    concrete = std::regex_replace(concrete, std::regex("\\{name\\}"), "learning");
    concrete = std::regex_replace(concrete, std::regex("\\{id\\}"), "tok-000000000000");
    concrete = std::regex_replace(concrete, std::regex("\\{agency\\}"), "police");
    // An event stream ends at once with wait=0 (after what is already there).
    if (concrete.size() > 7 && concrete.compare(concrete.size() - 7, 7, "/stream") == 0) {
      concrete += "?wait=0";
    }
    for (auto& [method, op] : ops.items()) {
      httplib::Client c = server.Client();
      httplib::Headers h = server.As(who);
      httplib::Result res = method == "get" ? c.Get(concrete.c_str(), h)
                            : method == "post"
                                ? c.Post(concrete.c_str(), h, "{}", "application/json")
                                : c.Delete(concrete.c_str(), h);
      check(path, method, op, res);
    }
  }
}

}  // namespace lif::testing
