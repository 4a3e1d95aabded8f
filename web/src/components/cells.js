// The contents of a table cell or a summary value, for a value of any shape,
// in plain words: states as GOV.UK tags, names for identifiers, dates written
// out, percentages with %, deadline clocks in one line, lists and objects as
// short lists. Used by the tables, the summary lists and the CSV.
import { readable } from '../page/names.js';
import { element, isScalar } from '../page/dom.js';
import { formatDate, formatNumber, humanise, isPercentKey, keyLabel, scalarText } from '../page/words.js';

// Keys whose values are states, shown as tags.
export const TAG_KEYS = new Set(['status', 'state', 'rag', 'stage', 'own_is', 'direction', 'change', 'exception',
  'judgement', 'outcome']);
const TAG_COLOURS = {
  red: 'red', overdue: 'red', late: 'red', worse: 'red', worsening: 'red', inadequate: 'red', lowered: 'red',
  threshold_breach: 'red', worse_than_national: 'red', worsening_two_quarters: 'red', received_late: 'orange',
  arrived_late: 'orange', amber: 'yellow', in_progress: 'blue', open: 'blue', due: 'blue', planned: 'grey',
  requires_improvement: 'yellow', green: 'green', met: 'green', completed: 'green', signed_off: 'green',
  better: 'green', improving: 'green', received: 'green', embedded: 'green', arrived: 'green', good: 'green',
  outstanding: 'green', published: 'green', closed: 'green', mandatory: 'red', expected: 'orange',
  acted_on: 'green', learning_only: 'yellow', nothing: 'red', requested: 'blue', revised: 'green',
};

/** A state as a coloured GOV.UK tag, in words. */
export function tag(value) {
  const colour = TAG_COLOURS[value] || 'grey';
  const node = element('strong', `govuk-tag govuk-tag--${colour} lif-tag`, humanise(value));
  node.dataset.value = value;
  return node;
}

/** A number as text; percentages with %. */
export function numberText(key, n) {
  return isPercentKey(key) ? `${formatNumber(n)}%` : formatNumber(n);
}

/** A deadline clock ({due, state, ...}) in one line. */
export function clockNode(clock) {
  const span = element('span', 'lif-clock');
  span.append(clock.due ? `Due ${formatDate(clock.due)} ` : '', tag(clock.state));
  const left = clock.working_days_left ?? clock.days_left;
  if (left !== undefined && left !== null && (clock.state === 'open' || clock.state === 'overdue')) {
    const unit = clock.working_days_left !== undefined ? 'working days' : 'days';
    span.append(left < 0 ? ` ${-left} ${unit} overdue` : ` ${left} ${unit} left`);
  }
  if (clock.near_deadline) span.append(' ', element('strong', 'govuk-tag govuk-tag--orange lif-tag', 'Near deadline'));
  return span;
}

/** The text of a scalar in plain words (no tags). */
export function scalarWords(key, value) {
  if (typeof value === 'number') return numberText(key, value);
  if (typeof value === 'string') return readable(value);
  return scalarText(value);
}

/** The contents of one table cell for a value of any shape. */
// Keys whose values are references an inspector needs as they are.
const RAW_KEYS = new Set(['stream', 'Reference', 'id', 'event_id', 'head', 'hash']);

export function cellContent(key, value, depth = 0) {
  if (typeof value === 'string' && RAW_KEYS.has(key)) return document.createTextNode(value);
  if (isScalar(value)) {
    if (typeof value === 'string' && TAG_KEYS.has(key)) return tag(value);
    return document.createTextNode(scalarWords(key, value));
  }
  if (Array.isArray(value)) {
    if (value.every(isScalar)) {
      if (value.length && TAG_KEYS.has(key.replace(/s$/, ''))) {
        const span = element('span', 'lif-tags');
        value.forEach((v) => span.append(tag(v), ' '));
        return span;
      }
      return document.createTextNode(value.length ? value.map((v) => scalarWords(key, v)).join(', ') : '—');
    }
    if (depth > 0) return document.createTextNode(`${value.length} entries`);
    if (value.length === 0) return document.createTextNode('—');
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
    li.append(element('span', 'lif-cell-key', `${keyLabel(k)}: `), cellContent(k, v, depth + 1));
    list.append(li);
  }
  return list;
}
