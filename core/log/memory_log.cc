#include "core/log/memory_log.h"

namespace lif {

MemoryLog::MemoryLog(Sha256Fn sha256, const Catalogue* catalogue, std::function<Timestamp()> clock,
                     std::function<std::string()> new_id)
    : sha256_(std::move(sha256)),
      catalogue_(catalogue),
      clock_(std::move(clock)),
      new_id_(std::move(new_id)) {}

LogHead MemoryLog::Head() const {
  std::lock_guard<std::mutex> lock(mu_);
  LogHead head;
  if (!events_.empty()) {
    head.position = events_.back()->position;
    head.hash = events_.back()->hash;
    head.recorded_at = events_.back()->recorded_at;
  }
  return head;
}

Result<AppendOutcome> MemoryLog::Append(AppendRequest req) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string idem_key;
  if (!req.idempotency_key.empty()) {
    LIF_RETURN_IF_ERROR(ValidateIdempotencyKey(req.idempotency_key));
    idem_key = req.principal.id + '\0' + req.idempotency_key;
    auto it = idempotency_.find(idem_key);
    if (it != idempotency_.end()) {
      if (it->second.digest != req.request_digest) {
        return Status(StatusCode::kIdempotencyMismatch,
                      "this Idempotency-Key was used with another request body", "Idempotency-Key");
      }
      std::vector<Event> first;
      for (int64_t p : it->second.positions) first.push_back(*events_[p - 1]);
      return AppendOutcome{std::move(first), true};
    }
  }
  LogHead head;
  if (!events_.empty()) {
    head.position = events_.back()->position;
    head.hash = events_.back()->hash;
    head.recorded_at = events_.back()->recorded_at;
  }
  auto origin = [&](const std::string& stream) -> Result<std::optional<Event>> {
    auto it = streams_.find(stream);
    if (it == streams_.end() || it->second.empty()) return std::optional<Event>();
    return std::optional<Event>(*events_[it->second.front() - 1]);
  };
  AppendContext ctx{req.principal, clock_(),          new_id_, sha256_,
                    catalogue_,    protect_personal_, origin,  nullptr};
  auto version_of = [&](const std::string& stream) -> Result<int64_t> {
    auto it = streams_.find(stream);
    return it == streams_.end() ? int64_t{0} : static_cast<int64_t>(it->second.size());
  };
  Result<std::vector<Event>> sealed =
      PrepareAppend(std::move(req.events), ctx, head, version_of, req.form);
  if (!sealed.ok()) return sealed.status();
  IdempotencyRecord record{req.request_digest, {}};
  for (const Event& e : *sealed) {
    streams_[e.stream].push_back(e.position);
    record.positions.push_back(e.position);
    events_.push_back(std::make_shared<const Event>(e));
  }
  if (!idem_key.empty()) idempotency_.emplace(idem_key, std::move(record));
  return AppendOutcome{std::move(*sealed), false};
}

Result<std::vector<Event>> MemoryLog::ReadRange(int64_t after, size_t limit) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Event> out;
  for (int64_t p = std::max<int64_t>(after, 0);
       p < static_cast<int64_t>(events_.size()) && out.size() < limit; ++p) {
    out.push_back(*events_[p]);
  }
  return out;
}

Result<std::vector<Event>> MemoryLog::ReadStream(std::string_view stream, int64_t after_version,
                                                 size_t limit) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Event> out;
  auto it = streams_.find(std::string(stream));
  if (it == streams_.end()) return out;
  for (size_t v = static_cast<size_t>(std::max<int64_t>(after_version, 0));
       v < it->second.size() && out.size() < limit; ++v) {
    out.push_back(*events_[it->second[v] - 1]);
  }
  return out;
}

Status MemoryLog::Scan(int64_t after, int64_t up_to,
                       const std::function<IterationDecision(const Event&)>& fn) const {
  std::vector<std::shared_ptr<const Event>> selected;
  {
    std::lock_guard<std::mutex> lock(mu_);
    int64_t end = std::min<int64_t>(up_to, static_cast<int64_t>(events_.size()));
    int64_t begin = std::max<int64_t>(after, 0);
    if (end > begin) selected.assign(events_.begin() + begin, events_.begin() + end);
  }
  for (const std::shared_ptr<const Event>& e : selected) {
    if (fn(*e) == IterationDecision::kBreak) break;
  }
  return Status::Ok();
}

Status MemoryLog::Load(std::vector<Event> events) {
  std::lock_guard<std::mutex> lock(mu_);
  LogHead head;
  if (!events_.empty()) {
    head.position = events_.back()->position;
    head.hash = events_.back()->hash;
  }
  LIF_RETURN_IF_ERROR(VerifyChainLinks(head, events));
  for (Event& e : events) {
    streams_[e.stream].push_back(e.position);
    events_.push_back(std::make_shared<const Event>(std::move(e)));
  }
  return Status::Ok();
}

}  // namespace lif
