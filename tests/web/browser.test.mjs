// The page in headless Chromium, opened from file:// with no network: it
// verifies a bundle chosen through its file input, lists the learning
// register computed by the wasm core, recomputes it as of a date, and shows a
// clear warning and no figures for a tampered or truncated bundle. Any request
// leaving the page fails the test. Screenshots go to LIF_TEST_OUT/browser/.
//
// Run by CTest (cmake/wasm.cmake) with node --test. Inputs from the environment:
//   LIF_WEB_HTML      the built page (<build>/web/lif.html)
//   LIF_NODE_MODULES  where npm ci installed web/package-lock.json (playwright-core)
//   LIF_MAKE_BUNDLE   tests/web/make_bundle.cc, built
//   LIF_CHROMIUM      the browser (default /usr/bin/chromium); never downloaded
//   LIF_TEST_OUT      a folder for bundles, the browser profile and screenshots
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

const requireFromModules = createRequire(path.join(env('LIF_NODE_MODULES'), 'noop.js'));
const { chromium } = requireFromModules('playwright-core');

const outDir = path.join(env('LIF_TEST_OUT'), 'browser');
const pageUrl = pathToFileURL(env('LIF_WEB_HTML')).href;

const TITLES = [
  'Escalation between agencies was slow when a child moved area',
  'The voice of the child is recorded well in early help assessments',
  'Neglect referrals rarely include a chronology',
  'Strategy meetings <45 min & without education: the school’s view is lost',
  'Young people value consistent workers',
];

let context;
let page;
let bundle;
let head;
const offPage = []; // Requests for anything but file:, data: and blob: URLs.
const problems = []; // Page errors and console errors (a CSP violation, a script error).

function isLocal(url) {
  return /^(file|data|blob):/.test(url);
}

before(async () => {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const bundlePath = path.join(outDir, 'learning.lif');
  const made = spawnSync(env('LIF_MAKE_BUNDLE'), [bundlePath], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  bundle = fs.readFileSync(bundlePath);
  head = JSON.parse(bundle.subarray(0, bundle.indexOf(0x0a)).toString('utf8')).head;

  // A damaged copy: one byte of event 2's title flipped ("voice" -> "woice").
  const tampered = Buffer.from(bundle);
  tampered[tampered.indexOf('The voice of the child')  + 4] ^= 0x01;
  fs.writeFileSync(path.join(outDir, 'tampered.lif'), tampered);
  // A truncated copy: the last event line is missing.
  const lastLine = bundle.lastIndexOf(0x0a, bundle.length - 2) + 1;
  fs.writeFileSync(path.join(outDir, 'truncated.lif'), bundle.subarray(0, lastLine));

  const profile = fs.mkdtempSync(path.join(outDir, 'profile-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: env('LIF_CHROMIUM', '/usr/bin/chromium'),
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1200, height: 900 },
    offline: true,
  });
  context.on('request', (request) => {
    if (!isLocal(request.url())) offPage.push(request.url());
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    offPage.push(url);
    return route.abort('blockedbyclient');
  });
  page = context.pages()[0] || (await context.newPage());
  // Messages are shortened: one can quote a whole data: URL.
  page.on('pageerror', (error) => problems.push(`page error: ${error.message.slice(0, 300)}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text().slice(0, 300)}`);
  });
  page.on('websocket', (socket) => offPage.push(socket.url()));
});

after(async () => {
  if (context) await context.close();
});

async function state() {
  return page.evaluate(() => document.body.dataset.lifState);
}

async function waitForState(wanted) {
  await page.waitForFunction(
    (states) => states.includes(document.body.dataset.lifState),
    [wanted, 'error'],
    { timeout: 30000 },
  );
  assert.equal(await state(), wanted, await page.locator('#status').textContent());
}

async function rowTitles() {
  return page.locator('#learning-rows th').allTextContents();
}

test('the page starts its wasm core from file://', async () => {
  await page.goto(pageUrl);
  await waitForState('ready');
  assert.equal(await page.locator('#status').textContent(), 'Choose a bundle file to begin.');
  assert.equal(await page.locator('#register').isVisible(), false);
});

