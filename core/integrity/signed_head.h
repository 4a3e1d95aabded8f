// Signed tree heads and C2SP checkpoints: how lif vouches for the root of its
// Merkle tree (core/integrity/merkle.h), byte for byte as in docs/integrity.md.
//
// 1. SignedTreeHead, lif's own JSON head {version, origin, size, root,
//    timestamp, signature}. The signature is Ed25519 (RFC 8032, "pure", no
//    pre-hash) over exactly these bytes (every line ends with one 0x0A, no
//    trailing spaces; the origin is UTF-8):
//
//      lif-tree-head/v2
//      origin <the log's origin, as in its checkpoints>
//      size <tree size, decimal, no leading zeros>
//      root <root hash, 64 lowercase hex digits>
//      timestamp <milliseconds since 1970-01-01T00:00:00Z, decimal>
//
//    so that the origin a page shows as "signed by" is signed. Heads written
//    before version 2 ("lif-tree-head/v1": the same lines without the origin
//    line; JSON without "version" and "origin") still verify, but vouch for
//    no origin. lif signs only version 2.
//
// 2. Checkpoint, the C2SP tlog-checkpoint note (https://c2sp.org/tlog-checkpoint)
//    carried in a C2SP signed note (https://c2sp.org/signed-note), which
//    existing transparency-log tooling (e.g. Go's golang.org/x/mod/sumdb/note)
//    reads:
//
//      <origin>\n<tree size>\n<base64 root>\n\n— <key name> <base64(key id || sig)>\n
//
//    where key id = SHA-256(key name || 0x0A || 0x01 || 32-byte public key)[:4]
//    and sig is the Ed25519 signature of the note text (the first three lines,
//    each with its newline).
//
// Signing and verification primitives are injected: the server signs with
// OpenSSL (server/crypto/openssl_crypto.h); the browser may verify with
// WebCrypto or a JS library. Nothing here throws; errors are lif::Status
// values (kInvalid for malformed input and for failed verification).
// Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/digest.h"
#include "core/json.h"
#include "core/status.h"

