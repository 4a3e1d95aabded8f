#include "server/auth/token_store.h"

#include <rocksdb/db.h>

#include <algorithm>
#include <chrono>

#include "server/crypto/basics.h"
#include "server/store/keys.h"

namespace lif::auth {
namespace {

Timestamp Now() {
  using namespace std::chrono;
  return Timestamp{duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()};
}

}  // namespace

Principal CommandLinePrincipal() {
  Principal p;
  p.id = "cli";
  p.role = Role::kAdmin;
  return p;
}

Json TokenRecord::ToJson() const {
  Json j = {{"id", id},
            {"name", name},
            {"role", RoleName(role)},
            {"agency", agency ? Json(*agency) : Json(nullptr)},
            {"subgroup", subgroup ? Json(*subgroup) : Json(nullptr)},
            {"created_at", created_at},
            {"expires_at", expires_at},
            {"revoked_at", revoked_at ? Json(*revoked_at) : Json(nullptr)}};
  return j;
}

Result<TokenRecord> TokenRecord::FromJson(const Json& j) {
  TokenRecord r;
  try {
    r.id = j.at("id").get<std::string>();
    r.name = j.at("name").get<std::string>();
    std::optional<Role> role = ParseRole(j.at("role").get<std::string>());
    if (!role) return Status::Internal("token record has an unknown role");
    r.role = *role;
    if (!j.at("agency").is_null()) r.agency = j.at("agency").get<std::string>();
    if (!j.at("subgroup").is_null()) r.subgroup = j.at("subgroup").get<std::string>();
    r.created_at = j.at("created_at").get<std::string>();
    r.expires_at = j.at("expires_at").get<std::string>();
    if (!j.at("revoked_at").is_null()) r.revoked_at = j.at("revoked_at").get<std::string>();
  } catch (const std::exception& e) {
    return Status::Internal(std::string("token record is damaged: ") + e.what());
  }
  return r;
}

TokenStore::TokenStore(store::RocksLog* log) : log_(log) {}

Result<IssuedToken> TokenStore::Issue(const Principal& issuer, const TokenSpec& spec) {
  if (issuer.role != Role::kAdmin) return Status::Forbidden("only an admin may issue tokens");
  if (spec.expires_in_days < 1 || spec.expires_in_days > 3650) {
    return Status::Invalid("expiry must be 1 to 3650 days", "/expires_in_days");
  }
  IssuedToken t;
  t.secret = "lif_" + crypto::RandomHex(32);
  TokenRecord& r = t.record;
  r.id = "tok-" + crypto::RandomHex(6);
  r.name = spec.name;
  r.role = spec.role;
  r.agency = spec.agency;
  r.subgroup = spec.subgroup;
  Timestamp now = Now();
  r.created_at = FormatTimestamp(now);
  r.expires_at = FormatTimestamp(Timestamp{now.millis + spec.expires_in_days * 86400000LL});

  ProposedEvent e;
  e.type = "token.created";
  e.stream = "token/" + r.id;
  e.expected_version = 0;
  e.data = {{"token_id", r.id},
            {"name", r.name},
            {"role", RoleName(r.role)},
            {"expires_at", r.expires_at}};
  if (r.agency) e.data["agency"] = *r.agency;
  if (r.subgroup) e.data["subgroup"] = *r.subgroup;
  // The event and the token's record are written in one synced batch: a
  // crash keeps both or neither. A bad spec fails validation and stores nothing.
  AppendRequest req;
  req.events.push_back(std::move(e));
  req.principal = issuer;
  Result<AppendOutcome> appended = log_->AppendWithRecords(
      std::move(req), {{store::TokenKey(crypto::Sha256Hex(t.secret)), r.ToJson().dump()}});
  if (!appended.ok()) {
    Status s = appended.status();
    // Field errors point into the event's data; report them as the spec's fields.
    if (s.path().rfind("/data", 0) == 0) return Status(s.code(), s.message(), s.path().substr(5));
    return s;
  }
  return t;
}

Result<Principal> TokenStore::Authenticate(std::string_view secret) const {
  const Status bad(StatusCode::kUnauthenticated, "the bearer token is unknown, expired or revoked");
  if (secret.size() != 68 || secret.substr(0, 4) != "lif_") return bad;
  const std::string hash = crypto::Sha256Hex(secret);
  std::optional<TokenRecord> record;
  {
    std::shared_lock<std::shared_mutex> lock(cache_mu_);
    if (auto it = cache_.find(hash); it != cache_.end()) record = it->second;
  }
  if (!record) {
    std::shared_ptr<rocksdb::DB> db = log_->db();
    if (db == nullptr) return Status::Unavailable("storage is unavailable");
    std::string value;
    rocksdb::Status s = db->Get(rocksdb::ReadOptions(), store::TokenKey(hash), &value);
    if (s.IsNotFound()) return bad;
    if (!s.ok()) return Status::Unavailable("cannot read tokens: " + s.ToString());
    Result<TokenRecord> r = TokenRecord::FromJson(Json::parse(value, nullptr, false));
    if (!r.ok()) return r.status();
    record = *r;
    std::unique_lock<std::shared_mutex> lock(cache_mu_);
    cache_[hash] = *record;
  }
  if (record->revoked_at) return bad;
  if (record->expires_at <= FormatTimestamp(Now())) return bad;
  Principal p;
  p.id = record->id;
  p.role = record->role;
  p.agency = record->agency;
  p.subgroup = record->subgroup;
  return p;
}

Result<std::vector<std::pair<std::string, TokenRecord>>> TokenStore::LoadAll() const {
  std::vector<std::pair<std::string, TokenRecord>> out;
  std::shared_ptr<rocksdb::DB> db = log_->db();  // Outlives the iterator.
  if (db == nullptr) return Status::Unavailable("storage is unavailable");
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions()));
  const std::string prefix(1, store::kTokenPrefix);
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    Result<TokenRecord> r =
        TokenRecord::FromJson(Json::parse(it->value().ToString(), nullptr, false));
    if (!r.ok()) return r.status();
    out.emplace_back(it->key().ToString(), std::move(*r));
  }
  if (!it->status().ok()) return Status::Unavailable("cannot list tokens");
  return out;
}

