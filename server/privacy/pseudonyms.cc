#include "server/privacy/pseudonyms.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/digest.h"
#include "server/crypto/openssl_crypto.h"

namespace lif::privacy {
namespace {

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

Result<std::string> ReadKey(const std::string& path) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) return Status::Internal(Errno("cannot stat " + path));
  if (!S_ISREG(st.st_mode)) return Status::Internal(path + " is not a regular file");
  if ((st.st_mode & 077) != 0) {
    return Status::Internal(path + " may be read or written by other users; run `chmod 600` on it");
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Internal(Errno("cannot open " + path));
  std::string bytes(kPseudonymKeyBytes + 1, '\0');
  size_t got = 0;
  while (got < bytes.size()) {
    const ssize_t n = ::read(fd, &bytes[got], bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  if (got != kPseudonymKeyBytes) {
    return Status::Internal(path + " must hold exactly 32 bytes");
  }
  bytes.resize(got);
  return bytes;
}

// Writes the key to a private temporary file, then links it into place, so
// that a reader never sees a partial key and a concurrent starter never
// overwrites another's key.
Status WriteKeyOnce(const std::string& dir, const std::string& path, const std::string& key) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Internal(Errno("cannot create " + tmp));
  bool ok = ::fchmod(fd, 0600) == 0 &&
            ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) &&
            ::fsync(fd) == 0;
  const Status failed = ok ? Status::Ok() : Status::Internal(Errno("cannot write " + tmp));
  ::close(fd);
  if (!ok) {
    ::unlink(tmp.c_str());
    return failed;
  }
  const int linked = ::link(tmp.c_str(), path.c_str());
  const int link_errno = errno;
  ::unlink(tmp.c_str());
  if (linked != 0 && link_errno != EEXIST) {
    errno = link_errno;
    return Status::Internal(Errno("cannot create " + path));
  }
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return Status::Ok();
}

}  // namespace

Result<PseudonymKey> PseudonymKey::LoadOrCreate(const std::string& data_dir) {
  if (::mkdir(data_dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return Status::Internal(Errno("cannot create " + data_dir));
  }
  const std::string path = data_dir + "/" + kPseudonymKeyFileName;
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) return Status::Internal(Errno("cannot stat " + path));
    Result<std::string> fresh = crypto::RandomBytes(kPseudonymKeyBytes);
    if (!fresh.ok()) return fresh.status();
    LIF_RETURN_IF_ERROR(WriteKeyOnce(data_dir, path, *fresh));
  }
  Result<std::string> bytes = ReadKey(path);
  if (!bytes.ok()) return bytes.status();
  return PseudonymKey(std::move(*bytes));
}

Result<PseudonymKey> PseudonymKey::FromBytes(std::string bytes) {
  if (bytes.size() != kPseudonymKeyBytes) {
    return Status::Invalid("a pseudonym key has exactly 32 bytes");
  }
  return PseudonymKey(std::move(bytes));
}

Result<std::string> PseudonymKey::Reference(std::string_view agency,
                                            std::string_view identifier) const {
  if (agency.empty()) return Status::Invalid("only an agency's identifiers have references");
  if (identifier.empty() || identifier.size() > kMaxIdentifierBytes) {
    return Status::Invalid("'identifier' must hold 1 to 256 bytes", "/identifier");
  }
  for (char c : identifier) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return Status::Invalid("'identifier' must not hold control characters", "/identifier");
    }
  }
  std::string message(agency);
  message += ':';
  message.append(identifier.data(), identifier.size());
  Result<Hash32> mac = crypto::HmacSha256(bytes_, message);
  if (!mac.ok()) return mac.status();
  return "pn_" + ToHex(std::string_view(reinterpret_cast<const char*>(mac->data()), 16));
}

}  // namespace lif::privacy
