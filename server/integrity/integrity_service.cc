#include "server/integrity/integrity_service.h"

#include <pthread.h>

#include <chrono>
#include <cstdio>

#include "core/integrity/base64.h"
#include "core/log/verify.h"

namespace lif::server {
namespace {

int64_t NowMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

IntegrityService::IntegrityService(store::RocksLog* log, crypto::Ed25519PrivateKey key,
                                   std::string origin, IntegrityOptions options)
    : log_(log),
      key_(std::move(key)),
      origin_(std::move(origin)),
      options_(std::move(options)),
      sha256_(crypto::Sha256Function()),
      tree_(sha256_),
      last_hash_(ZeroHashHex()) {}

Result<std::unique_ptr<IntegrityService>> IntegrityService::Start(store::RocksLog* log,
                                                                  const std::string& data_dir,
                                                                  std::string origin,
                                                                  IntegrityOptions options) {
  Result<crypto::Ed25519PrivateKey> key = crypto::LoadOrCreateSigningKey(data_dir);
  if (!key.ok()) return key.status();
  std::unique_ptr<IntegrityService> svc(
      new IntegrityService(log, std::move(*key), std::move(origin), std::move(options)));
  IntegrityService* raw = svc.get();
  {
    // Subscribed before the catch-up, so no commit falls between the two.
    std::lock_guard<std::mutex> lock(svc->mu_);
    svc->subscription_ =
        log->AddCommitListener([raw](const store::CommittedGroup& group) { raw->OnCommit(group); });
    LIF_RETURN_IF_ERROR(svc->CheckAndBuildTree());
  }
  svc->add_thread_ = std::thread([raw] { raw->AddLoop(); });
  return svc;
}

Status IntegrityService::CheckAndBuildTree() {
  const auto started = std::chrono::steady_clock::now();
  struct Timer {
    const std::chrono::steady_clock::time_point& started;
    std::chrono::milliseconds& out;
    ~Timer() {
      out = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  started);
    }
  } timer{started, start_check_time_};
  // One pass over the log builds the tree and checks what `lif verify`
  // checks: each event's bytes (the log's Scan decodes them and recomputes
  // their hash), each link, and the recorded head.
  const LogHead head = log_->Head();
  std::string prev = ZeroHashHex();
  int64_t broken_link = 0;
  Status added = Status::Ok();
  Status scan = log_->Scan(0, head.position, [&](const Event& e) {
    if (e.prev != prev) {
      broken_link = e.position;
      return IterationDecision::kBreak;
    }
    added = tree_.AppendEvent(e);
    if (!added.ok()) return IterationDecision::kBreak;
    prev = e.hash;
    return IterationDecision::kContinue;
  });
  if (!scan.ok() && scan.code() != StatusCode::kInternal) {
    return scan;  // A storage error: not something the data shows.
  }
  const bool chain_holds = scan.ok() && added.ok() && broken_link == 0 &&
                           static_cast<int64_t>(tree_.size()) == head.position && prev == head.hash;
  if (!chain_holds) {
    // Name the position exactly as `lif verify` does (only on failure: it
    // reads the log again).
    Result<VerifyReport> report = VerifyLog(*log_, head);
    if (!report.ok()) return report.status();
    if (!report->ok) {
      MarkDamaged(DataDamage{report->first_bad_position, report->reason});
    } else {
      MarkDamaged(DataDamage{broken_link, !added.ok() ? added.message() : "the chain is broken"});
    }
    return Status::Ok();
  }
  last_hash_ = prev;
  Result<std::vector<RecordedHead>> heads = ReadRecordedHeads(*log_, options_.head_record_file);
  if (!heads.ok()) {
    if (!store::IsDataDamaged(heads.status())) return heads.status();
    MarkDamaged(DataDamage{0, heads.status().message()});
    return Status::Ok();
  }
  if (std::optional<DataDamage> d = CheckTreeExtends(tree_, *heads, key_.public_key())) {
    MarkDamaged(std::move(*d));
    return Status::Ok();
  }
  // No other thread uses the service yet (Start has not returned it).
  last_signed_ = LatestHead(*heads);
  return Status::Ok();
}

std::optional<DataDamage> IntegrityService::damage() const {
  std::lock_guard<std::mutex> lock(damage_mu_);
  return damage_;
}

void IntegrityService::MarkDamaged(DataDamage damage) const {
  std::lock_guard<std::mutex> lock(damage_mu_);
  if (damage_) return;
  std::fprintf(stderr, "lif: %s\n", store::DamagedText(damage.ToStatus()).c_str());
  std::fflush(stderr);
  damage_ = std::move(damage);
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
  // Once damaged, the tree stops: nothing is signed or proved from it.
  if (damage()) return;
  for (const store::CommittedGroup& group : groups) {
    for (const Event& e : *group) {
      if (static_cast<uint64_t>(e.position) <= tree_.size()) continue;
      Status added = Status::Ok();
      if (e.prev != last_hash_) {
        added = store::DataDamaged("it does not link to the event before it");
      } else {
        added = tree_.AppendEvent(e);
      }
      if (!added.ok()) {
        MarkDamaged(
            DataDamage{e.position, "a new event could not join the tree: " + added.message()});
        return;
      }
      last_hash_ = e.hash;
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
  std::lock_guard<std::mutex> sign_lock(sign_mu_);
  if (std::optional<DataDamage> d = damage()) return d->ToStatus();
  uint64_t size;
  Hash32 root;
  Result<Hash32> root_at_last = Hash32{};
  {
    std::lock_guard<std::mutex> lock(mu_);
    AddQueuedLocked();
    size = tree_.size();
    root = tree_.Root();
    if (last_signed_.size > 0) root_at_last = tree_.Root(last_signed_.size);
  }
  if (std::optional<DataDamage> d = damage()) return d->ToStatus();
  // Never two roots for one size, never a tree that does not extend the head
  // signed last.
  if (last_signed_.size > 0 && (!root_at_last.ok() || ToHex(*root_at_last) != last_signed_.root)) {
    MarkDamaged(DataDamage{0, "the tree no longer extends the head signed last (size " +
                                  std::to_string(last_signed_.size) + ")"});
    return damage()->ToStatus();
  }
  Result<SignedTreeHead> head = SignTreeHead(origin_, size, root, NowMillis(), key_.Signer());
  if (!head.ok()) return head.status();
  // Recorded before anyone sees it (only when it grew: a head of the same
  // size has the same root).
  if (size > last_signed_.size) {
    LIF_RETURN_IF_ERROR(RecordSignedHead(log_, options_.head_record_file, *head));
    last_signed_ = *head;
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
  const KeyFingerprint fp = fingerprint();
  char key_id[9];
  std::snprintf(key_id, sizeof key_id, "%08x",
                NoteKeyId(sha256_, NoteKey{origin_, key_.public_key()}));
  return Json{{"algorithm", "ed25519"},
              {"ed25519_public_key", Base64Encode(key_.public_key())},
              {"fingerprint", fp.hex},
              {"fingerprint_short", fp.short_form},
              {"public_key_pem", *pem},
              {"note_verifier_key", *vkey},
              {"note_key_id", key_id},
              {"note_key_id_warning",
               "the 32-bit note key id only tells a note's signatures apart; it does not "
               "identify the key (another key with the same id is made in seconds): compare "
               "the fingerprint"},
              {"origin", origin_}};
}

KeyFingerprint IntegrityService::fingerprint() const {
  // A loaded key is always 32 bytes, so this cannot fail.
  Result<KeyFingerprint> fp = Ed25519KeyFingerprint(sha256_, key_.public_key());
  return fp.ok() ? *fp : KeyFingerprint{};
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
                                             const std::string& data_dir,
                                             const std::string& head_record_file) {
  TreeCheck check;
  Result<std::vector<RecordedHead>> heads = ReadRecordedHeads(log, head_record_file);
  if (!heads.ok()) {
    if (!store::IsDataDamaged(heads.status())) return heads.status();
    check.ok = false;
    check.reason = heads.status().message();
    return check;
  }
  if (heads->empty()) return check;
  const SignedTreeHead latest = LatestHead(*heads);
  check.signed_size = static_cast<int64_t>(latest.size);
  Result<crypto::Ed25519PrivateKey> key = crypto::LoadOrCreateSigningKey(data_dir);
  if (!key.ok()) return key.status();
  MerkleTree tree(crypto::Sha256Function());
  Status scan = log.Scan(0, static_cast<int64_t>(latest.size), [&](const Event& e) {
    tree.AppendEvent(e).IgnoreError();
    return IterationDecision::kContinue;
  });
  if (!scan.ok()) return scan;
  if (std::optional<DataDamage> d = CheckTreeExtends(tree, *heads, key->public_key())) {
    check.ok = false;
    check.position = d->position;
    check.reason = d->reason;
  }
  return check;
}

}  // namespace lif::server
