#include "server/views/view_service.h"

#include <chrono>
#include <mutex>

#include "core/validation/catalogue.h"
#include "server/crypto/basics.h"

namespace lif::server {
namespace {

// Bump when a projection's fold changes without a schema change.
constexpr int kProjectionCodeVersion = 1;

Date SystemToday() {
  using namespace std::chrono;
  return DateOf(
      Timestamp{duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()});
}

}  // namespace

std::string ViewService::ProjectionFingerprint() {
  static const std::string fp = crypto::Sha256Hex(std::to_string(kProjectionCodeVersion) +
                                                  Catalogue::Default().SchemaDocument().dump());
  return fp;
}

ViewService::ViewService(store::RocksLog* log, ViewServiceOptions options)
    : log_(log), options_(std::move(options)) {
  if (!options_.today) options_.today = SystemToday;
}

Result<std::unique_ptr<ViewService>> ViewService::Start(store::RocksLog* log,
                                                        ViewServiceOptions options) {
  std::unique_ptr<ViewService> svc(new ViewService(log, std::move(options)));
  Result<std::string> saved = log->GetMeta("checkpoint");
  if (saved.ok()) {
    Json cp = Json::parse(*saved, nullptr, false);
    if (!cp.is_discarded() && cp.value("fingerprint", "") == ProjectionFingerprint() &&
        cp.contains("state") && cp["state"].value("position", int64_t{0}) <= log->Head().position) {
      BoardState restored;
      if (restored.Restore(cp["state"]).ok()) {
        svc->live_ = std::move(restored);
        svc->used_checkpoint_ = true;
        svc->last_checkpoint_ = svc->live_.position();
      }
    }
  } else if (saved.status().code() != StatusCode::kNotFound) {
    return saved.status();
  }
  // Replay what the checkpoint lacks. Subscribe first under the lock so that
  // no commit is missed between the replay and the subscription.
  {
    std::unique_lock<std::shared_mutex> lock(svc->mu_);
    ViewService* raw = svc.get();
    log->AddCommitListener([raw](const std::vector<Event>& events) { raw->OnCommit(events); });
    int64_t from = svc->live_.position();
    LIF_RETURN_IF_ERROR(log->Scan(from, log->Head().position, [&](const Event& e) {
      svc->live_.Apply(e);
      ++svc->replayed_at_start_;
      return IterationDecision::kContinue;
    }));
  }
  return svc;
}

void ViewService::OnCommit(const std::vector<Event>& events) {
  bool checkpoint = false;
  {
    std::unique_lock<std::shared_mutex> lock(mu_);
    for (const Event& e : events) {
      // Events already folded by the start-up replay are skipped.
      if (e.position > live_.position()) live_.Apply(e);
    }
    checkpoint = live_.position() - last_checkpoint_ >= options_.checkpoint_every;
  }
  if (checkpoint) Checkpoint().IgnoreError();
}

Status ViewService::Checkpoint() {
  Json cp;
  {
    std::shared_lock<std::shared_mutex> lock(mu_);
    cp = {{"fingerprint", ProjectionFingerprint()}, {"state", live_.Snapshot()}};
    last_checkpoint_ = live_.position();
  }
  return log_->PutMeta("checkpoint", cp.dump());
}

Status ViewService::Rebuild() {
  {
    // Appends wait meanwhile (the commit listener needs this lock), so the
    // new state misses nothing.
    std::unique_lock<std::shared_mutex> lock(mu_);
    Result<BoardState> fresh = BuildBoardState(*log_, AsOf{});
    if (!fresh.ok()) return fresh.status();
    live_ = std::move(*fresh);
  }
  LIF_RETURN_IF_ERROR(Checkpoint());
  return log_->CompactMeta();
}

int64_t ViewService::position() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  return live_.position();
}

Result<Json> ViewService::Render(const std::string& name, const AsOf& as_of,
                                 const std::map<std::string, std::string>& filters) const {
  ViewContext ctx{options_.today(), as_of, filters};
  if (as_of.kind == AsOf::Kind::kLatest) {
    std::shared_lock<std::shared_mutex> lock(mu_);
    return RenderView(name, live_, ctx);
  }
  Result<BoardState> past = BuildBoardState(*log_, as_of);
  if (!past.ok()) return past.status();
  return RenderView(name, *past, ctx);
}

}  // namespace lif::server
