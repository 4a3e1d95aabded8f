#include "server/privacy/personal_data.h"

#include <openssl/evp.h>

#include <memory>

#include "core/digest.h"
#include "core/integrity/base64.h"
#include "core/privacy/disclosures.h"
#include "core/privacy/sealed_values.h"
#include "server/crypto/openssl_crypto.h"

namespace lif::privacy {
namespace {

constexpr size_t kNonceBytes = 12;
constexpr size_t kTagBytes = 16;

// AES-256-GCM, fetched from the default provider once (an implicit fetch
// per value costs more than sealing it). Lives for the process.
const EVP_CIPHER* FetchedAes256Gcm() {
  static EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
  return cipher;
}

using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

Result<std::string> AesGcm(bool encrypt, const std::string& key, const std::string& nonce,
                           const std::string& aad, const std::string& in, std::string* tag) {
  // One cipher context per thread, reset before each use.
  thread_local CipherCtxPtr owned(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  EVP_CIPHER_CTX* ctx = owned.get();
  const EVP_CIPHER* cipher = FetchedAes256Gcm();
  if (ctx == nullptr || cipher == nullptr || EVP_CIPHER_CTX_reset(ctx) != 1) {
    return Status::Internal("cannot set up AES-256-GCM");
  }
  std::string out(in.size() + 16, '\0');
  int len = 0, total = 0;
  auto u8 = [](const std::string& s) { return reinterpret_cast<const unsigned char*>(s.data()); };
  auto o8 = reinterpret_cast<unsigned char*>(&out[0]);
  bool ok = EVP_CipherInit_ex(ctx, cipher, nullptr, nullptr, nullptr, encrypt) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) == 1 &&
            EVP_CipherInit_ex(ctx, nullptr, nullptr, u8(key), u8(nonce), encrypt) == 1 &&
            EVP_CipherUpdate(ctx, nullptr, &len, u8(aad), static_cast<int>(aad.size())) == 1 &&
            EVP_CipherUpdate(ctx, o8, &len, u8(in), static_cast<int>(in.size())) == 1;
  total = len;
  if (ok && !encrypt) {
    ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, kTagBytes, &(*tag)[0]) == 1;
  }
  ok = ok && EVP_CipherFinal_ex(ctx, o8 + total, &len) == 1;
  total += len;
  if (ok && encrypt) {
    tag->assign(kTagBytes, '\0');
    ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, kTagBytes, &(*tag)[0]) == 1;
  }
  // Reset: the context keeps no key between uses.
  EVP_CIPHER_CTX_reset(ctx);
  if (!ok)
    return Status::Internal(encrypt ? "encryption failed" : "a sealed value does not authenticate");
  out.resize(static_cast<size_t>(total));
  return out;
}

Result<Json> SealWalk(const Json& data, const Json& schema, const std::string& subject,
                      const std::string& key, size_t* count) {
  if (!schema.is_object()) return data;
  if (schema.value("x-lif-personal", false) && data.is_string()) {
    // The salt is sealed with the text (so erasing the key erases it) and
    // committed to beside it (so a disclosure can be checked against the event).
    Result<std::string> nonce = crypto::RandomBytes(kNonceBytes);
    if (!nonce.ok()) return nonce.status();
    Result<std::string> salt = crypto::RandomBytes(kDisclosureSaltBytes);
    if (!salt.ok()) return salt.status();
    const std::string& text = data.get_ref<const std::string&>();
    std::string tag;
    Result<std::string> ct = AesGcm(true, key, *nonce, subject, *salt + text, &tag);
    if (!ct.ok()) return ct.status();
    ++*count;
    static const Sha256Fn sha256 = crypto::Sha256Function();
    return Json{{"commit", DisclosureCommitment(*salt, text, sha256)},
                {"enc", Base64Encode(*nonce + *ct + tag)},
                {"subject", subject}};
  }
  // The sealed copy is built in one pass: each value is copied once, into it.
  if (data.is_object()) {
    auto properties = schema.find("properties");
    if (properties == schema.end()) return data;
    Json out = Json::object();
    Json::object_t& members = out.get_ref<Json::object_t&>();
    for (auto it = data.begin(); it != data.end(); ++it) {
      auto p = properties->find(it.key());
      if (p == properties->end()) {
        members.emplace_hint(members.end(), it.key(), it.value());  // Keys come in order.
        continue;
      }
      Result<Json> sealed = SealWalk(it.value(), *p, subject, key, count);
      if (!sealed.ok()) return sealed.status();
      members.emplace_hint(members.end(), it.key(), std::move(*sealed));
    }
    return out;
  }
  if (data.is_array()) {
    auto items = schema.find("items");
    if (items == schema.end()) return data;
    Json out = Json::array();
    out.get_ref<Json::array_t&>().reserve(data.size());
    for (const Json& item : data) {
      Result<Json> sealed = SealWalk(item, *items, subject, key, count);
      if (!sealed.ok()) return sealed.status();
      out.push_back(std::move(*sealed));
    }
    return out;
  }
  return data;
}

}  // namespace

Result<Json> SealPersonalFields(const Json& data, const Json& schema, const std::string& subject,
                                const std::string& key, size_t* sealed_count) {
  if (key.size() != kSubjectKeyBytes) return Status::Internal("a subject key has 32 bytes");
  size_t count = 0;
  Result<Json> sealed = SealWalk(data, schema, subject, key, &count);
  if (sealed_count != nullptr) *sealed_count = count;
  return sealed;
}

Result<std::string> OpenSealedValue(const Json& sealed, const std::string& key) {
  Result<OpenedValue> opened = OpenSealedParts(sealed, key);
  if (!opened.ok()) return opened.status();
  return std::move(opened->text);
}

Result<OpenedValue> OpenSealedParts(const Json& sealed, const std::string& key) {
  if (!IsSealedValue(sealed)) return Status::Internal("not a sealed value");
  const std::string subject = sealed["subject"].get<std::string>();
  Result<std::string> raw = Base64Decode(sealed["enc"].get<std::string>());
  if (!raw.ok() || raw->size() < kNonceBytes + kTagBytes) {
    return Status::Internal("a sealed value is malformed");
  }
  std::string tag = raw->substr(raw->size() - kTagBytes);
  Result<std::string> plain =
      AesGcm(false, key, raw->substr(0, kNonceBytes), subject,
             raw->substr(kNonceBytes, raw->size() - kNonceBytes - kTagBytes), &tag);
  if (!plain.ok()) return plain.status();
  // A value sealed before commitments holds the text alone.
  if (!sealed.contains("commit")) return OpenedValue{std::move(*plain), std::string()};
  if (plain->size() < kDisclosureSaltBytes) return Status::Internal("a sealed value is malformed");
  return OpenedValue{plain->substr(kDisclosureSaltBytes), plain->substr(0, kDisclosureSaltBytes)};
}

}  // namespace lif::privacy
