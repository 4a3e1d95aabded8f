// Disclosed personal text in a board pack, in headless Chromium from file://
// with no network (docs/privacy.md#disclosures).
//
// A genuine, signed pack of the demo board with its personal fields sealed
// and disclosed as the server does (make_bundle --personal). Hostile cases
// first: the same pack with one disclosed lead edited (the signature and
// every event untouched) is refused like an edited event, naming the event and
// the field, with no figures; so is one with a disclosure planted that
// belongs to no value. Then the genuine pack: verified, its personal text
// shown and counted, the view byte-identical to lif_native_view's; and a pack
// with one disclosure left out (an erased value): verified, the value shown as
// [erased], still byte-identical to the native view.
//
// Run by CTest (cmake/wasm.cmake); the environment is browser.test.mjs's.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';

function env(name, fallback) {
  const value = process.env[name] || fallback;
  if (!value) throw new Error(`${name} is not set (run this test through ctest)`);
  return value;
}

const { chromium } = createRequire(path.join(env('LIF_NODE_MODULES'), 'noop.js'))('playwright-core');
const outDir = path.join(env('LIF_TEST_OUT'), 'disclosure');
const SLOT = '<script type="application/x-lif-bundle" id="lif-bundle" data-name=""></script>';

let context;
let page;
const offPage = [];
const problems = [];
const files = {}; // name -> {bundle, pack}
let edited; // {commit, position, original} of the edited lead.
let pinnedKey; // The test key (base64) the packs pin.

/** Writes `bundle` (bytes) and a pack of it; returns their paths. */
function writePack(name, bundle) {
  const html = fs.readFileSync(env('LIF_WEB_HTML'), 'utf8');
  assert.equal(html.split(SLOT).length, 2, 'the page has the empty bundle slot once');
  const bundlePath = path.join(outDir, `${name}.lif`);
  fs.writeFileSync(bundlePath, bundle);
  // The board key pinned as the exporter pins it (the test key that signed the genuine bundle).
  const pin = `<script type="application/json" id="lif-pin">${JSON.stringify({ public_key: pinnedKey })}</script>`;
  const filled = `${pin}<script type="application/x-lif-bundle" id="lif-bundle" data-name="${name}.lif">${
    Buffer.from(bundle).toString('base64')}</script>`;
  const packPath = path.join(outDir, `${name}.html`);
  fs.writeFileSync(packPath, html.replace(SLOT, () => filled));
  files[name] = { bundle: bundlePath, pack: packPath };
}

/** The bundle with its header changed by `edit` (the event lines untouched). */
function editHeader(bytes, edit) {
  const nl = bytes.indexOf(0x0a);
  const header = JSON.parse(bytes.subarray(0, nl).toString('utf8'));
  edit(header);
  return Buffer.concat([Buffer.from(JSON.stringify(header)), bytes.subarray(nl)]);
}

