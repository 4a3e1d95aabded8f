// The readable default for any view: walks the view's JSON and shows objects
// of numbers as figure cards, scalars as a summary list and arrays of objects
// as sortable tables. A view without a module of its own (a new view of the
// core) is shown this way; the view modules use the pieces they need.
//
//   renderGeneric(view, ctx, {notes, skip}) -> {figures: [Node], facts: Node|null, tables: [Node]}
//     notes: {path: Node} a note under the heading of the table at `path`
//     skip:  top-level keys to leave out (shown by the view module itself)
//   assemble(parts, extra) -> [Node]: figures, facts, extra, tables
import { isPlainObject, isScalar } from '../page/dom.js';
import { scalarText } from '../page/words.js';
import { figuresSection, summaryList } from '../components/figures.js';
import { tableSection } from '../components/table.js';

// The envelope of every view, said in the view's summary line instead.
const ENVELOPE = new Set(['view', 'position', 'as_of', 'judged_on']);

function walk(viewName, value, path, out, ctx) {
  for (const [key, v] of Object.entries(value)) {
    if (path.length === 0 && (ENVELOPE.has(key) || out.skip.has(key))) continue;
    const here = [...path, key];
    if (isScalar(v)) {
      out.facts.push([here.join('.'), v]);
    } else if (Array.isArray(v)) {
      if (v.length > 0 && v.every(isScalar)) out.facts.push([here.join('.'), v.map(scalarText).join(', ')]);
      else if (v.length === 0 || v.every(isPlainObject)) {
        out.tables.push(tableSection({
          viewName, path: here, rows: v, note: out.notes[here.join('.')] || null, onHistory: ctx.onHistory,
        }));
      } else out.facts.push([here.join('.'), JSON.stringify(v)]);
    } else if (Object.keys(v).length > 0 && Object.values(v).every((x) => typeof x === 'number')) {
      out.figures.push(figuresSection(here, v));
    } else if (path.length < 2) {
      walk(viewName, v, here, out, ctx);
    } else {
      out.facts.push([here.join('.'), JSON.stringify(v)]);
    }
  }
}

export function renderGeneric(view, ctx, { notes = {}, skip = [] } = {}) {
  const out = { figures: [], facts: [], tables: [], notes, skip: new Set(skip) };
  walk(view.view, view, [], out, ctx);
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
