// A GOV.UK table of an array of objects that fits the screen: a few chosen
// columns (the first names the row and is its row header), every other
// field in the row's details (a GOV.UK details component, built when
// opened), sortable column headers, rows drawn a page at a time (a
// "Show more" button), and a Save as CSV button (every row, every field). Below
// 641 px the rows stack as cards (style.css), each cell labelled.
//
//   tableSection({name, title, rows, columns, detail, note, onHistory, csvName})
//     name     data-path of the table (the view's JSON path, for the tests)
//     columns  [{key, label?, value?(row) -> Node|string, sort?(row), numeric?}]
//              (default: chosen from the rows, autoColumns)
//     detail   row -> [[label, value]] for the details (default: the fields
//              not in the columns, in plain words, then the reference);
//              false for none
//     onHistory(stream)  adds a History button to the details of rows with a stream
import { element, isPlainObject, isScalar, lazyDetails } from '../page/dom.js';
import { keyLabel, scalarText } from '../page/words.js';
import { cellContent } from './cells.js';
import { downloadCsv } from './csv.js';
import { summaryList } from './figures.js';

// Rows drawn at first and then per page.
export const PAGE_ROWS = 50;

// What names a row, in order of preference.
const LEAD_KEYS = ['title', 'name', 'need', 'entry', 'standard', 'agency', 'owner', 'indicator_id', 'stream'];
// Columns a reader looks for first, in this order.
const PREFERRED = ['status', 'stage', 'state', 'rag', 'exceptions', 'judgement', 'owner_agency', 'lead_agency',
  'agency', 'owner', 'due', 'days_overdue', 'period', 'date', 'year', 'kind', 'total', 'value'];
const MAX_AUTO_COLUMNS = 5;

function sortValue(v) {
  if (typeof v === 'number') return v;
  if (isPlainObject(v) && 'due' in v) return String(v.due);
  if (isPlainObject(v) && 'title' in v) return String(v.title);
  if (isPlainObject(v) && 'stream' in v) return String(v.stream);
  if (Array.isArray(v)) return v.length;
  return scalarText(v);
}

export function compareValues(a, b) {
  const x = sortValue(a);
  const y = sortValue(b);
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'number') return -1;
  if (typeof y === 'number') return 1;
  return String(x).localeCompare(String(y));
}

function allKeys(rows) {
  const keys = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!keys.includes(key)) keys.push(key);
  return keys;
}

/** Columns for rows the page has no reading of: what names them, then a few short fields. */
export function autoColumns(rows) {
  const keys = allKeys(rows);
  const short = (key) => rows.every((r) => {
    const v = r[key];
    return v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean' ||
      (typeof v === 'string' && v.length <= 40) || (Array.isArray(v) && v.every(isScalar) && v.length <= 3);
  });
  const lead = LEAD_KEYS.find((k) => keys.includes(k)) || keys[0];
  const chosen = [lead];
  for (const key of [...PREFERRED, ...keys]) {
    if (chosen.length >= MAX_AUTO_COLUMNS) break;
    if (!chosen.includes(key) && keys.includes(key) && key !== 'stream' && short(key)) chosen.push(key);
  }
  return chosen.map((key) => ({ key }));
}

function defaultDetail(columns) {
  const shown = new Set(columns.map((c) => c.key));
  return (row) => {
    const entries = Object.entries(row).filter(([k, v]) => !shown.has(k) && k !== 'stream' &&
      v !== null && !(Array.isArray(v) && v.length === 0) && k !== 'corrections');
    if (Array.isArray(row.corrections) && row.corrections.length) entries.push(['corrections', row.corrections]);
    if (typeof row.stream === 'string') entries.push(['stream', row.stream]);
    return entries;
  };
}

function cellNode(column, row) {
  if (column.value) {
    const v = column.value(row);
    return v instanceof Node ? v : document.createTextNode(scalarText(v));
  }
  return cellContent(column.key, row[column.key]);
}

