// The page's Web Worker: holds the wasm core, so that checking and folding a
// large bundle (100,000 events and more) never freezes the page. The page
// builds this worker from a Blob (pages opened from file:// cannot load worker
// files); its source is the core (lif_core.js, which defines createLifCore)
// followed by this script bundled by web/build.mjs.
//
// Messages in:  {id, op: "open", name, bytes, checkpoint?, pinnedKey?, expected?}
//               | {id, op: "view", name, query} | {id, op: "history", stream}
//               | {id, op: "names"} | {id, op: "match", given, key}
// pinnedKey is the board key (base64) the page pins (verify.js); expected a
// fingerprint the reader gave, compared with the key that signed.
// bytes are the bundle, or its gzip (told by gzip's first two bytes, 1f 8b),
// which the worker inflates with the browser's DecompressionStream. With a
// checkpoint (the pack's views computed at export, docs/bundle.md), the
// bundle is accepted only if the core renders every one of its views, with
// its query, to the same bytes.
// Messages out: {id, progress: {phase, text}} while opening, then
//               {id, result} with:
//   open    -> {ok: true, info, integrity} or {ok: false, error}
//   view    -> {text} (the core's exact JSON text)
//   history -> the core's history object
//   names   -> the core's view names, in its order
//   match   -> {expected: "match" | "differs" | "invalid"}
// The open answer's integrity carries fingerprint {hex, short} of the key the
// signature was checked with (the core's lif::Ed25519KeyFingerprint), and
// expected as above ("none" when no fingerprint was given).
import { ed25519 } from '@noble/curves/ed25519.js';
import { createSHA256 } from 'hash-wasm';

import { openCore } from './core.js';
import { verifySignedHead } from './verify.js';

// SHA-256 from hash-wasm (npm; its own WebAssembly build): the core calls it
// for every event and every Merkle node, and it is several times faster than
// a JavaScript SHA-256 there (docs/performance.md). One hasher, reused.
async function startCore() {
  const hasher = await createSHA256();
  const sha256 = (bytes) => hasher.init().update(bytes).digest('binary');
  return openCore(globalThis.createLifCore, sha256);
}

const corePromise = startCore();

function isGzip(bytes) {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

async function gunzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * The first view of the checkpoint the core does not render to the same
 * bytes (null: all agree). A checkpoint that is not the documented object
 * disagrees as a whole.
 */
function checkpointMismatch(core, info, checkpoint) {
  const valid = checkpoint !== null && typeof checkpoint === 'object' &&
    checkpoint.query !== null && typeof checkpoint.query === 'object' &&
    checkpoint.views !== null && typeof checkpoint.views === 'object';
  if (!valid) return { message: 'the pack\'s checkpoint is malformed', path: '/checkpoint' };
  if (checkpoint.head !== info.head || checkpoint.size !== info.size) {
    return { message: 'the pack\'s checkpoint was computed from other events', path: '/checkpoint/head' };
  }
  if (JSON.stringify(checkpoint.view_names) !== JSON.stringify(core.viewNames())) {
    return { message: 'the pack\'s checkpoint lists other views than the core has', path: '/checkpoint/view_names' };
  }
  for (const [name, text] of Object.entries(checkpoint.views)) {
    if (core.viewText(name, checkpoint.query) !== text) {
      return {
        message: `the figures first shown for the ${name} view are not what the pack's events give`,
        path: `/checkpoint/views/${name}`,
      };
    }
  }
  return null;
}

/** The reader's fingerprint against a key: "none", "match", "differs" or "invalid". */
function expectation(core, given, key) {
  if (typeof given !== 'string' || given.trim() === '') return 'none';
  if (typeof key !== 'string' || key === '') return 'differs';
  const answer = core.fingerprintMatches(given, key);
  if (answer.error) return /SHA-256|base64|32 bytes/.test(answer.error.message) ? 'differs' : 'invalid';
  return answer.matches ? 'match' : 'differs';
}

function fingerprintOf(core, key) {
  if (typeof key !== 'string' || key === '') return null;
  const fp = core.keyFingerprint(key);
  return fp.error ? null : fp;
}

function addFingerprints(core, integrity, expected) {
  integrity.fingerprint = fingerprintOf(core, integrity.key);
  if (integrity.status === 'wrong_key') integrity.bundleFingerprint = fingerprintOf(core, integrity.bundleKey);
  integrity.expected = integrity.status === 'signed' || integrity.status === 'wrong_key'
    ? expectation(core, expected, integrity.key)
    : 'none';
}

async function handle(core, message, progress) {
  if (message.op === 'open') {
    let bytes = message.bytes;
    if (isGzip(bytes)) {
      progress('chain', `Unpacking ${message.name}…`);
      try {
        bytes = await gunzip(bytes);
      } catch (e) {
        return { ok: false, error: { message: `the bundle is not whole gzip data (${e.message})`, path: '' } };
      }
    }
    progress('chain', `Checking the hash chain of ${message.name}…`);
    const info = core.openBundle(bytes);
    bytes = null;
    if (!info.ok) return { ok: false, error: info.error };
    progress('merkle', `Checking the signed tree head of ${info.size} events…`);
    const integrity = verifySignedHead(core, info, ed25519, message.pinnedKey);
    addFingerprints(core, integrity, message.expected);
    if (integrity.status === 'mismatch') {
      // A bundle whose signed head does not match shows no figures: close it.
      core.openBundle('');
      return { ok: false, error: { message: integrity.reason, path: '/signed_head' }, info, integrity };
    }
    progress('views', 'Computing the views…');
    if (message.checkpoint !== undefined) {
      const error = checkpointMismatch(core, info, message.checkpoint);
      if (error) {
        core.openBundle('');
        return { ok: false, error, info, integrity };
      }
    }
    return { ok: true, info, integrity };
  }
  if (message.op === 'view') return { text: core.viewText(message.name, message.query) };
  if (message.op === 'history') return core.history(message.stream);
  if (message.op === 'annual_report') return core.annualReport(message.year, message.query);
  if (message.op === 'names') return core.viewNames();
  if (message.op === 'match') return { expected: expectation(core, message.given, message.key) };
  return { error: { message: `unknown operation ${message.op}` } };
}

// Messages are handled one at a time, in order: opening awaits the
// decompression, and a view asked for meanwhile must wait for the bundle.
let queue = Promise.resolve();

self.onmessage = (event) => {
  const message = event.data;
  const progress = (phase, text) => self.postMessage({ id: message.id, progress: { phase, text } });
  queue = queue.then(async () => {
    try {
      const core = await corePromise;
      self.postMessage({ id: message.id, result: await handle(core, message, progress) });
    } catch (e) {
      self.postMessage({ id: message.id, failure: String((e && e.message) || e) });
    }
  });
};
