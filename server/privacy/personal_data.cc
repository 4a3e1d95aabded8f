#include "server/privacy/personal_data.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/digest.h"
#include "core/integrity/base64.h"
#include "server/crypto/openssl_crypto.h"

namespace lif::privacy {
namespace {

constexpr size_t kKeyBytes = 32;
constexpr size_t kNonceBytes = 12;
constexpr size_t kTagBytes = 16;

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

Result<std::string> AesGcm(bool encrypt, const std::string& key, const std::string& nonce,
                           const std::string& aad, const std::string& in, std::string* tag) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  if (ctx == nullptr) return Status::Internal("EVP_CIPHER_CTX_new failed");
  std::string out(in.size() + 16, '\0');
  int len = 0, total = 0;
  auto u8 = [](const std::string& s) { return reinterpret_cast<const unsigned char*>(s.data()); };
  auto o8 = reinterpret_cast<unsigned char*>(&out[0]);
  bool ok = EVP_CipherInit_ex(ctx, EVP_aes_256_gcm(), nullptr, nullptr, nullptr, encrypt) == 1 &&
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
  EVP_CIPHER_CTX_free(ctx);
  if (!ok)
    return Status::Internal(encrypt ? "encryption failed" : "a sealed value does not authenticate");
  out.resize(static_cast<size_t>(total));
  return out;
}

bool IsSealed(const Json& v) {
  return v.is_object() && v.size() == 2 && v.contains("enc") && v["enc"].is_string() &&
         v.contains("subject") && v["subject"].is_string();
}

Result<Json> SealWalk(const Json& data, const Json& schema, const std::string& subject,
                      const std::string& key) {
  if (!schema.is_object()) return data;
  if (schema.value("x-lif-personal", false) && data.is_string()) {
    Result<std::string> nonce = crypto::RandomBytes(kNonceBytes);
    if (!nonce.ok()) return nonce.status();
    std::string tag;
    Result<std::string> ct = AesGcm(true, key, *nonce, subject, data.get<std::string>(), &tag);
    if (!ct.ok()) return ct.status();
    return Json{{"enc", Base64Encode(*nonce + *ct + tag)}, {"subject", subject}};
  }
  Json out = data;
  if (data.is_object() && schema.contains("properties")) {
    for (auto it = out.begin(); it != out.end(); ++it) {
      auto p = schema["properties"].find(it.key());
      if (p == schema["properties"].end()) continue;
      Result<Json> sealed = SealWalk(it.value(), *p, subject, key);
      if (!sealed.ok()) return sealed.status();
      it.value() = std::move(*sealed);
    }
  } else if (data.is_array() && schema.contains("items")) {
    for (Json& item : out) {
      Result<Json> sealed = SealWalk(item, schema["items"], subject, key);
      if (!sealed.ok()) return sealed.status();
      item = std::move(*sealed);
    }
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<SubjectKeys>> SubjectKeys::Open(const std::string& data_dir) {
  const std::string dir = data_dir + "/subject-keys";
  if (::mkdir(data_dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return Status::Internal(Errno("cannot create " + data_dir));
  }
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return Status::Internal(Errno("cannot create " + dir));
  }
  return std::unique_ptr<SubjectKeys>(new SubjectKeys(dir));
}

std::string SubjectKeys::PathOf(const std::string& subject) const {
  return dir_ + "/P" + ToHex(std::string_view(subject));
}

Result<std::string> SubjectKeys::Key(const std::string& subject, KeyMode mode) {
  if (subject.empty() || subject.size() > 128) {
    return Status::Invalid("a subject id holds 1 to 128 bytes");
  }
  std::lock_guard<std::mutex> lock(mu_);
  const std::string path = PathOf(subject);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    std::string key(kKeyBytes, '\0');
    const ssize_t n = ::read(fd, &key[0], kKeyBytes);
    ::close(fd);
    if (n != static_cast<ssize_t>(kKeyBytes)) return Status::Internal(path + " is damaged");
    return key;
  }
  if (errno != ENOENT) return Status::Internal(Errno("cannot open " + path));
  if (mode == KeyMode::kExisting) return Status::NotFound("no key for subject " + subject);
  Result<std::string> key = crypto::RandomBytes(kKeyBytes);
  if (!key.ok()) return key.status();
  fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Internal(Errno("cannot create " + path));
  const bool ok =
      ::write(fd, key->data(), kKeyBytes) == static_cast<ssize_t>(kKeyBytes) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    return Status::Internal(Errno("cannot write " + path));
  }
  return key;
}

Status SubjectKeys::Erase(const std::string& subject) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string path = PathOf(subject);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound("no key for subject " + subject);
    return Status::Internal(Errno("cannot open " + path));
  }
  const std::string zeros(kKeyBytes, '\0');
  const bool ok = ::write(fd, zeros.data(), zeros.size()) == static_cast<ssize_t>(zeros.size()) &&
                  ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::unlink(path.c_str()) != 0) return Status::Internal(Errno("cannot erase " + path));
  return Status::Ok();
}

Result<Json> SealPersonalFields(const Json& data, const Json& schema, const std::string& subject,
                                SubjectKeys* keys) {
  Result<std::string> key = keys->Key(subject, KeyMode::kCreate);
  if (!key.ok()) return key.status();
  return SealWalk(data, schema, subject, *key);
}

Result<Json> OpenPersonalFields(const Json& data, SubjectKeys* keys) {
  if (IsSealed(data)) {
    const std::string subject = data["subject"].get<std::string>();
    Result<std::string> key = keys->Key(subject, KeyMode::kExisting);
    if (!key.ok()) {
      if (key.status().code() == StatusCode::kNotFound) return Json{{"erased", true}};
      return key.status();
    }
    Result<std::string> raw = Base64Decode(data["enc"].get<std::string>());
    if (!raw.ok() || raw->size() < kNonceBytes + kTagBytes) {
      return Status::Internal("a sealed value is malformed");
    }
    std::string tag = raw->substr(raw->size() - kTagBytes);
    Result<std::string> plain =
        AesGcm(false, *key, raw->substr(0, kNonceBytes), subject,
               raw->substr(kNonceBytes, raw->size() - kNonceBytes - kTagBytes), &tag);
    if (!plain.ok()) return plain.status();
    return Json(*plain);
  }
  Json out = data;
  if (out.is_object() || out.is_array()) {
    for (auto it = out.begin(); it != out.end(); ++it) {
      Result<Json> opened = OpenPersonalFields(*it, keys);
      if (!opened.ok()) return opened.status();
      *it = std::move(*opened);
    }
  }
  return out;
}

}  // namespace lif::privacy
