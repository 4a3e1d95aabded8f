// Workload 5, browser side: headless Chromium opens a board pack (the page
// with a bundle embedded, from `lif_bench_tool pack`) from file:// and waits
// until the dashboard is on screen (shown from the pack's checkpoint while the
// worker verifies, docs/web.md), then until the worker has verified the pack
// and the dashboard is recomputed from its events.
//
// Usage: node bench/browser_pack.mjs PACK.html
// Environment: LIF_NODE_MODULES (for playwright-core), LIF_CHROMIUM
// (default /usr/bin/chromium), LIF_BENCH_PROFILE (a folder for a fresh profile).
// Prints "key value" lines:
//   first_view_seconds  navigation to the first rendered dashboard (any state),
//                       by the page's clock (performance.now())
//   first_state         the page's data-lif-state then ("verifying" with a checkpoint)
//   seconds             navigation to the verified dashboard, recomputed (the same clock)
//   state               the page's data-lif-state at the end
//   peak_mb             the most memory Chromium's processes held at once while
//                       opening: the sum of their proportional set sizes (PSS,
//                       /proc/PID/smaps_rollup), sampled every 100 ms
//   peak_renderer_mb    the same for the renderer alone (the page and its worker)
//   end_mb, end_renderer_mb  the same once verified
//   pack_mb             the pack file's size
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

/** The processes descended from `root` (its children, theirs...). */
function descendants(root) {
  const parent = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command may hold spaces and parentheses: the fields follow the last ")".
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(name), Number(fields[1]));
    } catch (e) {
      // The process ended meanwhile.
    }
  }
  const found = [];
  const wanted = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (wanted.has(ppid) && !wanted.has(pid)) {
        wanted.add(pid);
        found.push(pid);
        grew = true;
      }
    }
  }
  return found;
}

/**
 * The PSS of Chromium's processes (every process under this one), in MB: all
 * of them, and the renderer's alone (the page and its worker run there).
 */
function chromiumPssMb() {
  let all = 0;
  let renderer = 0;
  for (const pid of descendants(process.pid)) {
    try {
      const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const match = /^Pss:\s+(\d+) kB/m.exec(rollup);
      if (!match) continue;
      all += Number(match[1]) / 1024;
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) {
        renderer += Number(match[1]) / 1024;
      }
    } catch (e) {
      // Ended, or not ours to read.
    }
  }
  return { all, renderer };
}

const profile = fs.mkdtempSync(path.join(process.env.LIF_BENCH_PROFILE || os.tmpdir(), 'chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.LIF_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  offline: true,
});
// The network is off (offline) and every request is noted: anything but the
// pack's own file:, data: and blob: URLs fails the run. No request is
// intercepted, as interception would slow the pack's loading.
let peak = { all: 0, renderer: 0 };
const sample = () => {
  const now = chromiumPssMb();
  peak = { all: Math.max(peak.all, now.all), renderer: Math.max(peak.renderer, now.renderer) };
};
const sampler = setInterval(sample, 100);
try {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (request) => {
    const url = request.url();
    if (!/^(file|data|blob):/.test(url)) errors.push(`request to ${url}`);
  });
  // The page notes each change of its state and view with its own clock
  // (from the navigation's start), so that this process being slow to look
  // does not count.
  await page.addInitScript(() => {
    window.lifTimes = [];
    new MutationObserver(() => {
      const json = document.getElementById('view-json');
      window.lifTimes.push({
        t: performance.now(),
        state: document.body.dataset.lifState,
        shown: document.body.dataset.lifView === 'dashboard' && json !== null && json.textContent.length > 0,
      });
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-lif-state', 'data-lif-view'] });
  });
  await page.goto(pathToFileURL(path.resolve(packPath)).href, { waitUntil: 'commit' });
  await page.waitForFunction(() => {
    const s = document.body.dataset.lifState;
    const shown = document.body.dataset.lifView === 'dashboard' &&
      document.getElementById('view-json')?.textContent.length > 0;
    return s === 'rejected' || s === 'error' || ((s === 'verified' || s === 'unsigned') && shown);
  }, null, { timeout: 600000, polling: 100 });
  const times = await page.evaluate(() => window.lifTimes);
  const first = times.find((r) => r.shown) || times[times.length - 1];
  const last = times[times.length - 1];
  const firstSeconds = first.t / 1000;
  const firstState = first.state;
  const seconds = last.t / 1000;
  const state = last.state;
  sample();
  const end = chromiumPssMb();
  if (errors.length > 0) throw new Error(errors.join('\n'));
  console.log(`first_view_seconds ${firstSeconds}`);
  console.log(`first_state ${firstState}`);
  console.log(`seconds ${seconds}`);
  console.log(`state ${state}`);
  console.log(`peak_mb ${peak.all.toFixed(0)}`);
  console.log(`peak_renderer_mb ${peak.renderer.toFixed(0)}`);
  console.log(`end_mb ${end.all.toFixed(0)}`);
  console.log(`end_renderer_mb ${end.renderer.toFixed(0)}`);
  console.log(`pack_mb ${(fs.statSync(packPath).size / 1e6).toFixed(1)}`);
} finally {
  clearInterval(sampler);
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
