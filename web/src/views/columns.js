// Column builders for the view modules' tables (components/table.js): each
// returns {key, label, value?, sort?, numeric?}.
import { clockNode, numberText, tag } from '../components/cells.js';
import { element } from '../page/dom.js';
import { nameOf, readable } from '../page/names.js';
import { formatDate, humanise } from '../page/words.js';

const dash = '—';

/** What names the row: its title (or another key). */
export const title = (key = 'title', label = null) => ({ key, label: label || 'Title' });

/** An identifier shown by its name (an agency, an area, a plan...). */
export const named = (key, label, of = (row) => row[key]) => ({
  key, label, value: (row) => { const v = of(row); return v ? readable(v) : dash; }, sort: (row) => readable(of(row) || ''),
});

/** A date, written out; sorted as the date. */
export const date = (key, label, of = (row) => row[key]) => ({
  key, label, value: (row) => (of(row) ? formatDate(of(row)) : dash), sort: (row) => of(row) || '',
});

/** A state as a tag. */
export const state = (key, label, of = (row) => row[key]) => ({
  key, label, value: (row) => (of(row) ? tag(of(row)) : dash), sort: (row) => of(row) || '',
});

/** States (a list) as tags. */
export const states = (key, label, of = (row) => row[key] || []) => ({
  key, label,
  value: (row) => {
    const span = element('span', 'lif-tags');
    const list = of(row);
    if (list.length === 0) return dash;
    list.forEach((v) => span.append(tag(v), ' '));
    return span;
  },
  sort: (row) => of(row).length,
});

/** A number (a percentage when the key says so). */
export const number = (key, label, of = (row) => row[key]) => ({
  key, label, numeric: true,
  value: (row) => (typeof of(row) === 'number' ? numberText(key, of(row)) : dash),
  sort: (row) => (typeof of(row) === 'number' ? of(row) : -Infinity),
});

/** A list of identifiers or words, by name. */
export const list = (key, label, of = (row) => row[key] || []) => ({
  key, label, value: (row) => (of(row).length ? of(row).map((v) => nameOf(v) || readable(v)).join(', ') : dash),
  sort: (row) => of(row).length,
});

/** Deadline clocks that are open or overdue (or all when none is). */
export const clocks = (key, label) => ({
  key, label,
  value: (row) => {
    const entries = Object.entries(row[key] || {}).filter(([, c]) => c && c.due);
    const live = entries.filter(([, c]) => c.state === 'open' || c.state === 'overdue');
    const shown = live.length ? live : entries;
    if (shown.length === 0) return dash;
    const ul = element('ul', 'govuk-list lif-cell-list');
    for (const [name, c] of shown) {
      const li = element('li');
      li.append(element('span', 'lif-cell-key', `${humanise(name)}: `), clockNode(c));
      ul.append(li);
    }
    return ul;
  },
  sort: (row) => Object.values(row[key] || {}).map((c) => (c && c.due) || '').filter(Boolean).sort()[0] || '',
});
