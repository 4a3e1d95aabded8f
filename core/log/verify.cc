#include "core/log/verify.h"

namespace lif {

Json VerifyReport::ToJson() const {
  if (ok) return {{"ok", true}, {"length", length}, {"head", head}};
  return {{"ok", false},
          {"length", length},
          {"first_bad_position", first_bad_position},
          {"reason", reason}};
}

Result<VerifyReport> VerifyLog(const EventLog& log, const LogHead& recorded_head) {
  VerifyReport report;
  std::string prev = ZeroHashHex();
  int64_t suspect = 0;  // Position N whose link to N+1 failed, pending the next link.
  std::string suspect_reason;
  Status scan = log.Scan(0, recorded_head.position, [&](const Event& e) {
    bool link_ok = e.prev == prev;
    if (suspect != 0) {
      // The link N -> N+1 failed; if N+1 -> N+2 fails too, N+1 changed.
      report.ok = false;
      report.first_bad_position = link_ok ? suspect : suspect + 1;
      report.reason = link_ok ? suspect_reason
                              : "position " + std::to_string(suspect + 1) +
                                    "'s bytes no longer match the hash recorded after it";
      return IterationDecision::kBreak;
    }
    if (!link_ok) {
      if (e.position == 1) {
        report.ok = false;
        report.first_bad_position = 1;
        report.reason = "position 1 does not start from 64 zeros";
        return IterationDecision::kBreak;
      }
      suspect = e.position - 1;
      suspect_reason = "position " + std::to_string(suspect) +
                       "'s bytes no longer match the hash recorded by position " +
                       std::to_string(e.position);
    }
    prev = e.hash;
    report.length = e.position;
    return IterationDecision::kContinue;
  });
  if (!scan.ok()) {
    if (scan.code() != StatusCode::kInternal) return scan;
    // Damaged bytes: Scan names "position N: ...".
    report.ok = false;
    report.first_bad_position = report.length + 1;
    report.reason = scan.message();
    return report;
  }
  if (!report.ok) return report;
  if (suspect != 0) {
    // The failing link was the last one: compare N+1 with the recorded head.
    report.ok = false;
    bool last_matches_head = prev == recorded_head.hash;
    report.first_bad_position = last_matches_head ? suspect : suspect + 1;
    report.reason = last_matches_head ? suspect_reason
                                      : "position " + std::to_string(suspect + 1) +
                                            "'s bytes no longer match the recorded head";
    return report;
  }
  if (report.length != recorded_head.position) {
    report.ok = false;
    report.first_bad_position = report.length + 1;
    report.reason = "the log ends before the recorded head";
    return report;
  }
  if (prev != recorded_head.hash) {
    report.ok = false;
    report.first_bad_position = report.length;
    report.reason =
        "position " + std::to_string(report.length) + "'s bytes no longer match the recorded head";
    return report;
  }
  report.head = prev;
  return report;
}

}  // namespace lif
