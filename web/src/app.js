// The page's script: opens a bundle, has the wasm core verify it, and shows
// the learning register computed by the core (docs/web.md).
//
// Bundles come from, in this order: the bundle embedded in the page (a board
// pack), the lif server that served the page (when the URL has #token=...),
// or a file the user picks or drops. Every rule (verification, folding, the
// view) is the core's; this script only moves bytes and fills the page.
import { sha256 } from '@noble/hashes/sha2.js';

import { localToday, openCore } from './core.js';

const $ = (id) => document.getElementById(id);

let core = null;

const KIND_LABELS = {
  lesson: 'Lesson',
  finding: 'Finding',
  good_practice: 'Good practice',
};

/** "case_review" -> "Case review". */
function humanise(identifier) {
  const words = String(identifier).replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function formatBytes(n) {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

function setState(state) {
  document.body.dataset.lifState = state;
}

function say(text) {
  $('status').textContent = text;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Hides every figure: nothing from a rejected bundle may stay on screen. */
function clearFigures() {
  $('bundle').hidden = true;
  $('register').hidden = true;
  $('learning-rows').replaceChildren();
  $('register-summary').textContent = '';
  for (const id of ['bundle-name', 'bundle-size', 'bundle-exported', 'bundle-head', 'bundle-verified']) {
    $(id).textContent = '';
  }
}

function reject(name, error) {
  clearFigures();
  const where = error.path ? ` (at ${error.path})` : '';
  $('rejected-message').textContent = `${name}: ${error.message}${where}.`;
  $('rejected').hidden = false;
  say(`${name} was rejected.`);
  setState('rejected');
  $('rejected').focus();
}

function renderRegister() {
  const query = { today: localToday() };
  const asOf = $('as-of').value;
  if (asOf) query.as_of = asOf;
  const view = core.view('learning', query);
  if (view.error) {
    say(`The register could not be computed: ${view.error.message}`);
    return;
  }
  const rows = view.items.map((item) => {
    const tr = element('tr', 'govuk-table__row');
    const title = element('th', 'govuk-table__header', item.title);
    title.scope = 'row';
    tr.append(title);
    tr.append(element('td', 'govuk-table__cell', KIND_LABELS[item.kind] || humanise(item.kind)));
    const source = element('td', 'govuk-table__cell', humanise(item.source.kind));
    source.append(' ', element('br'), element('span', 'govuk-body-s lif-stream', item.source.stream));
    tr.append(source);
    const themes = element('td', 'govuk-table__cell');
    for (const theme of item.themes) themes.append(element('strong', 'govuk-tag govuk-tag--grey lif-theme', theme), ' ');
    tr.append(themes);
    tr.append(element('td', 'govuk-table__cell lif-date', item.identified_on));
    return tr;
  });
  if (rows.length === 0) {
    const tr = element('tr', 'govuk-table__row');
    const td = element('td', 'govuk-table__cell', 'No learning items were recorded by this date.');
    td.colSpan = 5;
    tr.append(td);
    rows.push(tr);
  }
  $('learning-rows').replaceChildren(...rows);
  const noun = view.total === 1 ? 'learning item' : 'learning items';
  const when = view.as_of ? ` as of ${view.as_of}` : '';
  $('register-summary').textContent = `${view.total} ${noun}${when} (events up to position ${view.position}).`;
  $('register').hidden = false;
}

/** Verifies and shows a bundle; `bytes` is a Uint8Array of the file. */
function openBytes(name, bytes) {
  say(`Checking ${name}…`);
  setState('checking');
  const info = core.openBundle(bytes);
  if (!info.ok) {
    reject(name, info.error);
    return;
  }
  $('rejected').hidden = true;
  $('bundle-name').textContent = name;
  $('bundle-size').textContent = `${info.size} events, ${formatBytes(info.bytes)}`;
  $('bundle-exported').textContent = info.exported_at || 'not recorded';
  $('bundle-head').textContent = info.head;
  $('bundle-verified').replaceChildren(
    element('strong', 'govuk-tag govuk-tag--green', 'Verified'),
    ` The hash chain of all ${info.size} events is intact and ends at the head above.`,
  );
  $('bundle').hidden = false;
  renderRegister();
  say(`${name} verified: ${info.size} events.`);
  setState('verified');
}

async function openFile(file) {
  try {
    openBytes(file.name, new Uint8Array(await file.arrayBuffer()));
  } catch (e) {
    reject(file.name, { message: `the file could not be read (${e.message})` });
  }
}

function embeddedBundle() {
  const slot = $('lif-bundle');
  const base64 = slot ? slot.textContent.trim() : '';
  if (!base64) return null;
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return { name: slot.dataset.name || 'the bundle in this pack', bytes };
}

/** When served by lif with #token=..., fetches the server's current bundle. */
async function serverBundle() {
  if (location.protocol !== 'http:' && location.protocol !== 'https:') return null;
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!match) return null;
  say('Fetching the bundle from the server…');
  const response = await fetch('/v1/bundle', {
    headers: { Authorization: `Bearer ${decodeURIComponent(match[1])}` },
    cache: 'no-store',
  });
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
  return { name: `${location.host} bundle`, bytes: new Uint8Array(await response.arrayBuffer()) };
}

async function start() {
  try {
    // createLifCore is the global the inlined core script defines.
    core = await openCore(globalThis.createLifCore, sha256);
  } catch (e) {
    say(`The core could not start: ${e.message}`);
    setState('error');
    return;
  }
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
  $('as-of').addEventListener('change', () => {
    if (document.body.dataset.lifState === 'verified') renderRegister();
  });

  say('Choose a bundle file to begin.');
  setState('ready');
  try {
    const initial = embeddedBundle() || (await serverBundle());
    if (initial) openBytes(initial.name, initial.bytes);
  } catch (e) {
    say(`No bundle was loaded: ${e.message}. Choose a bundle file instead.`);
    setState('ready');
  }
}

start();
