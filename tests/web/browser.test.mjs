// The board pack in headless Chromium, opened from file:// with no network.
//
// It opens the demo board's signed bundle through the file input; checks that
// the page verified the chain, the Merkle root and the Ed25519 signature and
// shows the head; renders every view and checks that the JSON the page's wasm
// core rendered is byte-identical to lif_native_view's for the same bundle and
// query, and that the figures on screen are that JSON's; recomputes every view
// as of a date; follows the dashboard's list links to the filtered action
// tracker; filters and sorts the action tracker; shows an item's history;
// saves a table as CSV; opens a second bundle; rejects a tampered bundle and
// one with a bad signature (warning, no figures); shows no figures of an
// unsigned one until asked, and then marks every view unverified; opens
// a 20,000-event bundle in the worker while the page stays responsive; opens
// a board pack (the page with the board key in #lif-pin and a bundle in its
// #lif-bundle slot). The plain page pins no key: it is opened with the test
// key's fingerprint in its address (#fingerprint=..., as an inspector gives
// it), against which the bundles it opens are checked. Any
// request leaving the page fails the test. Screenshots of each view go to
// LIF_TEST_OUT/browser/.
//
// Run by CTest (cmake/wasm.cmake) with node --test. Inputs from the environment:
//   LIF_WEB_HTML      the built page (<build>/web/lif.html)
//   LIF_NODE_MODULES  where npm ci installed web/package-lock.json (playwright-core)
//   LIF_MAKE_BUNDLE   tests/web/make_bundle.cc, built
//   LIF_NATIVE_VIEW   tests/web/native_view.cc, built
//   LIF_CHROMIUM      the browser (default /usr/bin/chromium); never downloaded
//   LIF_TEST_OUT      a folder for bundles, the browser profile and screenshots
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';

function env(name, fallback) {
  const value = process.env[name] || fallback;
  if (!value) throw new Error(`${name} is not set (run this test through ctest)`);
  return value;
}

const requireFromModules = createRequire(path.join(env('LIF_NODE_MODULES'), 'noop.js'));
const { chromium } = requireFromModules('playwright-core');

const outDir = path.join(env('LIF_TEST_OUT'), 'browser');
const pageFile = pathToFileURL(env('LIF_WEB_HTML')).href;
// The plain page with the board's fingerprint given (set once the bundles are made).
let fingerprint;
let pageUrl;

const VIEWS = [
  ['dashboard', 'Dashboard'],
  ['learning', 'Learning register'],
  ['actions', 'Action tracker'],
  ['indicators', 'Indicators'],
  ['reviews', 'Case reviews'],
  ['audits', 'Audits and Section 11'],
  ['training', 'Training'],
  ['assurance', 'Assurance'],
  ['timetable', "This month's timetable"],
  ['loop', 'Learning loop'],
  ['you_said_we_did', 'You said, we did'],
  ['dissemination', 'Dissemination'],
  ['policies', 'Policies and procedures'],
  ['priorities', 'Priorities'],
  ['plan_reports', 'Action plan reports'],
];
// The file input (GOV.UK's file upload replaces it on screen with its own button).
const FILE_INPUT = '#open input[type=file]';
// Rows a table draws at first (web/src/components/table.js, PAGE_ROWS).
const PAGE_ROWS = 50;
// The scale of the demo board that makes about 20,000 events (see make_bundle).
const LARGE_SCALE = process.env.LIF_WEB_LARGE_SCALE || '7';

let context;
let page;
const bundles = {};
const offPage = []; // Requests for anything but file:, data: and blob: URLs.
const problems = []; // Page errors and console errors (a CSP violation, a script error).

function isLocal(url) {
  return /^(file|data|blob):/.test(url);
}