test('a bundle opened through the file input is verified and its register listed', async () => {
  await page.setInputFiles('#bundle-file', path.join(outDir, 'learning.lif'));
  await waitForState('verified');
  assert.equal(await page.locator('#bundle-name').textContent(), 'learning.lif');
  assert.equal(await page.locator('#bundle-head').textContent(), head);
  assert.equal(
    await page.locator('#bundle-size').textContent(),
    `5 events, ${(bundle.length / 1024).toFixed(1)} KB`,
  );
  assert.match(await page.locator('#bundle-verified').textContent(), /^Verified The hash chain of all 5 events is intact/);
  assert.equal(await page.locator('#rejected').isVisible(), false);
  assert.deepEqual(await rowTitles(), TITLES);
  assert.equal(
    await page.locator('#register-summary').textContent(),
    '5 learning items (events up to position 5).',
  );
  // The first row, cell by cell: kind, source (kind and stream), themes, date.
  const cells = await page.locator('#learning-rows tr').first().locator('td').allTextContents();
  assert.deepEqual(cells.map((c) => c.replace(/\s+/g, ' ').trim()), [
    'Lesson',
    'Case review case-review/cr-2025-07',
    'escalation transitions',
    '2026-01-08',
  ]);
  await page.screenshot({ path: path.join(outDir, 'learning.png'), fullPage: true });
});

test('the as-of date recomputes the register', async () => {
  await page.locator('#as-of').fill('2026-02-28');
  await page.waitForFunction(() => document.querySelectorAll('#learning-rows th').length === 3);
  assert.deepEqual(await rowTitles(), TITLES.slice(0, 3));
  assert.equal(
    await page.locator('#register-summary').textContent(),
    '3 learning items as of 2026-02-28 (events up to position 3).',
  );
  await page.screenshot({ path: path.join(outDir, 'learning-as-of.png'), fullPage: true });

  await page.locator('#as-of').fill('2026-01-01');
  await page.waitForFunction(() => document.querySelectorAll('#learning-rows th').length === 0);
  assert.equal(
    await page.locator('#learning-rows').textContent(),
    'No learning items were recorded by this date.',
  );

  await page.locator('#as-of').fill('');
  await page.waitForFunction(() => document.querySelectorAll('#learning-rows th').length === 5);
});

for (const [file, reason] of [
  ['tampered.lif', /does not link to the hash of the event before it \(at \/lines\/4\)/],
  ['truncated.lif', /bundle is truncated: header promises 5 events, found 4/],
]) {
  test(`${file} shows a clear warning and no figures`, async () => {
    await page.setInputFiles('#bundle-file', path.join(outDir, file));
    await waitForState('rejected');
    const warning = page.locator('#rejected');
    assert.equal(await warning.isVisible(), true);
    assert.equal(await warning.getAttribute('role'), 'alert');
    assert.match(await warning.textContent(), /This bundle failed verification/);
    assert.match(await page.locator('#rejected-message').textContent(), reason);
    assert.ok((await page.locator('#rejected-message').textContent()).startsWith(`${file}:`));
    // No figures: the register and the bundle summary are gone, not just hidden.
    assert.equal(await page.locator('#register').isVisible(), false);
    assert.equal(await page.locator('#bundle').isVisible(), false);
    assert.equal(await page.locator('#learning-rows tr').count(), 0);
    assert.equal(await page.locator('#bundle-head').textContent(), '');
    // Focus moves to the warning so that a screen reader announces it.
    assert.equal(await page.evaluate(() => document.activeElement.id), 'rejected');
    await page.screenshot({ path: path.join(outDir, file.replace('.lif', '.png')), fullPage: true });
  });
}

test('a good bundle opened after a rejected one is shown again', async () => {
  await page.setInputFiles('#bundle-file', path.join(outDir, 'learning.lif'));
  await waitForState('verified');
  assert.equal(await page.locator('#rejected').isVisible(), false);
  assert.deepEqual(await rowTitles(), TITLES);
});

test('the page is usable from the keyboard', async () => {
  await page.goto(pageUrl);
  await waitForState('ready');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'govuk-skip-link');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'bundle-file');
});

test('no request left the page and nothing failed in it', () => {
  assert.deepEqual(offPage, []);
  assert.deepEqual(problems, []);
});
