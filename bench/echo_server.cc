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
// With --durable FILE, POST /v1/events answers only once the re-dumped body is
// appended to FILE and synced, with the hand-offs of lif's log
// (server/store/rocks_log.cc): the request's thread queues the body and waits;
// a writer thread writes every queued body with one write(2); a syncer thread
// syncs every written group with one fdatasync(2) and answers them. That is
// the ceiling of a durable answer on cpp-httplib's blocking threads on this
// machine, with none of lif's own work (sealing, indexes, projections).
//
// Usage: lif_bench_echo [--listen HOST:PORT] [--get-bytes N] [--durable FILE]
// Prints "listening on PORT" once serving; stops on SIGINT or SIGTERM.
#include <fcntl.h>
#include <httplib.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace {

volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

// A JSON object of exactly `bytes` bytes (at least 16): {"pad":"xxx...x"}.
std::string FixedDocument(size_t bytes) {
  const std::string head = "{\"pad\":\"", tail = "\"}";
  size_t n = bytes > head.size() + tail.size() ? bytes - head.size() - tail.size() : 0;
  return head + std::string(n, 'x') + tail;
}

// An append-only file with group commit (see --durable above). Append() is
// thread-safe and blocks until its bytes are synced. The destructor stops both
// threads; no Append() may be running then.
class DurableFile {
 public:
  explicit DurableFile(int fd)
      : fd_(fd), writer_([this] { WriterLoop(); }), syncer_([this] { SyncerLoop(); }) {}
  ~DurableFile() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    queued_cv_.notify_all();
    written_cv_.notify_all();
    writer_.join();
    syncer_.join();
    ::close(fd_);
  }
  DurableFile(const DurableFile&) = delete;
  DurableFile& operator=(const DurableFile&) = delete;

  // False when the write or the sync failed.
  bool Append(std::string bytes) {
    Pending pending{std::move(bytes), {}};
    std::future<bool> synced = pending.done.get_future();
    {
      std::lock_guard<std::mutex> lock(mu_);
      queued_.push_back(&pending);
    }
    queued_cv_.notify_one();
    return synced.get();
  }

 private:
  struct Pending {
    std::string bytes;
    std::promise<bool> done;
  };
  struct Group {
    std::vector<Pending*> requests;
    bool written = false;
  };

  void WriterLoop() {
    for (;;) {
      Group group;
      {
        std::unique_lock<std::mutex> lock(mu_);
        queued_cv_.wait(lock, [&] { return stopping_ || !queued_.empty(); });
        if (queued_.empty()) return;
        group.requests.assign(queued_.begin(), queued_.end());
        queued_.clear();
      }
      std::string buffer;
      for (const Pending* p : group.requests) buffer += p->bytes;
      group.written =
          ::write(fd_, buffer.data(), buffer.size()) == static_cast<ssize_t>(buffer.size());
      {
        std::lock_guard<std::mutex> lock(mu_);
        written_.push_back(std::move(group));
      }
      written_cv_.notify_one();
    }
  }

  void SyncerLoop() {
    for (;;) {
      std::deque<Group> work;
      {
        std::unique_lock<std::mutex> lock(mu_);
        written_cv_.wait(lock, [&] { return stopping_ || !written_.empty(); });
        if (written_.empty()) return;
        work.swap(written_);
      }
      // One sync covers every group written so far.
      const bool synced = ::fdatasync(fd_) == 0;
      for (Group& group : work) {
        for (Pending* p : group.requests) p->done.set_value(synced && group.written);
      }
    }
  }

  const int fd_;
  std::mutex mu_;
  std::condition_variable queued_cv_, written_cv_;
  std::deque<Pending*> queued_;  // Waiting for the writer.
  std::deque<Group> written_;    // Written, waiting for the syncer.
  bool stopping_ = false;
  std::thread writer_, syncer_;  // Last: they start once the rest is built.
};

}  // namespace

int main(int argc, char** argv) {
  std::string listen = "127.0.0.1:0";
  size_t get_bytes = 1024;
  std::string durable_path;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--listen") {
      listen = argv[i + 1];
    } else if (flag == "--get-bytes") {
      get_bytes = static_cast<size_t>(std::strtoull(argv[i + 1], nullptr, 10));
    } else if (flag == "--durable") {
      durable_path = argv[i + 1];
    } else {
      std::fprintf(stderr,
                   "usage: lif_bench_echo [--listen HOST:PORT] [--get-bytes N] [--durable FILE]\n");
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
  std::unique_ptr<DurableFile> durable;
  if (!durable_path.empty()) {
    const int fd =
        ::open(durable_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) {
      std::fprintf(stderr, "lif_bench_echo: cannot open %s\n", durable_path.c_str());
      return 1;
    }
    durable = std::make_unique<DurableFile>(fd);
  }

  httplib::Server server;
  server.set_tcp_nodelay(true);
  server.set_payload_max_length(4 * 1024 * 1024);
  server.set_keep_alive_max_count(1000);
  server.set_keep_alive_timeout(5);
  server.set_read_timeout(10, 0);
  server.set_write_timeout(10, 0);
  server.new_task_queue = [] { return new httplib::ThreadPool(64); };
  server.Post("/v1/events", [&durable](const httplib::Request& req, httplib::Response& res) {
    nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
    if (body.is_discarded()) {
      res.status = 400;
      res.set_content("{\"error\":{\"code\":\"invalid\"}}", "application/json");
      return;
    }
    std::string answer = body.dump();
    if (durable && !durable->Append(answer + "\n")) {
      res.status = 500;
      res.set_content("{\"error\":{\"code\":\"unavailable\"}}", "application/json");
      return;
    }
    res.status = 201;
    res.set_content(answer, "application/json");
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
