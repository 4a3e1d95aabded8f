// The signed tree head, checked as the page checks it (web/src/verify.js with
// the wasm core's merkleRoot() and signedHeadMessage(), and @noble/curves'
// Ed25519), under a pinned key (a forged bundle re-signed with a fresh key is
// refused), the key fingerprint of the core, and the time the core takes on a
// 100,000-event bundle.
//
// Run by CTest (cmake/wasm.cmake) with node --test. Inputs from the environment:
//   LIF_CORE_JS, LIF_NODE_MODULES, LIF_WEB_SRC, LIF_MAKE_BUNDLE, LIF_TEST_OUT
//   (see wasm_view.test.mjs); LIF_WEB_BIG_SCALE, the demo scale of the big
//   bundle (default 20, about 100,000 events).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { before, test } from 'node:test';
import { pathToFileURL } from 'node:url';

function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run this test through ctest)`);
  return value;
}

const modules = env('LIF_NODE_MODULES');
const require = createRequire(import.meta.url);
const createLifCore = require(env('LIF_CORE_JS'));
const { sha256 } = await import(pathToFileURL(path.join(modules, '@noble/hashes/sha2.js')).href);
const { ed25519 } = await import(pathToFileURL(path.join(modules, '@noble/curves/ed25519.js')).href);
const { openCore } = await import(pathToFileURL(path.join(env('LIF_WEB_SRC'), 'core.js')).href);
const { trustOf, verifySignedHead } = await import(pathToFileURL(path.join(env('LIF_WEB_SRC'), 'verify.js')).href);

const outDir = path.join(env('LIF_TEST_OUT'), 'signed_head');
let core;

function make(name, args) {
  const file = path.join(outDir, name);
  const run = spawnSync(env('LIF_MAKE_BUNDLE'), [file, ...args], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return fs.readFileSync(file);
}

function header(bytes) {
  return JSON.parse(bytes.subarray(0, bytes.indexOf(0x0a)).toString('utf8'));
}

/** The bundle with its header replaced (the events, and so the chain, unchanged). */
function withHeader(bytes, edit) {
  const h = header(bytes);
  edit(h);
  return Buffer.concat([Buffer.from(JSON.stringify(h)), bytes.subarray(bytes.indexOf(0x0a))]);
}

function check(bytes, pinnedKey) {
  const info = core.openBundle(new Uint8Array(bytes));
  assert.equal(info.ok, true, JSON.stringify(info));
  return verifySignedHead(core, info, ed25519, pinnedKey);
}

before(async () => {
  fs.mkdirSync(outDir, { recursive: true });
  core = await openCore(createLifCore, sha256);
});

test('the Merkle root is RFC 6962 over the event lines, worked by hand for five events', () => {
  const bytes = make('learning.lif', []);
  const lines = bytes.toString('utf8').split('\n').slice(1, -1).map((l) => Buffer.from(l, 'utf8'));
  assert.equal(lines.length, 5);
  const leaf = (b) => sha256(Buffer.concat([Buffer.from([0]), b]));
  const node = (l, r) => sha256(Buffer.concat([Buffer.from([1]), l, r]));
  const [a, b, c, d, e] = lines.map(leaf);
  // Five leaves: the largest power of two below 5 is 4, so root = node(MTH(0..4), leaf 4).
  const expected = Buffer.from(node(node(node(a, b), node(c, d)), e)).toString('hex');
  assert.equal(core.openBundle(new Uint8Array(bytes)).ok, true);
  assert.deepEqual(core.merkleRoot(), { size: 5, root: expected });
  assert.equal(header(bytes).signed_head.root, expected);
});

test('a signed bundle verifies and the signed message is the documented text', () => {
  const bytes = make('learning.lif', []);
  const h = header(bytes).signed_head;
  const result = check(bytes);
  assert.equal(result.status, 'signed', result.reason);
  assert.equal(result.root, h.root);
  assert.equal(h.size, 5);
  assert.equal(h.version, 2);
  assert.equal(h.origin, 'lif.test/web');
  assert.equal(h.timestamp, Date.parse('2026-03-16T12:00:00.000Z'));
  // Version 2 signs the origin the page shows as "signed by".
  assert.deepEqual(core.signedHeadMessage(), {
    present: true,
    version: 2,
    origin: 'lif.test/web',
    message: `lif-tree-head/v2\norigin lif.test/web\nsize 5\nroot ${h.root}\ntimestamp ${h.timestamp}\n`,
  });
  assert.equal(result.origin, 'lif.test/web');
  // Without a pinned key the result says so, and trustOf does not call it verified.
  assert.equal(result.pinned, false);
  // The public key is the one of the fixed test seed 1..32 (RFC 8032 derivation by noble).
  const seed = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
  assert.equal(Buffer.from(ed25519.getPublicKey(seed)).toString('base64'), h.public_key);
});

test('with a pinned key: verified only under it; a bundle re-signed with a fresh key is refused', () => {
  const good = make('learning.lif', []);
  const pinned = header(good).signed_head.public_key;
  const result = check(good, pinned);
  assert.equal(result.status, 'signed', result.reason);
  assert.equal(result.pinned, true);
  const fp = core.keyFingerprint(pinned);
  assert.match(fp.hex, /^[0-9a-f]{64}$/);
  assert.equal(fp.short, fp.hex.slice(0, 32).match(/.{4}/g).join(' '));
  assert.deepEqual(trustOf({ ...result, fingerprint: fp, expected: 'none' }), { verified: true, reason: 'verified', text: '' });
  // The same fingerprint remembered: verified; another one remembered: the key changed.
  assert.equal(trustOf({ ...result, fingerprint: fp, expected: 'none' }, { remembered: fp.hex }).verified, true);
  const changed = trustOf({ ...result, fingerprint: fp, expected: 'none' }, { remembered: 'f'.repeat(64) });
  assert.equal(changed.reason, 'key_changed');
  assert.match(changed.text, /HAS CHANGED/);
  // The reader's fingerprint: the short or the full form, any case and spacing.
  assert.deepEqual(core.fingerprintMatches(fp.short.toUpperCase(), pinned), { matches: true });
  assert.deepEqual(core.fingerprintMatches(fp.hex, pinned), { matches: true });
  assert.deepEqual(core.fingerprintMatches('0'.repeat(32), pinned), { matches: fp.hex.startsWith('0'.repeat(32)) });
  assert.ok(core.fingerprintMatches('12ab', pinned).error);
  assert.equal(trustOf({ ...result, fingerprint: fp, expected: 'differs' }).reason, 'fingerprint_differs');
  // Unpinned, it is verified only when the reader's fingerprint matches.
  const unpinned = check(good);
  assert.equal(trustOf({ ...unpinned, fingerprint: fp, expected: 'none' }).reason, 'unpinned');
  assert.equal(trustOf({ ...unpinned, fingerprint: fp, expected: 'match' }).verified, true);

  // Forged: the first title edited, chain and root rebuilt, signed by a fresh
  // key that the bundle names. Its own key verifies it; the pinned one does not.
  const forged = make('forged.lif', ['--forge']);
  assert.notEqual(header(forged).signed_head.public_key, pinned);
  assert.equal(check(forged).status, 'signed');
  const refused = check(forged, pinned);
  assert.equal(refused.status, 'wrong_key');
  assert.equal(refused.bundleKey, header(forged).signed_head.public_key);
  const trust = trustOf({ ...refused, fingerprint: fp, bundleFingerprint: core.keyFingerprint(refused.bundleKey), expected: 'none' });
  assert.equal(trust.verified, false);
  assert.equal(trust.reason, 'wrong_key');
  assert.match(trust.text, new RegExp(fp.short));
  // A bundle that names the pinned key but was signed by another: the signature fails under the pinned key.
  const relabelled = withHeader(forged, (h) => { h.signed_head.public_key = pinned; });
  const mismatch = check(relabelled, pinned);
  assert.equal(mismatch.status, 'mismatch');
  assert.match(mismatch.reason, /does not verify with the pinned key/);
  // An older head (lif-tree-head/v1, no version): its origin beside it is not signed, never shown as signed.
  const v1 = withHeader(good, (h) => { delete h.signed_head.version; });
  assert.equal(check(v1, pinned).status, 'mismatch');
  assert.deepEqual(
    { version: core.signedHeadMessage().version, origin: core.signedHeadMessage().origin },
    { version: 1, origin: '' },
  );
});

test('an unsigned bundle is reported as unsigned, with its computed root', () => {
  const result = check(make('unsigned.lif', ['--unsigned']));
  assert.equal(result.status, 'unsigned');
  assert.deepEqual(core.signedHeadMessage(), { present: false });
  assert.match(result.root, /^[0-9a-f]{64}$/);
});

test('a bad signature, a wrong root, a wrong size, a wrong key or a malformed head is a mismatch', () => {
  const good = make('learning.lif', []);
  const cases = [
    [make('bad.lif', ['--bad-signature']), /Ed25519 signature of the tree head does not verify/],
    [withHeader(good, (h) => { h.signed_head.root = '0'.repeat(64); }), /Merkle root of the events .* is not the signed root/],
    [withHeader(good, (h) => { h.signed_head.size = 4; }), /covers 4 events but the bundle has 5/],
    [withHeader(good, (h) => { h.signed_head.public_key = Buffer.from(ed25519.getPublicKey(new Uint8Array(32))).toString('base64'); }),
      /does not verify/],
    [withHeader(good, (h) => { h.signed_head.timestamp += 1; }), /does not verify/],
    [withHeader(good, (h) => { h.signed_head.public_key = 'AAAA'; }), /no valid Ed25519 public key/],
    [withHeader(good, (h) => { delete h.signed_head.root; }), /the signed head is malformed: .*\(at \/signed_head/],
  ];
  for (const [bytes, reason] of cases) {
    const result = check(bytes);
    assert.equal(result.status, 'mismatch');
    assert.match(result.reason, reason);
  }
});

test('a 100,000-event bundle: chain, Merkle root, signature and dashboard in reasonable time', () => {
  const scale = process.env.LIF_WEB_BIG_SCALE || '20';
  let started = Date.now();
  const bytes = make('big.lif', ['--board', '--scale', scale]);
  const made = (Date.now() - started) / 1000;
  const size = header(bytes).size;
  started = Date.now();
  const info = core.openBundle(new Uint8Array(bytes));
  assert.equal(info.ok, true, JSON.stringify(info.error));
  const opened = (Date.now() - started) / 1000;
  started = Date.now();
  const result = verifySignedHead(core, info, ed25519);
  assert.equal(result.status, 'signed', result.reason);
  const verified = (Date.now() - started) / 1000;
  started = Date.now();
  const dashboard = JSON.parse(core.viewText('dashboard', { today: '2026-07-01' }));
  assert.equal(dashboard.position, size);
  const rendered = (Date.now() - started) / 1000;
  console.log(`big bundle: ${size} events, ${(bytes.length / 1048576).toFixed(1)} MB; made in ${made.toFixed(1)} s, ` +
    `chain checked in ${opened.toFixed(1)} s, Merkle root and signature in ${verified.toFixed(1)} s, ` +
    `dashboard in ${rendered.toFixed(1)} s`);
  assert.ok(size >= 80000 || scale !== '20', `${size} events`);
  // Generous bounds for a loaded 2-core machine; the page runs this in a worker.
  assert.ok(opened + verified + rendered < 120, 'the core took over two minutes');
});
