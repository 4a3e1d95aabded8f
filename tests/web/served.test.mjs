// The page served over HTTP, as `lif serve` serves it at `/`: with
// #token=... in the URL it fetches GET /v1/bundle with the bearer token,
// checks its signature under the key the server publishes at GET /v1/keys
// (the page's pinned key), and shows the dashboard; a bundle signed by
// another key than the server's is not verified and shows no figures; a
// refused token leaves a message and no figures.
//
// A small stand-in server on 127.0.0.1 plays lif's part (the real endpoint is
// tested with the server). Any request to another origin fails the test.
// Inputs from the environment: LIF_WEB_HTML, LIF_NODE_MODULES, LIF_MAKE_BUNDLE,
// LIF_CHROMIUM, LIF_TEST_OUT (see browser.test.mjs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, test } from 'node:test';

function env(name, fallback) {
  const value = process.env[name] || fallback;
  if (!value) throw new Error(`${name} is not set (run this test through ctest)`);
  return value;
}

const { chromium } = createRequire(path.join(env('LIF_NODE_MODULES'), 'noop.js'))('playwright-core');
const outDir = path.join(env('LIF_TEST_OUT'), 'served');
const TOKEN = 'lif_test_token_0123456789';

let server;
let origin;
let context;
const served = []; // "METHOD path authorization" of every request the server saw.
let publishedKey; // What GET /v1/keys answers as ed25519_public_key.
const elsewhere = []; // Requests to any other origin.
const problems = [];

before(async () => {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const bundlePath = path.join(outDir, 'learning.lif');
  const made = spawnSync(env('LIF_MAKE_BUNDLE'), [bundlePath], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const bundle = fs.readFileSync(bundlePath);
  const html = fs.readFileSync(env('LIF_WEB_HTML'));
  publishedKey = JSON.parse(bundle.subarray(0, bundle.indexOf(0x0a)).toString('utf8')).signed_head.public_key;

  server = http.createServer((req, res) => {
    served.push(`${req.method} ${req.url} ${req.headers.authorization || '-'}`);
    if (req.method === 'GET' && req.url === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(html);
    } else if (req.method === 'GET' && req.url === '/v1/keys') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ algorithm: 'ed25519', ed25519_public_key: publishedKey, origin: 'lif.test/web' }));
    } else if (req.method === 'GET' && req.url === '/v1/bundle') {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.writeHead(401, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'unauthenticated', message: 'bad token' } }));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
      res.end(bundle);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;

  context = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(outDir, 'profile-')), {
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
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || /^(data|blob):/.test(url)) return route.continue();
    elsewhere.push(url);
    return route.abort('blockedbyclient');
  });
});

after(async () => {
  if (context) await context.close();
  if (server) server.close();
});

async function openPage(url) {
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message.slice(0, 300)}`));
  await page.goto(url);
  await page.waitForFunction(
    () => ['verified', 'unverified', 'rejected', 'error'].includes(document.body.dataset.lifState) ||
      /No bundle was loaded/.test(document.getElementById('status').textContent),
    null,
    { timeout: 30000 },
  );
  return page;
}

test('with #token the page fetches the bundle from the server and verifies it', async () => {
  const page = await openPage(`${origin}/#token=${TOKEN}`);
  assert.equal(await page.evaluate(() => document.body.dataset.lifState), 'verified');
  assert.equal(await page.locator('#bundle-name').textContent(), `${new URL(origin).host} bundle`);
  // The dashboard, computed from the served bundle's five learning items.
  await page.waitForFunction(() => document.body.dataset.lifView === 'dashboard');
  assert.equal(
    await page.locator('.lif-figure[data-key="summary.learning_items"] .lif-figure__value').textContent(),
    '5',
  );
  assert.deepEqual(served, ['GET / -', `GET /v1/bundle Bearer ${TOKEN}`, 'GET /v1/keys -']);
  await page.screenshot({ path: path.join(outDir, 'served.png'), fullPage: true });
  await page.close();
});

test('a bundle signed by another key than the server publishes is not verified', async () => {
  served.length = 0;
  const genuine = publishedKey;
  publishedKey = Buffer.alloc(32, 7).toString('base64');
  try {
    const page = await openPage(`${origin}/#token=${TOKEN}`);
    assert.equal(await page.evaluate(() => document.body.dataset.lifState), 'unverified');
    assert.equal(await page.evaluate(() => document.body.dataset.lifTrustReason), 'wrong_key');
    assert.equal(await page.locator('#views').isVisible(), false);
    assert.equal(await page.locator('#view-body *').count(), 0);
    assert.match(await page.locator('#unverified-message').textContent(), /not by the board key pinned for it/);
    await page.close();
  } finally {
    publishedKey = genuine;
  }
});

test('a refused token leaves a message and no figures', async () => {
  served.length = 0;
  const page = await openPage(`${origin}/#token=wrong`);
  assert.equal(
    await page.locator('#status').textContent(),
    'No bundle was loaded: the server answered 401. Choose a bundle file instead.',
  );
  assert.equal(await page.locator('#views').isVisible(), false);
  assert.deepEqual(served, ['GET / -', 'GET /v1/bundle Bearer wrong']);
  await page.close();
});

test('without a token the page asks for a file and requests nothing more', async () => {
  served.length = 0;
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => document.body.dataset.lifState === 'ready');
  assert.deepEqual(served, ['GET / -']);
  await page.close();
});

test('nothing went to another origin and no script failed', () => {
  assert.deepEqual(elsewhere, []);
  assert.deepEqual(problems, []);
});