export function tableSection({
  name, title, rows, columns = null, detail = null, note = null, onHistory = null, csvName = null,
  headingLevel = 'h2',
}) {
  const section = element('div', 'lif-table-section');
  const heading = element(headingLevel, 'govuk-heading-m', title);
  section.append(heading);
  if (note) section.append(note);
  if (rows.length === 0) {
    section.append(element('p', 'govuk-body', 'None.'));
    return section;
  }
  const cols = (columns || autoColumns(rows)).map((c) => ({ ...c, label: c.label || keyLabel(c.key) }));
  const details = detail === false ? null : detail || defaultDetail(cols);

  const table = element('table', 'govuk-table lif-table');
  table.dataset.path = name;
  table.append(element('caption', 'govuk-table__caption govuk-visually-hidden', title));
  const thead = element('thead', 'govuk-table__head');
  const headRow = element('tr', 'govuk-table__row');
  const body = element('tbody', 'govuk-table__body');
  const order = { column: null, direction: 'none' };
  let sorted = rows;
  let drawn = 0;

  const more = element('button', 'govuk-button govuk-button--secondary lif-no-print lif-more');
  more.type = 'button';
  const count = element('p', 'govuk-body-s lif-row-count');

  function detailsNode(row) {
    return lazyDetails('Details', 'lif-row-details', (text) => {
      text.append(summaryList(details(row)));
      if (onHistory && typeof row.stream === 'string') {
        const button = element('button', 'govuk-button govuk-button--secondary lif-small-button lif-no-print',
          'Show its history');
        button.type = 'button';
        button.dataset.stream = row.stream;
        button.addEventListener('click', () => onHistory(row.stream));
        text.append(button);
      }
    });
  }

  function rowNode(row) {
    const tr = element('tr', 'govuk-table__row');
    if (typeof row.stream === 'string') tr.dataset.stream = row.stream;
    cols.forEach((column, i) => {
      const cell = element(i === 0 ? 'th' : 'td', i === 0 ? 'govuk-table__header' : 'govuk-table__cell');
      if (i === 0) cell.scope = 'row';
      cell.dataset.label = column.label;
      if (column.numeric || typeof row[column.key] === 'number') cell.classList.add('govuk-table__cell--numeric');
      cell.append(cellNode(column, row));
      if (i === 0 && details) cell.append(detailsNode(row));
      tr.append(cell);
    });
    return tr;
  }

  function drawMore(n = PAGE_ROWS) {
    const next = sorted.slice(drawn, drawn + n);
    body.append(...next.map(rowNode));
    drawn += next.length;
    const left = sorted.length - drawn;
    more.hidden = left === 0;
    more.textContent = `Show ${Math.min(left, PAGE_ROWS)} more of ${left} rows`;
    count.textContent = left === 0 ? `All ${sorted.length} rows shown.` : `${drawn} of ${sorted.length} rows shown.`;
  }

  function redraw() {
    sorted = rows;
    if (order.column !== null) {
      const column = order.column;
      const key = column.sort || ((row) => row[column.key]);
      sorted = [...rows].sort((a, b) => compareValues(key(a), key(b)));
      if (order.direction === 'descending') sorted.reverse();
    }
    const keep = Math.max(drawn, PAGE_ROWS);
    body.replaceChildren();
    drawn = 0;
    drawMore(keep);
  }

  cols.forEach((column) => {
    const th = element('th', 'govuk-table__header');
    th.scope = 'col';
    th.setAttribute('aria-sort', 'none');
    if (column.numeric) th.classList.add('govuk-table__header--numeric');
    const button = element('button', 'lif-sort', column.label);
    button.type = 'button';
    button.addEventListener('click', () => {
      order.direction = order.column === column && order.direction === 'ascending' ? 'descending' : 'ascending';
      order.column = column;
      for (const other of headRow.querySelectorAll('th')) other.setAttribute('aria-sort', 'none');
      th.setAttribute('aria-sort', order.direction);
      redraw();
    });
    th.append(button);
    headRow.append(th);
  });
  thead.append(headRow);
  table.append(thead, body);
  more.addEventListener('click', () => drawMore());
  drawMore();
  section.append(table, count, more);
  // Every field: the table's columns first (those that are fields of the
  // rows), then the others in the core's order.
  const keys = allKeys(rows);
  const csvColumns = [...cols.filter((c) => keys.includes(c.key)).map((c) => ({ key: c.key, label: c.label })),
    ...keys.filter((k) => !cols.some((c) => c.key === k)).map((key) => ({ key }))];
  const csv = element('button', 'govuk-button govuk-button--secondary lif-no-print lif-csv', `Save “${title}” as CSV`);
  csv.type = 'button';
  csv.addEventListener('click', () => downloadCsv(`${csvName || name.replace(/\./g, '-')}.csv`, csvColumns, rows));
  section.append(csv);
  return section;
}
