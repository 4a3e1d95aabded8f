// The board key pinned in a pack, in headless Chromium from file:// with no
// network (docs/web.md, "The board's key"; docs/integrity.md, "Trust model").
//
// Packs are made as the server makes them (make_pack, which pins the test
// key as an export pins its data folder's key). Hostile case first: a forged
// pack, whose first event's title was edited, its chain and Merkle root
// rebuilt and its head re-signed by a fresh key that its bundle names
// (make_bundle --forge), put in a pack that pins the board's key: "Not
// verified", no figures at all, until the reader chooses "Show unverified
// data", and then every view carries the unverified banner and its figures,
// tables and charts a mark. Then the genuine pack: "Verified" and the key's
// fingerprint. Then a pack whose pin and bundle were both replaced by a fresh
// key: the page remembers the board's first key and warns that it changed;
// the inspector's own fingerprint (in the address or typed in) decides.
// axe-core checks the "Not verified" panel and an unverified view.
//
// Run by CTest (cmake/wasm.cmake); the environment is browser.test.mjs's.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
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
const outDir = path.join(env('LIF_TEST_OUT'), 'pinned_key');
const FINAL = ['verified', 'unverified', 'rejected', 'error'];

let context;
let page;
const offPage = [];
const problems = [];
const files = {}; // name -> {bundle, pack, header}

