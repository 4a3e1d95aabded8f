// The page's entry point: starts the core (in a Web Worker), opens a bundle
// from the page, the server or a file, has the worker verify it, and shows
// the board's views computed by the core (docs/web.md).
//
// Every rule (verification, folding, the views) is the core's; the page only
// moves bytes and fills itself. Its modules:
//   page/worker_client.js  the worker          page/sources.js   where bundles come from
//   page/proof.js          the proof panel     page/view_host.js the navigation and the view area
//   page/history.js        an item's history   views/*.js        one module per view (registry.js)
//   page/router.js         fragment routes     page/names.js     names for identifiers
//   components/*.js        tables, cells, figures, CSV, charts
import { createAll, ServiceNavigation, SkipLink } from 'govuk-frontend';

import { $, say, setState } from './page/dom.js';
import {
  clearProof, hideRejected, proofState, showProof, showRejected, showUnverified, showVerifying,
} from './page/proof.js';
import { embeddedBundle, embeddedCheckpoint, embeddedPin, fileBundle, serverBundle, serverPin } from './page/sources.js';
import { forget, initialExpected, remember, rememberedFingerprint, setTrustMode } from './page/trust.js';
import { trustOf } from './verify.js';
import { startHistory } from './page/history.js';
import { currentRoute, routeHash } from './page/router.js';
import { buildNav, changeAsOf, clearView, renderRoute, setOpened } from './page/view_host.js';
import { ask, startWorker } from './page/worker_client.js';

// ---------------------------------------------------------------------------
// Opening a bundle.

function showProgress(step, text) {
  $('progress-wrap').hidden = step === null;
  if (step !== null) {
    $('progress').value = step;
    $('progress-label').textContent = text;
    say(text);
  }
}

/**
 * Where the file input is: at the top while no bundle is open, at the end
 * of the page ("Open another bundle") once one is.
 */
function placeOpenForm(opened) {
  $(opened ? 'open-end' : 'open-home').append($('open'));
  $('open-heading').hidden = opened;
  $('open-intro').hidden = opened;
  $('bundle-file-label').textContent = opened ? 'Open another bundle' : 'Open a bundle';
  $('status').classList.toggle('govuk-visually-hidden', opened);
}

// What the open bundle was checked against (docs/web.md, "The board's key").
const trustState = {
  // The pinned key {public_key, fingerprint, origin, ...} and where it came
  // from ('pack' | 'server' | 'none'); set once at start.
  pin: null,
  pinSource: 'none',
  serverAsked: false,
  // The open bundle's name and the worker's answer (null: none open).
  name: '',
  answer: null,
  trust: null,
};

/** Hides every figure: nothing from a rejected bundle may stay on screen. */
function clearFigures() {
  clearView();
  clearProof();
  setTrustMode('');
  delete document.body.dataset.lifShown;
  placeOpenForm(false);
}

/** The board origin whose key this browser remembers: the signed one, else the pin's. */
function boardOrigin(integrity) {
  return (integrity.version === 2 && integrity.origin) || (trustState.pin && trustState.pin.origin) || '';
}

function decideTrust(integrity) {
  const origin = boardOrigin(integrity);
  const trust = trustOf(integrity, { remembered: rememberedFingerprint(origin) });
  if (trust.verified && integrity.fingerprint) remember(origin, integrity.fingerprint.hex);
  return trust;
}

function pinSourceOf(integrity) {
  if (integrity.pinned) return trustState.pinSource;
  return integrity.expected === 'match' ? 'fingerprint' : 'none';
}

/** The pinned key: the pack's, else (once) the key of the lif server that served the page. */
async function pinKey() {
  if (trustState.pin || trustState.serverAsked) return trustState.pin;
  trustState.serverAsked = true;
  trustState.pin = await serverPin();
  if (trustState.pin) trustState.pinSource = 'server';
  return trustState.pin;
}

/** Shows the views (of a verified bundle, or of one the reader chose to see unverified). */
async function showViews(mode) {
  setTrustMode(mode);
  setOpened(true);
  $('views').hidden = false;
  $('views-nav').hidden = false;
  const route = currentRoute();
  if (!route.view) history.replaceState(history.state, '', routeHash({ ...route, view: 'dashboard' }));
  await renderRoute();
}

