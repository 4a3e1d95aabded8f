// The wasm core under node: every view equals the native view byte for byte,
// and damaged bundles are rejected with a message naming the bad line.
//
// Run by CTest (cmake/wasm.cmake) with node --test. Inputs from the environment:
//   LIF_CORE_JS       the SINGLE_FILE build of the core (lif_core.js)
//   LIF_NODE_MODULES  where npm ci installed web/package-lock.json
//   LIF_WEB_SRC       web/src (for the page's own wrapper, core.js)
//   LIF_MAKE_BUNDLE   tests/web/make_bundle.cc, built
//   LIF_NATIVE_VIEW   tests/web/native_view.cc, built
//   LIF_TEST_OUT      a folder for the test's files
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';

function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run this test through ctest)`);
  return value;
}

const require = createRequire(import.meta.url);
const createLifCore = require(env('LIF_CORE_JS'));
const { sha256 } = await import(
  pathToFileURL(path.join(env('LIF_NODE_MODULES'), '@noble/hashes/sha2.js')).href
);
const { openCore } = await import(pathToFileURL(path.join(env('LIF_WEB_SRC'), 'core.js')).href);

const outDir = path.join(env('LIF_TEST_OUT'), 'wasm_view');
const bundlePath = path.join(outDir, 'learning.lif');

// The five titles make_bundle records, in stream order (learning/2026-001..005).
const TITLES = [
  'Escalation between agencies was slow when a child moved area',
  'The voice of the child is recorded well in early help assessments',
  'Neglect referrals rarely include a chronology',
  'Strategy meetings <45 min & without education: the school’s view is lost',
  'Young people value consistent workers',
];

/**
 * Runs native_view; returns {ok, text} (stdout without its newline, or all of
 * it with raw) or {ok: false, error}.
 */
function nativeView(args, { raw = false } = {}) {
  const run = spawnSync(env('LIF_NATIVE_VIEW'), [bundlePath, ...args], { encoding: 'utf8' });
  if (run.status !== 0) return { ok: false, error: run.stderr };
  if (raw) return { ok: true, text: run.stdout };
  assert.ok(run.stdout.endsWith('\n'));
  return { ok: true, text: run.stdout.slice(0, -1) };
}

/** The bundle's lines (header first), as byte buffers. */
function bundleLines(bytes) {
  const lines = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      lines.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  if (start < bytes.length) lines.push(bytes.subarray(start));
  return lines;
}

let core;
let bundle;

before(async () => {
  fs.mkdirSync(outDir, { recursive: true });
  const made = spawnSync(env('LIF_MAKE_BUNDLE'), [bundlePath], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  bundle = new Uint8Array(fs.readFileSync(bundlePath));
  core = await openCore(createLifCore, sha256);
});

describe('opening a bundle', () => {
  test('a good bundle verifies and reports its header', () => {
    const info = core.openBundle(bundle);
    const header = JSON.parse(Buffer.from(bundleLines(bundle)[0]).toString('utf8'));
    assert.equal(info.ok, true, JSON.stringify(info));
    assert.equal(info.size, 5);
    assert.equal(info.head, header.head);
    assert.match(info.head, /^[0-9a-f]{64}$/);
    assert.equal(info.exported_at, '2026-03-16T12:00:00.000Z');
    assert.equal(info.bytes, bundle.length);
  });

  test('the head is the SHA-256 of the last line, as sha256sum would compute it', () => {
    const lines = bundleLines(bundle);
    const last = lines[lines.length - 1];
    const hex = Buffer.from(sha256(last)).toString('hex');
    assert.equal(core.openBundle(bundle).head, hex);
  });

  test('a bundle given as text opens the same way', () => {
    const info = core.openBundle(Buffer.from(bundle).toString('utf8'));
    assert.equal(info.ok, true);
    assert.equal(info.bytes, bundle.length);
  });
});

describe('the wasm view equals the native view', () => {
  // [today, as_of, ...filters]: latest, two dates, an empty prefix, a
  // position, and the learning view's filters.
  const queries = [
    ['2026-03-20', ''],
    ['2026-03-20', '2026-02-28'],
    ['2026-03-20', '2026-03-15'],
    ['2026-03-20', '2026-01-01'],
    ['2026-04-01', '3'],
    ['2026-03-20', '', 'source=case_review'],
    ['2026-03-20', '2026-03-15', 'theme=escalation'],
  ];

  test('the view names agree', () => {
    const native = nativeView(['--names']);
    assert.ok(native.ok, native.error);
    assert.deepEqual(core.viewNames(), JSON.parse(native.text));
    assert.ok(core.viewNames().includes('learning'));
  });

  test('every view, at every date, with filters, is byte-identical', () => {
    assert.equal(core.openBundle(bundle).ok, true);
    let compared = 0;
    for (const name of core.viewNames()) {
      for (const [today, asOf, ...filters] of queries) {
        const query = { today };
        if (asOf) query.as_of = asOf;
        for (const f of filters) {
          const [key, value] = f.split('=');
          query[key] = value;
        }
        const label = `${name} ${JSON.stringify(query)}`;
        const wasm = core.viewText(name, query);
        const native = nativeView([name, today, asOf, ...filters]);
        if (!native.ok) {
          // The same refusal on both sides (e.g. a filter another view does not take).
          const refused = JSON.parse(wasm);
          assert.ok(refused.error, `${label}: native refused (${native.error}) but wasm answered`);
          assert.ok(native.error.includes(refused.error.message), `${label}: ${native.error}`);
          continue;
        }
        assert.equal(wasm, native.text, label);
        compared++;
      }
    }
    assert.ok(compared >= queries.length, `only ${compared} views compared`);
  });

  test('the annual report is byte-identical in every form', () => {
    assert.equal(core.openBundle(bundle).ok, true);
    for (const [year, today] of [['2025', '2026-03-20'], ['2025/26', '2026-10-01'], ['2024', '2026-03-20']]) {
      const report = core.annualReport(year, { today, format: 'json' });
      assert.ok(!report.error, JSON.stringify(report.error));
      const native = nativeView(['--annual-report', year, today, 'json']);
      assert.ok(native.ok, native.error);
      assert.equal(JSON.stringify(report), native.text, `${year} ${today}`);
      for (const format of ['html', 'csv']) {
        const doc = core.annualReport(year, { today, format });
        const nativeDoc = nativeView(['--annual-report', year, today, format], { raw: true });
        assert.ok(nativeDoc.ok, nativeDoc.error);
        assert.equal(doc.document, nativeDoc.text, `${year} ${today} ${format}`);
      }
    }
    // The same refusals: a year not begun, a malformed one.
    assert.equal(core.annualReport('2030', { today: '2026-03-20' }).error.path, 'year');
    assert.equal(core.annualReport('2025/27', { today: '2026-03-20' }).error.path, 'year');
    assert.equal(core.annualReport('2025', { today: '2026-03-20', format: 'pdf' }).error.path, 'format');
  });

  test('the learning view has the hand-checked figures', () => {
    assert.equal(core.openBundle(bundle).ok, true);
    const latest = core.view('learning', { today: '2026-03-20' });
    assert.equal(latest.total, 5);
    assert.equal(latest.position, 5);
    assert.equal(latest.as_of, null);
    assert.deepEqual(latest.items.map((i) => i.title), TITLES);
    assert.deepEqual(latest.by_kind, { finding: 1, good_practice: 2, lesson: 2 });
    assert.equal(latest.by_theme.escalation, 2);

    // Recorded on 01-12, 02-03, 02-20, 03-15, 03-15: the end of 02-28 has three.
    const february = core.view('learning', { today: '2026-03-20', as_of: '2026-02-28' });
    assert.equal(february.total, 3);
    assert.equal(february.position, 3);
    assert.equal(february.judged_on, '2026-02-28');
    assert.deepEqual(february.items.map((i) => i.title), TITLES.slice(0, 3));

    const before = core.view('learning', { today: '2026-03-20', as_of: '2026-01-11' });
    assert.equal(before.total, 0);
    assert.equal(before.position, 0);

    const escalation = core.view('learning', { today: '2026-03-20', theme: 'escalation' });
    assert.deepEqual(escalation.items.map((i) => i.stream), ['learning/2026-001', 'learning/2026-004']);
  });

  test('bad queries are errors, not exceptions', () => {
    assert.equal(core.openBundle(bundle).ok, true);
    assert.equal(core.view('no-such-view', { today: '2026-03-20' }).error.code, 'not_found');
    assert.equal(core.view('learning', {}).error.path, '/today');
    assert.equal(core.view('learning', { today: '2026-02-30' }).error.path, '/today');
    assert.equal(core.view('learning', { today: '2026-03-20', as_of: 'soon' }).error.path, '/as_of');
    assert.equal(core.view('learning', { today: '2026-03-20', theme: 3 }).error.path, '/theme');
  });
});

describe('damaged bundles are rejected', () => {
  function expectRejected(bytes, message, where) {
    const info = core.openBundle(bytes);
    assert.equal(info.ok, false, 'a damaged bundle was accepted');
    assert.match(info.error.message, message);
    assert.equal(info.error.path, where);
    // Nothing of the previous bundle stays available.
    assert.equal(core.view('learning', { today: '2026-03-20' }).error.message, 'no bundle is open');
  }

  function withFlippedByte(lineIndex, find) {
    const copy = new Uint8Array(bundle);
    const lines = bundleLines(bundle);
    const offset = lines[lineIndex].byteOffset + Buffer.from(lines[lineIndex]).indexOf(find);
    assert.ok(offset >= lines[lineIndex].byteOffset);
    copy[offset] ^= 0x01; // 's' (0x73) becomes 'r' (0x72), '{' becomes 'z'.
    return copy;
  }

  test('one byte flipped in an event breaks the link to the next event', () => {
    // Line 2 is event 1: its hash changes, so event 2 (line 3) no longer links.
    expectRejected(withFlippedByte(1, 'slow'), /does not link/, '/lines/3');
  });

  test('one byte flipped in the last event no longer matches the head', () => {
    expectRejected(withFlippedByte(5, 'consistent'), /head/, '/lines');
  });

  test('one byte flipped in the JSON syntax makes the line undecodable', () => {
    expectRejected(withFlippedByte(3, '{'), /damaged/, '/lines/4');
  });

  test('a bundle missing its last event is truncated', () => {
    const lines = bundleLines(bundle);
    const cut = bundle.subarray(0, lines[5].byteOffset);
    expectRejected(cut, /truncated: header promises 5 events, found 4/, '/lines');
  });

  test('a bundle cut in the middle of a line is rejected', () => {
    const lines = bundleLines(bundle);
    const cut = bundle.subarray(0, lines[4].byteOffset + 40);
    expectRejected(cut, /damaged/, '/lines/5');
  });

  test('something that is not a bundle is rejected', () => {
    expectRejected(new TextEncoder().encode('hello\n'), /not a lif bundle/, '/lines/1');
    expectRejected(new Uint8Array(0), /empty bundle/, '/lines/1');
  });

  test('a digest function that fails rejects the bundle', async () => {
    const broken = await openCore(createLifCore, () => {
      throw new Error('no digest today');
    });
    const info = broken.openBundle(bundle);
    assert.equal(info.ok, false);
    assert.match(info.error.message, /invalid digest/);
  });
});
