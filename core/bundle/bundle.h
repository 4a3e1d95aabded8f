// Bundles: an export of the log that can be checked anywhere, offline.
//
// Format (docs/bundle.md): newline-delimited UTF-8 text. Line 1 is the header,
// a JSON object {"lif_bundle": 1, "size": N, "head": "<hex hash of event N>",
// "exported_at": "<timestamp>", "signed_head": <object or null>}; lines 2..N+1
// are the stored canonical bytes of events 1..N, exactly as hashed, so that
// `sed -n 2p bundle | tr -d '\n' | sha256sum` gives event 1's hash.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/log/append.h"

namespace lif {

struct BundleHeader {
  int64_t size = 0;
  std::string head = ZeroHashHex();  // Hash of the last event (64 zeros when empty).
  std::string exported_at;
  Json signed_head = nullptr;  // Filled once the log has signed tree heads.
  // The text and salt of each sealed personal value that was readable when
  // exported, keyed by its commitment (core/privacy/disclosures.h). Outside
  // the hashes and the signature, but each is checked against the commitment
  // inside its event, which they cover; written only when not empty.
  Json disclosures = Json::object();
};

struct Bundle {
  BundleHeader header;
  std::vector<Event> events;
  // How many sealed values were opened with a disclosure that matched.
  int64_t disclosed = 0;
};

// Serialises the header line (without the newline).
std::string EncodeBundleHeader(const BundleHeader& header);

// Appends one event line (its canonical bytes and a newline) to `out`.
void AppendBundleEvent(const Event& event, std::string* out);

// Parses and verifies a bundle: every line decodes to canonical bytes, the
// chain links from 64 zeros, positions are 1..N, and the header's size and
// head match the events. A tampered or truncated bundle fails with kInvalid
// naming the first bad line ("/lines/5"). The events' sealed personal values
// are opened with the header's disclosures, each checked against the
// commitment in its event: an altered disclosure fails like an altered event
// (kInvalid, path "/lines/5/data/lead"), and so does a disclosure that belongs
// to no value. Undisclosed values read as kErasedText, values sealed without a
// commitment as kWithheldText; canonical bytes and hashes stay as exported.
Result<Bundle> ParseBundle(std::string_view text, const Sha256Fn& sha256);

}  // namespace lif