/**
 * Shows the open bundle as its trust says: the views, or the "Not verified"
 * panel and no figure (focused when `focus`, so that a screen reader announces it).
 */
async function showOutcome({ focus = false } = {}) {
  const { name, answer } = trustState;
  const trust = decideTrust(answer.integrity);
  trustState.trust = trust;
  hideRejected();
  showProof({ name, info: answer.info, integrity: answer.integrity, trust, pinSource: pinSourceOf(answer.integrity) });
  placeOpenForm(true);
  if (trust.verified) {
    $('unverified').hidden = true;
    await showViews('verified');
    say(`${name} verified: ${answer.info.size} events, signed by the board key ${answer.integrity.fingerprint.short}.`);
  } else {
    clearView();
    setTrustMode('');
    showUnverified(trust);
    if (focus) $('unverified').focus();
    say(`${name} is not verified: ${trust.text} No figures are shown.`);
  }
  document.body.dataset.lifTrustReason = trust.reason;
  setState(proofState(trust));
}

/** The reader chose to look at unverified data: every view says so. */
async function showUnverifiedData() {
  if (!trustState.answer || !trustState.trust || trustState.trust.verified) return;
  $('unverified').hidden = true;
  await showViews('unverified');
  say('Showing unverified data. Every view is marked unverified.');
  document.body.dataset.lifShown = 'unverified';
}

/** The reader gave the board's fingerprint: compare it with the key that signed. */
async function compareFingerprint(given) {
  const answer = trustState.answer;
  if (!answer) return;
  const key = answer.integrity.key || '';
  const { expected } = await ask({ op: 'match', given, key });
  answer.integrity.expected = expected;
  const fp = answer.integrity.fingerprint;
  const result = {
    match: `It matches the board key's fingerprint${fp ? ` (${fp.short})` : ''}.`,
    differs: `It does not match: this pack's key is ${fp ? fp.short : 'missing'}.`,
    invalid: 'That is not a fingerprint: give 32 or 64 hex digits.',
    none: '',
  }[expected];
  // The reader's own fingerprint replaces the one remembered for this board.
  if (expected === 'match') forget(boardOrigin(answer.integrity));
  await showOutcome();
  $('expected-fingerprint-result').textContent = result;
}

function reject(name, error) {
  clearFigures();
  showProgress(null);
  showRejected(name, error);
  say(`${name} was rejected.`);
  setState('rejected');
}

/**
 * Shows a pack's checkpoint while the worker verifies: the route's view if the
 * checkpoint holds it (the dashboard), marked "verifying" (docs/web.md).
 */
async function showCheckpoint(name, checkpoint) {
  setTrustMode('verifying');
  setOpened(true, checkpoint);
  showVerifying({ name, checkpoint });
  placeOpenForm(true);
  $('views').hidden = false;
  $('views-nav').hidden = false;
  setState('verifying');
  const route = currentRoute();
  if (!route.view) history.replaceState(history.state, '', routeHash({ ...route, view: 'dashboard' }));
  await renderRoute();
}

/** A checkpoint the page can show: the documented object (the worker checks its figures). */
function showable(checkpoint) {
  return checkpoint !== null && typeof checkpoint === 'object' && checkpoint.query !== null &&
    typeof checkpoint.query === 'object' && checkpoint.views !== null && typeof checkpoint.views === 'object';
}

/**
 * Verifies and shows a bundle. `bytes` is a Uint8Array of the file (the
 * bundle or its gzip), or a promise of {bytes} or null (a pack's bundle, read
 * while its checkpoint is shown). A pack's `checkpoint` is shown at once, as
 * "verifying", and the worker rejects the pack unless it agrees.
 */
