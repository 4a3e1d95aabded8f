#include "server/integrity/head_record.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/crypto/openssl_crypto.h"

namespace lif::server {
namespace {

constexpr const char* kMetaName = "signed_head";
constexpr const char* kInsideName = "the data folder's metadata";

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

Result<RecordedHead> ParseRecordedHead(const std::string& text, const std::string& where) {
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded()) {
    return store::DataDamaged("the last signed head kept in " + where + " is not JSON");
  }
  Result<SignedTreeHead> head = SignedTreeHeadFromJson(j);
  if (!head.ok()) {
    return store::DataDamaged("the last signed head kept in " + where +
                              " is damaged: " + head.status().message());
  }
  return RecordedHead{std::move(*head), where};
}

// Writes `bytes` to `path` through a new file in the same folder, synced and
// renamed over `path`, then syncs the folder, so that a crash leaves the old
// record or the new one, never a part.
Status WriteFileDurably(const std::string& path, const std::string& bytes) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Unavailable(Errno("cannot create " + tmp));
  std::string_view rest = bytes;
  Status s = Status::Ok();
  while (!rest.empty() && s.ok()) {
    const ssize_t n = ::write(fd, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      s = Status::Unavailable(Errno("cannot write " + tmp));
    } else {
      rest.remove_prefix(static_cast<size_t>(n));
    }
  }
  if (s.ok() && ::fsync(fd) != 0) s = Status::Unavailable(Errno("cannot sync " + tmp));
  ::close(fd);
  if (s.ok() && std::rename(tmp.c_str(), path.c_str()) != 0) {
    s = Status::Unavailable(Errno("cannot rename " + tmp + " to " + path));
  }
  if (!s.ok()) {
    std::remove(tmp.c_str());
    return s;
  }
  std::string folder = std::filesystem::path(path).parent_path().string();
  if (folder.empty()) folder = ".";
  const int dir_fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return Status::Unavailable(Errno("cannot open " + folder));
  const bool synced = ::fsync(dir_fd) == 0;
  ::close(dir_fd);
  if (!synced) return Status::Unavailable(Errno("cannot sync " + folder));
  return Status::Ok();
}

}  // namespace

Json DataDamage::ToJson() const {
  return {{"code", store::kDataDamagedCode},
          {"position", position},
          {"message", store::DamagedText(ToStatus())}};
}

Status DataDamage::ToStatus() const {
  std::string where = position > 0 ? "at position " + std::to_string(position) + ": " : "";
  return store::DataDamaged("the data folder is damaged or altered " + where + reason +
                            " (nothing is appended or signed; see docs/integrity.md)");
}

Result<std::vector<RecordedHead>> ReadRecordedHeads(const store::RocksLog& log,
                                                    const std::string& record_file) {
  std::vector<RecordedHead> heads;
  Result<std::string> inside = log.GetMeta(kMetaName);
  if (inside.ok()) {
    Result<RecordedHead> head = ParseRecordedHead(*inside, kInsideName);
    if (!head.ok()) return head.status();
    heads.push_back(std::move(*head));
  } else if (inside.status().code() != StatusCode::kNotFound) {
    return inside.status();
  }
  if (record_file.empty()) return heads;
  std::ifstream in(record_file, std::ios::binary);
  if (!in) {
    // Missing is allowed (no head signed since the record was configured);
    // any other failure to open is not.
    std::error_code ec;
    if (!std::filesystem::exists(record_file, ec) && !ec) return heads;
    return Status::Unavailable("cannot read the head record " + record_file);
  }
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::Unavailable("cannot read the head record " + record_file);
  Result<RecordedHead> head = ParseRecordedHead(ss.str(), record_file);
  if (!head.ok()) return head.status();
  heads.push_back(std::move(*head));
  return heads;
}

Status RecordSignedHead(store::RocksLog* log, const std::string& record_file,
                        const SignedTreeHead& head) {
  const std::string text = SignedTreeHeadToJson(head).dump();
  if (!record_file.empty()) LIF_RETURN_IF_ERROR(WriteFileDurably(record_file, text + "\n"));
  return log->PutMeta(kMetaName, text);
}

std::optional<DataDamage> CheckTreeExtends(const MerkleTree& tree,
                                           const std::vector<RecordedHead>& heads,
                                           const std::string& public_key) {
  for (const RecordedHead& r : heads) {
    const std::string size = std::to_string(r.head.size);
    if (Status s = VerifyTreeHead(r.head, public_key, crypto::Ed25519Verify); !s.ok()) {
      return DataDamage{0, "the last signed head kept in " + r.where + " (size " + size +
                               ") does not verify under this folder's signing key: " + s.message()};
    }
    if (r.head.size > tree.size()) {
      return DataDamage{static_cast<int64_t>(tree.size()) + 1,
                        "the log holds " + std::to_string(tree.size()) +
                            " events, fewer than the " + size +
                            " of the head signed last (kept in " + r.where + ")"};
    }
    Result<Hash32> root = tree.Root(r.head.size);
    if (!root.ok()) return DataDamage{0, root.status().message()};
    if (ToHex(*root) != r.head.root) {
      return DataDamage{0, "the first " + size +
                               " events are not the ones the board's key signed " +
                               "(their Merkle root is " + ToHex(*root) + ", the head kept in " +
                               r.where + " signed " + r.head.root + ")"};
    }
  }
  return std::nullopt;
}

SignedTreeHead LatestHead(const std::vector<RecordedHead>& heads) {
  SignedTreeHead latest;
  for (const RecordedHead& r : heads) {
    if (r.head.size > latest.size) latest = r.head;
  }
  return latest;
}

}  // namespace lif::server