function run(tool, args) {
  const made = spawnSync(env(tool), args, { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
}

function headerOf(file) {
  const bytes = fs.readFileSync(file);
  return JSON.parse(bytes.subarray(0, bytes.indexOf(0x0a)).toString('utf8'));
}

function fingerprintOf(keyBase64) {
  const hex = crypto.createHash('sha256').update(Buffer.from(keyBase64, 'base64')).digest('hex');
  return { hex, short: hex.slice(0, 32).match(/.{4}/g).join(' ') };
}

function makePack(name, args) {
  const bundle = path.join(outDir, `${name}.lif`);
  const pack = path.join(outDir, `${name}.html`);
  run('LIF_MAKE_BUNDLE', [bundle, ...args]);
  run('LIF_MAKE_PACK', [bundle, env('LIF_WEB_HTML'), pack, `${name}.lif`]);
  files[name] = { bundle, pack, header: headerOf(bundle) };
}

async function openPack(name, fragment = '') {
  await page.goto('about:blank');
  await page.goto(`${pathToFileURL(files[name].pack).href}${fragment}`);
  await page.waitForFunction((final) => final.includes(document.body.dataset.lifState) &&
    document.body.dataset.lifView !== 'rendering', FINAL, { timeout: 60000 });
  return page.evaluate(() => ({ state: document.body.dataset.lifState, reason: document.body.dataset.lifTrustReason }));
}

async function assertNoFigures() {
  assert.equal(await page.locator('#views').isVisible(), false);
  assert.equal(await page.locator('#view-body *').count(), 0);
  assert.equal(await page.locator('#view-json').textContent(), '');
  assert.equal(await page.locator('.lif-figure').count(), 0);
  assert.equal(await page.locator('#unverified').isVisible(), true);
  assert.equal(await page.locator('#show-unverified').isVisible(), true);
  assert.match(await page.locator('#bundle-tag').textContent(), /^Not verified$/);
}

async function axeViolations() {
  const axe = fs.readFileSync(path.join(env('LIF_NODE_MODULES'), 'axe-core', 'axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: axe });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }));
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

before(async () => {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  makePack('genuine', []);
  makePack('forged', ['--forge']);
  // The forged pack with its pin replaced too (the whole file re-made with a fresh key).
  const forgedKey = files.forged.header.signed_head.public_key;
  const html = fs.readFileSync(files.forged.pack, 'utf8');
  const pinStart = html.indexOf('<script type="application/json" id="lif-pin">');
  const pinEnd = html.indexOf('</script>', pinStart) + '</script>'.length;
  assert.ok(pinStart > 0, 'make_pack pins a key');
  const fp = fingerprintOf(forgedKey);
  const pin = JSON.stringify({ fingerprint: fp.hex, fingerprint_short: fp.short, origin: 'lif.test/web', public_key: forgedKey });
  const repinned = path.join(outDir, 'repinned.html');
  fs.writeFileSync(repinned, `${html.slice(0, pinStart)}<script type="application/json" id="lif-pin">${pin}</script>${html.slice(pinEnd)}`);
  files.repinned = { bundle: files.forged.bundle, pack: repinned, header: files.forged.header };

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

test('a forged pack re-signed with a fresh key shows "Not verified" and no figures', async () => {
  const genuineKey = files.genuine.header.signed_head.public_key;
  const forgedKey = files.forged.header.signed_head.public_key;
  assert.notEqual(forgedKey, genuineKey);
  // The forged pack still pins the board's (the genuine) key.
  assert.match(fs.readFileSync(files.forged.pack, 'utf8'), new RegExp(`"public_key":"${genuineKey.replace(/[+/]/g, '\\$&')}"`));
  const { state, reason } = await openPack('forged');
  assert.equal(state, 'unverified');
  assert.equal(reason, 'wrong_key');
  await assertNoFigures();
  const message = await page.locator('#unverified-message').textContent();
  assert.match(message, /not by the board key pinned for it/);
  assert.match(message, new RegExp(fingerprintOf(genuineKey).short));
  assert.match(message, new RegExp(fingerprintOf(forgedKey).short));
  assert.match(await page.locator('#bundle-line').textContent(), /Not verified/);
  assert.doesNotMatch(await page.locator('#main-content').innerText(), /Forged: escalation/);
  assert.deepEqual(await axeViolations(), []);
  await page.screenshot({ path: path.join(outDir, 'forged.png'), fullPage: true });
});

test('"Show unverified data" shows the forged figures, every view marked unverified', async () => {
  await page.locator('#show-unverified').click();
  await page.waitForFunction(() => document.body.dataset.lifView === 'dashboard');
  assert.equal(await page.evaluate(() => document.body.dataset.lifState), 'unverified');
  assert.equal(await page.evaluate(() => document.body.dataset.lifTrust), 'unverified');
  const views = await page.locator('#view-nav a[data-view]').evaluateAll((links) => links.map((a) => a.dataset.view));
  assert.ok(views.length >= 5, views.join(' '));
  for (const view of views) {
    await page.locator(`#view-nav a[data-view="${view}"]`).click();
    await page.waitForFunction((v) => document.body.dataset.lifView === v &&
      document.getElementById('view-json').dataset.view === v, view);
    assert.equal(await page.locator('#unverified-banner').isVisible(), true, view);
    assert.match(await page.locator('#unverified-banner').textContent(), /Unverified data/, view);
    assert.match(await page.locator('#view-caption').textContent(), /unverified/, view);
    // Every figure list, table and chart carries the mark.
    const unmarked = await page.locator('#view-body').evaluate((body) => {
      const parts = [...body.querySelectorAll('.lif-figures-section, .lif-table-section, figure.lif-chart')];
      const tables = [...body.querySelectorAll('table')];
      return parts.filter((p) => !p.querySelector(':scope > .lif-unverified-mark')).length +
        tables.filter((t) => !/^Unverified: /.test((t.querySelector('caption') || {}).textContent || '')).length;
    });
    assert.equal(unmarked, 0, `${view}: ${unmarked} unmarked figures or tables`);
  }
  await page.locator('#view-nav a[data-view="learning"]').click();
  await page.waitForFunction(() => document.body.dataset.lifView === 'learning');
  assert.match(await page.locator('#view-body').textContent(), /Forged: escalation/);
  assert.ok((await page.locator('#view-body .lif-unverified-mark').count()) > 0);
  assert.deepEqual(await axeViolations(), []);
  await page.screenshot({ path: path.join(outDir, 'forged-shown.png'), fullPage: true });
});

test('the genuine pack is verified and shows the board key fingerprint', async () => {
  const fp = fingerprintOf(files.genuine.header.signed_head.public_key);
  const { state, reason } = await openPack('genuine');
  assert.equal(state, 'verified');
  assert.equal(reason, 'verified');
  assert.equal(await page.locator('#bundle-tag').textContent(), 'Verified');
  assert.equal(await page.locator('#bundle-fingerprint').textContent(), fp.short);
  assert.match(await page.locator('#bundle-fingerprint-source').textContent(), /pinned in this pack/);
  assert.match(await page.locator('#bundle-line').textContent(), /signed by lif\.test\/web\.$/);
  assert.equal(await page.locator('#unverified').isVisible(), false);
  assert.equal(await page.locator('#unverified-banner').isVisible(), false);
  assert.equal(await page.locator('.lif-unverified-mark').count(), 0);
  assert.ok((await page.locator('.lif-figure').count()) > 0);
  // The browser now remembers the board's key.
  assert.equal(await page.evaluate(() => localStorage.getItem('lif.board-key-fingerprint.lif.test/web')), fp.hex);
  // With the inspector's fingerprint in the address: the same, or not verified.
  assert.equal((await openPack('genuine', `#fingerprint=${encodeURIComponent(fp.short)}`)).state, 'verified');
  const other = await openPack('genuine', `#fingerprint=${'0'.repeat(64)}`);
  assert.deepEqual(other, { state: 'unverified', reason: 'fingerprint_differs' });
  await assertNoFigures();
});

test('a pack re-made with a fresh key in its pin too: the page warns that the key changed', async () => {
  const fresh = fingerprintOf(files.forged.header.signed_head.public_key);
  const genuine = fingerprintOf(files.genuine.header.signed_head.public_key);
  const { state, reason } = await openPack('repinned');
  assert.deepEqual({ state, reason }, { state: 'unverified', reason: 'key_changed' });
  await assertNoFigures();
  assert.equal(await page.locator('#unverified-title').textContent(), "Warning: the board's key has changed");
  assert.match(await page.locator('#unverified-message').textContent(), new RegExp(`${genuine.short}.*${fresh.short}`));
  // The inspector compares with the board's published fingerprint: not this one.
  await page.locator('#expected-fingerprint').fill(genuine.short);
  await page.locator('#check-fingerprint').click();
  await page.waitForFunction(() => /does not match/.test(document.getElementById('expected-fingerprint-result').textContent));
  assert.equal(await page.evaluate(() => document.body.dataset.lifState), 'unverified');
  assert.equal(await page.evaluate(() => document.body.dataset.lifTrustReason), 'fingerprint_differs');
  await assertNoFigures();
  // Had the board announced this new key, its fingerprint makes it verified (and remembered).
  await page.locator('#expected-fingerprint').fill(fresh.hex.toUpperCase());
  await page.locator('#check-fingerprint').click();
  await page.waitForFunction(() => document.body.dataset.lifState === 'verified' && document.body.dataset.lifView === 'dashboard');
  assert.match(await page.locator('#expected-fingerprint-result').textContent(), /It matches/);
  assert.equal(await page.evaluate(() => localStorage.getItem('lif.board-key-fingerprint.lif.test/web')), fresh.hex);
});

test('nothing went to the network and no script failed', () => {
  assert.deepEqual(offPage, []);
  assert.deepEqual(problems, []);
});
