// Workload 5, browser side: headless Chromium opens a board pack (the page
// with a bundle embedded, from `lif_bench_tool pack`) from file:// and waits
// until the dashboard is rendered from it.
//
// Usage: node bench/browser_pack.mjs PACK.html
// Environment: LIF_NODE_MODULES (for playwright-core), LIF_CHROMIUM
// (default /usr/bin/chromium), LIF_BENCH_PROFILE (a folder for a fresh profile).
// Prints "key value" lines: seconds (navigation to a rendered, verified
// dashboard), state (the page's data-lif-state).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [packPath] = process.argv.slice(2);
if (!packPath) throw new Error('usage: browser_pack.mjs PACK.html');
const modules = process.env.LIF_NODE_MODULES;
if (!modules) throw new Error('LIF_NODE_MODULES is not set');
const require = createRequire(path.join(modules, 'noop.js'));
const { chromium } = require('playwright-core');

const profile = fs.mkdtempSync(path.join(process.env.LIF_BENCH_PROFILE || os.tmpdir(), 'chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.LIF_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:')) {
      return route.continue();
    }
    errors.push(`request to ${url}`);
    return route.abort();
  });
  const started = Date.now();
  await page.goto(pathToFileURL(path.resolve(packPath)).href);
  await page.waitForFunction(() => {
    const s = document.body.dataset.lifState;
    return (s === 'verified' || s === 'unsigned' || s === 'rejected' || s === 'error') &&
      document.body.dataset.lifView === 'dashboard' &&
      document.getElementById('view-json')?.textContent.length > 0;
  }, null, { timeout: 600000, polling: 50 });
  const seconds = (Date.now() - started) / 1000;
  const state = await page.evaluate(() => document.body.dataset.lifState);
  if (errors.length > 0) throw new Error(errors.join('\n'));
  console.log(`seconds ${seconds}`);
  console.log(`state ${state}`);
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