function nativeView(name, view, query) {
  const args = [files[name].bundle, view, query.today, query.as_of || ''];
  for (const [k, v] of Object.entries(query)) if (k !== 'today' && k !== 'as_of') args.push(`${k}=${v}`);
  const run = spawnSync(env('LIF_NATIVE_VIEW'), args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { status: run.status, stdout: run.stdout.replace(/\n$/, ''), stderr: run.stderr };
}

before(async () => {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const genuinePath = path.join(outDir, 'made.lif');
  const made = spawnSync(env('LIF_MAKE_BUNDLE'), [genuinePath, '--board', '--personal'], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const genuine = fs.readFileSync(genuinePath);
  pinnedKey = JSON.parse(genuine.subarray(0, genuine.indexOf(0x0a)).toString('utf8')).signed_head.public_key;
  writePack('genuine', genuine);

  // The first action's lead: its commitment in the stored event.
  const lines = genuine.toString('utf8').split('\n');
  for (let i = 1; i < lines.length && !edited; i++) {
    if (!lines[i]) continue;
    const e = JSON.parse(lines[i]);
    if (e.type === 'action.planned' && e.data.lead && e.data.lead.commit) {
      edited = { commit: e.data.lead.commit, position: e.position, stream: e.stream };
    }
  }
  assert.ok(edited, 'the demo board has a sealed lead');
  const header = JSON.parse(lines[0]);
  edited.original = header.disclosures[edited.commit].text;
  assert.ok(edited.original && edited.original.length > 2, 'the lead is disclosed');

  writePack('edited', editHeader(genuine, (h) => {
    h.disclosures[edited.commit].text = `${edited.original} (cleared)`;
  }));
  writePack('planted', editHeader(genuine, (h) => {
    h.disclosures['e'.repeat(64)] = { salt: Buffer.alloc(32, 1).toString('base64'), text: 'planted' };
  }));
  writePack('erased', editHeader(genuine, (h) => { delete h.disclosures[edited.commit]; }));

  const profile = fs.mkdtempSync(path.join(outDir, 'profile-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: env('LIF_CHROMIUM', '/usr/bin/chromium'),
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    offline: true,
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (/^(file|data|blob):/.test(url)) return route.continue();
    offPage.push(url);
    return route.abort('blockedbyclient');
  });
  page = context.pages()[0] || (await context.newPage());
  page.on('pageerror', (error) => problems.push(`page error: ${error.message.slice(0, 300)}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text().slice(0, 300)}`);
  });
});

after(async () => {
  if (context) await context.close();
});

/** Opens a pack and waits until the page has finished with it. */
async function openPack(name, wanted) {
  await page.goto(pathToFileURL(files[name].pack).href);
  await page.waitForFunction(
    () => ['verified', 'unverified', 'rejected', 'error'].includes(document.body.dataset.lifState),
    null,
    { timeout: 60000 },
  );
  assert.equal(await page.evaluate(() => document.body.dataset.lifState), wanted,
    await page.locator('#status').textContent());
}

async function expectNoFigures() {
  assert.equal(await page.locator('#rejected').isVisible(), true);
  assert.match(await page.locator('#rejected').textContent(), /This bundle failed verification/);
  assert.equal(await page.locator('#views').isVisible(), false);
  assert.equal(await page.locator('#bundle').isVisible(), false);
  assert.equal(await page.locator('#view-body *').count(), 0);
  assert.equal(await page.locator('#view-json').textContent(), '');
  assert.equal(await page.locator('#bundle-head').textContent(), '');
  assert.equal(await page.locator('#bundle-tag').textContent(), '');
}

/** The actions view as the page rendered it, after opening it from the navigation. */
async function actionsView() {
  await page.locator('#view-nav a[data-view="actions"]').click();
  await page.waitForFunction(
    () => document.body.dataset.lifView === 'actions' && document.getElementById('view-json').dataset.view === 'actions',
  );
  return page.evaluate(() => {
    const json = document.getElementById('view-json');
    return { text: json.textContent, query: JSON.parse(json.dataset.query) };
  });
}

test('a signed pack whose disclosed lead was edited is refused, naming the event and field, with no figures', async () => {
  await openPack('edited', 'rejected');
  const message = await page.locator('#rejected-message').textContent();
  assert.ok(message.startsWith('edited.lif:'), message);
  assert.match(message, /does not match the commitment in the signed event/);
  assert.ok(message.includes(`event ${edited.position} (action.planned on ${edited.stream}) at /data/lead`), message);
  assert.ok(message.includes(`(at /lines/${edited.position + 1}/data/lead)`), message);
  await expectNoFigures();
  assert.equal((await page.content()).includes(`${edited.original} (cleared)`), false);
  // The native check refuses it too.
  const native = nativeView('edited', 'actions', { today: '2026-06-30' });
  assert.notEqual(native.status, 0);
  assert.match(native.stderr, /does not match the commitment/);
  await page.screenshot({ path: path.join(outDir, 'edited.png'), fullPage: true });
});

test('a pack with a planted disclosure that belongs to no value is refused', async () => {
  await openPack('planted', 'rejected');
  const message = await page.locator('#rejected-message').textContent();
  assert.match(message, /is the commitment of no disclosed value/);
  assert.ok(message.includes(`(at /lines/1/disclosures/${'e'.repeat(64)})`), message);
  await expectNoFigures();
});

test('the genuine pack is verified and shows its checked personal text, as the native view does', async () => {
  await openPack('genuine', 'verified');
  const count = Object.keys(JSON.parse(fs.readFileSync(files.genuine.bundle, 'utf8').split('\n')[0]).disclosures).length;
  assert.ok(count > 10, `${count} disclosures`);
  const personal = await page.locator('#bundle-personal').textContent();
  assert.ok(personal.startsWith(`${count.toLocaleString('en-GB')} personal values are shown, each matching the commitment`), personal);
  const shown = await actionsView();
  const native = nativeView('genuine', 'actions', shown.query);
  assert.equal(native.status, 0, native.stderr);
  assert.equal(shown.text, native.stdout);
  assert.ok(shown.text.includes(JSON.stringify(edited.original)), 'the lead is shown');
  assert.equal(shown.text.includes('"[erased]"'), false, 'every personal value is disclosed');
});

test('a pack with one value left out (erased) is verified and shows it as [erased]', async () => {
  await openPack('erased', 'verified');
  assert.equal(await page.locator('#bundle-tag').textContent(), 'Verified');
  const shown = await actionsView();
  const native = nativeView('erased', 'actions', shown.query);
  assert.equal(native.status, 0, native.stderr);
  assert.equal(shown.text, native.stdout);
  assert.ok(shown.text.includes('"[erased]"'), 'the erased lead reads [erased]');
  await page.screenshot({ path: path.join(outDir, 'erased.png'), fullPage: true });
});

test('no request left the page and nothing failed in it', () => {
  assert.deepEqual(offPage, []);
  assert.deepEqual(problems, []);
});
