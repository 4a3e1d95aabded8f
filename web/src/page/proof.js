// The proof panel: what the page checked about the open bundle and how it
// says so (docs/web.md, "The bundle and its proof"). What "verified" means is
// decided by web/src/verify.js and the worker; this module only shows the
// outcome, so that the wording and the details can change here alone.
//
//   showProof({name, info, integrity})  fills the panel for an opened bundle
//                                       (info: openBundle's answer; integrity:
//                                       verifySignedHead's {status, root, signed})
//   showVerifying({name, checkpoint})   while the worker verifies a pack shown
//                                       from its checkpoint: a "Verifying" tag
//   proofState(integrity)               the page state it stands for: "verified"
//                                       or "unsigned"
//   showRejected(name, error)           the error summary for a rejected bundle
//                                       ({message, path}), focused
//   hideRejected()
//   clearProof()                        empties the panel (no bundle is open)
import { $, element } from './dom.js';
import { formatBytes, formatNumber, formatTimestamp } from './words.js';

const FIELDS = ['bundle-tag', 'bundle-line', 'bundle-name', 'bundle-size', 'bundle-exported', 'bundle-head',
  'bundle-root', 'bundle-signed', 'bundle-verified', 'bundle-personal'];

export function proofState(integrity) {
  return integrity.status === 'signed' ? 'verified' : 'unsigned';
}

export function clearProof() {
  $('bundle').hidden = true;
  $('unsigned').hidden = true;
  for (const id of FIELDS) $(id).textContent = '';
}

/** The panel's one line: the tag and what the pack is. */
function proofLine(name, info, integrity) {
  const signed = integrity.status === 'signed';
  $('bundle-tag').replaceChildren(element('strong', `govuk-tag govuk-tag--${signed ? 'green' : 'yellow'}`,
    signed ? 'Verified' : 'Unsigned'));
  const exported = info.exported_at ? `, exported on ${formatTimestamp(info.exported_at)}` : '';
  const by = signed ? `, signed by ${integrity.signed.origin || 'an unnamed log'}` : ', not signed';
  $('bundle-line').textContent = `${name}: ${formatNumber(info.size)} events${exported}${by}.`;
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

export function showProof({ name, info, integrity }) {
  proofLine(name, info, integrity);
  $('bundle-details').open = false;
  $('bundle-name').textContent = name;
  $('bundle-size').textContent = `${info.size} events, ${formatBytes(info.bytes)}`;
  $('bundle-exported').textContent = info.exported_at || 'not recorded';
  $('bundle-head').textContent = info.head;
  const verified = $('bundle-verified');
  if (integrity.status === 'signed') {
    const head = integrity.signed;
    $('bundle-root').textContent = head.root;
    $('bundle-signed').textContent =
      `${new Date(head.timestamp).toISOString()} by ${head.origin || 'an unnamed log'} (key ${head.public_key})`;
    verified.replaceChildren(
      element('strong', 'govuk-tag govuk-tag--green', 'Verified'),
      ` The hash chain of all ${info.size} events is intact, their Merkle root is the signed root,` +
        ' and the Ed25519 signature verifies.',
    );
    $('unsigned').hidden = true;
  } else {
    $('bundle-root').textContent = `none (computed root ${integrity.root})`;
    $('bundle-signed').textContent = 'not signed';
    verified.replaceChildren(
      element('strong', 'govuk-tag govuk-tag--yellow', 'Unsigned'),
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
