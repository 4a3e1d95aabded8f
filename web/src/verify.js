// Checks a bundle's signed tree head (docs/integrity.md, docs/web.md) after
// the core has checked its hash chain (openBundle):
//  1. the RFC 6962 Merkle root of all events, computed by the core
//     (lif::MerkleTree through the bindings' merkleRoot()), must equal
//     signed_head.root, and signed_head.size must equal the number of events;
//  2. the Ed25519 signature (strict RFC 8032, as OpenSSL verifies it) must
//     verify over the exact bytes the core builds (signedHeadMessage()) under
//     signed_head.public_key.
//
// The disclosed personal text is checked before this, by the core itself:
// openBundle refuses a bundle whose disclosure does not match the salted
// commitment inside its event (core/privacy/disclosures.h), naming the event
// and the field, so such a bundle never reaches this check and shows no
// figures. Its answer's `disclosed` counts the values that matched.
//
// Pure: no DOM, no clock; used by the page's worker and by the node tests.
// Returns {status: "signed" | "unsigned" | "mismatch", reason?, signed?, root}.

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
 */
export function verifySignedHead(core, info, ed25519) {
  const computed = core.merkleRoot();
  if (computed.error) return { status: 'mismatch', reason: computed.error.message };
  const head = info.signed_head;
  if (head === null || head === undefined) return { status: 'unsigned', root: computed.root };
  const mismatch = (reason) => ({ status: 'mismatch', reason, root: computed.root, signed: head });
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
  const key = base64ToBytes(head.public_key);
  if (!key || key.length !== 32) return mismatch('the signed head has no valid Ed25519 public key');
  const signature = base64ToBytes(head.signature);
  if (!signature || signature.length !== 64) return mismatch('the signature is not 64 bytes');
  let valid = false;
  try {
    valid = ed25519.verify(signature, new TextEncoder().encode(message.message), key, { zip215: false });
  } catch (e) {
    valid = false;
  }
  if (!valid) return mismatch('the Ed25519 signature of the tree head does not verify with its public key');
  return { status: 'signed', root: computed.root, signed: head };
}
