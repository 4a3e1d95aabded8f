// JavaScript bindings of the lif core (embind). Bindings only: parsing,
// verification, projections and views are the core's own functions, so the
// browser computes exactly what the server computes.
//
// The module holds one opened bundle at a time (a page shows one bundle).
// SHA-256 is supplied by JavaScript with setSha256(fn) before openBundle: fn
// receives a Uint8Array and returns the 32-byte digest as 64 hex digits or as
// a Uint8Array; the core carries no crypto of its own.
//
// Every function returns a JSON string and never throws into JavaScript:
//   setSha256(fn)               -> undefined
//   openBundle(bytes or text)   -> {"ok": true, "disclosed", "size", "head", "exported_at",
//                                   "signed_head", "bytes"} or
//                                  {"ok": false, "error": {"message", "path"}}
//   view(name, queryJson)       -> RenderView's JSON, or {"error": {"code", "message", "path"}}
//                                  queryJson: {"today": "YYYY-MM-DD", "as_of": "", ...filters}
//   viewNames()                 -> ["learning", ...]
//   merkleRoot()                -> {"size": N, "root": "<64 hex>"}: the RFC 6962
//                                  root of all events of the open bundle
//                                  (lif::MerkleTree), or {"error": ...}
//   signedHeadMessage()         -> {"present": false} for an unsigned bundle, or
//                                  {"present": true, "version": 2, "origin": "...",
//                                  "message": "lif-tree-head/v2\norigin ...\n..."}
//                                  (the exact bytes the Ed25519 signature covers,
//                                  lif::SignedTreeHeadMessage; origin is the signed
//                                  origin, "" for a version 1 head, whose origin
//                                  beside it is not signed), or {"error": ...}
//                                  when the header's signed_head is malformed
//   keyFingerprint(base64 key)  -> {"hex": "<64 hex>", "short": "xxxx xxxx ..."}
//                                  (lif::Ed25519KeyFingerprint), or {"error": ...}
//   fingerprintMatches(given, base64 key)
//                               -> {"matches": bool} (lif::FingerprintMatches: the
//                                  short or full form, as a person types it), or
//                                  {"error": ...} when `given` is not a fingerprint
//   history(stream)             -> {"stream", "events": [EventToJson, ...]}: every
//                                  event of one stream, oldest first
//   annualReport(year, queryJson) -> the annual report (core/report) as JSON, or
//                                  {"document", "type"} for queryJson's format
//                                  "html" or "csv"; queryJson: {"today", "format"}
//
// Thread-safety: a wasm instance is single-threaded; the state below belongs
// to the instance.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <string>

#include "core/bundle/bundle.h"
#include "core/integrity/base64.h"
#include "core/integrity/key_fingerprint.h"
#include "core/integrity/merkle.h"
#include "core/integrity/signed_head.h"
#include "core/log/memory_log.h"
#include "core/projections/board_state.h"
#include "core/report/annual_report.h"
#include "core/views/views.h"

