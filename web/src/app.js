// The page's script: opens a bundle, has the wasm core (in a Web Worker)
// verify it, and shows the board's views computed by the core (docs/web.md).
//
// Bundles come from, in this order: the bundle embedded in the page (a board
// pack), the lif server that served the page (when the URL has #token=...),
// or a file the user picks or drops. Every rule (verification, folding, the
// views) is the core's; this script only moves bytes and fills the page.
// Every text goes through textContent, never innerHTML.
import uPlot from 'uplot';

import { localToday } from './core.js';

const $ = (id) => document.getElementById(id);

// The views in the order of the navigation.
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
];
const VIEW_TITLES = Object.fromEntries(VIEWS);
// At most this many rows are drawn per table (the CSV has them all).
const MAX_ROWS = 500;
// Keys whose values are states, shown as tags.
const TAG_KEYS = new Set(['status', 'state', 'rag', 'stage', 'own_is', 'direction', 'change', 'exception', 'kind']);
const TAG_COLOURS = {
  red: 'red', overdue: 'red', late: 'red', worse: 'red', worsening: 'red', inadequate: 'red', lowered: 'red',
  threshold_breach: 'red', worse_than_national: 'red', worsening_two_quarters: 'red', received_late: 'orange',
  amber: 'yellow', in_progress: 'blue', open: 'blue', due: 'blue', planned: 'grey', requires_improvement: 'yellow',
  green: 'green', met: 'green', completed: 'green', signed_off: 'green', better: 'green', improving: 'green',
  received: 'green', embedded: 'green', arrived: 'green', good: 'green', outstanding: 'green', published: 'green',
};
const ACTION_STATUSES = ['planned', 'in_progress', 'completed', 'signed_off'];
const ACTION_RAGS = ['red', 'amber', 'green'];
// The dashboard's lists that hold only their first rows (the core's summary
// has `<key>` the total and `<key>_shown` the rows listed), with the table
// that holds them (`table`, when not `key`), and the view and filters that
// list every one of them.
const DASHBOARD_LISTS = {
  overdue_actions: {
    what: 'overdue actions',
    order: 'oldest due date first',
    view: 'actions',
    filters: { overdue: 'true' },
  },
  red_actions: {
    what: 'red actions not complete',
    order: 'earliest due date first',
    view: 'actions',
    // Not complete with a progress update is in progress (docs/views-domain23.md).
    filters: { rag: 'red', status: 'in_progress' },
  },
  overdue_reports: {
    what: 'overdue assurance reports',
    order: "this month's first, then the oldest due date first",
    table: 'reports_due_this_month.assurance',
    view: 'assurance',
    filters: { status: 'overdue' },
  },
};

const page = {
  name: '',
  current: 'dashboard',
  // The action tracker's filters (kept while other views are shown).
  filters: {},
  // Filters of another view, opened from a dashboard link: that view only,
  // until another view is chosen.
  linked: null,
  opened: false,
  charts: [],
};

/** "case_review" -> "Case review". */
function humanise(identifier) {
  const words = String(identifier).replace(/[_-]+/g, ' ').replace(/\./g, ': ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function formatBytes(n) {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

function setState(state) {
  document.body.dataset.lifState = state;
}

function say(text) {
  $('status').textContent = text;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

// ---------------------------------------------------------------------------
// The worker: built from a Blob of the inlined source, so it works from file://.

let worker = null;
let nextId = 0;
const pending = new Map();

function startWorker() {
  const source = $('lif-worker-src').textContent;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  worker = new Worker(url);
  worker.onmessage = (event) => {
    const { id, progress, result, failure } = event.data;
    const call = pending.get(id);
    if (!call) return;
    if (progress) {
      call.onProgress(progress);
      return;
    }
    pending.delete(id);
    if (failure !== undefined) call.reject(new Error(failure));
    else call.resolve(result);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    for (const call of pending.values()) call.reject(new Error(event.message || 'the core stopped'));
    pending.clear();
  };
}

function ask(message, onProgress = () => {}, transfer = []) {
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress });
    worker.postMessage({ id, ...message }, transfer);
  });
}

// ---------------------------------------------------------------------------
// Opening a bundle.

function showProgress(step, text) {
  $('progress-wrap').hidden = step === null;
  if (step !== null) {
    $('progress').value = step;
    $('progress-label').textContent = text;
    say(text);
  }
}

