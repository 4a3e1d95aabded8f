// Sealed personal values: the core's side of crypto-shredding (docs/privacy.md).
//
// Fields that a catalogue schema marks "x-lif-personal": true (a practitioner's
// name, a free-text note) are stored sealed: before an event is hashed the
// server replaces each such string with
//
//   {"commit": "<hex>", "enc": "<base64 of nonce || AES-256-GCM ciphertext || tag>",
//    "subject": "<subject>"}
//
// under a key of its subject (the event's stream) kept outside the log; the
// commitment binds the text a bundle discloses to the signed event
// (core/privacy/disclosures.h; values sealed before it have no "commit"). The
// core never decrypts: readers pass an opener (the server's, holding the keys)
// or a bundle's checked disclosures that turn a sealed value back into its
// text, or into kErasedText once the subject's key was erased. Opening changes only an
// event's `data`; its canonical bytes and hash stay as stored, so chains, trees
// and signatures verify whether or not anything was erased.
//
// Thread-safety: the functions are pure; openers must be safe to call from the
// thread that reads.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/json.h"

namespace lif {

// What a personal value reads as once its subject's key is erased.
inline constexpr const char* kErasedText = "[erased]";
// What a sealed value reads as when it cannot be opened for another reason (a
// damaged value or key); never the case for values lif sealed itself.
inline constexpr const char* kUnreadableText = "[unreadable]";

// True for {"enc": string, "subject": string} (exactly these two members: a
// value sealed before commitments) and {"commit": string, "enc": string,
// "subject": string} (exactly these three).
bool IsSealedValue(const Json& value);

// True when `schema` (a catalogue data schema) marks any field "x-lif-personal".
bool SchemaHasPersonalFields(const Json& schema);

// True when `data` holds a sealed value anywhere.
bool ContainsSealedValues(const Json& data);

// The JSON pointer (RFC 6901) of the first sealed value in `data`, in
// document order ("" for `data` itself), or nullopt when it holds none.
std::optional<std::string> FindSealedValue(const Json& data);

// Turns one sealed value into the JSON string it reads as (the text,
// kErasedText or kUnreadableText).
using SealedValueOpener = std::function<std::string(const Json& sealed)>;

// A copy of `data` with every sealed value replaced by `open(value)`.
Json OpenSealedValues(const Json& data, const SealedValueOpener& open);

// Opens the sealed values of `event->data` in place (canonical bytes and hash
// untouched). Does nothing when the data holds none.
void OpenEventData(Event* event, const SealedValueOpener& open);

// Every sealed value in `data`, in document order.
void CollectSealedValues(const Json& data, std::vector<Json>* out);

}  // namespace lif
