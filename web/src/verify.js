// Checks a bundle's signed tree head (docs/integrity.md, docs/web.md) after
// the core has checked its hash chain (openBundle), and decides whether the
// page may call it verified.
//
// verifySignedHead(core, info, ed25519, pinnedKey):
//  1. the RFC 6962 Merkle root of all events, computed by the core
//     (lif::MerkleTree through the bindings' merkleRoot()), must equal
//     signed_head.root, and signed_head.size must equal the number of events;
//  2. with a pinned key (base64; the board's key written into the pack by the
//     exporter, or the key of the server that served the page), the head must
//     name that key and its Ed25519 signature (strict RFC 8032, as OpenSSL
//     verifies it) must verify under it, over the exact bytes the core builds
//     (signedHeadMessage(); version 2 signs the origin). A key the bundle
//     names is never trusted in place of the pinned one: a bundle re-signed
//     with a fresh key gives "wrong_key". Without a pinned key the signature
//     is checked under the key the bundle names, and the result says so
//     (pinned: false).
//
// trustOf(integrity, {expected, remembered}) then decides (pure):
//   verified only when the head is signed, by a pinned key (or by the key
//   whose fingerprint the reader gave), the reader's expected fingerprint (if
//   any) matches, and the fingerprint remembered for the board's origin (if
//   any) is the same. Anything else is not verified, with a reason code:
//   "unsigned", "wrong_key", "unpinned", "fingerprint_differs",
//   "fingerprint_invalid", "key_changed".
//
// The disclosed personal text is checked before this, by the core itself:
// openBundle refuses a bundle whose disclosure does not match the salted
// commitment inside its event (core/privacy/disclosures.h), naming the event
// and the field, so such a bundle never reaches this check and shows no
// figures. Its answer's `disclosed` counts the values that matched.
//
// Pure: no DOM, no clock; used by the page's worker and by the node tests.

function base64ToBytes(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * @param core the object from openCore, with a bundle open.
 * @param info the result of core.openBundle (ok: true).
 * @param ed25519 @noble/curves' ed25519 (verify(signature, message, publicKey, opts)).
 * @param pinnedKey the pinned key in base64, or undefined/'' when none is pinned.
 * Returns {status: "signed" | "unsigned" | "mismatch" | "wrong_key", reason?,
 *          signed?, root, key?, pinned, version?, origin?}: key is the base64
 * key the signature was checked with; origin the signed origin ('' for a
 * version 1 head, which signs none).
 */
export function verifySignedHead(core, info, ed25519, pinnedKey) {
  const pinned = typeof pinnedKey === 'string' && pinnedKey !== '';
  const computed = core.merkleRoot();
  if (computed.error) return { status: 'mismatch', reason: computed.error.message, pinned };
  const head = info.signed_head;
  if (head === null || head === undefined) return { status: 'unsigned', root: computed.root, pinned };
  const mismatch = (reason) => ({ status: 'mismatch', reason, root: computed.root, signed: head, pinned });
  const message = core.signedHeadMessage();
  if (message.error) {
    const where = message.error.path ? ` (at ${message.error.path})` : '';
    return mismatch(`the signed head is malformed: ${message.error.message}${where}`);
  }
  if (head.size !== computed.size || head.size !== info.size) {
    return mismatch(`the signed head covers ${head.size} events but the bundle has ${computed.size}`);
  }
  if (head.root !== computed.root) {
    return mismatch(`the Merkle root of the events (${computed.root}) is not the signed root (${head.root})`);
  }
  const signedBy = { version: message.version, origin: message.origin || '' };
  if (pinned && head.public_key !== pinnedKey) {
    return {
      status: 'wrong_key',
      reason: 'the bundle is signed by another key than the board key pinned for it',
      root: computed.root,
      signed: head,
      key: pinnedKey,
      bundleKey: typeof head.public_key === 'string' ? head.public_key : '',
      pinned,
      ...signedBy,
    };
  }
  const keyText = pinned ? pinnedKey : head.public_key;
  const key = base64ToBytes(keyText);
  if (!key || key.length !== 32) {
    return mismatch(pinned ? 'the pinned key is not an Ed25519 public key' : 'the signed head has no valid Ed25519 public key');
  }
  const signature = base64ToBytes(head.signature);
  if (!signature || signature.length !== 64) return mismatch('the signature is not 64 bytes');
  let valid = false;
  try {
    valid = ed25519.verify(signature, new TextEncoder().encode(message.message), key, { zip215: false });
  } catch (e) {
    valid = false;
  }
  if (!valid) {
    return mismatch(`the Ed25519 signature of the tree head does not verify with ${pinned ? 'the pinned key' : 'its public key'}`);
  }
  return { status: 'signed', root: computed.root, signed: head, key: keyText, pinned, ...signedBy };
}

/**
 * Whether the page may say "Verified" (see the top of this file).
 * @param integrity verifySignedHead's answer, with the worker's additions:
 *   fingerprint {hex, short} of integrity.key, expected: "none" | "match" |
 *   "differs" | "invalid" (the reader's fingerprint against integrity.key).
 * @param remembered the fingerprint (64 hex) this browser first saw for the
 *   board's origin, or ''.
 * Returns {verified, reason, text}.
 */
export function trustOf(integrity, { remembered = '' } = {}) {
  const fp = integrity.fingerprint;
  const no = (reason, text) => ({ verified: false, reason, text });
  if (integrity.status === 'unsigned') {
    return no('unsigned', 'it carries no signed tree head, so nothing shows it is the log the board holds.');
  }
  if (integrity.status === 'wrong_key') {
    const other = integrity.bundleFingerprint ? ` ${integrity.bundleFingerprint.short}` : ' that is not a valid key';
    return no('wrong_key', `it is signed by the key${other}, not by the board key pinned for it (${fp ? fp.short : '?'}). ` +
      'Its events may have been changed and signed again.');
  }
  if (integrity.status !== 'signed') return no('mismatch', integrity.reason || 'its signature does not verify.');
  if (integrity.expected === 'invalid') {
    return no('fingerprint_invalid', 'the fingerprint given to compare is not a fingerprint (32 or 64 hex digits).');
  }
  if (integrity.expected === 'differs') {
    return no('fingerprint_differs', `its key's fingerprint (${fp.short}) is not the one you gave.`);
  }
  if (!integrity.pinned && integrity.expected !== 'match') {
    return no('unpinned', `nothing on this page vouches for the key that signed it (fingerprint ${fp.short}). ` +
      "Compare that fingerprint with the board's own, or give the board's fingerprint below.");
  }
  if (remembered && fp && remembered !== fp.hex) {
    const before = remembered.slice(0, 32).match(/.{4}/g).join(' ');
    return no('key_changed', `THE BOARD'S KEY HAS CHANGED. This browser first saw the key ${before} ` +
      `for this board; this pack is signed by ${fp.short}. Unless the board told you it changed its key, ` +
      'treat this pack as forged.');
  }
  return { verified: true, reason: 'verified', text: '' };
}