Result<std::vector<TokenRecord>> TokenStore::List() const {
  Result<std::vector<std::pair<std::string, TokenRecord>>> all = LoadAll();
  if (!all.ok()) return all.status();
  std::vector<TokenRecord> out;
  for (auto& [key, r] : *all) out.push_back(std::move(r));
  std::sort(out.begin(), out.end(),
            [](const TokenRecord& a, const TokenRecord& b) { return a.created_at < b.created_at; });
  return out;
}

Status TokenStore::Revoke(const Principal& by, const std::string& token_id,
                          const std::string& reason) {
  if (by.role != Role::kAdmin) return Status::Forbidden("only an admin may revoke tokens");
  Result<std::vector<std::pair<std::string, TokenRecord>>> all = LoadAll();
  if (!all.ok()) return all.status();
  for (auto& [key, r] : *all) {
    if (r.id != token_id) continue;
    if (r.revoked_at) return Status::Ok();  // Revoking twice changes nothing.
    ProposedEvent e;
    e.type = "token.revoked";
    e.stream = "token/" + r.id;
    e.data = {{"token_id", r.id}};
    if (!reason.empty()) e.data["reason"] = reason;
    AppendRequest req;
    req.events.push_back(std::move(e));
    req.principal = by;
    r.revoked_at = FormatTimestamp(Now());
    // The event and the revoked record in one synced batch. The cache lock is
    // held until it is durable, so no request after Revoke() returns can
    // authenticate from a cached record, nor re-cache the old one meanwhile.
    std::unique_lock<std::shared_mutex> lock(cache_mu_);
    cache_.erase(key.substr(1));
    Result<AppendOutcome> appended =
        log_->AppendWithRecords(std::move(req), {{key, r.ToJson().dump()}});
    if (!appended.ok()) return appended.status();
    return Status::Ok();
  }
  return Status::NotFound("no token with id " + token_id);
}

}  // namespace lif::auth
