#include "server/pack/verify_pack.h"

#include "core/bundle/bundle.h"
#include "core/integrity/base64.h"
#include "core/integrity/merkle.h"
#include "core/integrity/signed_head.h"
#include "server/crypto/openssl_crypto.h"
#include "server/pack/board_pack.h"
#include "server/pack/checkpoint.h"
#include "server/pack/gzip.h"

namespace lif::server {

namespace {

// A pack's bundle is at most this large once inflated (a 1,000,000-event
// board is well under it).
constexpr size_t kMaxBundleBytes = size_t{4} << 30;

// The text of the first element whose start tag begins with `start_tag` (up
// to its "</script>"), or nullopt. The page finds the same elements by id.
std::optional<std::string_view> ElementText(std::string_view html, std::string_view start_tag) {
  const size_t at = html.find(start_tag);
  if (at == std::string_view::npos) return std::nullopt;
  const size_t open_end = html.find('>', at);
  if (open_end == std::string_view::npos) return std::nullopt;
  const size_t close = html.find("</script>", open_end);
  if (close == std::string_view::npos) return std::nullopt;
  return html.substr(open_end + 1, close - open_end - 1);
}

PackVerdict Fail(PackVerdict verdict, std::string check, std::string reason) {
  verdict.verified = false;
  verdict.failed_check = std::move(check);
  verdict.reason = std::move(reason);
  return verdict;
}

}  // namespace

Json PackVerdict::ToJson() const {
  Json j = {{"verified", verified},
            {"size", size},
            {"root", root},
            {"signed_version", signed_version},
            {"signed_origin", signed_origin},
            {"pinned_fingerprint", pinned.hex},
            {"pinned_fingerprint_short", pinned.short_form}};
  if (!verified) {
    j["failed_check"] = failed_check;
    j["reason"] = reason;
  }
  return j;
}

Result<PackVerdict> VerifyBoardPack(std::string_view html, const ExpectedKey& expected) {
  const Sha256Fn sha256 = crypto::Sha256Function();
  if (!expected.public_key.empty() && expected.public_key.size() != kEd25519PublicKeySize) {
    return Status::Invalid("the expected key must be an Ed25519 public key (32 bytes)", "key");
  }
  if (!expected.fingerprint.empty()) {
    Result<std::string> normal = NormaliseFingerprint(expected.fingerprint);
    if (!normal.ok()) return normal.status().WithPathPrefix("fingerprint");
  }
  PackVerdict verdict;

  // 1. The pinned key: the pack's, else the one the caller gives.
  std::string pinned_key;
  if (std::optional<std::string_view> pin =
          ElementText(html, R"(<script type="application/json" id="lif-pin">)")) {
    Json j = Json::parse(*pin, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || !j.contains("public_key") || !j["public_key"].is_string()) {
      return Fail(verdict, "pin", "the pack's pinned key (#lif-pin) is not the documented object");
    }
    Result<std::string> raw = Base64Decode(j["public_key"].get<std::string>());
    if (!raw.ok() || raw->size() != kEd25519PublicKeySize) {
      return Fail(verdict, "pin", "the pack's pinned key is not a 32-byte Ed25519 key");
    }
    pinned_key = *raw;
  } else if (!expected.public_key.empty()) {
    pinned_key = expected.public_key;
  } else {
    return Fail(verdict, "pin",
                "the pack pins no key (it was made before lif pinned keys); give --key to check "
                "it against the board's key");
  }
  verdict.pinned = *Ed25519KeyFingerprint(sha256, pinned_key);

  // 2. The bundle: decoded, inflated, parsed with its chain.
  std::optional<std::string_view> body =
      ElementText(html, R"(<script type="application/x-lif-bundle" id="lif-bundle")");
  if (!body) return Fail(verdict, "bundle", "the pack holds no bundle (#lif-bundle)");
  std::string base64;
  for (char c : *body) {
    if (c != '\n' && c != '\r' && c != ' ' && c != '\t') base64.push_back(c);
  }
  if (base64.empty()) return Fail(verdict, "bundle", "the pack's bundle element is empty");
  Result<std::string> bytes = Base64Decode(base64);
  if (!bytes.ok()) return Fail(verdict, "bundle", "the pack's bundle is not base64");
  std::string text = std::move(*bytes);
  if (text.size() >= 2 && static_cast<unsigned char>(text[0]) == 0x1f &&
      static_cast<unsigned char>(text[1]) == 0x8b) {
    Result<std::string> inflated = GzipDecompress(text, kMaxBundleBytes);
    if (!inflated.ok()) {
      return Fail(verdict, "bundle",
                  "the pack's bundle is not whole gzip data: " + inflated.status().message());
    }
    text = std::move(*inflated);
  }
  Result<Bundle> bundle = ParseBundle(text, sha256);
  if (!bundle.ok()) {
    const std::string where =
        bundle.status().path().empty() ? "" : " (at " + bundle.status().path() + ")";
    return Fail(verdict, "bundle",
                "the bundle does not verify: " + bundle.status().message() + where);
  }
  verdict.size = bundle->header.size;

  // 3. The Merkle root of the events.
  MerkleTree tree(sha256);
  for (const Event& e : bundle->events) {
    if (Status s = tree.AppendEvent(e); !s.ok()) return Fail(verdict, "root", s.message());
  }
  verdict.root = ToHex(tree.Root());
  const Json& signed_head = bundle->header.signed_head;
  if (signed_head.is_null()) {
    return Fail(verdict, "unsigned", "the bundle carries no signed tree head");
  }
  if (!signed_head.is_object()) return Fail(verdict, "signature", "signed_head is not an object");
  Json head_json = signed_head;
  head_json.erase("public_key");
  Result<SignedTreeHead> head = SignedTreeHeadFromJson(head_json);
  if (!head.ok()) {
    // A version 1 head as older packs carry it: an origin beside it, not signed.
    if (!signed_head.contains("version") && signed_head.contains("origin")) {
      head_json.erase("origin");
      head = SignedTreeHeadFromJson(head_json);
    }
    if (!head.ok()) {
      return Fail(verdict, "signature",
                  "the signed head is malformed: " + head.status().message() + " (at /signed_head" +
                      head.status().path() + ")");
    }
  }
  verdict.signed_version = static_cast<int>(head->version);
  verdict.signed_origin = head->origin;
  if (head->size != tree.size() || head->root != verdict.root) {
    return Fail(verdict, "root",
                "the Merkle root of the " + std::to_string(tree.size()) + " events (" +
                    verdict.root + ") is not the signed root of " + std::to_string(head->size) +
                    " events (" + head->root + ")");
  }

  // 4. Signed by the pinned key, and only it.
  std::string named_key;
  if (signed_head.contains("public_key") && signed_head["public_key"].is_string()) {
    Result<std::string> raw = Base64Decode(signed_head["public_key"].get<std::string>());
    if (raw.ok()) named_key = *raw;
  }
  if (named_key != pinned_key) {
    Result<KeyFingerprint> named = Ed25519KeyFingerprint(sha256, named_key);
    return Fail(verdict, "key",
                "the bundle is signed by key " + (named.ok() ? named->short_form : "(malformed)") +
                    ", not by the pinned key " + verdict.pinned.short_form);
  }
  if (Status s = VerifyTreeHead(*head, pinned_key, crypto::Ed25519Verify); !s.ok()) {
    return Fail(verdict, "signature", s.message() + " under the pinned key");
  }

  // 5. The pinned key is the one the caller expects.
  if (!expected.public_key.empty() && expected.public_key != pinned_key) {
    return Fail(verdict, "expected_key",
                "the pack pins key " + verdict.pinned.short_form + ", not the key given (" +
                    Ed25519KeyFingerprint(sha256, expected.public_key)->short_form + ")");
  }
  if (!expected.fingerprint.empty() && !*FingerprintMatches(expected.fingerprint, verdict.pinned)) {
    return Fail(verdict, "expected_key",
                "the pack pins key " + verdict.pinned.short_form +
                    ", whose fingerprint is not the one given");
  }

  // 6. The checkpoint, when the pack has one, is what the events give.
  if (std::optional<std::string_view> shown =
          ElementText(html, R"(<script type="application/json" id="lif-checkpoint">)")) {
    Result<std::string> computed = MakeCheckpoint(text, CheckpointDate(text));
    if (!computed.ok() || *computed != *shown) {
      return Fail(verdict, "checkpoint",
                  "the pack's checkpoint (the figures its page shows first) is not what its "
                  "events give");
    }
  }
  verdict.verified = true;
  return verdict;
}

}  // namespace lif::server
