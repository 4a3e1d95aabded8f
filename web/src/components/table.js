// A sortable GOV.UK table of an array of objects, with a Save as CSV button.
//
//   tableSection({viewName, path, rows, note, onHistory}) -> a <div> holding a
//   heading, the optional note, the table (column headers sort it, ascending
//   then descending; the first column is a row header) and the CSV button.
//   Rows with a `stream` get a History button calling onHistory(stream).
// At most MAX_ROWS rows are drawn; the CSV holds every row.
import { element, isPlainObject } from '../page/dom.js';
import { humanise, scalarText } from '../page/words.js';
import { cellContent } from './cells.js';
import { downloadCsv } from './csv.js';

export const MAX_ROWS = 500;

function sortValue(v) {
  if (typeof v === 'number') return v;
  if (isPlainObject(v) && 'due' in v) return String(v.due);
  if (isPlainObject(v) && 'title' in v) return String(v.title);
  if (isPlainObject(v) && 'stream' in v) return String(v.stream);
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

export function tableSection({ viewName, path, rows, note = null, onHistory = null }) {
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
  const hasHistory = onHistory !== null && rows.some((row) => typeof row.stream === 'string');

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
          button.addEventListener('click', () => onHistory(row.stream));
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
