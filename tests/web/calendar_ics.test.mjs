// The calendar feeds end to end, read by a real iCalendar parser (ical.js):
// `lif demo` fills a data folder, `lif serve` serves it on a free port, and
// the board's and an agency's feeds are fetched by their calendar keys (as a
// calendar client would, with no Authorization header) and parsed. Checks
// RFC 5545's form (CRLF, 75-octet lines, all-day dates, a UID and DTSTAMP on
// every event), that UIDs are unique and the same on a second request, and
// that an agency's feed holds only its own actions.
// Inputs from the environment: LIF_BINARY, LIF_NODE_MODULES, LIF_TEST_OUT.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, test } from 'node:test';

function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run this test through ctest)`);
  return value;
}

const ICAL = createRequire(path.join(env('LIF_NODE_MODULES'), 'noop.js'))('ical.js');
const lif = env('LIF_BINARY');
const outDir = path.join(env('LIF_TEST_OUT'), 'calendar');
const data = path.join(outDir, 'data');
const AGENCY = 'cleveland-police';

let server;
let origin;
let boardToken;
let agencyToken;

function run(args) {
  const r = spawnSync(lif, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `lif ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

before(async () => {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  run(['demo', '--data', data, '--years', '1']);
  boardToken = run(['token', 'create', '--data', data, '--role', 'board', '--name', 'calendar']);
  agencyToken = run(['token', 'create', '--data', data, '--role', 'agency', '--agency', AGENCY]);
  const portFile = path.join(outDir, 'port');
  server = spawn(lif, ['serve', '--data', data, '--listen', '127.0.0.1:0', '--port-file', portFile],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 600 && !fs.existsSync(portFile); ++i) await new Promise((r) => setTimeout(r, 100));
  origin = `http://127.0.0.1:${fs.readFileSync(portFile, 'utf8').trim()}`;
});

after(() => {
  if (server) server.kill('SIGTERM');
});

async function calendarUrls(token, query = '') {
  const r = await fetch(`${origin}/v1/calendars${query}`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(r.status, 200);
  const out = {};
  for (const c of (await r.json()).calendars) out[c.calendar] = origin + c.url;
  return out;
}

async function fetchText(url) {
  const r = await fetch(url); // No Authorization header: the key is in the URL.
  assert.equal(r.status, 200, await r.clone().text());
  assert.match(r.headers.get('content-type'), /^text\/calendar/);
  return r.text();
}

function checkForm(text) {
  assert.ok(text.endsWith('\r\n'));
  const lines = text.slice(0, -2).split('\r\n');
  for (const line of lines) {
    assert.ok(!line.includes('\n') && !line.includes('\r'), `a bare line break in ${JSON.stringify(line)}`);
    assert.ok(Buffer.byteLength(line, 'utf8') <= 75, `longer than 75 octets: ${line}`);
  }
}

function events(text) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  assert.equal(calendar.name, 'vcalendar');
  assert.equal(calendar.getFirstPropertyValue('version'), '2.0');
  return calendar.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    assert.ok(e.uid, 'an event without a UID');
    assert.ok(v.getFirstPropertyValue('dtstamp'), `${e.uid} has no DTSTAMP`);
    assert.equal(e.startDate.isDate, true, `${e.uid} is not an all-day event`);
    assert.equal(e.endDate.isDate, true);
    assert.equal(e.endDate.toUnixTime() - e.startDate.toUnixTime(), 86400, `${e.uid} is not one day`);
    assert.ok(e.summary && e.summary.length > 0);
    return { uid: e.uid, summary: e.summary, description: e.description || '',
      category: v.getFirstPropertyValue('categories'), start: e.startDate.toString() };
  });
}

test('the board feed parses, with unique UIDs of every kind, the same on a second request', async () => {
  const urls = await calendarUrls(boardToken);
  const text = await fetchText(urls.board);
  checkForm(text);
  const list = events(text);
  assert.ok(list.length > 20, `only ${list.length} events`);
  const uids = new Set(list.map((e) => e.uid));
  assert.equal(uids.size, list.length, 'a UID twice');
  const categories = new Set(list.map((e) => e.category));
  for (const c of ['ACTION', 'REPORTING TIMETABLE']) assert.ok(categories.has(c), `no ${c} event`);
  // A summary with a comma or semicolon reads back unescaped.
  assert.ok(list.every((e) => !e.summary.includes('\\,') && !e.summary.includes('\\;')));
  const again = await fetchText(urls.board);
  assert.equal(again, text);
  fs.writeFileSync(path.join(outDir, 'board.ics'), text);
});

test("an agency's feed holds only the actions it owns", async () => {
  const urls = await calendarUrls(agencyToken);
  const text = await fetchText(urls[`agency/${AGENCY}`]);
  checkForm(text);
  const actions = events(text).filter((e) => e.category === 'ACTION');
  assert.ok(actions.length > 0, 'no action of the agency');
  for (const a of actions) assert.ok(a.description.startsWith(`Owner: ${AGENCY}\n`), a.description);
  // The board's key does not open it.
  const board = await calendarUrls(boardToken);
  const key = new URL(board.board).searchParams.get('key');
  const r = await fetch(`${origin}/v1/calendars/agency/${AGENCY}.ics?key=${key}`);
  assert.equal(r.status, 401);
});
