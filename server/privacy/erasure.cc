#include "server/privacy/erasure.h"

#include <algorithm>
#include <mutex>
#include <utility>
#include <vector>

#include "core/event.h"
#include "server/crypto/basics.h"

namespace lif::privacy {
namespace {

// Erasures are rare and must not interleave: see the header.
std::mutex erasure_mu;

// The latest subject.erased event recorded for `subject`, if any.
Result<std::optional<Event>> LatestErasure(store::RocksLog& log, const std::string& stream,
                                           const std::string& subject) {
  std::optional<Event> latest;
  int64_t after = 0;
  for (;;) {
    constexpr size_t kPage = 1000;
    Result<std::vector<Event>> page = log.ReadStream(stream, after, kPage);
    if (!page.ok()) return page.status();
    for (Event& e : *page) {
      after = e.version;
      if (e.type == "subject.erased" && e.data.value("subject", "") == subject) {
        latest = std::move(e);
      }
    }
    if (page->size() < kPage) return latest;
  }
}

}  // namespace

std::string ErasureStream(const std::string& subject) {
  std::string id = subject;
  std::replace(id.begin(), id.end(), '/', '.');
  std::string stream = "erasure/" + id;
  if (stream.size() > kMaxStreamIdLength)
    stream = "erasure/" + crypto::Sha256Hex(subject).substr(0, 32);
  return stream;
}

Result<SubjectErasure> EraseSubjectData(store::RocksLog& log, const Principal& admin,
                                        const std::string& subject,
                                        const std::optional<std::string>& reason,
                                        ViewsForgot views) {
  if (Status v = ValidateStreamId(subject); !v.ok()) return Status::Invalid(v.message(), "subject");
  std::lock_guard<std::mutex> lock(erasure_mu);
  Result<bool> has = log.HasSubjectKey(subject);
  if (!has.ok()) return has.status();
  const std::string stream = ErasureStream(subject);
  if (!*has) {
    // Erased before, but the views may still hold the text: then this
    // request answers for that erasure and its caller completes step 3.
    if (views == ViewsForgot::kNotEveryErasure) {
      Result<std::optional<std::string>> erased_at = log.SubjectErasedAt(subject);
      if (!erased_at.ok()) return erased_at.status();
      if (erased_at->has_value()) {
        Result<std::optional<Event>> latest = LatestErasure(log, stream, subject);
        if (!latest.ok()) return latest.status();
        if (latest->has_value()) {
          return SubjectErasure{(*latest)->position, ErasureRecord::kFoundPending};
        }
      }
    }
    return Status::NotFound("subject " + subject +
                            " has no personal data to erase (none, or erased)");
  }
  // Is the latest recorded erasure still pending (its key never destroyed)?
  Result<std::optional<Event>> latest = LatestErasure(log, stream, subject);
  if (!latest.ok()) return latest.status();
  SubjectErasure out;
  if (latest->has_value()) {
    Result<std::optional<std::string>> erased_at = log.SubjectErasedAt(subject);
    if (!erased_at.ok()) return erased_at.status();
    // Timestamps are fixed-width UTC text: their order is their text's order.
    if (!erased_at->has_value() || **erased_at < (*latest)->recorded_at) {
      out.position = (*latest)->position;
      out.record = ErasureRecord::kFoundPending;
    }
  }
  if (out.record == ErasureRecord::kRecordedNow) {
    // Record who erased what first, then destroy the key.
    ProposedEvent e;
    e.type = "subject.erased";
    e.stream = stream;
    e.data = {{"subject", subject}};
    if (reason) e.data["reason"] = *reason;
    AppendRequest append;
    append.principal = admin;
    append.events = {std::move(e)};
    Result<AppendOutcome> recorded = log.Append(std::move(append));
    if (!recorded.ok()) return recorded.status();
    out.position = recorded->events.front().position;
  }
  LIF_RETURN_IF_ERROR(log.EraseSubject(subject));
  return out;
}

}  // namespace lif::privacy
