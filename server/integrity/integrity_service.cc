#include "server/integrity/integrity_service.h"

#include <pthread.h>

#include <chrono>

#include "core/integrity/base64.h"

namespace lif::server {
namespace {

int64_t NowMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

IntegrityService::IntegrityService(store::RocksLog* log, crypto::Ed25519PrivateKey key,
                                   std::string origin)
    : log_(log),
      key_(std::move(key)),
      origin_(std::move(origin)),
      sha256_(crypto::Sha256Function()),
      tree_(sha256_) {}

Result<std::unique_ptr<IntegrityService>> IntegrityService::Start(store::RocksLog* log,
                                                                  const std::string& data_dir,
                                                                  std::string origin) {
  Result<crypto::Ed25519PrivateKey> key = crypto::LoadOrCreateSigningKey(data_dir);
  if (!key.ok()) return key.status();
  std::unique_ptr<IntegrityService> svc(
      new IntegrityService(log, std::move(*key), std::move(origin)));
  IntegrityService* raw = svc.get();
  {
    // Subscribed before the catch-up, so no commit falls between the two.
    std::lock_guard<std::mutex> lock(svc->mu_);
    svc->subscription_ =
        log->AddCommitListener([raw](const store::CommittedGroup& group) { raw->OnCommit(group); });
    LIF_RETURN_IF_ERROR(svc->tree_.CatchUp(*log));
  }
  svc->add_thread_ = std::thread([raw] { raw->AddLoop(); });
  return svc;
}

IntegrityService::~IntegrityService() {
  subscription_.Cancel();
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (add_thread_.joinable()) add_thread_.join();
}

void IntegrityService::OnCommit(const store::CommittedGroup& group) {
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    queue_.push_back(group);
    queued_events_ += group->size();
    wake = queued_events_ >= kAddAt;
  }
  if (wake) queue_cv_.notify_one();
}

void IntegrityService::AddQueuedLocked() const {
  std::vector<store::CommittedGroup> groups;
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    groups.swap(queue_);
    queued_events_ = 0;
  }
  // Taken in order under mu_, so groups reach the tree in the log's order.
  for (const store::CommittedGroup& group : groups) {
    for (const Event& e : *group) {
      if (static_cast<uint64_t>(e.position) > tree_.size()) tree_.AppendEvent(e).IgnoreError();
    }
  }
}

void IntegrityService::AddLoop() {
  pthread_setname_np(pthread_self(), "lif-integrity");
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(queue_mu_);
      queue_cv_.wait(lock, [&] { return stopping_ || queued_events_ >= kAddAt; });
      if (stopping_) return;
    }
    std::lock_guard<std::mutex> lock(mu_);
    AddQueuedLocked();
  }
}

int64_t IntegrityService::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  AddQueuedLocked();
  return static_cast<int64_t>(tree_.size());
}

Result<SignedTreeHead> IntegrityService::SignHead() {
  uint64_t size;
  Hash32 root;
  {
    std::lock_guard<std::mutex> lock(mu_);
    AddQueuedLocked();
    size = tree_.size();
    root = tree_.Root();
  }
  Result<SignedTreeHead> head = SignTreeHead(size, root, NowMillis(), key_.Signer());
  if (!head.ok()) return head.status();
  // Remember the latest signed head for `lif verify` (only when it grew).
  Result<std::string> previous = log_->GetMeta("signed_head");
  int64_t previous_size = -1;
  if (previous.ok()) {
    Json p = Json::parse(*previous, nullptr, false);
    if (!p.is_discarded()) previous_size = p.value("size", int64_t{-1});
  }
  if (static_cast<int64_t>(size) > previous_size) {
    LIF_RETURN_IF_ERROR(log_->PutMeta("signed_head", SignedTreeHeadToJson(*head).dump()));
  }
  return head;
}

