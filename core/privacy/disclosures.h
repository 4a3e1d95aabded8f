// Disclosures: the text of sealed personal values, bound to the signed event
// (docs/privacy.md#disclosures).
//
// A sealed value that lif makes carries a salted commitment to its text:
//
//   {"commit": "<64 hex: SHA-256(salt || text)>", "enc": "...", "subject": "..."}
//
// where `salt` is 32 random bytes sealed with the text (the AES-GCM plain text
// is salt || text, so erasing the subject's key erases the salt too). The
// commitment is part of the event's canonical bytes, so it is covered by the
// hash chain, the Merkle tree and the signed head. A bundle discloses a value
// as {"salt": "<base64 of the 32 bytes>", "text": "..."} under its commitment;
// a reader recomputes SHA-256(salt || text) and refuses the bundle when it is
// not the commitment of the signed event. A value without a disclosure (erased
// before the export, or left out by whoever holds the file) reads as
// kErasedText; the commitment alone reveals nothing of the text (the salt is
// unknown). Values sealed before commitments existed (two members, no
// "commit") cannot be bound: bundles never disclose them and they read as
// kWithheldText.
//
// The digest is the injected Sha256Fn (core/digest.h): OpenSSL on the server,
// @noble/hashes in the browser. Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>

#include "core/digest.h"
#include "core/event.h"
#include "core/json.h"
#include "core/status.h"

namespace lif {

// Bytes of the random salt of each committed value.
inline constexpr size_t kDisclosureSaltBytes = 32;

// What a value sealed without a commitment reads as in a bundle.
inline constexpr const char* kWithheldText = "[withheld]";

// The commitment to `text` under `salt`: 64 lowercase hex digits of
// SHA-256(salt || text). The salt has a fixed length, so the split between
// salt and text is unambiguous.
std::string DisclosureCommitment(std::string_view salt, std::string_view text,
                                 const Sha256Fn& sha256);

// True for a sealed value (IsSealedValue) that carries a "commit".
bool IsCommittedValue(const Json& sealed);

// The disclosure of one value, as a bundle's header carries it under the
// value's commitment: {"salt": base64(salt), "text": text}.
Json MakeDisclosure(std::string_view salt, std::string_view text);

// Opens the sealed values of `event->data` with a bundle's `disclosures`
// (commitment -> MakeDisclosure), checking each disclosure against the
// commitment inside the event. A disclosure that is malformed or does not
// match is kInvalid, its message naming the event's position, type and
// stream, and its path the value in the event ("/data/lead"). Adds every
// commitment it used to `used`. Canonical bytes and hash stay as stored.
Status OpenDisclosedValues(Event* event, const Json& disclosures, const Sha256Fn& sha256,
                           std::unordered_set<std::string>* used);

}  // namespace lif
