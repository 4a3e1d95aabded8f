// What the page trusts (docs/web.md, "The board's key"): the fingerprint this
// browser first saw for each board, the fingerprint an inspector gave, and
// the marks on every view and figure of data that is not verified.
//
//   rememberedFingerprint(origin) -> the 64-hex fingerprint first seen for the
//                                    board's origin, or ''
//   remember(origin, hex)            keeps it (only if none is kept yet)
//   forget(origin)                   drops it (the reader accepts a new key)
//   initialExpected()                the fingerprint given in the page's
//                                    address when it started (#fingerprint=...)
//   setTrustMode(mode)               'verified' | 'unverified' | 'verifying' | ''
//   markView(body)                   marks the figures, tables and charts of a
//                                    rendered view when the mode is not 'verified'
import { $, element } from './dom.js';
import { parseRoute } from './router.js';

const PREFIX = 'lif.board-key-fingerprint.';
// Read once: the page writes fragments without it (page/router.js).
const startExpected = parseRoute(location.hash).fingerprint;

function storage() {
  try {
    return window.localStorage;
  } catch (e) {
    return null;
  }
}

export function rememberedFingerprint(origin) {
  const store = storage();
  if (!store || !origin) return '';
  try {
    return store.getItem(PREFIX + origin) || '';
  } catch (e) {
    return '';
  }
}

export function remember(origin, hex) {
  const store = storage();
  if (!store || !origin || !hex || rememberedFingerprint(origin)) return;
  try {
    store.setItem(PREFIX + origin, hex);
  } catch (e) {
    // A browser that keeps nothing cannot warn of a change; the pin still holds.
  }
}

export function forget(origin) {
  const store = storage();
  if (!store || !origin) return;
  try {
    store.removeItem(PREFIX + origin);
  } catch (e) {
    // Nothing kept.
  }
}

export function initialExpected() {
  return startExpected;
}

const BANNERS = {
  unverified: 'Unverified data: this pack did not pass verification, so nothing shows these figures are the ' +
    "board's. Do not rely on them.",
  verifying: 'Being verified: these figures were computed when the pack was exported and are not yet checked.',
};
const MARKS = { unverified: 'Unverified', verifying: 'Not yet verified' };

export function setTrustMode(mode) {
  document.body.dataset.lifTrust = mode;
  const banner = BANNERS[mode];
  $('unverified-banner').hidden = !banner;
  $('unverified-banner-text').textContent = banner || '';
  $('view-caption').textContent = MARKS[mode] ? `Board pack: ${MARKS[mode].toLowerCase()}` : 'Board pack';
}

/** Marks each figure list, table and chart of a view's body (unless verified). */
export function markView(body) {
  const mark = MARKS[document.body.dataset.lifTrust];
  if (!mark) return;
  for (const part of body.querySelectorAll('.lif-figures-section, .lif-table-section, figure.lif-chart')) {
    part.prepend(element('strong', 'govuk-tag govuk-tag--red lif-unverified-mark', mark));
  }
  for (const table of body.querySelectorAll('table')) {
    let caption = table.querySelector('caption');
    if (!caption) {
      caption = element('caption', 'govuk-table__caption govuk-table__caption--s');
      table.prepend(caption);
    }
    caption.prepend(element('span', 'lif-unverified-mark__text', `${mark}: `));
  }
}
