// The readable default for any view: walks the view's JSON and shows objects
// of numbers as figure cards, scalars as a summary list and arrays of objects
// as tables of a few chosen columns (components/table.js, autoColumns) with
// the rest in each row's details. A view without a module of its own (a new
// view of the core) is shown this way; the view modules use the pieces.
//
//   renderGeneric(view, ctx, {notes, skip, tables}) -> {figures: [Node], facts: Node|null, tables: [Node]}
//     notes:  {path: Node} a note under the heading of the table at `path`
//     skip:   top-level keys to leave out (shown by the view module itself)
//     tables: {path: {title?, columns?, detail?}} a table's reading
//   assemble(parts, extra) -> [Node]: figures, facts, extra, tables
//   listTable(view, path, rows, ctx, options) -> one table of the view
import { isPlainObject, isScalar } from '../page/dom.js';
import { keyLabel } from '../page/words.js';
import { figuresSection, summaryList } from '../components/figures.js';
import { tableSection } from '../components/table.js';

// The envelope of every view, said in the view's summary line instead.
const ENVELOPE = new Set(['view', 'position', 'as_of', 'judged_on']);

/** A table of one of the view's lists. */
export function listTable(view, path, rows, ctx, options = {}) {
  const key = Array.isArray(path) ? path.join('.') : path;
  const parts = key.split('.');
  return tableSection({
    name: key,
    title: options.title || parts.map(keyLabel).join(': '),
    rows,
    columns: options.columns || null,
    detail: options.detail || null,
    note: options.note || null,
    onHistory: ctx.onHistory,
    csvName: `${view.view}-${parts.join('-')}`,
  });
}

function walk(view, value, path, out, ctx) {
  for (const [key, v] of Object.entries(value)) {
    if (path.length === 0 && (ENVELOPE.has(key) || out.skip.has(key))) continue;
    const here = [...path, key];
    const at = here.join('.');
    if (out.skip.has(at)) continue;
    if (isScalar(v)) {
      out.facts.push([at, v]);
    } else if (Array.isArray(v)) {
      if (v.length > 0 && v.every(isScalar)) out.facts.push([at, v]);
      else if (v.length === 0 || v.every(isPlainObject)) {
        out.tables.push(listTable(view, here, v, ctx, { note: out.notes[at], ...(out.readings[at] || {}) }));
      } else out.facts.push([at, JSON.stringify(v)]);
    } else if (Object.keys(v).length > 0 && Object.values(v).every((x) => typeof x === 'number')) {
      out.figures.push(figuresSection(here, v));
    } else if (path.length < 2) {
      walk(view, v, here, out, ctx);
    } else {
      out.facts.push([at, JSON.stringify(v)]);
    }
  }
}

export function renderGeneric(view, ctx, { notes = {}, skip = [], tables = {} } = {}) {
  const out = { figures: [], facts: [], tables: [], notes, skip: new Set(skip), readings: tables };
  walk(view, view, [], out, ctx);
  return { figures: out.figures, facts: out.facts.length ? summaryList(out.facts) : null, tables: out.tables };
}

export function assemble(parts, extra = []) {
  return [...parts.figures, ...(parts.facts ? [parts.facts] : []), ...extra, ...parts.tables];
}

/** The view module used for a view the page has no module for. */
export const genericView = {
  render(view, ctx) {
    return { body: assemble(renderGeneric(view, ctx)) };
  },
};

