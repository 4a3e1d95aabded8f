// Workload 5, WebAssembly side: the wasm core under node opens a bundle
// (parses it and checks every event and the chain, as the page's worker does,
// with the page's SHA-256 from @noble/hashes) and renders every view.
//
// Usage: node bench/wasm_views.mjs BUNDLE TODAY
// Environment: LIF_CORE_JS (build/wasm/wasm/lif_core.js), LIF_NODE_MODULES
// (build/web/node_modules), LIF_WEB_SRC (web/src).
// Prints "key value" lines: seconds (best of LIF_REPEAT runs, default 2),
// open_seconds, views_seconds, view_bytes.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const [bundlePath, today] = process.argv.slice(2);
if (!bundlePath || !today) throw new Error('usage: wasm_views.mjs BUNDLE TODAY');
const require = createRequire(import.meta.url);
const createLifCore = require(env('LIF_CORE_JS'));
const modules = env('LIF_NODE_MODULES');
const { sha256 } = await import(pathToFileURL(path.join(modules, '@noble/hashes/sha2.js')).href);
const { openCore } = await import(pathToFileURL(path.join(env('LIF_WEB_SRC'), 'core.js')).href);

const bytes = new Uint8Array(fs.readFileSync(bundlePath));
const repeat = Number(process.env.LIF_REPEAT || '2');
let best = null;
for (let r = 0; r < repeat; ++r) {
  // A fresh module each time, as a page load gets.
  const core = await openCore(createLifCore, sha256);
  const started = performance.now();
  const info = core.openBundle(bytes);
  if (!info.ok) throw new Error(JSON.stringify(info.error));
  const opened = performance.now();
  let viewBytes = 0;
  for (const name of core.viewNames()) {
    const text = core.viewText(name, { today });
    if (text.startsWith('{"error"')) throw new Error(`${name}: ${text}`);
    viewBytes += text.length;
  }
  const done = performance.now();
  const run = {
    seconds: (done - started) / 1000,
    open_seconds: (opened - started) / 1000,
    views_seconds: (done - opened) / 1000,
    view_bytes: viewBytes,
  };
  if (best === null || run.seconds < best.seconds) best = run;
}
for (const [key, value] of Object.entries(best)) console.log(`${key} ${value}`);
