// `lif demo`: writes the deterministic demo board (core/demo/generator.h)
// into a stopped, empty data folder through RocksLog::Append, the same
// validation and sealing path as the REST API, on a simulated clock.
//
// Thread-safety: call from the main thread only; it owns the folder while it runs.
#pragma once
#include <map>
#include <string>

namespace lif {

// Flags: data (required), seed, years, scale, end (YYYY-MM-DD, default today
// UTC). Returns the process exit code: 0 on success, 2 for bad flags or a
// folder that already holds events, 1 for any other failure.
int RunDemoCommand(const std::map<std::string, std::string>& flags);

}  // namespace lif
