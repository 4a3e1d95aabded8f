#include "core/integrity/signed_head.h"

#include <utility>

#include "core/event.h"
#include "core/integrity/base64.h"

namespace lif {

namespace {

constexpr std::string_view kTreeHeadHeaderV1 = "lif-tree-head/v1\n";
constexpr std::string_view kTreeHeadHeaderV2 = "lif-tree-head/v2\n";
// The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410 section 4):
// SEQUENCE { SEQUENCE { OID 1.3.101.112 } BIT STRING (0 unused bits) <32 bytes> }.
constexpr std::string_view kEd25519SpkiPrefix("\x30\x2a\x30\x05\x06\x03\x2b\x65\x70\x03\x21\x00",
                                              12);
constexpr std::string_view kPemBegin = "-----BEGIN PUBLIC KEY-----";
constexpr std::string_view kPemEnd = "-----END PUBLIC KEY-----";
// U+2014 EM DASH followed by a space: how every signature line starts.
constexpr std::string_view kSignatureLinePrefix = "\xe2\x80\x94 ";
constexpr uint8_t kNoteSignatureTypeEd25519 = 0x01;
constexpr size_t kMaxNoteSignatures = 100;

// Decodes one UTF-8 code point at text[*i], advancing *i. Returns -1 for an
// invalid, overlong or surrogate sequence.
int32_t NextCodePoint(std::string_view text, size_t* i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(*i);
  if (c < 0x80) {
    ++*i;
    return c;
  }
  int length;
  int32_t cp;
  int32_t min;
  if ((c & 0xe0) == 0xc0) {
    length = 2, cp = c & 0x1f, min = 0x80;
  } else if ((c & 0xf0) == 0xe0) {
    length = 3, cp = c & 0x0f, min = 0x800;
  } else if ((c & 0xf8) == 0xf0) {
    length = 4, cp = c & 0x07, min = 0x10000;
  } else {
    return -1;
  }
  if (*i + length > text.size()) return -1;
  for (int k = 1; k < length; ++k) {
    const unsigned char cc = byte(*i + k);
    if ((cc & 0xc0) != 0x80) return -1;
    cp = cp << 6 | (cc & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return -1;
  *i += length;
  return cp;
}

bool IsUnicodeSpace(int32_t cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0d) || cp == 0x85 || cp == 0xa0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029 || cp == 0x202f ||
         cp == 0x205f || cp == 0x3000;
}

// Valid UTF-8 with no control character below U+0020 other than "\n" (the
// signed-note rule). Newlines::kForbidden also rejects "\n" (for one line).
enum class Newlines { kAllowed, kForbidden };
bool IsNoteSafe(std::string_view text, Newlines newlines) {
  size_t i = 0;
  while (i < text.size()) {
    const int32_t cp = NextCodePoint(text, &i);
    if (cp < 0) return false;
    if (cp == '\n') {
      if (newlines == Newlines::kForbidden) return false;
    } else if (cp < 0x20) {
      return false;
    }
  }
  return true;
}

// Parses a decimal without sign or leading zeros ("0" alone is fine).
bool ParseDecimal(std::string_view s, uint64_t max, uint64_t* out) {
  if (s.empty() || s.size() > 20 || (s.size() > 1 && s[0] == '0')) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (v > (max - digit) / 10) return false;
    v = v * 10 + digit;
  }
  *out = v;
  return true;
}

std::string_view HashBytes(const Hash32& h) {
  return std::string_view(reinterpret_cast<const char*>(h.data()), h.size());
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  // `text` ends with "\n"; returns the lines without their newlines.
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

Result<std::string> CheckedSign(const Ed25519SignFn& sign, std::string_view message) {
  Result<std::string> signature = sign(message);
  if (!signature.ok()) return signature.status();
  if (signature->size() != kEd25519SignatureSize) {
    return Status::Internal("the signer returned " + std::to_string(signature->size()) +
                            " bytes instead of a 64-byte Ed25519 signature");
  }
  return signature;
}

// Parsed text gives unsigned numbers; a Json built in C++ may hold int64.
bool IsNonNegativeInteger(const Json& v) {
  return v.is_number_integer() && (v.is_number_unsigned() || v.get<int64_t>() >= 0);
}

// A head's origin: a non-empty line of UTF-8 text (as a checkpoint's).
bool IsValidOrigin(std::string_view origin) {
  return !origin.empty() && IsNoteSafe(origin, Newlines::kForbidden);
}

}  // namespace

// ---------------------------------------------------------------------------
// Signed tree head.

std::string SignedTreeHeadMessage(const SignedTreeHead& head) {
  std::string out;
  if (head.version == TreeHeadVersion::kV1) {
    out = kTreeHeadHeaderV1;
  } else {
    out = kTreeHeadHeaderV2;
    out += "origin " + head.origin + "\n";
  }
  out += "size " + std::to_string(head.size) + "\n";
  out += "root " + head.root + "\n";
  out += "timestamp " + std::to_string(head.timestamp) + "\n";
  return out;
}

Result<SignedTreeHead> SignTreeHead(std::string_view origin, uint64_t size, const Hash32& root,
                                    int64_t timestamp, const Ed25519SignFn& sign) {
  if (timestamp < 0) return Status::Invalid("a tree head's timestamp must not be negative");
  if (!IsValidOrigin(origin)) {
    return Status::Invalid("a tree head's origin must be a non-empty line of UTF-8 text");
  }
  SignedTreeHead head;
  head.version = TreeHeadVersion::kV2;
  head.origin = std::string(origin);
  head.size = size;
  head.root = ToHex(root);
  head.timestamp = timestamp;
  Result<std::string> signature = CheckedSign(sign, SignedTreeHeadMessage(head));
  if (!signature.ok()) return signature.status();
  head.signature = std::move(signature).value();
  return head;
}

Status VerifyTreeHead(const SignedTreeHead& head, std::string_view public_key_raw32,
                      const Ed25519VerifyFn& verify) {
  Hash32 root;
  if (!FromHex(head.root, &root)) {
    return Status::Invalid("tree head: root must be 64 lowercase hex digits", "/root");
  }
  if (head.timestamp < 0) {
    return Status::Invalid("tree head: timestamp must not be negative", "/timestamp");
  }
  if (head.version == TreeHeadVersion::kV2 ? !IsValidOrigin(head.origin) : !head.origin.empty()) {
    return Status::Invalid(
        "tree head: a version 2 head's origin must be a line of text, and a "
        "version 1 head has none",
        "/origin");
  }
  if (head.signature.size() != kEd25519SignatureSize) {
    return Status::Invalid("tree head: the signature must be 64 bytes", "/signature");
  }
  if (public_key_raw32.size() != kEd25519PublicKeySize) {
    return Status::Invalid("tree head: the public key must be 32 bytes");
  }
  if (!verify(public_key_raw32, SignedTreeHeadMessage(head), head.signature)) {
    return Status::Invalid("tree head: the signature does not verify", "/signature");
  }
  return Status::Ok();
}

Json SignedTreeHeadToJson(const SignedTreeHead& head) {
  Json j = Json::object();
  if (head.version == TreeHeadVersion::kV2) {
    j["version"] = 2;
    j["origin"] = head.origin;
  }
  j["size"] = head.size;
  j["root"] = head.root;
  j["timestamp"] = head.timestamp;
  j["signature"] = Base64Encode(head.signature);
  return j;
}

Result<SignedTreeHead> SignedTreeHeadFromJson(const Json& json) {
  if (!json.is_object()) return Status::Invalid("a tree head must be a JSON object");
  for (const auto& item : json.items()) {
    const std::string& k = item.key();
    if (k != "version" && k != "origin" && k != "size" && k != "root" && k != "timestamp" &&
        k != "signature") {
      return Status::Invalid("unknown field", "/" + JsonPointerEscape(k));
    }
  }
  for (const char* f : {"size", "root", "timestamp", "signature"}) {
    if (!json.contains(f)) return Status::Invalid("missing field", std::string("/") + f);
  }
  SignedTreeHead head;
  if (json.contains("version")) {
    const Json& version = json.at("version");
    if (!version.is_number_integer() || version.get<int64_t>() != 2) {
      return Status::Invalid("must be 2 (heads without a version are version 1)", "/version");
    }
    head.version = TreeHeadVersion::kV2;
    if (!json.contains("origin")) return Status::Invalid("missing field", "/origin");
    const Json& origin = json.at("origin");
    if (!origin.is_string() || !IsValidOrigin(origin.get_ref<const std::string&>())) {
      return Status::Invalid("must be a non-empty line of UTF-8 text", "/origin");
    }
    head.origin = origin.get<std::string>();
  } else {
    head.version = TreeHeadVersion::kV1;
    if (json.contains("origin")) {
      return Status::Invalid("a version 1 head signs no origin; remove it or give \"version\": 2",
                             "/origin");
    }
  }
  const Json& size = json.at("size");
  if (!IsNonNegativeInteger(size))
    return Status::Invalid("must be a non-negative integer", "/size");
  head.size = size.get<uint64_t>();
  const Json& root = json.at("root");
  Hash32 unused;
  if (!root.is_string() || !FromHex(root.get_ref<const std::string&>(), &unused)) {
    return Status::Invalid("must be 64 lowercase hex digits", "/root");
  }
  head.root = root.get<std::string>();
  const Json& timestamp = json.at("timestamp");
  if (!IsNonNegativeInteger(timestamp) ||
      timestamp.get<uint64_t>() > static_cast<uint64_t>(kMaxSafeInteger)) {
    return Status::Invalid("must be a non-negative integer (milliseconds)", "/timestamp");
  }
  head.timestamp = timestamp.get<int64_t>();
  const Json& signature = json.at("signature");
  if (!signature.is_string()) return Status::Invalid("must be base64", "/signature");
  Result<std::string> raw = Base64Decode(signature.get_ref<const std::string&>());
  if (!raw.ok() || raw->size() != kEd25519SignatureSize) {
    return Status::Invalid("must be the base64 of 64 bytes", "/signature");
  }
  head.signature = std::move(raw).value();
  return head;
}

// ---------------------------------------------------------------------------
// Public keys.

Result<std::string> Ed25519PublicKeyPem(std::string_view public_key_raw32) {
  if (public_key_raw32.size() != kEd25519PublicKeySize) {
    return Status::Invalid("an Ed25519 public key must be 32 bytes");
  }
  std::string der(kEd25519SpkiPrefix);
  der.append(public_key_raw32);
  // 44 DER bytes give 60 base64 characters: one PEM line (at most 64).
  std::string pem(kPemBegin);
  pem += "\n" + Base64Encode(der) + "\n";
  pem += kPemEnd;
  pem += "\n";
  return pem;
}

Result<std::string> Ed25519PublicKeyFromPem(std::string_view pem) {
  const size_t begin = pem.find(kPemBegin);
  const size_t end = pem.find(kPemEnd);
  if (begin == std::string_view::npos || end == std::string_view::npos || end < begin) {
    return Status::Invalid("not a PEM public key");
  }
  std::string body;
  for (char c : pem.substr(begin + kPemBegin.size(), end - begin - kPemBegin.size())) {
    if (c != '\n' && c != '\r' && c != ' ' && c != '\t') body.push_back(c);
  }
  Result<std::string> der = Base64Decode(body);
  if (!der.ok()) return Status::Invalid("PEM public key: " + der.status().message());
  if (der->size() != kEd25519SpkiPrefix.size() + kEd25519PublicKeySize ||
      der->compare(0, kEd25519SpkiPrefix.size(), kEd25519SpkiPrefix) != 0) {
    return Status::Invalid("PEM public key: not an Ed25519 key");
  }
  return der->substr(kEd25519SpkiPrefix.size());
}

// ---------------------------------------------------------------------------
// Signed notes.

Status ValidateNoteKeyName(std::string_view key_name) {
  if (key_name.empty()) return Status::Invalid("a note key name must not be empty");
  size_t i = 0;
  while (i < key_name.size()) {
    const int32_t cp = NextCodePoint(key_name, &i);
    if (cp < 0) return Status::Invalid("a note key name must be valid UTF-8");
    if (cp < 0x20 || cp == 0x7f || IsUnicodeSpace(cp) || cp == '+') {
      return Status::Invalid("a note key name must not contain spaces, controls or '+'");
    }
  }
  return Status::Ok();
}

uint32_t NoteKeyId(const Sha256Fn& sha256, const NoteKey& key) {
  std::string input = key.key_name;
  input.push_back('\n');
  input.push_back(static_cast<char>(kNoteSignatureTypeEd25519));
  input.append(key.public_key);
  const Hash32 h = sha256(input);
  return static_cast<uint32_t>(h[0]) << 24 | static_cast<uint32_t>(h[1]) << 16 |
         static_cast<uint32_t>(h[2]) << 8 | static_cast<uint32_t>(h[3]);
}

Result<std::string> NoteVerifierKey(const Sha256Fn& sha256, const NoteKey& key) {
  LIF_RETURN_IF_ERROR(ValidateNoteKeyName(key.key_name));
  if (key.public_key.size() != kEd25519PublicKeySize) {
    return Status::Invalid("an Ed25519 public key must be 32 bytes");
  }
  static const char kDigits[] = "0123456789abcdef";
  const uint32_t id = NoteKeyId(sha256, key);
  std::string hex;
  for (int shift = 28; shift >= 0; shift -= 4) hex.push_back(kDigits[id >> shift & 15]);
  std::string typed(1, static_cast<char>(kNoteSignatureTypeEd25519));
  typed.append(key.public_key);
  return key.key_name + "+" + hex + "+" + Base64Encode(typed);
}

Result<std::string> EncodeSignedNote(const SignedNote& note) {
  if (note.text.empty() || note.text.back() != '\n') {
    return Status::Invalid("note text must be non-empty and end with a newline");
  }
  if (!IsNoteSafe(note.text, Newlines::kAllowed)) {
    return Status::Invalid("note text must be UTF-8 without control characters");
  }
  if (note.signatures.empty()) return Status::Invalid("a note needs at least one signature");
  if (note.signatures.size() > kMaxNoteSignatures) {
    return Status::Invalid("a note may carry at most 100 signatures");
  }
  std::string out = note.text;
  out.push_back('\n');
  for (const NoteSignature& s : note.signatures) {
    LIF_RETURN_IF_ERROR(ValidateNoteKeyName(s.key_name));
    std::string payload;
    for (int shift = 24; shift >= 0; shift -= 8) {
      payload.push_back(static_cast<char>(s.key_id >> shift & 0xff));
    }
    payload.append(s.signature);
    out.append(kSignatureLinePrefix);
    out += s.key_name + " " + Base64Encode(payload) + "\n";
  }
  return out;
}

Result<SignedNote> ParseSignedNote(std::string_view note) {
  if (!IsNoteSafe(note, Newlines::kAllowed)) {
    return Status::Invalid("note: must be UTF-8 without control characters other than newline");
  }
  if (note.empty() || note.back() != '\n') {
    return Status::Invalid("note: must end with a newline");
  }
  const size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) {
    return Status::Invalid("note: no blank line before the signatures");
  }
  SignedNote parsed;
  parsed.text = std::string(note.substr(0, split + 1));
  const std::string_view signature_block = note.substr(split + 2);
  if (signature_block.empty()) return Status::Invalid("note: no signature lines");
  for (std::string_view line : SplitLines(signature_block)) {
    if (parsed.signatures.size() == kMaxNoteSignatures) {
      return Status::Invalid("note: more than 100 signatures");
    }
    if (line.substr(0, kSignatureLinePrefix.size()) != kSignatureLinePrefix) {
      return Status::Invalid("note: a signature line must start with an em dash and a space");
    }
    line.remove_prefix(kSignatureLinePrefix.size());
    const size_t space = line.find(' ');
    if (space == std::string_view::npos) {
      return Status::Invalid("note: a signature line needs a key name and a signature");
    }
    NoteSignature s;
    s.key_name = std::string(line.substr(0, space));
    LIF_RETURN_IF_ERROR(ValidateNoteKeyName(s.key_name));
    Result<std::string> payload = Base64Decode(line.substr(space + 1));
    if (!payload.ok()) return Status::Invalid("note: " + payload.status().message());
    if (payload->size() < 5) return Status::Invalid("note: a signature is too short");
    for (int k = 0; k < 4; ++k) {
      s.key_id = s.key_id << 8 | static_cast<unsigned char>((*payload)[k]);
    }
    s.signature = payload->substr(4);
    parsed.signatures.push_back(std::move(s));
  }
  return parsed;
}

Result<std::string> SignNote(std::string_view text, const NoteKey& key, const Ed25519SignFn& sign,
                             const Sha256Fn& sha256) {
  LIF_RETURN_IF_ERROR(ValidateNoteKeyName(key.key_name));
  if (key.public_key.size() != kEd25519PublicKeySize) {
    return Status::Invalid("an Ed25519 public key must be 32 bytes");
  }
  SignedNote note;
  note.text = std::string(text);
  // Validate the text before asking for a signature over it.
  if (note.text.empty() || note.text.back() != '\n' || !IsNoteSafe(note.text, Newlines::kAllowed)) {
    return Status::Invalid("note text must be UTF-8, without controls, ending with a newline");
  }
  Result<std::string> signature = CheckedSign(sign, note.text);
  if (!signature.ok()) return signature.status();
  note.signatures.push_back(
      NoteSignature{key.key_name, NoteKeyId(sha256, key), std::move(signature).value()});
  return EncodeSignedNote(note);
}

Result<SignedNote> VerifySignedNote(std::string_view note, const NoteKey& key,
                                    const Ed25519VerifyFn& verify, const Sha256Fn& sha256) {
  if (key.public_key.size() != kEd25519PublicKeySize) {
    return Status::Invalid("an Ed25519 public key must be 32 bytes");
  }
  Result<SignedNote> parsed = ParseSignedNote(note);
  if (!parsed.ok()) return parsed.status();
  const uint32_t id = NoteKeyId(sha256, key);
  bool verified = false;
  for (const NoteSignature& s : parsed->signatures) {
    if (s.key_name != key.key_name || s.key_id != id) continue;  // Unknown key: ignored.
    if (s.signature.size() != kEd25519SignatureSize ||
        !verify(key.public_key, parsed->text, s.signature)) {
      return Status::Invalid("note: the signature by " + key.key_name + " does not verify");
    }
    verified = true;
  }
  if (!verified) return Status::Invalid("note: no signature by " + key.key_name);
  return parsed;
}

// ---------------------------------------------------------------------------
// Checkpoints.

Result<std::string> CheckpointText(const Checkpoint& checkpoint) {
  if (checkpoint.origin.empty() || !IsNoteSafe(checkpoint.origin, Newlines::kForbidden)) {
    return Status::Invalid("checkpoint: the origin must be a non-empty line of UTF-8 text");
  }
  std::string text = checkpoint.origin + "\n";
  text += std::to_string(checkpoint.size) + "\n";
  text += Base64Encode(HashBytes(checkpoint.root)) + "\n";
  for (const std::string& extension : checkpoint.extensions) {
    if (extension.empty() || !IsNoteSafe(extension, Newlines::kForbidden)) {
      return Status::Invalid("checkpoint: an extension line must be a non-empty line of text");
    }
    text += extension + "\n";
  }
  return text;
}

Result<Checkpoint> ParseCheckpointText(std::string_view text) {
  if (text.empty() || text.back() != '\n' || !IsNoteSafe(text, Newlines::kAllowed)) {
    return Status::Invalid("checkpoint: text must be UTF-8 lines, each ending in a newline");
  }
  const std::vector<std::string_view> lines = SplitLines(text);
  if (lines.size() < 3) return Status::Invalid("checkpoint: needs origin, size and root lines");
  Checkpoint checkpoint;
  if (lines[0].empty()) return Status::Invalid("checkpoint: the origin is empty");
  checkpoint.origin = std::string(lines[0]);
  if (!ParseDecimal(lines[1], UINT64_MAX, &checkpoint.size)) {
    return Status::Invalid("checkpoint: the size must be a decimal without leading zeros");
  }
  Result<std::string> root = Base64Decode(lines[2]);
  if (!root.ok() || root->size() != checkpoint.root.size()) {
    return Status::Invalid("checkpoint: the root must be the base64 of 32 bytes");
  }
  for (size_t i = 0; i < checkpoint.root.size(); ++i) {
    checkpoint.root[i] = static_cast<uint8_t>((*root)[i]);
  }
  for (size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].empty()) return Status::Invalid("checkpoint: an extension line is empty");
    checkpoint.extensions.emplace_back(lines[i]);
  }
  return checkpoint;
}

Result<std::string> SignCheckpoint(const Checkpoint& checkpoint, const NoteKey& key,
                                   const Ed25519SignFn& sign, const Sha256Fn& sha256) {
  Result<std::string> text = CheckpointText(checkpoint);
  if (!text.ok()) return text.status();
  return SignNote(*text, key, sign, sha256);
}

Result<Checkpoint> VerifyCheckpoint(std::string_view note, std::string_view origin,
                                    const NoteKey& key, const Ed25519VerifyFn& verify,
                                    const Sha256Fn& sha256) {
  Result<SignedNote> verified = VerifySignedNote(note, key, verify, sha256);
  if (!verified.ok()) return verified.status();
  Result<Checkpoint> checkpoint = ParseCheckpointText(verified->text);
  if (!checkpoint.ok()) return checkpoint.status();
  if (checkpoint->origin != origin) {
    return Status::Invalid("checkpoint: origin \"" + checkpoint->origin + "\" is not \"" +
                           std::string(origin) + "\"");
  }
  return checkpoint;
}

}  // namespace lif
