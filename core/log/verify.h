// Whole-log verification: re-reads every stored event, re-computes its hash
// from the stored bytes and checks every chain link and the recorded head.
#pragma once

#include <string>

#include "core/log/event_log.h"

namespace lif {

struct VerifyReport {
  bool ok = true;
  int64_t length = 0;              // Events checked.
  std::string head;                // Hash of the last event.
  int64_t first_bad_position = 0;  // Set when !ok.
  std::string reason;              // Set when !ok.
  Json ToJson() const;
};

// Walks `log` from position 1. `recorded_head` is the head the store claims
// (its metadata), compared with the last event. Each event's bytes are
// checked (decodable, canonical) by the log's Scan; a link mismatch between N
// and N+1 is blamed on N when the link N+1 -> N+2 holds (N's bytes changed
// after N+1 recorded their hash), and on N+1 when it breaks too (N+1's own
// bytes changed). Storage errors are returned as a Status; damage is reported
// in the VerifyReport.
Result<VerifyReport> VerifyLog(const EventLog& log, const LogHead& recorded_head);

}  // namespace lif
