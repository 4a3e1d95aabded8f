#include "server/http/feed_hub.h"

#include <algorithm>

namespace lif::server {

FeedSlot::~FeedSlot() { hub_->Release(); }

FeedHub::FeedHub(store::RocksLog* log, size_t max_connections)
    : log_(log), max_connections_(max_connections) {
  // The head is read after subscribing, so no group is missed between the two.
  subscription_ =
      log_->AddCommitListener([this](const store::CommittedGroup& group) { OnCommit(group); });
  std::lock_guard<std::mutex> lock(mu_);
  head_ = std::max(head_, log_->Head().position);
}

FeedHub::~FeedHub() {
  Shutdown();
  subscription_.Cancel();
}

void FeedHub::OnCommit(const store::CommittedGroup& group) {
  if (!group || group->empty()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    head_ = std::max(head_, group->back().position);
  }
  changed_.notify_all();
}

std::unique_ptr<FeedSlot> FeedHub::TryAcquire() {
  std::lock_guard<std::mutex> lock(mu_);
  if (shutdown_ || held_ >= max_connections_) return nullptr;
  ++held_;
  return std::make_unique<FeedSlot>(this);
}

void FeedHub::Release() {
  std::lock_guard<std::mutex> lock(mu_);
  --held_;
}

size_t FeedHub::held() const {
  std::lock_guard<std::mutex> lock(mu_);
  return held_;
}

FeedWake FeedHub::WaitPast(int64_t after, std::chrono::steady_clock::time_point deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait_until(lock, deadline, [&] { return shutdown_ || head_ > after; });
  if (head_ > after) return FeedWake::kNewEvents;
  return shutdown_ ? FeedWake::kShutdown : FeedWake::kTimedOut;
}

void FeedHub::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    shutdown_ = true;
  }
  changed_.notify_all();
}

bool FeedHub::shutting_down() const {
  std::lock_guard<std::mutex> lock(mu_);
  return shutdown_;
}

Result<std::optional<std::string>> FeedHub::StartedBy(const Event& e) const {
  if (e.version == 1) return e.agency;
  {
    std::lock_guard<std::mutex> lock(starters_mu_);
    auto it = starters_.find(e.stream);
    if (it != starters_.end()) return it->second;
  }
  Result<std::vector<Event>> first = log_->ReadStream(e.stream, 0, 1);
  if (!first.ok()) return first.status();
  if (first->empty()) return Status::Internal("stream " + e.stream + " has no first event");
  std::lock_guard<std::mutex> lock(starters_mu_);
  starters_.emplace(e.stream, first->front().agency);
  return first->front().agency;
}

Result<FeedPage> FeedHub::Read(const FeedScope& scope, int64_t after, size_t limit,
                               size_t scan_budget) const {
  FeedPage page;
  page.next_after = after;
  if (!scope.agency) {
    Result<std::vector<Event>> events = log_->ReadRange(after, limit);
    if (!events.ok()) return events.status();
    page.events = std::move(*events);
    if (!page.events.empty()) page.next_after = page.events.back().position;
    page.head = std::max(log_->Head().position, page.next_after);
    return page;
  }
  // An agency's feed: walk the log in pages, keeping the events of streams
  // the agency started, until the page is full, the budget is spent or the
  // head is reached.
  constexpr size_t kChunk = 500;
  size_t looked_at = 0;
  while (page.events.size() < limit && looked_at < scan_budget) {
    Result<std::vector<Event>> chunk =
        log_->ReadRange(page.next_after, std::min(kChunk, scan_budget - looked_at));
    if (!chunk.ok()) return chunk.status();
    if (chunk->empty()) break;
    for (Event& e : *chunk) {
      ++looked_at;
      Result<std::optional<std::string>> starter = StartedBy(e);
      if (!starter.ok()) return starter.status();
      page.next_after = e.position;
      if (*starter == scope.agency) {
        page.events.push_back(std::move(e));
        if (page.events.size() == limit) break;
      }
    }
  }
  page.head = std::max(log_->Head().position, page.next_after);
  return page;
}

}  // namespace lif::server