/** Hides every figure: nothing from a rejected bundle may stay on screen. */
function clearFigures() {
  page.opened = false;
  for (const chart of page.charts) chart.destroy();
  page.charts = [];
  $('bundle').hidden = true;
  $('views').hidden = true;
  $('history').hidden = true;
  $('unsigned').hidden = true;
  $('view-body').replaceChildren();
  $('history-body').replaceChildren();
  $('view-json').textContent = '';
  $('view-summary').textContent = '';
  for (const id of ['bundle-name', 'bundle-size', 'bundle-exported', 'bundle-head', 'bundle-root',
    'bundle-signed', 'bundle-verified']) {
    $(id).textContent = '';
  }
}

function reject(name, error) {
  clearFigures();
  showProgress(null);
  const where = error.path ? ` (at ${error.path})` : '';
  $('rejected-message').textContent = `${name}: ${error.message}${where}.`;
  $('rejected').hidden = false;
  say(`${name} was rejected.`);
  setState('rejected');
  $('rejected').focus();
}

function showBundle(name, info, integrity) {
  $('bundle-name').textContent = name;
  $('bundle-size').textContent = `${info.size} events, ${formatBytes(info.bytes)}`;
  $('bundle-exported').textContent = info.exported_at || 'not recorded';
  $('bundle-head').textContent = info.head;
  const verified = $('bundle-verified');
  if (integrity.status === 'signed') {
    const head = integrity.signed;
    $('bundle-root').textContent = head.root;
    $('bundle-signed').textContent =
      `${new Date(head.timestamp).toISOString()} by ${head.origin || 'an unnamed log'} (key ${head.public_key})`;
    verified.replaceChildren(
      element('strong', 'govuk-tag govuk-tag--green', 'Verified'),
      ` The hash chain of all ${info.size} events is intact, their Merkle root is the signed root,` +
        ' and the Ed25519 signature verifies.',
    );
    $('unsigned').hidden = true;
  } else {
    $('bundle-root').textContent = `none (computed root ${integrity.root})`;
    $('bundle-signed').textContent = 'not signed';
    verified.replaceChildren(
      element('strong', 'govuk-tag govuk-tag--yellow', 'Unsigned'),
      ` The hash chain of all ${info.size} events is intact, but no signed tree head vouches for it.`,
    );
    $('unsigned').hidden = false;
  }
  $('bundle').hidden = false;
}

/** Verifies and shows a bundle; `bytes` is a Uint8Array of the file. */
async function openBytes(name, bytes) {
  clearFigures();
  setState('checking');
  showProgress(0, `Reading ${name}…`);
  const phases = { chain: 1, merkle: 2, views: 3 };
  let answer;
  try {
    answer = await ask({ op: 'open', name, bytes }, (p) => showProgress(phases[p.phase] || 0, p.text),
      [bytes.buffer]);
  } catch (e) {
    reject(name, { message: `the core failed (${e.message})` });
    return;
  }
  if (!answer.ok) {
    reject(name, answer.error);
    return;
  }
  $('rejected').hidden = true;
  page.name = name;
  page.opened = true;
  showBundle(name, answer.info, answer.integrity);
  $('views').hidden = false;
  await renderView();
  showProgress(null);
  const signedText = answer.integrity.status === 'signed' ? 'verified and signed' : 'verified, unsigned';
  say(`${name} ${signedText}: ${answer.info.size} events.`);
  setState(answer.integrity.status === 'signed' ? 'verified' : 'unsigned');
}

async function openFile(file) {
  try {
    await openBytes(file.name, new Uint8Array(await file.arrayBuffer()));
  } catch (e) {
    reject(file.name, { message: `the file could not be read (${e.message})` });
  }
}

// ---------------------------------------------------------------------------
// Rendering a view.

function query(extra = {}) {
  const q = { today: localToday() };
  const asOf = $('as-of').value;
  if (asOf) q.as_of = asOf;
  return { ...q, ...extra };
}

async function viewJson(name, extra = {}) {
  const { text } = await ask({ op: 'view', name, query: query(extra) });
  return { text, view: JSON.parse(text) };
}

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
function isScalar(v) {
  return v === null || typeof v !== 'object';
}

function scalarText(v) {
  if (v === null || v === undefined) return '—';
  if (v === true) return 'Yes';
  if (v === false) return 'No';
  return String(v);
}

