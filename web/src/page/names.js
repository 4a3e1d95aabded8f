// Names for identifiers, from the core's names view
// (docs/views-domain23.md#names): agencies, sub-groups, areas, indicators,
// plans, priorities, learning items, courses, case reviews, policies and
// voice-of-the-child records.
//
//   setNames(view)   the names view's JSON (or null to forget them)
//   nameOf(code)     the name of an identifier or stream, or null
//   readable(value)  a value as a reader reads it: a name where one is known,
//                    a code in words, a date written out; free text as it is
import { formatDate, formatPeriod, formatTimestamp, humanise, isCode } from './words.js';

const GROUPS = ['agencies', 'subgroups', 'areas', 'indicators', 'plans', 'priorities', 'learning', 'courses',
  'reviews', 'policies', 'voice'];
let byCode = new Map();

export function setNames(view) {
  byCode = new Map();
  if (!view) return;
  for (const group of GROUPS) {
    for (const [code, name] of Object.entries(view[group] || {})) {
      if (typeof name === 'string' && name && !byCode.has(code)) byCode.set(code, name);
    }
  }
}

export function nameOf(code) {
  return typeof code === 'string' && byCode.has(code) ? byCode.get(code) : null;
}

export function readable(value) {
  if (typeof value !== 'string') return value;
  const name = nameOf(value);
  if (name !== null) return name;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return formatTimestamp(value);
  if (/^\d{4}-(?:Q[1-4]|H[12])$/.test(value)) return formatPeriod(value);
  if (isCode(value)) return humanise(value);
  return value;
}
