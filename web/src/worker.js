// The page's Web Worker: holds the wasm core, so that checking and folding a
// large bundle (100,000 events and more) never freezes the page. The page
// builds this worker from a Blob (pages opened from file:// cannot load worker
// files); its source is the core (lif_core.js, which defines createLifCore)
// followed by this script bundled by web/build.mjs.
//
// Messages in:  {id, op: "open", name, bytes} | {id, op: "view", name, query}
//               | {id, op: "history", stream} | {id, op: "names"}
// Messages out: {id, progress: {phase, text}} while opening, then
//               {id, result} with:
//   open    -> {ok: true, info, integrity} or {ok: false, error}
//   view    -> {text} (the core's exact JSON text)
//   history -> the core's history object
//   names   -> the core's view names, in its order
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';

import { openCore } from './core.js';
import { verifySignedHead } from './verify.js';

const corePromise = openCore(globalThis.createLifCore, sha256);

function handle(core, message, progress) {
  if (message.op === 'open') {
    progress('chain', `Checking the hash chain of ${message.name}…`);
    const info = core.openBundle(message.bytes);
    if (!info.ok) return { ok: false, error: info.error };
    progress('merkle', `Checking the signed tree head of ${info.size} events…`);
    const integrity = verifySignedHead(core, info, ed25519);
    if (integrity.status === 'mismatch') {
      // A bundle whose signed head does not match shows no figures: close it.
      core.openBundle('');
      return { ok: false, error: { message: integrity.reason, path: '/signed_head' }, info, integrity };
    }
    progress('views', 'Computing the views…');
    return { ok: true, info, integrity };
  }
  if (message.op === 'view') return { text: core.viewText(message.name, message.query) };
  if (message.op === 'history') return core.history(message.stream);
  if (message.op === 'names') return core.viewNames();
  return { error: { message: `unknown operation ${message.op}` } };
}

self.onmessage = async (event) => {
  const message = event.data;
  const progress = (phase, text) => self.postMessage({ id: message.id, progress: { phase, text } });
  try {
    const core = await corePromise;
    self.postMessage({ id: message.id, result: handle(core, message, progress) });
  } catch (e) {
    self.postMessage({ id: message.id, failure: String((e && e.message) || e) });
  }
};