function tag(value) {
  const colour = TAG_COLOURS[value] || 'grey';
  return element('strong', `govuk-tag govuk-tag--${colour} lif-tag`, humanise(value));
}

/** A deadline clock ({due, state, ...}) in one line. */
function clockNode(clock) {
  const span = element('span', 'lif-clock');
  span.append(`due ${scalarText(clock.due)} `, tag(clock.state));
  const left = clock.working_days_left ?? clock.days_left;
  if (left !== undefined && left !== null && (clock.state === 'open' || clock.state === 'overdue')) {
    const unit = clock.working_days_left !== undefined ? 'working days' : 'days';
    span.append(left < 0 ? ` ${-left} ${unit} overdue` : ` ${left} ${unit} left`);
  }
  if (clock.near_deadline) span.append(' ', element('strong', 'govuk-tag govuk-tag--orange lif-tag', 'Near deadline'));
  return span;
}

/** The contents of one table cell for a value of any shape. */
function cellContent(key, value, depth = 0) {
  if (isScalar(value)) {
    if (typeof value === 'string' && TAG_KEYS.has(key)) return tag(value);
    return document.createTextNode(scalarText(value));
  }
  if (Array.isArray(value)) {
    if (value.every(isScalar)) return document.createTextNode(value.length ? value.map(scalarText).join(', ') : '—');
    if (depth > 0) return document.createTextNode(`${value.length} entries`);
    const list = element('ul', 'govuk-list lif-cell-list');
    for (const item of value.slice(0, 20)) {
      const li = element('li');
      li.append(cellContent('', item, depth + 1));
      list.append(li);
    }
    if (value.length > 20) list.append(element('li', null, `and ${value.length - 20} more`));
    return list;
  }
  if ('due' in value && 'state' in value) return clockNode(value);
  if (depth > 1) return document.createTextNode(JSON.stringify(value));
  const list = element('ul', 'govuk-list lif-cell-list');
  for (const [k, v] of Object.entries(value)) {
    const li = element('li');
    li.append(element('span', 'lif-cell-key', `${humanise(k)}: `), cellContent(k, v, depth + 1));
    list.append(li);
  }
  return list;
}

function sortValue(v) {
  if (typeof v === 'number') return v;
  if (isPlainObject(v) && 'due' in v) return String(v.due);
  if (isPlainObject(v) && 'title' in v) return String(v.title);
  if (isPlainObject(v) && 'stream' in v) return String(v.stream);
  return scalarText(v);
}

function compareValues(a, b) {
  const x = sortValue(a);
  const y = sortValue(b);
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'number') return -1;
  if (typeof y === 'number') return 1;
  return String(x).localeCompare(String(y));
}

