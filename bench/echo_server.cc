// lif_bench_echo: the HTTP ceiling of this machine for the benchmark
// (bench/README.md). A trivial cpp-httplib JSON server with exactly the
// settings of lif's ApiServer (server/http/api_server.cc): TCP_NODELAY, a pool
// of 64 workers, keep-alive of 1000 requests and 5 s, a 4 MiB body limit.
//
//   POST /v1/events   parses the JSON body and answers 201 with it, re-dumped
//                     (what every server must at least do: parse and write JSON)
//   GET  /v1/views/*  answers 200 with a fixed JSON document of --get-bytes bytes
//                     (the size of the lif view it is compared with)
//
// Usage: lif_bench_echo [--listen HOST:PORT] [--get-bytes N]
// Prints "listening on PORT" once serving; stops on SIGINT or SIGTERM.
#include <httplib.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

namespace {

volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

// A JSON object of exactly `bytes` bytes (at least 16): {"pad":"xxx...x"}.
std::string FixedDocument(size_t bytes) {
  const std::string head = "{\"pad\":\"", tail = "\"}";
  size_t n = bytes > head.size() + tail.size() ? bytes - head.size() - tail.size() : 0;
  return head + std::string(n, 'x') + tail;
}

}  // namespace

int main(int argc, char** argv) {
  std::string listen = "127.0.0.1:0";
  size_t get_bytes = 1024;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--listen") {
      listen = argv[i + 1];
    } else if (flag == "--get-bytes") {
      get_bytes = static_cast<size_t>(std::strtoull(argv[i + 1], nullptr, 10));
    } else {
      std::fprintf(stderr, "usage: lif_bench_echo [--listen HOST:PORT] [--get-bytes N]\n");
      return 2;
    }
  }
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos) {
    std::fprintf(stderr, "lif_bench_echo: --listen must be HOST:PORT\n");
    return 2;
  }
  const std::string host = listen.substr(0, colon);
  const int port = std::atoi(listen.substr(colon + 1).c_str());
  const std::string document = FixedDocument(get_bytes);

  httplib::Server server;
  server.set_tcp_nodelay(true);
  server.set_payload_max_length(4 * 1024 * 1024);
  server.set_keep_alive_max_count(1000);
  server.set_keep_alive_timeout(5);
  server.set_read_timeout(10, 0);
  server.set_write_timeout(10, 0);
  server.new_task_queue = [] { return new httplib::ThreadPool(64); };
  server.Post("/v1/events", [](const httplib::Request& req, httplib::Response& res) {
    nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
    if (body.is_discarded()) {
      res.status = 400;
      res.set_content("{\"error\":{\"code\":\"invalid\"}}", "application/json");
      return;
    }
    res.status = 201;
    res.set_content(body.dump(), "application/json");
  });
  server.Get(R"(/v1/views/([^/]+))", [&document](const httplib::Request&, httplib::Response& res) {
    res.set_content(document, "application/json");
  });
  const int bound = port == 0 ? server.bind_to_any_port(host.c_str())
                              : (server.bind_to_port(host.c_str(), port) ? port : -1);
  if (bound < 0) {
    std::fprintf(stderr, "lif_bench_echo: cannot listen on %s\n", listen.c_str());
    return 1;
  }
  std::thread serving([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  std::printf("listening on %d\n", bound);
  std::fflush(stdout);
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  server.stop();
  serving.join();
  return 0;
}
