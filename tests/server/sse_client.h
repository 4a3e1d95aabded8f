// Test helper: a Server-Sent Events client over httplib::Client that parses
// the stream (id, data, comment lines) as it arrives and can hang up at any
// point, as a real client that loses its connection would.
#pragma once

#include <httplib.h>

#include <functional>
#include <string>
#include <vector>

namespace lif::testing {

struct SseEvent {
  std::string id;
  std::string data;
};

struct SseRead {
  int status = 0;
  std::string content_type;
  std::vector<SseEvent> events;
  std::vector<std::string> comments;  // Comment lines, without the ':'.
  std::string retry;                  // The last retry: field.
  std::string body;                   // The raw bytes (for an error answer).
  bool ended_by_server = false;       // The server finished the stream.
};

// Reads `path` as an event stream until `hang_up(read)` is true after a
// complete block (then the client closes the connection) or the server ends.
inline SseRead ReadSse(int port, const std::string& path, const httplib::Headers& headers,
                       const std::function<bool(const SseRead&)>& hang_up) {
  SseRead read;
  std::string pending;
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(30, 0);
  httplib::Headers h = headers;
  h.emplace("Accept", "text/event-stream");
  httplib::Result r = c.Get(
      path.c_str(), h,
      [&](const httplib::Response& res) {
        read.status = res.status;
        read.content_type = res.get_header_value("Content-Type");
        return true;
      },
      [&](const char* data, size_t length) {
        read.body.append(data, length);
        if (read.status != 200) return true;
        pending.append(data, length);
        size_t end;
        while ((end = pending.find("\n\n")) != std::string::npos) {
          const std::string block = pending.substr(0, end + 1);
          pending.erase(0, end + 2);
          SseEvent event;
          bool has_data = false;
          size_t at = 0;
          while (at < block.size()) {
            const size_t nl = block.find('\n', at);
            const std::string line = block.substr(at, nl - at);
            at = nl + 1;
            if (line.empty()) continue;
            if (line[0] == ':') {
              read.comments.push_back(line.substr(1));
            } else if (line.rfind("id: ", 0) == 0) {
              event.id = line.substr(4);
            } else if (line.rfind("data: ", 0) == 0) {
              event.data += line.substr(6);
              has_data = true;
            } else if (line.rfind("retry: ", 0) == 0) {
              read.retry = line.substr(7);
            }
          }
          if (has_data) read.events.push_back(event);
          if (hang_up(read)) return false;
        }
        return true;
      });
  read.ended_by_server = r.error() == httplib::Error::Success;
  return read;
}

}  // namespace lif::testing