function makeBundle(name, args) {
  const file = path.join(outDir, name);
  const made = spawnSync(env('LIF_MAKE_BUNDLE'), [file, ...args], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const bytes = fs.readFileSync(file);
  const header = JSON.parse(bytes.subarray(0, bytes.indexOf(0x0a)).toString('utf8'));
  bundles[name] = { file, bytes, header };
}

/** lif_native_view's JSON text for a bundle and the page's query. */
function nativeView(bundleName, view, query) {
  const args = [bundles[bundleName].file, view, query.today, query.as_of || ''];
  for (const [k, v] of Object.entries(query)) if (k !== 'today' && k !== 'as_of') args.push(`${k}=${v}`);
  const run = spawnSync(env('LIF_NATIVE_VIEW'), args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.replace(/\n$/, '');
}

before(async () => {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  makeBundle('board.lif', ['--board']);
  makeBundle('learning.lif', []);
  makeBundle('unsigned.lif', ['--unsigned']);
  makeBundle('bad-signature.lif', ['--bad-signature']);
  makeBundle('large.lif', ['--board', '--scale', LARGE_SCALE]);
  // The test key's fingerprint: SHA-256 of the raw Ed25519 key.
  fingerprint = crypto.createHash('sha256')
    .update(Buffer.from(bundles['board.lif'].header.signed_head.public_key, 'base64')).digest('hex');
  pageUrl = `${pageFile}#fingerprint=${fingerprint}`;
  // A damaged copy of the board: one byte of the 10th event flipped.
  const board = bundles['board.lif'].bytes;
  let at = 0;
  for (let line = 0; line < 10; line++) at = board.indexOf(0x0a, at) + 1;
  const tampered = Buffer.from(board);
  tampered[board.indexOf('"type":"', at) + 8] ^= 0x01;
  fs.writeFileSync(path.join(outDir, 'tampered.lif'), tampered);

  const profile = fs.mkdtempSync(path.join(outDir, 'profile-'));
  context = await chromium.launchPersistentContext(profile, {
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
    viewport: { width: 1280, height: 900 },
    offline: true,
    acceptDownloads: true,
  });
  context.on('request', (request) => {
    if (!isLocal(request.url())) offPage.push(request.url());
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    offPage.push(url);
    return route.abort('blockedbyclient');
  });
  page = context.pages()[0] || (await context.newPage());
  // Messages are shortened: one can quote a whole data: URL.
  page.on('pageerror', (error) => problems.push(`page error: ${error.message.slice(0, 300)}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text().slice(0, 300)}`);
  });
  page.on('websocket', (socket) => offPage.push(socket.url()));
});

after(async () => {
  if (context) await context.close();
});

async function state() {
  return page.evaluate(() => document.body.dataset.lifState);
}

async function waitForState(wanted, timeout = 60000) {
  await page.waitForFunction(
    (states) => states.includes(document.body.dataset.lifState),
    [wanted, 'error', 'rejected', 'verified', 'unverified'].filter((s, i, all) => all.indexOf(s) === i),
    { timeout },
  );
  assert.equal(await state(), wanted, await page.locator('#status').textContent());
}

/** Chooses a bundle file and waits until the page has finished with it. */
async function chooseFile(file, wanted, timeout = 60000) {
  await page.evaluate(() => { document.body.dataset.lifState = 'choosing'; });
  await page.setInputFiles(FILE_INPUT, file);
  await page.waitForFunction(
    () => ['verified', 'unverified', 'rejected', 'error'].includes(document.body.dataset.lifState),
    null,
    { timeout },
  );
  assert.equal(await state(), wanted, await page.locator('#status').textContent());
}

/** Opens a view through the navigation and waits for the core's JSON. */
async function openView(name, title) {
  await page.locator(`#view-nav a[data-view="${name}"]`).click();
  await page.waitForFunction(
    (n) => document.body.dataset.lifView === n && document.getElementById('view-json').dataset.view === n,
    name,
  );
  assert.equal(await page.locator('#view-heading').textContent(), title);
  assert.equal(await page.locator(`#view-nav a[data-view="${name}"]`).getAttribute('aria-current'), 'page');
}

async function pageView() {
  return page.evaluate(() => {
    const json = document.getElementById('view-json');
    return { text: json.textContent, query: JSON.parse(json.dataset.query) };
  });
}

/** Waits until the page shows a view rendered with a query for which `ok` holds. */
async function waitForQuery(ok) {
  await page.waitForFunction(
    (source) => {
      const json = document.getElementById('view-json');
      // eslint-disable-next-line no-new-func
      return document.body.dataset.lifView === json.dataset.view && json.dataset.query &&
        new Function('q', `return ${source}`)(JSON.parse(json.dataset.query));
    },
    ok,
  );
}

test('the page starts its wasm core (in a worker) from file://', async () => {
  await page.goto(pageUrl);
  await waitForState('ready');
  assert.equal(await page.locator('#status').textContent(), 'Choose a bundle file to begin.');
  assert.equal(await page.locator('#views').isVisible(), false);
});

test('the board bundle is verified: chain, Merkle root and signature', async () => {
  const { bytes, header } = bundles['board.lif'];
  await chooseFile(bundles['board.lif'].file, 'verified');
  assert.equal(await page.locator('#bundle-name').textContent(), 'board.lif');
  assert.equal(await page.locator('#bundle-head').textContent(), header.head);
  assert.equal(await page.locator('#bundle-root').textContent(), header.signed_head.root);
  assert.match(await page.locator('#bundle-size').textContent(), new RegExp(`^${header.size} events, `));
  assert.ok(header.size > 100, `the board has ${header.size} events`);
  // The origin shown is the signed one (lif-tree-head/v2), and the key is
  // shown by its fingerprint, not its 32-bit key id.
  assert.equal(header.signed_head.version, 2);
  assert.equal(
    await page.locator('#bundle-signed').textContent(),
    `${new Date(header.signed_head.timestamp).toISOString()} by lif.test/web`,
  );
  const short = fingerprint.slice(0, 32).match(/.{4}/g).join(' ');
  assert.equal(await page.locator('#bundle-fingerprint').textContent(), short);
  assert.match(await page.locator('#bundle-key').textContent(), new RegExp(fingerprint));
  assert.match(await page.locator('#bundle-key').textContent(), /not an identifier/);
  assert.match(await page.locator('#bundle-verified').textContent(), /^Verified The hash chain of all \d+ events is intact, their Merkle root is the signed root/);
  assert.equal(await page.locator('#unsigned').isVisible(), false);
  assert.ok(bytes.length > 0);
});

for (const [name, title] of VIEWS) {
  test(`the ${name} view equals the native view, byte for byte`, async () => {
    await openView(name, title);
    const shown = await pageView();
    assert.equal(shown.query.as_of, undefined);
    const native = nativeView('board.lif', name, shown.query);
    assert.equal(shown.text, native);
    const view = JSON.parse(native);
    // The figures on screen are the view's: every number card shows its value.
    const cards = await page.locator('.lif-figure').evaluateAll((nodes) =>
      nodes.map((n) => [n.dataset.key, n.dataset.value, n.querySelector('.lif-figure__value').textContent]));
    assert.ok(cards.length > 0, `${name} shows figures`);
    for (const [key, value, text] of cards) {
      const expected = key.split('.').reduce((v, k) => v[k], view);
      assert.equal(value, String(expected), key);
      assert.equal(text.replace(/[,%]/g, ''), String(expected), key);
    }
    // Each top-level list is a table with one row per item, the first
    // PAGE_ROWS drawn (the dashboard's exceptions: one row per indicator).
    for (const [key, value] of Object.entries(view)) {
      if (!Array.isArray(value) || value.length === 0 || typeof value[0] !== 'object') continue;
      // The indicators' exceptions are tags in the indicators' table.
      if (name === 'indicators' && key === 'exceptions') continue;
      const rows = await page.locator(`table[data-path="${key}"] > tbody > tr`).count();
      const items = key === 'indicator_exceptions' ? new Set(value.map((v) => v.indicator_id)).size : value.length;
      assert.equal(rows, Math.min(items, PAGE_ROWS), `${name}: ${key}`);
    }
    // No identifier is shown where a name is known: no agency code in a table.
    const names = JSON.parse(nativeView('board.lif', 'names', shown.query));
    const cells = await page.locator('#view-body table > tbody > tr > :is(th, td)').evaluateAll((nodes) =>
      nodes.map((n) => [...n.childNodes].filter((c) => c.nodeType === 3 || !c.matches('details')).map((c) => c.textContent).join('')));
    // Nor the code in words ("cleveland-police" as "Cleveland police").
    const lowered = new Set(cells.map((c) => c.toLowerCase()));
    for (const [code, agency] of Object.entries(names.agencies)) {
      assert.ok(!cells.includes(code), `${name} shows the agency code ${code}`);
      const words = code.replace(/[-_]+/g, ' ');
      if (words !== agency.toLowerCase()) assert.ok(!lowered.has(words), `${name} shows ${words} for ${agency}`);
    }
    if (name === 'actions') {
      const owners = await page.locator('table[data-path="actions"] > tbody > tr > td:nth-child(2)').allTextContents();
      assert.deepEqual(owners, view.actions.slice(0, PAGE_ROWS).map((a) => names.agencies[a.owner_agency]));
    }
    assert.ok(!cells.some((c) => /^(not_met|in_progress|signed_off|action\/a\d+)$/.test(c)), `${name} shows a code`);
    // Proper headers: column headers and row headers are scoped.
    for (const th of await page.locator('#view-body thead th').all()) assert.equal(await th.getAttribute('scope'), 'col');
    await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true });
  });
}