async function openBytes(name, bytes, checkpoint) {
  clearFigures();
  setState('checking');
  showProgress(0, `Reading ${name}…`);
  if (showable(checkpoint)) await showCheckpoint(name, checkpoint);
  const read = bytes instanceof Uint8Array ? { bytes } : await bytes;
  if (!read) {
    reject(name, { message: 'the pack holds no bundle', path: '' });
    return;
  }
  const phases = { chain: 1, merkle: 2, views: 3 };
  const message = { op: 'open', name, bytes: read.bytes };
  if (checkpoint !== undefined) message.checkpoint = checkpoint;
  const pin = await pinKey();
  if (pin) message.pinnedKey = pin.public_key;
  const expected = $('expected-fingerprint').value.trim() || initialExpected();
  if (expected) message.expected = expected;
  let answer;
  try {
    answer = await ask(message, (p) => showProgress(phases[p.phase] || 0, p.text), [read.bytes.buffer]);
  } catch (e) {
    reject(name, { message: `the core failed (${e.message})` });
    return;
  }
  if (!answer.ok) {
    trustState.answer = null;
    reject(name, answer.error);
    return;
  }
  trustState.name = name;
  trustState.answer = answer;
  showProgress(null);
  await showOutcome({ focus: true });
}

async function openFile(file) {
  let bundle;
  try {
    bundle = await fileBundle(file);
  } catch (e) {
    reject(file.name, { message: `the file could not be read (${e.message})` });
    return;
  }
  await openBytes(bundle.name, bundle.bytes);
}

// ---------------------------------------------------------------------------
// Start.

async function start() {
  let names;
  // A pack's checkpoint (docs/bundle.md) names the core's views, so that its
  // dashboard can be shown before the worker has started; the worker checks
  // those names with the rest of the checkpoint.
  let pack = null;
  try {
    startWorker();
    // A first round trip starts the core (and fails here if it cannot).
    const started = ask({ op: 'names' });
    started.catch(() => {}); // Awaited below, or failing the pack's opening.
    pack = await embeddedCheckpoint();
    // The board key pinned in a pack (docs/web.md); a served page asks its
    // server for its key when it first verifies a bundle (pinKey).
    trustState.pin = embeddedPin();
    trustState.pinSource = trustState.pin ? 'pack' : 'none';
    names = pack && showable(pack.checkpoint) && Array.isArray(pack.checkpoint.view_names)
      ? pack.checkpoint.view_names.map(String)
      : await started;
  } catch (e) {
    say(`The core could not start: ${e.message}`);
    setState('error');
    return;
  }
  buildNav(names);
  $('bundle-file').addEventListener('change', (event) => {
    const file = event.target.files[0];
    if (file) openFile(file);
  });
  document.addEventListener('dragover', (event) => {
    event.preventDefault();
    document.body.classList.add('lif-dragging');
  });
  document.addEventListener('dragleave', () => document.body.classList.remove('lif-dragging'));
  document.addEventListener('drop', (event) => {
    event.preventDefault();
    document.body.classList.remove('lif-dragging');
    const file = event.dataTransfer.files[0];
    if (file) openFile(file);
  });
  $('as-of').addEventListener('change', () => changeAsOf($('as-of').value));
  window.addEventListener('hashchange', () => renderRoute({ focus: true }));
  createAll(SkipLink);
  createAll(ServiceNavigation);
  $('print-view').addEventListener('click', () => window.print());
  $('show-unverified').addEventListener('click', () => showUnverifiedData());
  $('expected-fingerprint').value = initialExpected();
  $('fingerprint-form').addEventListener('submit', (event) => {
    event.preventDefault();
    compareFingerprint($('expected-fingerprint').value);
  });
  startHistory(() => $('view-heading').focus());

  say('Choose a bundle file to begin.');
  setState('ready');
  try {
    // A pack's checkpoint is shown while the browser still reads its bundle.
    if (pack) {
      await openBytes(pack.name, embeddedBundle(), pack.checkpoint);
      return;
    }
    const initial = (await embeddedBundle()) || (await serverBundle());
    if (initial) await openBytes(initial.name, initial.bytes);
  } catch (e) {
    say(`No bundle was loaded: ${e.message}. Choose a bundle file instead.`);
    setState('ready');
  }
}

start();