namespace {

using emscripten::val;

struct Session {
  val sha256 = val::undefined();
  bool bad_digest = false;  // Set when the JS function returned something unusable.
  std::unique_ptr<lif::MemoryLog> log;
  lif::BundleHeader header;
  // The last state built, keyed by its as_of text, so that rendering several
  // views at one date folds the log once.
  std::string state_as_of;
  std::unique_ptr<lif::BoardState> state;
};

Session& CurrentSession() {
  static Session session;
  return session;
}

// One crossing into JavaScript per digest (once per event when a bundle
// is opened): calls fn on a view of the bytes and writes its answer into out
// without going through embind's value conversions. Returns 1 for a 32-byte
// digest copied into out[0..32), 2 for a 64-character ASCII string copied into
// out[0..64) (hex, checked by the caller), 0 for anything else.
// Emval.toValue is embind's handle table (Emscripten 3.1.6, the version built
// against).
// clang-format off
EM_JS(int, lif_call_sha256, (emscripten::EM_VAL fn, const uint8_t* data, size_t size,
                             uint8_t* out), {
  var digest = Emval.toValue(fn)(HEAPU8.subarray(data, data + size));
  if (typeof digest === 'string') {
    if (digest.length !== 64) return 0;
    for (var i = 0; i < 64; ++i) {
      var c = digest.charCodeAt(i);
      if (c > 127) return 0;
      HEAPU8[out + i] = c;
    }
    return 2;
  }
  if (digest === null || typeof digest !== 'object' || digest.length !== 32) return 0;
  HEAPU8.set(digest, out);
  return 1;
});
// clang-format on

lif::Hash32 JsSha256(std::string_view bytes) {
  Session& s = CurrentSession();
  lif::Hash32 out{};
  // The bytes are a view on the wasm memory: valid for the call, as the
  // digest function does not allocate in the module.
  char answer[64];
  const int kind =
      lif_call_sha256(s.sha256.as_handle(), reinterpret_cast<const uint8_t*>(bytes.data()),
                      bytes.size(), reinterpret_cast<uint8_t*>(answer));
  if (kind == 1) {
    std::copy(answer, answer + out.size(), out.begin());
  } else if (kind != 2 || !lif::FromHex(std::string_view(answer, sizeof answer), &out)) {
    s.bad_digest = true;
  }
  return out;
}

bool IsInstance(const val& value, const char* type) {
  // clang-format reads `instanceof` as the JavaScript operator.
  // clang-format off
  return value.instanceof(val::global(type));
  // clang-format on
}

// The bundle's bytes from JavaScript: a string (read as UTF-8, as embind's
// std::string conversion does) or a Uint8Array / Int8Array /
// Uint8ClampedArray / ArrayBuffer, copied in one TypedArray.set rather than
// embind's byte-by-byte loop. False for anything else.
bool BytesFromJs(const val& input, std::string* out) {
  if (input.isString()) {
    *out = input.as<std::string>();
    return true;
  }
  val array = input;
  if (IsInstance(input, "ArrayBuffer")) {
    array = val::global("Uint8Array").new_(input);
  } else if (!IsInstance(input, "Uint8Array") && !IsInstance(input, "Int8Array") &&
             !IsInstance(input, "Uint8ClampedArray")) {
    return false;
  }
  out->resize(array["length"].as<size_t>());
  if (!out->empty()) {
    val(emscripten::typed_memory_view(out->size(), reinterpret_cast<uint8_t*>(out->data())))
        .call<void>("set", array);
  }
  return true;
}

std::string ErrorJson(const lif::Status& status) {
  return lif::Json{{"error",
                    {{"code", lif::StatusCodeName(status.code())},
                     {"message", status.message()},
                     {"path", status.path()}}}}
      .dump();
}

void SetSha256(val fn) { CurrentSession().sha256 = std::move(fn); }

std::string OpenBundle(const val& input) {
  Session& s = CurrentSession();
  auto failure = [](const std::string& message, const std::string& path) {
    return lif::Json{{"ok", false}, {"error", {{"message", message}, {"path", path}}}}.dump();
  };
  s.log.reset();
  s.state.reset();
  s.state_as_of.clear();
  if (s.sha256.isUndefined()) return failure("no SHA-256 function: call setSha256 first", "");
  try {
    std::string bytes;
    if (!BytesFromJs(input, &bytes)) {
      return failure("openBundle needs a string, a Uint8Array or an ArrayBuffer", "");
    }
    s.bad_digest = false;
    lif::Result<lif::Bundle> bundle = lif::ParseBundle(bytes, &JsSha256);
    if (s.bad_digest) return failure("the SHA-256 function returned an invalid digest", "");
    if (!bundle.ok()) return failure(bundle.status().message(), bundle.status().path());
    auto log = std::make_unique<lif::MemoryLog>(
        &JsSha256, nullptr, [] { return lif::Timestamp{}; }, [] { return std::string(); });
    lif::Status loaded = log->Load(std::move(bundle->events));
    if (!loaded.ok()) return failure(loaded.message(), loaded.path());
    s.log = std::move(log);
    s.header = bundle->header;
    return lif::Json{{"ok", true},
                     {"disclosed", bundle->disclosed},
                     {"size", s.header.size},
                     {"head", s.header.head},
                     {"exported_at", s.header.exported_at},
                     {"signed_head", s.header.signed_head},
                     {"bytes", bytes.size()}}
        .dump();
  } catch (const std::exception& e) {
    return failure(std::string("internal error: ") + e.what(), "");
  }
}

std::string View(const std::string& name, const std::string& query_json) {
  Session& s = CurrentSession();
  if (!s.log) return ErrorJson(lif::Status::Invalid("no bundle is open"));
  try {
    lif::Json query = lif::Json::parse(query_json, nullptr, /*allow_exceptions=*/false);
    if (query.is_discarded() || !query.is_object()) {
      return ErrorJson(lif::Status::Invalid("the query must be a JSON object"));
    }
    lif::ViewContext ctx;
    std::string as_of_text;
    bool have_today = false;
    for (const auto& [key, value] : query.items()) {
      if (!value.is_string()) {
        return ErrorJson(lif::Status::Invalid("query values must be strings", "/" + key));
      }
      const std::string text = value.get<std::string>();
      if (key == "today") {
        lif::Result<lif::Date> today = lif::ParseDate(text);
        if (!today.ok()) return ErrorJson(lif::Status::Invalid(today.status().message(), "/today"));
        ctx.today = *today;
        have_today = true;
      } else if (key == "as_of") {
        as_of_text = text;
      } else {
        ctx.filters[key] = text;
      }
    }
    if (!have_today)
      return ErrorJson(lif::Status::Invalid("today (YYYY-MM-DD) is required", "/today"));
    lif::Result<lif::AsOf> as_of = lif::ParseAsOf(as_of_text);
    if (!as_of.ok()) return ErrorJson(as_of.status().WithPathPrefix("/"));
    ctx.as_of = *as_of;
    if (!s.state || s.state_as_of != as_of_text) {
      lif::Result<lif::BoardState> state = lif::BuildBoardState(*s.log, ctx.as_of);
      if (!state.ok()) return ErrorJson(state.status());
      s.state = std::make_unique<lif::BoardState>(std::move(*state));
      s.state_as_of = as_of_text;
    }
    lif::Result<lif::Json> body = lif::RenderView(name, *s.state, ctx);
    if (!body.ok()) return ErrorJson(body.status());
    return body->dump();
  } catch (const std::exception& e) {
    return ErrorJson(lif::Status::Internal(std::string("internal error: ") + e.what()));
  }
}

std::string ViewNamesJson() { return lif::Json(lif::ViewNames()).dump(); }

std::string MerkleRoot() {
  Session& s = CurrentSession();
  if (!s.log) return ErrorJson(lif::Status::Invalid("no bundle is open"));
  try {
    s.bad_digest = false;
    lif::MerkleTree tree(&JsSha256);
    lif::Status caught_up = tree.CatchUp(*s.log);
    if (!caught_up.ok()) return ErrorJson(caught_up);
    if (s.bad_digest) {
      return ErrorJson(lif::Status::Invalid("the SHA-256 function returned an invalid digest"));
    }
    return lif::Json{{"size", tree.size()}, {"root", lif::ToHex(tree.Root())}}.dump();
  } catch (const std::exception& e) {
    return ErrorJson(lif::Status::Internal(std::string("internal error: ") + e.what()));
  }
}

std::string SignedHeadMessage() {
  Session& s = CurrentSession();
  if (!s.log) return ErrorJson(lif::Status::Invalid("no bundle is open"));
  try {
    const lif::Json& signed_head = s.header.signed_head;
    if (signed_head.is_null()) return lif::Json{{"present", false}}.dump();
    if (!signed_head.is_object()) {
      return ErrorJson(lif::Status::Invalid("signed_head must be an object", "/signed_head"));
    }
    // The bundle's head also names the key; the signed part is the tree
    // head itself. A version 1 head (older packs) carries an origin beside
    // it that it does not sign: it is dropped, so that it is never shown as signed.
    lif::Json head = signed_head;
    head.erase("public_key");
    if (!head.contains("version")) head.erase("origin");
    lif::Result<lif::SignedTreeHead> parsed = lif::SignedTreeHeadFromJson(head);
    if (!parsed.ok()) return ErrorJson(parsed.status().WithPathPrefix("/signed_head"));
    return lif::Json{{"present", true},
                     {"version", static_cast<int>(parsed->version)},
                     {"origin", parsed->origin},
                     {"message", lif::SignedTreeHeadMessage(*parsed)}}
        .dump();
  } catch (const std::exception& e) {
    return ErrorJson(lif::Status::Internal(std::string("internal error: ") + e.what()));
  }
}

lif::Result<lif::KeyFingerprint> FingerprintOf(const std::string& key_base64) {
  if (CurrentSession().sha256.isUndefined()) {
    return lif::Status::Invalid("no SHA-256 function: call setSha256 first");
  }
  lif::Result<std::string> raw = lif::Base64Decode(key_base64);
  if (!raw.ok()) return lif::Status::Invalid("the key is not base64");
  return lif::Ed25519KeyFingerprint(&JsSha256, *raw);
}

std::string KeyFingerprintJson(const std::string& key_base64) {
  try {
    lif::Result<lif::KeyFingerprint> fp = FingerprintOf(key_base64);
    if (!fp.ok()) return ErrorJson(fp.status());
    return lif::Json{{"hex", fp->hex}, {"short", fp->short_form}}.dump();
  } catch (const std::exception& e) {
    return ErrorJson(lif::Status::Internal(std::string("internal error: ") + e.what()));
  }
}

std::string FingerprintMatchesJson(const std::string& given, const std::string& key_base64) {
  try {
    lif::Result<lif::KeyFingerprint> fp = FingerprintOf(key_base64);
    if (!fp.ok()) return ErrorJson(fp.status());
    lif::Result<bool> matches = lif::FingerprintMatches(given, *fp);
    if (!matches.ok()) return ErrorJson(matches.status());
    return lif::Json{{"matches", *matches}}.dump();
  } catch (const std::exception& e) {
    return ErrorJson(lif::Status::Internal(std::string("internal error: ") + e.what()));
  }
}

std::string History(const std::string& stream) {
  Session& s = CurrentSession();
  if (!s.log) return ErrorJson(lif::Status::Invalid("no bundle is open"));
  try {
    lif::Result<std::vector<lif::Event>> events =
        s.log->ReadStream(stream, 0, std::numeric_limits<size_t>::max());
    if (!events.ok()) return ErrorJson(events.status());
    lif::Json list = lif::Json::array();
    for (const lif::Event& e : *events) list.push_back(lif::EventToJson(e));
    return lif::Json{{"stream", stream}, {"events", std::move(list)}}.dump();
  } catch (const std::exception& e) {
    return ErrorJson(lif::Status::Internal(std::string("internal error: ") + e.what()));
  }
}

// The annual report of `year` ("2025" or "2025/26") as the server computes it
// (core/report), from the open bundle folded as of the year's end (or
// `today` while the year runs); its signed head is the bundle's, as the
// bundle carries it (the page shows a report only from a verified bundle).
std::string AnnualReport(const std::string& year_text, const std::string& query_json) {
  Session& s = CurrentSession();
  if (!s.log) return ErrorJson(lif::Status::Invalid("no bundle is open"));
  try {
    lif::Json query = lif::Json::parse(query_json, nullptr, /*allow_exceptions=*/false);
    if (query.is_discarded() || !query.is_object()) {
      return ErrorJson(lif::Status::Invalid("the query must be a JSON object"));
    }
    lif::Result<lif::Date> today = lif::ParseDate(query.value("today", ""));
    if (!today.ok()) return ErrorJson(lif::Status::Invalid(today.status().message(), "/today"));
    const std::string format = query.value("format", "json");
    if (format != "json" && format != "html" && format != "csv") {
      return ErrorJson(lif::Status::Invalid("format must be json, html or csv", "format"));
    }
    lif::Result<lif::ReportingYear> year = lif::ParseReportingYear(year_text);
    if (!year.ok()) return ErrorJson(year.status());
    lif::Result<lif::Date> as_of_date = lif::ReportAsOf(*year, *today);
    if (!as_of_date.ok()) return ErrorJson(as_of_date.status());
    lif::AsOf as_of;
    as_of.kind = lif::AsOf::Kind::kDate;
    as_of.date = *as_of_date;
    lif::Result<lif::BoardState> state = lif::BuildBoardState(*s.log, as_of);
    if (!state.ok()) return ErrorJson(state.status());
    lif::Json head = s.header.signed_head;
    if (head.is_object()) {
      // As GET /v1/head answers: the signed fields only (a v1 head signs no origin).
      head.erase("public_key");
      if (!head.contains("version")) head.erase("origin");
    }
    lif::Result<lif::Json> report = lif::BuildAnnualReport(*state, *year, *today, head);
    if (!report.ok()) return ErrorJson(report.status());
    if (format == "html") {
      return lif::Json{{"document", lif::AnnualReportHtml(*report, "")},
                       {"type", "text/html"}}
          .dump();
    }
    if (format == "csv") {
      return lif::Json{{"document", lif::AnnualReportCsv(*report)}, {"type", "text/csv"}}.dump();
    }
    return report->dump();
  } catch (const std::exception& e) {
    return ErrorJson(lif::Status::Internal(std::string("internal error: ") + e.what()));
  }
}

}  // namespace

EMSCRIPTEN_BINDINGS(lif_core) {
  emscripten::function("annualReport", &AnnualReport);
  emscripten::function("setSha256", &SetSha256);
  emscripten::function("openBundle", &OpenBundle);
  emscripten::function("view", &View);
  emscripten::function("viewNames", &ViewNamesJson);
  emscripten::function("merkleRoot", &MerkleRoot);
  emscripten::function("signedHeadMessage", &SignedHeadMessage);
  emscripten::function("keyFingerprint", &KeyFingerprintJson);
  emscripten::function("fingerprintMatches", &FingerprintMatchesJson);
  emscripten::function("history", &History);
}