test('the dashboard shows the board summary and the indicators are charted', async () => {
  await openView('dashboard', 'Dashboard');
  const view = JSON.parse((await pageView()).text);
  assert.ok(view.summary.overdue_actions > 0, 'the demo board has overdue actions');
  assert.equal(
    await page.locator('.lif-figure[data-key="summary.overdue_actions"] .lif-figure__value').textContent(),
    String(view.summary.overdue_actions),
  );
  // The picture for docs/web.md and the README: the bundle's proof and the summary.
  const [top, bottom] = await page.evaluate(() => [
    document.getElementById('bundle').getBoundingClientRect().top + window.scrollY - 10,
    document.querySelector('.lif-figures').getBoundingClientRect().bottom + window.scrollY + 20,
  ]);
  await page.screenshot({
    path: path.join(outDir, 'dashboard-readme.png'),
    fullPage: true,
    clip: { x: 0, y: top, width: 1280, height: bottom - top },
  });
  // The lists say how many rows of how many they show, and link to all of
  // them in the action tracker, filtered by the core (other filters cleared).
  for (const [key, filters] of [
    ['overdue_actions', { overdue: 'true' }],
    ['red_actions', { rag: 'red', status: 'in_progress' }],
  ]) {
    await openView('dashboard', 'Dashboard');
    const total = view.summary[key];
    const shown = view.summary[`${key}_shown`];
    assert.ok(total > 0, `the demo board has ${key}`);
    assert.equal(shown, Math.min(total, 25), key);
    assert.equal(view[key].length, shown, key);
    assert.equal(await page.locator(`.lif-figure[data-key="summary.${key}_shown"]`).count(), 0);
    const note = page.locator(`.lif-list-note[data-list="${key}"]`);
    const wording = shown < total ? `Showing the first ${shown} of ${total} ` : `Showing all ${total} `;
    assert.ok((await note.textContent()).startsWith(wording), await note.textContent());
    await note.locator('a').click();
    const wanted = Object.entries(filters).map(([k, v]) => `q.${k} === '${v}'`);
    await waitForQuery(`${wanted.join(' && ')} && Object.keys(q).length === ${Object.keys(filters).length + 1}`);
    assert.equal(await page.locator('#view-heading').textContent(), 'Action tracker');
    const filtered = await pageView();
    assert.equal(filtered.text, nativeView('board.lif', 'actions', filtered.query));
    const actions = JSON.parse(filtered.text);
    assert.equal(actions.total, total, key);
    const listed = new Set(actions.actions.map((a) => a.stream));
    assert.ok(view[key].every((a) => listed.has(a.stream)), `every listed ${key} is in the tracker`);
    // The filter controls show the link's filters; cleared for the tests after.
    for (const [name, value] of Object.entries(filters)) {
      assert.equal(await page.locator(`#filter-${name}`).inputValue(), value);
    }
    for (const name of Object.keys(filters)) {
      await page.locator(`#filter-${name}`).selectOption('');
      await waitForQuery(`q.${name} === undefined`);
    }
  }

  await openView('indicators', 'Indicators');
  const indicators = JSON.parse((await pageView()).text);
  const charted = indicators.indicators.filter((i) => Object.keys(i.series).length > 0);
  assert.ok(charted.length > 0);
  assert.equal(await page.locator('figure.lif-chart svg.lif-chart__svg').count(), charted.length);
  assert.equal(await page.locator('figure.lif-chart').count(), indicators.indicators.length);
  const areaNames = JSON.parse(nativeView('board.lif', 'names', (await pageView()).query)).areas;
  for (const indicator of charted.slice(0, 8)) {
    const chart = page.locator(`figure.lif-chart[data-indicator="${indicator.indicator_id}"]`);
    const areas = Object.keys(indicator.series);
    // One line per area, each with its own dash pattern and marker shape.
    assert.equal(await chart.locator('.lif-chart__series').count(), areas.length);
    const looks = await chart.locator('.lif-chart__series').evaluateAll((gs) => gs.map((g) =>
      `${g.querySelector('path').getAttribute('stroke-dasharray')}|${g.children[1].tagName}${g.children[1].getAttribute('d') ? g.children[1].getAttribute('d').length % 7 : ''}|${g.querySelector('path').getAttribute('stroke-width')}`));
    assert.equal(new Set(looks).size, areas.length, `${indicator.indicator_id}: ${looks.join(' ')}`);
    // The legend names every area with its latest value and unit ("--" was the old legend).
    const legend = await chart.locator('.lif-chart__legend li').allTextContents();
    assert.equal(legend.length, areas.length);
    for (const area of areas) {
      const last = indicator.series[area][indicator.series[area].length - 1].value;
      const line = legend.find((l) => l.includes(areaNames[area]));
      assert.ok(line, `${indicator.indicator_id}: ${areaNames[area]} in the legend`);
      assert.ok(line.replace(/,/g, '').includes(String(last)), `${line} has ${last}`);
      if (indicator.unit) assert.ok(line.includes(indicator.unit), `${line} has the unit`);
    }
    assert.ok(!legend.join(' ').includes('--'));
    assert.match(legend.join(' '), /\(this board\)/);
    assert.match(legend.join(' '), /England \(national average\)/);
    // The unit on the value axis; the threshold line when there is one.
    assert.ok((await chart.locator('.lif-chart__axis text').allTextContents()).includes(indicator.unit || 'value'));
    assert.equal(await chart.locator('.lif-chart__threshold').count(), typeof indicator.threshold === 'number' ? 1 : 0);
  }
  await page.locator('figure.lif-chart').first().screenshot({ path: path.join(outDir, 'indicator-chart.png') });
  // The table alternative: one row per quarter, one column per area.
  const first = charted[0];
  const box = page.locator(`figure.lif-chart[data-indicator="${first.indicator_id}"] details.lif-chart__table`);
  await box.locator('summary').click();
  const periods = new Set(Object.values(first.series).flat().map((p) => p.period));
  assert.equal(await box.locator('tbody tr').count(), periods.size);
  assert.equal(await box.locator('thead th').count(), Object.keys(first.series).length + 1);
});

