// The proof panel: what the page checked about the open bundle and how it
// says so (docs/web.md, "The bundle and its proof"). What "verified" means is
// decided by web/src/verify.js and the worker; this module only shows the
// outcome, so that the wording and the details can change here alone.
//
//   showProof({name, info, integrity, trust, pinSource})
//                                       fills the panel for an opened bundle
//                                       (info: openBundle's answer; integrity:
//                                       verifySignedHead's {status, root, signed,
//                                       fingerprint, ...}; trust: trustOf's
//                                       {verified, reason, text}; pinSource:
//                                       'pack' | 'server' | 'none')
//   showUnverified(trust)               the "Not verified" panel and its button
//   showVerifying({name, checkpoint})   while the worker verifies a pack shown
//                                       from its checkpoint: a "Verifying" tag
//   proofState(trust)                   the page state it stands for: "verified"
//                                       or "unverified"
//   showRejected(name, error)           the error summary for a rejected bundle
//                                       ({message, path}), focused
//   hideRejected()
//   clearProof()                        empties the panel (no bundle is open)
import { $, element } from './dom.js';
import { formatBytes, formatNumber, formatTimestamp } from './words.js';

const FIELDS = ['bundle-tag', 'bundle-line', 'bundle-name', 'bundle-size', 'bundle-exported', 'bundle-head',
  'bundle-root', 'bundle-signed', 'bundle-key', 'bundle-verified', 'bundle-personal', 'bundle-fingerprint',
  'bundle-fingerprint-source', 'unverified-message', 'expected-fingerprint-result'];

const PIN_SOURCES = {
  pack: 'pinned in this pack when it was exported',
  server: 'the key of the server that served this page',
  fingerprint: 'the key whose fingerprint you gave',
  none: 'named by the bundle itself: nothing on this page vouches for it',
};

export function proofState(trust) {
  return trust.verified ? 'verified' : 'unverified';
}

export function clearProof() {
  $('bundle').hidden = true;
  $('unsigned').hidden = true;
  $('unverified').hidden = true;
  $('bundle-fingerprint-line').hidden = true;
  for (const id of FIELDS) $(id).textContent = '';
}

/** Who signed, as far as the signature says: the signed origin only. */
function signedBy(integrity) {
  if (integrity.version === 2 && integrity.origin) return integrity.origin;
  return 'an unnamed log (this older head does not sign its origin)';
}

/** The panel's one line: the tag and what the pack is. */
function proofLine(name, info, integrity, trust) {
  $('bundle-tag').replaceChildren(element('strong', `govuk-tag govuk-tag--${trust.verified ? 'green' : 'red'}`,
    trust.verified ? 'Verified' : 'Not verified'));
  const exported = info.exported_at ? `, exported on ${formatTimestamp(info.exported_at)}` : '';
  const by = integrity.status === 'signed' ? `, signed by ${signedBy(integrity)}` : '';
  const not = trust.verified ? '' : ` Not verified: ${trust.text}`;
  $('bundle-line').textContent = `${name}: ${formatNumber(info.size)} events${exported}${by}.${not}`;
}

/** The "Not verified" panel: why, and the button that shows the data anyway. */
export function showUnverified(trust) {
  $('unverified-message').textContent = `This pack is not verified: ${trust.text}`;
  $('unverified-title').textContent = trust.reason === 'key_changed' ? "Warning: the board's key has changed" : 'Not verified';
  $('unverified').hidden = false;
}

/**
 * The panel while the worker checks a pack whose checkpoint is on screen:
 * the figures are the export's, not yet checked against the events.
 */
export function showVerifying({ name, checkpoint }) {
  clearProof();
  $('bundle-tag').replaceChildren(element('strong', 'govuk-tag govuk-tag--blue', 'Verifying'));
  const size = Number.isInteger(checkpoint.size) ? `${formatNumber(checkpoint.size)} events` : 'its events';
  $('bundle-line').textContent = `${name}: checking ${size}. Until then the figures are those computed` +
    ' when the pack was exported; they are replaced or withdrawn when the check ends.';
  $('bundle-details').open = false;
  $('bundle-verified').textContent = 'Being checked.';
  $('bundle').hidden = false;
}

export function showProof({ name, info, integrity, trust, pinSource }) {
  proofLine(name, info, integrity, trust);
  $('bundle-details').open = !trust.verified;
  const fp = integrity.fingerprint;
  $('bundle-fingerprint-line').hidden = !fp;
  $('bundle-fingerprint').textContent = fp ? fp.short : '';
  $('bundle-fingerprint-source').textContent = fp ? `(${PIN_SOURCES[pinSource] || PIN_SOURCES.none})` : '';
  $('bundle-key').textContent = fp
    ? `Fingerprint ${fp.short} (SHA-256 of the Ed25519 key: ${fp.hex}), ${PIN_SOURCES[pinSource] || PIN_SOURCES.none}. ` +
      'Compare it with the fingerprint the board publishes. (The 8-digit key id of a checkpoint\'s signature line ' +
      'is not an identifier: many keys share it.)'
    : 'none';
  $('bundle-name').textContent = name;
  $('bundle-size').textContent = `${info.size} events, ${formatBytes(info.bytes)}`;
  $('bundle-exported').textContent = info.exported_at || 'not recorded';
  $('bundle-head').textContent = info.head;
  const verified = $('bundle-verified');
  if (integrity.status === 'signed' || integrity.status === 'wrong_key') {
    const head = integrity.signed;
    $('bundle-root').textContent = head.root;
    $('bundle-signed').textContent = `${new Date(head.timestamp).toISOString()} by ${signedBy(integrity)}`;
    if (trust.verified) {
      verified.replaceChildren(
        element('strong', 'govuk-tag govuk-tag--green', 'Verified'),
        ` The hash chain of all ${info.size} events is intact, their Merkle root is the signed root,` +
          ' and the Ed25519 signature verifies under the board key.',
      );
    } else {
      verified.replaceChildren(
        element('strong', 'govuk-tag govuk-tag--red', 'Not verified'),
        ` The hash chain of all ${info.size} events is intact and their Merkle root is the signed root, but ${trust.text}`,
      );
    }
    $('unsigned').hidden = true;
  } else {
    $('bundle-root').textContent = `none (computed root ${integrity.root})`;
    $('bundle-signed').textContent = 'not signed';
    verified.replaceChildren(
      element('strong', 'govuk-tag govuk-tag--red', 'Not verified'),
      ` The hash chain of all ${info.size} events is intact, but no signed tree head vouches for it.`,
    );
    $('unsigned').hidden = false;
  }
  $('bundle-personal').textContent = personalText(info.disclosed || 0);
  $('bundle').hidden = false;
}

/**
 * What the pack's personal text is worth. The core opened the bundle only if
 * every disclosed value matched the salted commitment inside its event
 * (core/privacy/disclosures.h), so the count here is of checked values.
 */
function personalText(disclosed) {
  const erased = 'A value shown as [erased] was erased before the export, or left out of this file.';
  if (disclosed === 0) return `No personal text is disclosed in this pack. ${erased}`;
  return `${formatNumber(disclosed)} personal ${disclosed === 1 ? 'value is' : 'values are'} shown, ` +
    `each matching the commitment inside its event, which the hashes cover. ${erased}`;
}

export function showRejected(name, error) {
  const where = error.path ? ` (at ${error.path})` : '';
  $('rejected-message').textContent = `${name}: ${error.message}${where}.`;
  $('rejected').hidden = false;
  $('rejected').focus();
}

export function hideRejected() {
  $('rejected').hidden = true;
}