namespace lif {

inline constexpr size_t kEd25519PublicKeySize = 32;
inline constexpr size_t kEd25519SignatureSize = 64;

// Verifies an Ed25519 signature. Returns false for a bad signature and for
// malformed inputs (wrong lengths); never throws.
using Ed25519VerifyFn = std::function<bool(std::string_view public_key_raw32,
                                           std::string_view message, std::string_view signature64)>;

// Signs `message` with the server's Ed25519 private key and returns the
// 64-byte signature, or a Status when the signer fails.
using Ed25519SignFn = std::function<Result<std::string>(std::string_view message)>;

// ---------------------------------------------------------------------------
// Signed tree head.

// Which message a head's signature covers (see the top of this file).
enum class TreeHeadVersion { kV1 = 1, kV2 = 2 };

// JSON form: {"version": 2, "origin": "lif.local/board", "size": 9,
//             "root": "<64 hex>", "timestamp": 1700000000000,
//             "signature": "<base64 of 64 bytes>"}
// (version 1: no "version", no "origin").
struct SignedTreeHead {
  TreeHeadVersion version = TreeHeadVersion::kV2;
  std::string origin;  // Signed in version 2; always empty in version 1.
  uint64_t size = 0;
  std::string root;       // 64 lowercase hex digits.
  int64_t timestamp = 0;  // Milliseconds since the Unix epoch, UTC.
  std::string signature;  // 64 raw bytes (base64 in JSON).
};

// The exact bytes that are signed (see the top of this file), for the head's
// version. Uses origin (version 2), size, root and timestamp; ignores signature.
std::string SignedTreeHeadMessage(const SignedTreeHead& head);

// Builds and signs a version 2 head. kInvalid for a negative timestamp or an
// origin that is not a non-empty line of UTF-8 text (the checkpoint's rule);
// the signer's error, or kInternal if it returns other than 64 bytes.
Result<SignedTreeHead> SignTreeHead(std::string_view origin, uint64_t size, const Hash32& root,
                                    int64_t timestamp, const Ed25519SignFn& sign);

// Checks the head's form (root is 64 lowercase hex digits, timestamp >= 0,
// signature 64 bytes, key 32 bytes, a version 2 head's origin a line of text,
// a version 1 head's origin empty) and its signature under
// `public_key_raw32`. kInvalid with a reason on any failure.
Status VerifyTreeHead(const SignedTreeHead& head, std::string_view public_key_raw32,
                      const Ed25519VerifyFn& verify);

Json SignedTreeHeadToJson(const SignedTreeHead& head);
// Reads the JSON form; kInvalid (with the field's path) for a missing or
// unknown field or a value of the wrong form ("version" must be 2 when
// present, and then "origin" is required; without "version" the head is
// version 1 and must not carry "origin"). Does not verify the signature.
Result<SignedTreeHead> SignedTreeHeadFromJson(const Json& json);

// ---------------------------------------------------------------------------
// Public keys.

// The Ed25519 public key as a PEM "PUBLIC KEY" (SubjectPublicKeyInfo, RFC
// 8410), which `openssl pkeyutl -verify -pubin -inkey` reads. Requires 32 bytes.
Result<std::string> Ed25519PublicKeyPem(std::string_view public_key_raw32);
// The reverse: the 32 raw bytes from such a PEM. kInvalid otherwise.
Result<std::string> Ed25519PublicKeyFromPem(std::string_view pem);

// ---------------------------------------------------------------------------
// C2SP signed notes.

// One signature line of a note. For lif's own signatures `signature` is the
// 64-byte Ed25519 signature.
struct NoteSignature {
  std::string key_name;
  uint32_t key_id = 0;    // Big-endian first four bytes of the base64 payload.
  std::string signature;  // The payload after the key id.
};

struct SignedNote {
  std::string text;  // Ends with "\n"; excludes the blank separator line.
  std::vector<NoteSignature> signatures;
};

// An Ed25519 key as a note signer or verifier knows it.
struct NoteKey {
  std::string key_name;    // No spaces, no "+"; for checkpoints the origin.
  std::string public_key;  // 32 raw bytes.
};

// Checks a key name: non-empty UTF-8 without Unicode spaces or "+".
Status ValidateNoteKeyName(std::string_view key_name);

// SHA-256(key name || 0x0A || 0x01 || public key)[:4] as a big-endian uint32.
uint32_t NoteKeyId(const Sha256Fn& sha256, const NoteKey& key);

// The verifier key string used by sumdb/note tooling:
// "<name>+<8 hex digits of key id>+<base64(0x01 || public key)>".
Result<std::string> NoteVerifierKey(const Sha256Fn& sha256, const NoteKey& key);

// Serialises a note: text, blank line, one line per signature. kInvalid when
// the text is empty, does not end in "\n", contains a control character other
// than "\n" or invalid UTF-8, or a key name is invalid, or there is no signature.
Result<std::string> EncodeSignedNote(const SignedNote& note);

// Parses a note: splits at the last blank line; every line after it must be a
// well-formed signature line (at most 100). kInvalid otherwise.
Result<SignedNote> ParseSignedNote(std::string_view note);

// Signs `text` (must end in "\n") with `key` and returns the encoded note
// carrying that one signature.
Result<std::string> SignNote(std::string_view text, const NoteKey& key, const Ed25519SignFn& sign,
                             const Sha256Fn& sha256);

// Parses `note` and verifies it per the signed-note spec: signatures whose
// (name, key id) is not `key`'s are ignored; a signature that matches `key`
// but fails to verify rejects the note; at least one must verify. Returns the
// parsed note on success.
Result<SignedNote> VerifySignedNote(std::string_view note, const NoteKey& key,
                                    const Ed25519VerifyFn& verify, const Sha256Fn& sha256);

// ---------------------------------------------------------------------------
// C2SP checkpoints.

struct Checkpoint {
  std::string origin;  // E.g. "lif.example/hartlepool-board".
  uint64_t size = 0;
  Hash32 root{};
  std::vector<std::string> extensions;  // Optional, non-empty lines; lif writes none.
};

// "<origin>\n<size>\n<base64 root>\n" followed by one line per extension.
// kInvalid for an empty origin or one with a newline, control character or
// invalid UTF-8, or an empty or malformed extension line.
Result<std::string> CheckpointText(const Checkpoint& checkpoint);

// Parses checkpoint note text (not the signatures): origin, decimal size
// without leading zeros, base64 of exactly 32 bytes, optional extensions.
Result<Checkpoint> ParseCheckpointText(std::string_view text);

// Signs a checkpoint as a note (the key name should be the origin).
Result<std::string> SignCheckpoint(const Checkpoint& checkpoint, const NoteKey& key,
                                   const Ed25519SignFn& sign, const Sha256Fn& sha256);

// Verifies a checkpoint note with `key` (VerifySignedNote), parses its text,
// and checks that its origin is `origin`. Returns the checkpoint.
Result<Checkpoint> VerifyCheckpoint(std::string_view note, std::string_view origin,
                                    const NoteKey& key, const Ed25519VerifyFn& verify,
                                    const Sha256Fn& sha256);

}  // namespace lif