test('the action tracker filters through the core and sorts by column', async () => {
  await openView('actions', 'Action tracker');
  const all = JSON.parse((await pageView()).text);
  await page.locator('#filters-details summary').click();
  await page.locator('#filter-overdue').selectOption('true');
  await waitForQuery("q.overdue === 'true'");
  const overdue = await pageView();
  assert.equal(overdue.text, nativeView('board.lif', 'actions', overdue.query));
  const overdueView = JSON.parse(overdue.text);
  assert.equal(overdueView.actions.length, all.overdue);
  assert.ok(overdueView.actions.every((a) => a.overdue === true));

  const agency = await page.locator('#filter-agency option').nth(1).getAttribute('value');
  await page.locator('#filter-agency').selectOption(agency);
  await waitForQuery(`q.agency === '${agency}' && q.overdue === 'true'`);
  const both = await pageView();
  assert.equal(both.text, nativeView('board.lif', 'actions', both.query));
  assert.ok(JSON.parse(both.text).actions.every((a) => a.owner_agency === agency && a.overdue));
  await page.screenshot({ path: path.join(outDir, 'actions-filtered.png'), fullPage: true });
  // The filters are in the route: Back undoes the last one.
  assert.match(await page.evaluate(() => location.hash), new RegExp(`^#/actions\\?agency=${agency}&overdue=true$`));
  await page.goBack();
  await waitForQuery("q.agency === undefined && q.overdue === 'true'");
  await page.locator('#filter-overdue').selectOption('');
  await waitForQuery('q.agency === undefined && q.overdue === undefined');

  // Sorting by "Days overdue", descending on the second press.
  const table = page.locator('table[data-path="actions"]');
  const headers = await table.locator('thead th').allTextContents();
  const column = headers.indexOf('Days overdue');
  assert.ok(column > 0, headers.join('|'));
  const header = table.locator('thead th').nth(column);
  await header.locator('button').click();
  await header.locator('button').click();
  assert.equal(await header.getAttribute('aria-sort'), 'descending');
  const cells = await table.locator('tbody tr').evaluateAll(
    (rows, c) => rows.map((r) => r.children[c].textContent),
    column,
  );
  // Numbers ascending before empty cells, then reversed.
  // Days overdue of the overdue actions, most first, then the others.
  const numbers = all.actions.filter((a) => a.overdue).map((a) => a.days_overdue).sort((x, y) => y - x)
    .map((n) => n.toLocaleString('en-GB'));
  const others = all.actions.filter((a) => !a.overdue).map(() => '—');
  assert.deepEqual(cells, [...numbers, ...others].slice(0, PAGE_ROWS));
  // Long tables are drawn a page at a time: "Show more" draws the next rows.
  const more = page.locator('table[data-path="actions"] ~ .lif-more');
  assert.equal(all.actions.length > PAGE_ROWS, true);
  await more.click();
  assert.equal(await table.locator('tbody > tr').count(), Math.min(all.actions.length, 2 * PAGE_ROWS));
});

