// Bearer tokens: issued, listed, revoked and checked.
//
// A token is "lif_" + 64 hex digits from the CSPRNG. Only its SHA-256 is
// stored (key 'T' + hex hash, docs/storage.md), with its record: id, name,
// role, agency, subgroup, expiry and revocation. Issuing and revoking are also
// recorded in the log as token.created / token.revoked events (never with the
// secret), through the same validation and append path as any event.
//
// Thread-safety: all methods may be called concurrently. Revocation takes
// effect for every request that starts after Revoke() returns.
#pragma once

#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/principal.h"
#include "server/store/rocks_log.h"

namespace lif::auth {

struct TokenRecord {
  std::string id;  // "tok-" + 12 hex digits; also the principal id (the events' actor).
  std::string name;
  Role role = Role::kBoard;
  std::optional<std::string> agency;
  std::optional<std::string> subgroup;
  std::string created_at;
  std::string expires_at;
  std::optional<std::string> revoked_at;

  Json ToJson() const;  // Never contains the secret or its hash.
  static Result<TokenRecord> FromJson(const Json& j);
};

struct TokenSpec {
  std::string name;
  Role role = Role::kBoard;
  std::optional<std::string> agency;
  std::optional<std::string> subgroup;
  int expires_in_days = 365;
};

struct IssuedToken {
  std::string secret;  // Shown once, never stored.
  TokenRecord record;
};

class TokenStore {
 public:
  // `log` must outlive the store.
  explicit TokenStore(store::RocksLog* log);

  // Issues a token and records token.created as `issuer`.
  Result<IssuedToken> Issue(const Principal& issuer, const TokenSpec& spec);

  // Resolves "Authorization: Bearer <secret>" to a principal; kUnauthenticated
  // when unknown, expired or revoked.
  Result<Principal> Authenticate(std::string_view secret) const;

  Result<std::vector<TokenRecord>> List() const;

  // Revokes by id and records token.revoked as `by`. kNotFound for an unknown id.
  Status Revoke(const Principal& by, const std::string& token_id, const std::string& reason);

  // Calendar keys (server/auth/calendar_keys.cc, docs/calendars.md): a
  // read-only key for one calendar path ("/v1/calendars/board.ics"), made
  // for the token `holder` holds: "cal_" + the token's id + "_" + 32 hex
  // digits of HMAC-SHA256(the token's stored hash, path). It opens only that
  // path, cannot be used as a bearer token, and dies with the token
  // (revoked or expired). kUnauthenticated when `holder` has no such token.
  Result<std::string> CalendarKey(const Principal& holder, const std::string& path) const;
  // The principal of the token a calendar key was made for, when the key is
  // the one for `path` and the token is neither revoked nor expired;
  // kUnauthenticated otherwise.
  Result<Principal> AuthenticateCalendarKey(std::string_view key, const std::string& path) const;

 private:
  Result<std::vector<std::pair<std::string, TokenRecord>>> LoadAll() const;

  store::RocksLog* log_;
  mutable std::shared_mutex cache_mu_;
  mutable std::unordered_map<std::string, TokenRecord> cache_;  // By token hash.
};

// The principal used by the offline command line (`lif token create`).
Principal CommandLinePrincipal();

}  // namespace lif::auth