Result<std::string> IntegrityService::SignCheckpoint() {
  Result<SignedTreeHead> head = SignHead();
  if (!head.ok()) return head.status();
  Hash32 root;
  if (!FromHex(head->root, &root)) return Status::Internal("bad root");
  Checkpoint cp;
  cp.origin = origin_;
  cp.size = head->size;
  cp.root = root;
  return lif::SignCheckpoint(cp, NoteKey{origin_, key_.public_key()}, key_.Signer(), sha256_);
}

Result<Json> IntegrityService::Keys() const {
  Result<std::string> pem = Ed25519PublicKeyPem(key_.public_key());
  if (!pem.ok()) return pem.status();
  Result<std::string> vkey = NoteVerifierKey(sha256_, NoteKey{origin_, key_.public_key()});
  if (!vkey.ok()) return vkey.status();
  return Json{{"algorithm", "ed25519"},
              {"ed25519_public_key", Base64Encode(key_.public_key())},
              {"public_key_pem", *pem},
              {"note_verifier_key", *vkey},
              {"origin", origin_}};
}

Result<InclusionProof> IntegrityService::ProveInclusion(int64_t position, int64_t tree_size) const {
  if (position < 1) return Status::Invalid("position must be at least 1", "position");
  if (tree_size < position) return Status::Invalid("size must be at least position", "size");
  std::lock_guard<std::mutex> lock(mu_);
  AddQueuedLocked();
  if (static_cast<uint64_t>(tree_size) > tree_.size()) {
    return Status::Invalid("size is larger than the log", "size");
  }
  return tree_.ProveInclusion(static_cast<uint64_t>(position - 1),
                              static_cast<uint64_t>(tree_size));
}

Result<ConsistencyProof> IntegrityService::ProveConsistency(int64_t first, int64_t second) const {
  if (first < 1) return Status::Invalid("from must be at least 1", "from");
  if (second < first) return Status::Invalid("to must be at least from", "to");
  std::lock_guard<std::mutex> lock(mu_);
  AddQueuedLocked();
  if (static_cast<uint64_t>(second) > tree_.size()) {
    return Status::Invalid("to is larger than the log", "to");
  }
  return tree_.ProveConsistency(static_cast<uint64_t>(first), static_cast<uint64_t>(second));
}

Result<TreeCheck> CheckTreeAgainstSignedHead(const store::RocksLog& log,
                                             const std::string& data_dir) {
  TreeCheck check;
  Result<std::string> saved = log.GetMeta("signed_head");
  if (!saved.ok()) {
    if (saved.status().code() == StatusCode::kNotFound) return check;
    return saved.status();
  }
  Result<SignedTreeHead> head = SignedTreeHeadFromJson(Json::parse(*saved, nullptr, false));
  if (!head.ok()) {
    check.ok = false;
    check.reason = "the stored signed head is damaged: " + head.status().message();
    return check;
  }
  check.signed_size = static_cast<int64_t>(head->size);
  Result<crypto::Ed25519PrivateKey> key = crypto::LoadOrCreateSigningKey(data_dir);
  if (!key.ok()) return key.status();
  if (Status s = VerifyTreeHead(*head, key->public_key(), crypto::Ed25519Verify); !s.ok()) {
    check.ok = false;
    check.reason = "the stored signed head's signature does not verify: " + s.message();
    return check;
  }
  MerkleTree tree(crypto::Sha256Function());
  Status scan = log.Scan(0, static_cast<int64_t>(head->size), [&](const Event& e) {
    tree.AppendEvent(e).IgnoreError();
    return IterationDecision::kContinue;
  });
  if (!scan.ok()) return scan;
  if (tree.size() != head->size) {
    check.ok = false;
    check.reason = "the log is shorter than its signed head (" + std::to_string(head->size) + ")";
    return check;
  }
  if (ToHex(tree.Root()) != head->root) {
    check.ok = false;
    check.reason = "the Merkle root of the first " + std::to_string(head->size) +
                   " events differs from the signed root";
  }
  return check;
}

}  // namespace lif::server