test('an item shows its history: every event of its stream', async () => {
  const row = page.locator('table[data-path="actions"] > tbody > tr').first();
  await row.locator('details.lif-row-details summary').click();
  // The details hold what the columns leave out, the reference among them.
  const stream = await row.getAttribute('data-stream');
  assert.match(await row.locator('details.lif-row-details').textContent(), new RegExp(`Reference${stream}`));
  const first = row.locator('button[data-stream]');
  assert.equal(await first.getAttribute('data-stream'), stream);
  await first.click();
  await page.waitForFunction(() => !document.getElementById('history').hidden);
  assert.equal(await page.locator('#history-heading').textContent(), `History of ${stream}`);
  const lines = bundles['board.lif'].bytes.toString('utf8').split('\n').slice(1).filter(Boolean).map((l) => JSON.parse(l));
  const events = lines.filter((e) => e.stream === stream);
  assert.ok(events.length > 0);
  const positions = await page.locator('#history table > tbody > tr > th').evaluateAll((ths) => ths.map((th) => th.firstChild.textContent));
  assert.deepEqual(positions, events.map((e) => String(e.position)));
  assert.equal(await page.evaluate(() => document.activeElement.id), 'history-heading');
  await page.screenshot({ path: path.join(outDir, 'history.png'), fullPage: true });
  await page.locator('#history-close').click();
});

