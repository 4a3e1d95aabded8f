#include "server/pack/board_pack.h"

#include <chrono>
#include <fstream>
#include <sstream>

#include "core/bundle/bundle.h"
#include "core/integrity/base64.h"
#include "core/integrity/key_fingerprint.h"
#include "core/privacy/sealed_values.h"
#include "core/validation/catalogue.h"
#include "server/crypto/openssl_crypto.h"
#include "server/http/api_server.h"
#include "server/pack/checkpoint.h"
#include "server/pack/gzip.h"

namespace lif::server {

Result<std::string> ExportBundle(const store::RocksLog& log, IntegrityService* integrity) {
  LogHead head = log.Head();
  BundleHeader header;
  header.size = head.position;
  header.head = head.hash;
  header.exported_at =
      FormatTimestamp(Timestamp{std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count()});
  Result<Json> signed_head = SignedBundleHead(integrity, head.position);
  if (!signed_head.ok()) return signed_head.status();
  header.signed_head = *signed_head;
  std::string lines;
  std::vector<Json> sealed;
  Status scan = log.Scan(0, head.position, [&](const Event& e) {
    AppendBundleEvent(e, &lines);
    const EventTypeDef* def = Catalogue::Default().Find(e.type);
    if (def && def->has_personal_fields) {
      // The stored bytes hold the sealed values; disclose those still readable
      // that carry a commitment.
      sealed.clear();
      Json stored = Json::parse(e.canonical, nullptr, /*allow_exceptions=*/false);
      if (stored.is_object() && stored.contains("data"))
        CollectSealedValues(stored["data"], &sealed);
      // Each under its commitment, which the signed event carries.
      for (const Json& value : sealed) {
        std::optional<Json> disclosure = log.DiscloseSealed(value);
        if (disclosure) header.disclosures[value["commit"].get<std::string>()] = *disclosure;
      }
    }
    return IterationDecision::kContinue;
  });
  if (!scan.ok()) return scan;
  return EncodeBundleHeader(header) + "\n" + lines;
}

Date CheckpointDate(const std::string& bundle) {
  const size_t nl = bundle.find('\n');
  Json header = Json::parse(bundle.substr(0, nl == std::string::npos ? bundle.size() : nl), nullptr,
                            /*allow_exceptions=*/false);
  if (header.is_object() && header.contains("exported_at") && header["exported_at"].is_string()) {
    Result<Timestamp> at = ParseDateOrTimestamp(header["exported_at"].get<std::string>());
    if (at.ok()) return DateOf(*at);
  }
  return DateOf(Timestamp{std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count()});
}

Result<std::string> MakeBoardPack(const std::string& page, const std::string& bundle,
                                  const std::string& name, const PackPin& pin) {
  static const std::string kSlot =
      R"(<script type="application/x-lif-bundle" id="lif-bundle" data-name=""></script>)";
  size_t at = page.find(kSlot);
  if (at == std::string::npos) {
    return Status::Internal("the web page has no empty bundle slot; rebuild it (target lif_web)");
  }
  Result<std::string> checkpoint = MakeCheckpoint(bundle, CheckpointDate(bundle));
  if (!checkpoint.ok()) {
    return Status::Invalid("the bundle does not verify: " + checkpoint.status().message(),
                           checkpoint.status().path());
  }
  Result<KeyFingerprint> fingerprint =
      Ed25519KeyFingerprint(crypto::Sha256Function(), pin.public_key);
  if (!fingerprint.ok()) return fingerprint.status();
  // "<" as \u003c, so that the text cannot end its <script> element.
  std::string pinned = Json{
      {"public_key", Base64Encode(pin.public_key)},
      {"fingerprint", fingerprint->hex},
      {"fingerprint_short", fingerprint->short_form},
      {"origin",
       pin.origin}}.dump();
  std::string escaped;
  for (char c : pinned) {
    if (c == '<') {
      escaped += "\\u003c";
    } else {
      escaped.push_back(c);
    }
  }
  Result<std::string> gzip = GzipCompress(bundle);
  if (!gzip.ok()) return gzip.status();
  std::string safe_name;
  for (char c : name) {
    if (c == '"' || c == '<' || c == '>' || c == '&') continue;
    safe_name.push_back(c);
  }
  // The checkpoint first: the page shows it as soon as the bundle's element
  // begins, while the browser still reads the bundle.
  std::string filled =
      R"(<script type="application/json" id="lif-pin">)" + escaped + "</script>" +
      R"(<script type="application/json" id="lif-checkpoint">)" + *checkpoint + "</script>" +
      R"(<script type="application/x-lif-bundle" id="lif-bundle" data-encoding="gzip" data-name=")" +
      safe_name + "\">" + Base64Encode(*gzip) + "</script>";
  std::string out = page;
  out.replace(at, kSlot.size(), filled);
  return out;
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace lif::server
