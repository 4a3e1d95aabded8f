// The lif core in JavaScript: a thin wrapper over the WebAssembly module
// (wasm/bindings.cc) that turns its JSON strings into objects.
//
// Used by the page (web/src/app.js) and by the node test
// (tests/web/wasm_view.test.mjs), so both exercise the same path. It has no
// imports: the module factory and the SHA-256 function are passed in.
//
//   const core = await openCore(createLifCore, sha256);
//   core.openBundle(bytes)            -> {ok, size, head, exported_at, bytes} or {ok: false, error}
//   core.view(name, {today, as_of})   -> the view object, or {error: {code, message, path}}
//   core.viewText(name, query)        -> the same as the exact JSON text
//   core.viewNames()                  -> ["learning", ...]
//   core.merkleRoot()                 -> {size, root} of all events of the open bundle
//   core.signedHeadMessage()          -> {present: false} or {present: true, version, origin, message}
//   core.keyFingerprint(keyBase64)    -> {hex, short} (SHA-256 of the raw key) or {error}
//   core.fingerprintMatches(given, keyBase64) -> {matches} or {error}
//   core.history(stream)              -> {stream, events: [...]}
//   core.annualReport(year, {today, format}) -> the annual report, or {document, type}

/**
 * Instantiates the core and gives it the SHA-256 function.
 * @param {function(object=): Promise<object>} createLifCore the module factory.
 * @param {function(Uint8Array): Uint8Array} sha256 returns the 32-byte digest.
 */
export async function openCore(createLifCore, sha256) {
  const module = await createLifCore();
  // The core calls this for every event; it must never throw into the wasm
  // module, so an exception becomes an invalid digest, which fails verification.
  module.setSha256((bytes) => {
    try {
      return sha256(bytes);
    } catch (e) {
      return '';
    }
  });
  return {
    openBundle(bytes) {
      return JSON.parse(module.openBundle(bytes));
    },
    viewText(name, query) {
      return module.view(name, JSON.stringify(query));
    },
    view(name, query) {
      return JSON.parse(module.view(name, JSON.stringify(query)));
    },
    viewNames() {
      return JSON.parse(module.viewNames());
    },
    merkleRoot() {
      return JSON.parse(module.merkleRoot());
    },
    signedHeadMessage() {
      return JSON.parse(module.signedHeadMessage());
    },
    keyFingerprint(keyBase64) {
      return JSON.parse(module.keyFingerprint(String(keyBase64)));
    },
    fingerprintMatches(given, keyBase64) {
      return JSON.parse(module.fingerprintMatches(String(given), String(keyBase64)));
    },
    history(stream) {
      return JSON.parse(module.history(String(stream)));
    },
    annualReport(year, query) {
      return JSON.parse(module.annualReport(String(year), JSON.stringify(query)));
    },
  };
}

/** Today's date in the browser's time zone, as YYYY-MM-DD. */
export function localToday(now = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