function csvEscape(text) {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Text of a value as it goes into a CSV cell (the same words as on screen). */
function csvText(key, value) {
  const holder = element('div');
  holder.append(cellContent(key, value));
  // Lists become "a; b" rather than run together.
  for (const li of holder.querySelectorAll('li')) li.append('; ');
  return holder.textContent.replace(/;\s*$/, '').replace(/\s+/g, ' ').trim();
}

function downloadCsv(filename, columns, rows) {
  const lines = [columns.map((c) => csvEscape(humanise(c))).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvEscape(csvText(c, row[c]))).join(','));
  const blob = new Blob([`${lines.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = element('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** A sortable GOV.UK table of an array of objects, with an optional note under its heading. */
function tableSection(viewName, path, rows, note = null) {
  const section = element('div', 'lif-table-section');
  const title = humanise(path.join('.'));
  const heading = element('h3', 'govuk-heading-m', title);
  section.append(heading);
  if (note) section.append(note);
  if (rows.length === 0) {
    section.append(element('p', 'govuk-body', 'None.'));
    return section;
  }
  // The core's objects have sorted keys: lead with what names the row.
  const columns = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  for (const first of ['stream', 'name', 'title'].filter((k) => columns.includes(k))) {
    columns.splice(columns.indexOf(first), 1);
    columns.unshift(first);
  }
  const hasHistory = rows.some((row) => typeof row.stream === 'string');

  const table = element('table', 'govuk-table lif-table');
  table.dataset.path = path.join('.');
  const caption = element('caption', 'govuk-table__caption govuk-table__caption--s govuk-visually-hidden', title);
  table.append(caption);
  const thead = element('thead', 'govuk-table__head');
  const headRow = element('tr', 'govuk-table__row');
  const order = { column: null, direction: 'none' };
  const body = element('tbody', 'govuk-table__body');

  const fill = () => {
    let sorted = rows;
    if (order.column !== null) {
      sorted = [...rows].sort((a, b) => compareValues(a[order.column], b[order.column]));
      if (order.direction === 'descending') sorted.reverse();
    }
    const trs = sorted.slice(0, MAX_ROWS).map((row) => {
      const tr = element('tr', 'govuk-table__row');
      columns.forEach((key, i) => {
        const cell = element(i === 0 ? 'th' : 'td', i === 0 ? 'govuk-table__header' : 'govuk-table__cell');
        if (i === 0) cell.scope = 'row';
        if (typeof row[key] === 'number') cell.classList.add('govuk-table__cell--numeric');
        cell.append(cellContent(key, row[key]));
        tr.append(cell);
      });
      if (hasHistory) {
        const td = element('td', 'govuk-table__cell lif-no-print');
        if (typeof row.stream === 'string') {
          const button = element('button', 'govuk-button govuk-button--secondary lif-small-button', 'History');
          button.type = 'button';
          button.dataset.stream = row.stream;
          button.setAttribute('aria-label', `History of ${row.stream}`);
          button.addEventListener('click', () => showHistory(row.stream));
          td.append(button);
        }
        tr.append(td);
      }
      return tr;
    });
    body.replaceChildren(...trs);
  };

  columns.forEach((key) => {
    const th = element('th', 'govuk-table__header');
    th.scope = 'col';
    th.setAttribute('aria-sort', 'none');
    const button = element('button', 'lif-sort', humanise(key));
    button.type = 'button';
    button.addEventListener('click', () => {
      order.direction = order.column === key && order.direction === 'ascending' ? 'descending' : 'ascending';
      order.column = key;
      for (const other of headRow.querySelectorAll('th')) other.setAttribute('aria-sort', 'none');
      th.setAttribute('aria-sort', order.direction);
      fill();
    });
    th.append(button);
    headRow.append(th);
  });
  if (hasHistory) {
    const th = element('th', 'govuk-table__header lif-no-print');
    th.scope = 'col';
    th.append(element('span', 'govuk-visually-hidden', 'History'));
    headRow.append(th);
  }
  thead.append(headRow);
  table.append(thead, body);
  fill();
  const scroller = element('div', 'lif-table-scroll');
  scroller.append(table);
  section.append(scroller);
  if (rows.length > MAX_ROWS) {
    section.append(element('p', 'govuk-body-s', `The first ${MAX_ROWS} of ${rows.length} rows are shown; the CSV has them all.`));
  }
  const csv = element('button', 'govuk-button govuk-button--secondary lif-no-print lif-csv', `Save “${title}” as CSV`);
  csv.type = 'button';
  csv.addEventListener('click', () => downloadCsv(`${viewName}-${path.join('-')}.csv`, columns, rows));
  section.append(csv);
  return section;
}

/** Figures: an object whose values are all numbers, as a row of cards. */
function figuresSection(path, object) {
  const section = element('div', 'lif-figures-section');
  section.append(element('h3', 'govuk-heading-s', humanise(path.join('.'))));
  const list = element('dl', 'lif-figures');
  for (const [key, value] of Object.entries(object)) {
    // How many rows a list shows is said beside the list, not as a figure.
    if (key.endsWith('_shown')) continue;
    const card = element('div', 'lif-figure');
    card.dataset.key = [...path, key].join('.');
    card.append(element('dd', 'lif-figure__value', scalarText(value)), element('dt', 'lif-figure__label', humanise(key)));
    list.append(card);
  }
  section.append(list);
  return section;
}

/**
 * Walks a view's JSON: scalars into `summary` (a list), objects of numbers
 * into `out.figures` (cards), arrays of objects into `out.tables`.
 */
function renderJson(viewName, value, path, out, summary) {
  for (const [key, v] of Object.entries(value)) {
    if (path.length === 0 && key === 'view') continue;
    const here = [...path, key];
    if (isScalar(v)) {
      summary.push([here.join('.'), v]);
    } else if (Array.isArray(v)) {
      if (v.length > 0 && v.every(isScalar)) summary.push([here.join('.'), v.map(scalarText).join(', ')]);
      else if (v.length === 0 || v.every(isPlainObject)) {
        out.tables.push(tableSection(viewName, here, v, out.notes ? out.notes[here.join('.')] : null));
      }
      else summary.push([here.join('.'), JSON.stringify(v)]);
    } else if (Object.keys(v).length > 0 && Object.values(v).every((x) => typeof x === 'number')) {
      out.figures.push(figuresSection(here, v));
    } else if (path.length < 2) {
      renderJson(viewName, v, here, out, summary);
    } else {
      summary.push([here.join('.'), JSON.stringify(v)]);
    }
  }
}

function summaryList(entries) {
  const dl = element('dl', 'govuk-summary-list govuk-summary-list--no-border lif-view-facts');
  for (const [key, value] of entries) {
    const row = element('div', 'govuk-summary-list__row');
    row.append(element('dt', 'govuk-summary-list__key', humanise(key)));
    const dd = element('dd', 'govuk-summary-list__value');
    dd.append(cellContent(key.split('.').pop(), value));
    row.append(dd);
    dl.append(row);
  }
  return dl;
}

// ---------------------------------------------------------------------------
// Indicator charts (uPlot): each area's series against the comparators and
// the national average; exceptions marked on the own area's latest value.

const AREA_COLOURS = ['#1d70b8', '#f47738', '#4c2c92', '#00703c', '#d4351c', '#5694ca', '#912b88', '#85994b'];

function chartSection(indicator, view) {
  const section = element('figure', 'lif-chart');
  const caption = element('figcaption', 'govuk-body');
  caption.append(element('strong', null, indicator.title), ` (${humanise(indicator.polarity || '')}`);
  if (indicator.threshold !== null && indicator.threshold !== undefined) caption.append(`, threshold ${indicator.threshold}`);
  caption.append(')');
  for (const e of indicator.exceptions || []) caption.append(' ', tag(e));
  section.append(caption);
  const areas = Object.keys(indicator.series || {});
  const periods = [...new Set(areas.flatMap((a) => indicator.series[a].map((p) => p.period)))].sort();
  if (periods.length === 0) {
    section.append(element('p', 'govuk-body-s', 'No values recorded.'));
    return section;
  }
  const own = view.own_area;
  const national = indicator.latest && indicator.latest.national_average ? indicator.latest.national_average.area_code : null;
  const data = [periods.map((_, i) => i)];
  const series = [{ label: 'Quarter' }];
  areas.forEach((area, i) => {
    const byPeriod = Object.fromEntries(indicator.series[area].map((p) => [p.period, p.value]));
    data.push(periods.map((p) => (p in byPeriod ? byPeriod[p] : null)));
    series.push({
      label: area === own ? `${area} (own area)` : area === national ? `${area} (national average)` : area,
      stroke: area === national ? '#0b0c0c' : AREA_COLOURS[i % AREA_COLOURS.length],
      width: area === own ? 3 : 1.5,
      dash: area === national ? [6, 4] : undefined,
      spanGaps: false,
    });
  });
  if ((indicator.exceptions || []).length > 0 && own && indicator.latest) {
    data.push(periods.map((p) => (p === indicator.latest.period ? indicator.latest.own : null)));
    series.push({ label: 'Exception', stroke: '#d4351c', width: 0, points: { show: true, size: 14, fill: '#d4351c' } });
  }
  const holder = element('div', 'lif-chart__plot');
  holder.setAttribute('role', 'img');
  holder.setAttribute('aria-label', `${indicator.title}: values by quarter for ${areas.join(', ')}`);
  section.append(holder);
  const opts = {
    width: 640,
    height: 260,
    series,
    scales: { x: { time: false } },
    axes: [{ values: (_, ticks) => ticks.map((t) => periods[t] || '') , incrs: [1] }, {}],
    legend: { show: true },
    cursor: { show: false },
  };
  // Drawn after the section is in the page.
  requestAnimationFrame(() => {
    if (holder.isConnected) page.charts.push(new uPlot(opts, data, holder));
  });
  return section;
}

// ---------------------------------------------------------------------------
// Action tracker filters (passed through to the core's view as filters).

async function buildActionFilters() {
  const form = $('filters');
  const { view } = await viewJson('actions');
  const actions = view.actions || [];
  const distinct = (f) => [...new Set(actions.map(f).filter((x) => typeof x === 'string' && x))].sort();
  const fields = [
    ['agency', 'Agency', distinct((a) => a.owner_agency)],
    ['plan', 'Plan', distinct((a) => (a.plan && a.plan.stream) || null)],
    ['priority', 'Priority', distinct((a) => (isPlainObject(a.priority) ? a.priority.stream : a.priority))],
    ['status', 'Status', ACTION_STATUSES],
    ['overdue', 'Overdue', ['true', 'false']],
    ['rag', 'RAG', ACTION_RAGS],
  ];
  const children = fields.map(([key, label, options]) => {
    const group = element('div', 'govuk-form-group lif-filter');
    const id = `filter-${key}`;
    const labelNode = element('label', 'govuk-label govuk-label--s', label);
    labelNode.htmlFor = id;
    const select = element('select', 'govuk-select');
    select.id = id;
    select.name = key;
    select.append(new Option('Any', ''));
    for (const option of options) {
      const text = key === 'overdue' ? (option === 'true' ? 'Overdue' : 'Not overdue') : humanise(option);
      select.append(new Option(text, option));
    }
    select.value = page.filters[key] || '';
    select.addEventListener('change', () => {
      if (select.value) page.filters[key] = select.value;
      else delete page.filters[key];
      // The form is rebuilt with the view: keep the keyboard where it was.
      renderView().then(() => $(id) && $(id).focus());
    });
    group.append(labelNode, select);
    return group;
  });
  form.replaceChildren(...children);
  form.hidden = false;
}

/**
 * The notes of the dashboard's partial lists: "Showing 25 of 3177 overdue
 * actions" and a link to the action tracker filtered to all of them.
 */
function dashboardNotes(view) {
  const notes = {};
  for (const [key, list] of Object.entries(DASHBOARD_LISTS)) {
    const total = view.summary ? view.summary[key] : undefined;
    const shown = view.summary ? view.summary[`${key}_shown`] : undefined;
    if (typeof total !== 'number' || typeof shown !== 'number' || total === 0) continue;
    const note = element('p', 'govuk-body lif-list-note');
    note.dataset.list = key;
    note.append(
      shown < total
        ? `Showing the first ${shown} of ${total} ${list.what}, ${list.order}. `
        : `Showing all ${total} ${list.what}, ${list.order}. `,
    );
    const where = list.view === 'actions' ? 'the action tracker' : `the ${VIEW_TITLES[list.view].toLowerCase()} view`;
    const link = element('a', 'govuk-link lif-no-print', `See all ${total} in ${where}`);
    link.href = `#view-${list.view}`;
    link.dataset.filters = JSON.stringify(list.filters);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      showView(list.view, list.filters);
    });
    note.append(link);
    notes[list.table || key] = note;
  }
  return notes;
}