test('a table is saved as CSV', async () => {
  await openView('learning', 'Learning register');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('.lif-csv').first().click(),
  ]);
  assert.equal(download.suggestedFilename(), 'learning-items.csv');
  const text = fs.readFileSync(await download.path(), 'utf8');
  const view = JSON.parse((await pageView()).text);
  const lines = text.trimEnd().split('\r\n');
  assert.equal(lines.length, view.items.length + 1);
  // The table's columns first, in words, then every other field.
  assert.ok(lines[0].startsWith('Learning,Source,Themes,Status,Identified,'), lines[0]);
  assert.ok(lines[0].includes(',Reference'), lines[0]);
  const first = view.items[0].title;
  const quoted = /[",]/.test(first) ? `"${first.replace(/"/g, '""')}"` : first;
  assert.ok(lines[1].startsWith(`${quoted},`), lines[1]);
  assert.ok(lines[1].includes(view.items[0].stream), lines[1]);
});

test('the dashboard saves the annual report, the same bytes as the native core', async () => {
  await openView('dashboard', 'Dashboard');
  const shown = await pageView();
  const year = await page.locator('#annual-report-year').inputValue();
  for (const [format, button] of [['html', 'Save the report (HTML, to print)'], ['csv', 'Save its figures (CSV)']]) {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: button }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `lif-annual-report-${year}.${format}`);
    const text = fs.readFileSync(await download.path(), 'utf8');
    const run = spawnSync(env('LIF_NATIVE_VIEW'),
      [bundles['board.lif'].file, '--annual-report', year, shown.query.today, format],
      { encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(text, run.stdout, format);
  }
  assert.match(await page.locator('#annual-report-status').textContent(), /^Saved lif-annual-report-/);
});

test('the as-of date recomputes every view', async () => {
  await openView('dashboard', 'Dashboard');
  const latest = JSON.parse((await pageView()).text);
  await page.locator('#as-of-details summary').click();
  await page.locator('#as-of').fill('2025-12-31');
  await waitForQuery("q.as_of === '2025-12-31'");
  const earlier = await pageView();
  assert.equal(earlier.text, nativeView('board.lif', 'dashboard', earlier.query));
  const view = JSON.parse(earlier.text);
  assert.equal(view.as_of, '2025-12-31');
  assert.ok(view.position < latest.position, `${view.position} < ${latest.position}`);
  assert.notDeepEqual(view.summary, latest.summary);
  // Another view at the same date.
  await openView('actions', 'Action tracker');
  const actions = await pageView();
  assert.equal(actions.query.as_of, '2025-12-31');
  assert.equal(actions.text, nativeView('board.lif', 'actions', actions.query));
  await page.screenshot({ path: path.join(outDir, 'actions-as-of.png'), fullPage: true });
  await page.locator('#as-of').fill('');
  await waitForQuery('q.as_of === undefined');
});

test('a second bundle can be opened', async () => {
  await chooseFile(bundles['learning.lif'].file, 'verified');
  assert.equal(await page.locator('#bundle-name').textContent(), 'learning.lif');
  assert.equal(await page.locator('#bundle-head').textContent(), bundles['learning.lif'].header.head);
  await openView('learning', 'Learning register');
  const shown = await pageView();
  assert.equal(shown.text, nativeView('learning.lif', 'learning', shown.query));
  assert.equal(await page.locator('table[data-path="items"] > tbody > tr').count(), 5);
});

for (const [file, reason] of [
  ['tampered.lif', /hash|canonical|invalid/],
  ['bad-signature.lif', /the Ed25519 signature of the tree head does not verify with its public key \(at \/signed_head\)/],
]) {
  test(`${file} shows a clear warning and no figures`, async () => {
    await chooseFile(path.join(outDir, file), 'rejected');
    const warning = page.locator('#rejected');
    assert.equal(await warning.isVisible(), true);
    assert.equal(await warning.getAttribute('role'), 'alert');
    assert.match(await warning.textContent(), /This bundle failed verification/);
    assert.match(await page.locator('#rejected-message').textContent(), reason);
    assert.ok((await page.locator('#rejected-message').textContent()).startsWith(`${file}:`));
    // No figures: the views and the bundle summary are gone, not just hidden.
    assert.equal(await page.locator('#views').isVisible(), false);
    assert.equal(await page.locator('#bundle').isVisible(), false);
    assert.equal(await page.locator('#view-body *').count(), 0);
    assert.equal(await page.locator('#view-json').textContent(), '');
    assert.equal(await page.locator('#bundle-head').textContent(), '');
    // Focus moves to the warning so that a screen reader announces it.
    assert.equal(await page.evaluate(() => document.activeElement.id), 'rejected');
    await page.screenshot({ path: path.join(outDir, file.replace('.lif', '.png')), fullPage: true });
  });
}

test('an unsigned bundle shows no figures until asked, then every view says unverified', async () => {
  await chooseFile(bundles['unsigned.lif'].file, 'unverified');
  assert.equal(await page.evaluate(() => document.body.dataset.lifTrustReason), 'unsigned');
  assert.equal(await page.locator('#unverified').isVisible(), true);
  assert.match(await page.locator('#unverified').textContent(), /Not verified/);
  assert.equal(await page.locator('#unsigned').isVisible(), true);
  assert.match(await page.locator('#unsigned').textContent(), /Unsigned bundle/);
  assert.match(await page.locator('#bundle-verified').textContent(), /^Not verified /);
  assert.equal(await page.locator('#bundle-signed').textContent(), 'not signed');
  assert.equal(await page.locator('#views').isVisible(), false);
  assert.equal(await page.locator('#view-body *').count(), 0);
  await page.screenshot({ path: path.join(outDir, 'unsigned.png'), fullPage: true });
  await page.locator('#show-unverified').click();
  // The route's view (an earlier test's), rendered.
  await page.waitForFunction(() => document.body.dataset.lifView !== 'rendering' &&
    document.getElementById('view-json').textContent !== '');
  assert.equal(await page.locator('#unverified-banner').isVisible(), true);
  assert.ok((await page.locator('.lif-unverified-mark').count()) > 0);
  await openView('learning', 'Learning register');
  assert.equal(await page.locator('#unverified-banner').isVisible(), true);
  assert.match(await page.locator('table caption').first().textContent(), /^Unverified: /);
  // The state stays unverified: nothing calls these figures verified.
  assert.equal(await state(), 'unverified');
  await page.screenshot({ path: path.join(outDir, 'unsigned-shown.png'), fullPage: true });
});

test('a 20,000-event bundle opens in the worker without freezing the page', async () => {
  const { header } = bundles['large.lif'];
  assert.ok(header.size >= 15000, `the large bundle has ${header.size} events`);
  // Count animation frames while the worker checks the bundle: a frozen main
  // thread would draw none.
  await page.evaluate(() => {
    window.lifFrames = 0;
    const tick = () => {
      const now = document.body.dataset.lifState;
      if (now === 'checking') window.lifFrames++;
      if (!['verified', 'unverified', 'rejected', 'error'].includes(now)) requestAnimationFrame(tick);
    };
    document.body.dataset.lifState = 'choosing';
    requestAnimationFrame(tick);
  });
  const started = Date.now();
  await page.setInputFiles(FILE_INPUT, bundles['large.lif'].file);
  await page.waitForFunction(
    () => ['verified', 'unverified', 'rejected', 'error'].includes(document.body.dataset.lifState),
    null,
    { timeout: 400000 },
  );
  assert.equal(await state(), 'verified', await page.locator('#status').textContent());
  const seconds = (Date.now() - started) / 1000;
  const frames = await page.evaluate(() => window.lifFrames);
  console.log(`large bundle: ${header.size} events verified and the dashboard shown in ${seconds.toFixed(1)} s, ${frames} frames drawn meanwhile`);
  assert.ok(frames > 2, `${frames} frames`);
  assert.match(await page.locator('#bundle-size').textContent(), new RegExp(`^${header.size} events`));

  // Here the dashboard's lists are cut: the first 25 of more, and the link
  // opens every overdue action in the action tracker.
  await openView('dashboard', 'Dashboard');
  const shown = await pageView();
  assert.equal(shown.text, nativeView('large.lif', 'dashboard', shown.query));
  const view = JSON.parse(shown.text);
  const total = view.summary.overdue_actions;
  assert.ok(total > 25, `${total} overdue actions`);
  assert.equal(view.summary.overdue_actions_shown, 25);
  assert.equal(view.overdue_actions.length, 25);
  assert.equal(await page.locator('table[data-path="overdue_actions"] > tbody > tr').count(), 25);
  const note = page.locator('.lif-list-note[data-list="overdue_actions"]');
  assert.ok((await note.textContent()).startsWith(`Showing the first 25 of ${total} overdue actions`), await note.textContent());
  await note.locator('a').click();
  await waitForQuery("q.overdue === 'true'");
  const all = JSON.parse((await pageView()).text);
  assert.equal(all.total, total);
  await page.locator('#filter-overdue').selectOption('');
  await waitForQuery('q.overdue === undefined');

  // The overdue assurance reports: the note counts them, and its link opens
  // the assurance view showing only them (the action tracker keeps its own filters).
  await openView('dashboard', 'Dashboard');
  const reports = view.summary.overdue_reports;
  assert.ok(reports > 0, `${reports} overdue assurance reports`);
  const reportNote = page.locator('.lif-list-note[data-list="overdue_reports"]');
  const noteText = await reportNote.textContent();
  assert.ok(noteText.includes(`${view.summary.overdue_reports_shown} of ${reports} overdue assurance reports`) ||
    noteText.startsWith(`Showing all ${reports} overdue assurance reports`), noteText);
  assert.equal(await reportNote.locator('a').textContent(), `See all ${reports} in the assurance view`);
  await reportNote.locator('a').click();
  await waitForQuery("q.status === 'overdue'");
  const linked = await pageView();
  assert.equal(linked.text, nativeView('large.lif', 'assurance', linked.query));
  const assurance = JSON.parse(linked.text);
  assert.equal(assurance.view, 'assurance');
  assert.equal(assurance.obligations.length, reports);
  assert.ok(assurance.obligations.every((o) => o.status === 'overdue'));
  assert.match(await page.locator('#view-summary').textContent(), /Showing only: status overdue\.$/);
  await openView('actions', 'Action tracker');
  assert.equal((await pageView()).query.status, undefined);
  await openView('assurance', 'Assurance');
  assert.equal((await pageView()).query.status, undefined);
});

test('a board pack (the bundle embedded in the page) opens on start', async () => {
  // What `lif export --format html` and GET /v1/pack do: fill the bundle slot.
  const slot = '<script type="application/x-lif-bundle" id="lif-bundle" data-name=""></script>';
  const html = fs.readFileSync(env('LIF_WEB_HTML'), 'utf8');
  assert.equal(html.split(slot).length, 2, 'the page has the empty bundle slot once');
  // The exporter pins the board's key (here the test key) before the bundle.
  const pin = JSON.stringify({ public_key: bundles['board.lif'].header.signed_head.public_key, origin: 'lif.test/web' });
  const filled = `<script type="application/json" id="lif-pin">${pin}</script>` +
    `<script type="application/x-lif-bundle" id="lif-bundle" data-name="board-2026-06.lif">${
      bundles['board.lif'].bytes.toString('base64')}</script>`;
  const packPath = path.join(outDir, 'pack.html');
  fs.writeFileSync(packPath, html.replace(slot, () => filled));
  await page.goto(pathToFileURL(packPath).href);
  await page.waitForFunction(
    () => ['verified', 'unverified', 'rejected', 'error'].includes(document.body.dataset.lifState),
    null,
    { timeout: 60000 },
  );
  assert.equal(await state(), 'verified', await page.locator('#status').textContent());
  assert.equal(await page.locator('#bundle-name').textContent(), 'board-2026-06.lif');
  await page.waitForFunction(() => document.body.dataset.lifView === 'dashboard');
  const shown = await pageView();
  assert.equal(shown.text, nativeView('board.lif', 'dashboard', shown.query));
});

test('the page is usable from the keyboard', async () => {
  await page.goto(pageUrl);
  await waitForState('ready');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'govuk-skip-link');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'bundle-file');
  await chooseFile(bundles['board.lif'].file, 'verified');
  // The navigation links are reached with Tab and followed with Enter.
  await page.locator('#view-nav a[data-view="reviews"]').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.body.dataset.lifView === 'reviews');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'view-heading');
  // Before the heading in the tab order: the proof panel's details; after
  // it, the as-of date.
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement.parentElement.id), 'bundle-details');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.parentElement.id), 'as-of-details');
});

/** The views of the navigation, from the page. */
async function navViews() {
  return page.locator('#view-nav a[data-view]').evaluateAll((links) => links.map((a) => a.dataset.view));
}

/** Goes to a route and waits for its view. */
async function route(hash, view) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForFunction((v) => document.body.dataset.lifView === v &&
    document.getElementById('view-json').dataset.view === v, view);
}

test('every view fits the screen at 1366 px and at 375 px', async () => {
  await page.goto('about:blank');
  await page.goto(`${pageFile}#/dashboard?fingerprint=${fingerprint}`);
  await waitForState('ready');
  await chooseFile(bundles['board.lif'].file, 'verified');
  const views = await navViews();
  assert.ok(views.length >= VIEWS.length, views.join(' '));
  const widths = [];
  for (const [width, height] of [[1366, 900], [375, 800]]) {
    await page.setViewportSize({ width, height });
    for (const view of views) {
      await route(`#/${view}`, view);
      // Open the first row's details of every table and the proof details too.
      await page.evaluate(() => {
        for (const t of document.querySelectorAll('#view-body table')) {
          const d = t.querySelector('tbody details');
          if (d) { d.open = true; d.dispatchEvent(new Event('toggle')); }
        }
        document.getElementById('bundle-details').open = true;
      });
      const measured = await page.evaluate(() => {
        const limit = window.innerWidth;
        const wide = [];
        for (const node of document.querySelectorAll('body *')) {
          if (node.closest('[hidden], .govuk-visually-hidden, script, summary')) continue;
          const r = node.getBoundingClientRect();
          if (r.width > 0 && r.right > limit + 1) wide.push(`${node.tagName.toLowerCase()}.${node.className}: ${Math.round(r.right)}`);
        }
        return { scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 5) };
      });
      widths.push(`${view} ${width}: ${measured.scroll}`);
      assert.ok(measured.scroll <= width, `${view} at ${width} px is ${measured.scroll} px wide`);
      assert.deepEqual(measured.wide, [], `${view} at ${width} px`);
      // What a reader sees first (docs/screenshots/ holds copies).
      await page.evaluate(() => {
        for (const d of document.querySelectorAll('#view-body details, #bundle-details')) d.open = false;
        window.scrollTo(0, 0);
      });
      await page.screenshot({ path: path.join(outDir, `${view}-${width}.png`) });
    }
  }
  console.log(`widths (view, screen: page width in px): ${widths.join('; ')}`);
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('few tab stops before the first row of a table', async () => {
  await page.setViewportSize({ width: 1366, height: 900 });
  const counts = {};
  for (const [view, table] of [['actions', 'actions'], ['dashboard', 'overdue_actions'], ['learning', 'items']]) {
    await route(`#/${view}`, view);
    for (const from of ['top', 'main']) {
      // From the top: the skip link is the first stop.
      await page.evaluate((f) => document.querySelector(f === 'main' ? '#main-content' : '.govuk-skip-link').focus(), from);
      let stops = from === 'main' ? 0 : 1;
      const path = [];
      for (; stops < 60; stops++) {
        await page.keyboard.press('Tab');
        const inRow = await page.evaluate((t) => !!document.activeElement.closest(`table[data-path="${t}"] > tbody`), table);
        if (inRow) break;
        path.push(await page.evaluate(() => `${document.activeElement.tagName}#${document.activeElement.id}.${document.activeElement.className}`.slice(0, 40)));
      }
      counts[`${view} from the ${from}`] = stops;
      if (view === 'actions') console.log(`tab stops, ${view} from the ${from}: ${path.join(' ')}`);
    }
  }
  console.log(`tab stops before the first row: ${JSON.stringify(counts)}`);
  // From the skip link's target: the proof details, the as-of date and the
  // filters (details components) and the column headers; from the top also
  // the skip link and the navigation (one link a view).
  assert.ok(counts['actions from the main'] <= 9, JSON.stringify(counts));
  assert.ok(counts['dashboard from the main'] <= 8, JSON.stringify(counts));
  assert.ok(counts['actions from the top'] <= 1 + VIEWS.length + 9, JSON.stringify(counts));
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('axe-core finds no WCAG 2.2 AA violation in any view', async () => {
  const axe = fs.readFileSync(path.join(env('LIF_NODE_MODULES'), 'axe-core', 'axe.min.js'), 'utf8');
  const found = [];
  for (const [width, height] of [[1366, 900], [375, 800]]) {
    await page.setViewportSize({ width, height });
    for (const view of await navViews()) {
      if (width === 375 && !['dashboard', 'actions', 'indicators'].includes(view)) continue;
      await route(`#/${view}`, view);
      if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: axe });
      const result = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      }));
      for (const v of result.violations) {
        found.push(`${view} ${width}: ${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`);
      }
    }
  }
  assert.deepEqual(found, []);
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('routes: a bookmarked link, Back and reload work offline', async () => {
  const packPath = path.join(outDir, 'pack.html');
  const bookmark = `${pathToFileURL(packPath).href}#/actions?overdue=true&as_of=2026-03-31`;
  await page.goto(bookmark);
  await page.waitForFunction(() => ['verified', 'unverified', 'rejected', 'error'].includes(document.body.dataset.lifState),
    null, { timeout: 60000 });
  await waitForQuery("q.overdue === 'true' && q.as_of === '2026-03-31'");
  const linked = await pageView();
  assert.equal(JSON.parse(linked.text).view, 'actions');
  assert.equal(linked.text, nativeView('board.lif', 'actions', linked.query));
  assert.equal(await page.locator('#as-of').inputValue(), '2026-03-31');
  assert.equal(await page.locator('#filter-overdue').inputValue(), 'true');
  // Another view through the navigation keeps the date.
  await page.locator('#view-nav a[data-view="reviews"]').click();
  await waitForQuery("q.as_of === '2026-03-31' && q.overdue === undefined");
  assert.equal(await page.evaluate(() => location.hash), '#/reviews?as_of=2026-03-31');
  // Back returns to the filtered tracker, within the page.
  await page.goBack();
  await waitForQuery("q.overdue === 'true' && q.as_of === '2026-03-31'");
  assert.equal(JSON.parse((await pageView()).text).view, 'actions');
  assert.equal(page.url(), bookmark);
  // Reload opens the pack again at the same route.
  await page.reload();
  await page.waitForFunction(() => ['verified', 'unverified', 'rejected', 'error'].includes(document.body.dataset.lifState),
    null, { timeout: 60000 });
  await waitForQuery("q.overdue === 'true' && q.as_of === '2026-03-31'");
  const again = await pageView();
  assert.equal(again.text, linked.text);
  // A link to a view the pack does not have says so.
  await route('#/no_such_view', 'no_such_view');
  assert.match(await page.locator('#view-summary').textContent(), /There is no view called “no_such_view”/);
});

test('no request left the page and nothing failed in it', () => {
  assert.deepEqual(offPage, []);
  assert.deepEqual(problems, []);
});
