// Calendar keys: read-only keys in a calendar's URL, for calendar clients that
// cannot send a bearer token (server/auth/token_store.h, docs/calendars.md).
#include <openssl/crypto.h>

#include <chrono>

#include "core/digest.h"
#include "core/time/civil_time.h"
#include "server/auth/token_store.h"
#include "server/crypto/openssl_crypto.h"

namespace lif::auth {
namespace {

constexpr char kPrefix[] = "cal_";
constexpr size_t kMacHexDigits = 32;

Result<std::string> Mac(const std::string& token_hash, const std::string& path) {
  Result<Hash32> mac = crypto::HmacSha256(token_hash, "lif-calendar-key\n" + path);
  if (!mac.ok()) return mac.status();
  return ToHex(*mac).substr(0, kMacHexDigits);
}

Timestamp NowUtc() {
  return Timestamp{std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count()};
}

}  // namespace

Result<std::string> TokenStore::CalendarKey(const Principal& holder,
                                            const std::string& path) const {
  Result<std::vector<std::pair<std::string, TokenRecord>>> all = LoadAll();
  if (!all.ok()) return all.status();
  for (const auto& [hash, record] : *all) {
    if (record.id != holder.id || record.revoked_at) continue;
    Result<std::string> mac = Mac(hash, path);
    if (!mac.ok()) return mac.status();
    return std::string(kPrefix) + record.id + "_" + *mac;
  }
  return Status(StatusCode::kUnauthenticated,
                "a calendar key is made for a token issued by lif (not the command line)");
}

Result<Principal> TokenStore::AuthenticateCalendarKey(std::string_view key,
                                                      const std::string& path) const {
  const Status bad(StatusCode::kUnauthenticated,
                   "the calendar key is unknown, for another calendar, or its token was revoked "
                   "or expired");
  const size_t prefix = sizeof(kPrefix) - 1;
  if (key.size() > 128 || key.substr(0, prefix) != kPrefix) return bad;
  const size_t sep = key.rfind('_');
  if (sep == std::string_view::npos || sep < prefix || key.size() - sep - 1 != kMacHexDigits) {
    return bad;
  }
  const std::string id(key.substr(prefix, sep - prefix));
  const std::string given(key.substr(sep + 1));
  Result<std::vector<std::pair<std::string, TokenRecord>>> all = LoadAll();
  if (!all.ok()) return all.status();
  for (const auto& [hash, record] : *all) {
    if (record.id != id) continue;
    Result<std::string> mac = Mac(hash, path);
    if (!mac.ok()) return mac.status();
    if (CRYPTO_memcmp(mac->data(), given.data(), kMacHexDigits) != 0) return bad;
    if (record.revoked_at) return bad;
    if (record.expires_at <= FormatTimestamp(NowUtc())) return bad;
    Principal p;
    p.id = record.id;
    p.role = record.role;
    p.agency = record.agency;
    p.subgroup = record.subgroup;
    return p;
  }
  return bad;
}

}  // namespace lif::auth