/**
 * Shows view `name`; with `filters`, the action tracker's filters become
 * exactly those, or another view shows only what they select.
 */
function showView(name, filters = null) {
  page.current = name;
  page.linked = null;
  if (filters && name === 'actions') page.filters = { ...filters };
  else if (filters) page.linked = { view: name, filters: { ...filters } };
  $('history').hidden = true;
  return renderView().then(() => $('view-heading').focus());
}

async function renderView() {
  if (!page.opened) return;
  const name = page.current;
  for (const chart of page.charts) chart.destroy();
  page.charts = [];
  for (const link of $('view-nav').querySelectorAll('a')) {
    if (link.dataset.view === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.body.dataset.lifView = 'rendering';
  const linked = page.linked && page.linked.view === name ? page.linked.filters : {};
  const filters = name === 'actions' ? { ...page.filters } : { ...linked };
  const { text, view } = await viewJson(name, filters);
  $('view-heading').textContent = VIEW_TITLES[name];
  document.title = `${VIEW_TITLES[name]} – Board pack – lif`;
  // The view exactly as the core rendered it, and the query (for the tests).
  const publish = () => {
    $('view-json').textContent = text;
    $('view-json').dataset.view = name;
    $('view-json').dataset.query = JSON.stringify(query(filters));
    document.body.dataset.lifView = name;
  };
  if (view.error) {
    publish();
    $('view-summary').textContent = `This view could not be computed: ${view.error.message}`;
    $('view-body').replaceChildren();
    $('filters').hidden = true;
    return;
  }
  const when = view.as_of ? `as of ${view.as_of}` : 'latest';
  const only = name === 'actions' ? [] : Object.entries(filters).map(([k, v]) => `${humanise(k).toLowerCase()} ${v}`);
  $('view-summary').textContent =
    `Computed from events up to position ${view.position} (${when}), deadlines judged on ${view.judged_on}.` +
    (only.length ? ` Showing only: ${only.join(', ')}.` : '');
  if (name === 'actions') await buildActionFilters();
  else $('filters').hidden = true;
  const charts = [];
  if (name === 'indicators') {
    for (const indicator of view.indicators || []) charts.push(chartSection(indicator, view));
  }
  const summary = [];
  const out = { figures: [], tables: [], notes: name === 'dashboard' ? dashboardNotes(view) : null };
  renderJson(name, view, [], out, summary);
  const facts = summary.filter(([k]) => !['position', 'as_of', 'judged_on'].includes(k));
  $('view-body').replaceChildren(
    ...out.figures,
    ...(facts.length ? [summaryList(facts)] : []),
    ...charts,
    ...out.tables,
  );
  publish();
}

// ---------------------------------------------------------------------------
// An item's history: every event of its stream, from the bundle.

async function showHistory(stream) {
  const answer = await ask({ op: 'history', stream });
  if (answer.error) {
    $('history-summary').textContent = `No history: ${answer.error.message}`;
    $('history-body').replaceChildren();
  } else {
    const rows = answer.events.map((e) => ({
      position: e.position,
      recorded_at: e.recorded_at,
      occurred_at: e.occurred_at ?? null,
      type: e.type,
      actor: e.actor,
      agency: e.agency ?? null,
      data: e.data,
    }));
    $('history-heading').textContent = `History of ${stream}`;
    $('history-summary').textContent =
      `${rows.length} ${rows.length === 1 ? 'event' : 'events'} recorded in this bundle, oldest first.`;
    $('history-body').replaceChildren(tableSection('history', ['events'], rows));
  }
  $('history').hidden = false;
  $('history-heading').focus();
}

// ---------------------------------------------------------------------------
// Start.

function embeddedBundle() {
  const slot = $('lif-bundle');
  const base64 = slot ? slot.textContent.trim() : '';
  if (!base64) return null;
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return { name: slot.dataset.name || 'the bundle in this pack', bytes };
}

/** When served by lif with #token=..., fetches the server's current bundle. */
async function serverBundle() {
  if (location.protocol !== 'http:' && location.protocol !== 'https:') return null;
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!match) return null;
  say('Fetching the bundle from the server…');
  const response = await fetch('/v1/bundle', {
    headers: { Authorization: `Bearer ${decodeURIComponent(match[1])}` },
    cache: 'no-store',
  });
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
  return { name: `${location.host} bundle`, bytes: new Uint8Array(await response.arrayBuffer()) };
}

function buildNav() {
  const items = VIEWS.map(([name, title]) => {
    const li = element('li', 'lif-nav__item');
    const link = element('a', 'govuk-link lif-nav__link', title);
    link.href = `#view-${name}`;
    link.dataset.view = name;
    link.addEventListener('click', (event) => {
      event.preventDefault();
      showView(name);
    });
    li.append(link);
    return li;
  });
  $('view-nav').replaceChildren(...items);
}

async function start() {
  try {
    startWorker();
    // A first round trip starts the core (and fails here if it cannot).
    await ask({ op: 'history', stream: '' });
  } catch (e) {
    say(`The core could not start: ${e.message}`);
    setState('error');
    return;
  }
  buildNav();
  $('bundle-file').addEventListener('change', (event) => {
    const file = event.target.files[0];
    if (file) openFile(file);
  });
  document.addEventListener('dragover', (event) => {
    event.preventDefault();
    document.body.classList.add('lif-dragging');
  });
  document.addEventListener('dragleave', () => document.body.classList.remove('lif-dragging'));
  document.addEventListener('drop', (event) => {
    event.preventDefault();
    document.body.classList.remove('lif-dragging');
    const file = event.dataTransfer.files[0];
    if (file) openFile(file);
  });
  $('as-of').addEventListener('change', () => {
    if (page.opened) renderView();
  });
  $('print-view').addEventListener('click', () => window.print());
  $('history-close').addEventListener('click', () => {
    $('history').hidden = true;
    $('view-heading').focus();
  });

  say('Choose a bundle file to begin.');
  setState('ready');
  try {
    const initial = embeddedBundle() || (await serverBundle());
    if (initial) await openBytes(initial.name, initial.bytes);
  } catch (e) {
    say(`No bundle was loaded: ${e.message}. Choose a bundle file instead.`);
    setState('ready');
  }
}

start();
