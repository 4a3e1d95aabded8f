// Headline figures as cards, and facts as a GOV.UK summary list.
import { element } from '../page/dom.js';
import { keyLabel } from '../page/words.js';
import { cellContent, numberText } from './cells.js';

/**
 * Figures as a row of cards: `entries` is [[key, number]] or an object of
 * numbers; `path` prefixes each card's data-key (the key in the view's JSON).
 * `labels` overrides the label of a key.
 */
export function figureCards(path, entries, { title = null, labels = {}, alerts = new Set() } = {}) {
  const section = element('div', 'lif-figures-section');
  if (title) section.append(element('h2', 'govuk-heading-s', title));
  const list = element('dl', 'lif-figures');
  for (const [key, value] of Array.isArray(entries) ? entries : Object.entries(entries)) {
    // How many rows a list shows is said beside the list, not as a figure.
    if (key.endsWith('_shown')) continue;
    const card = element('div', `lif-figure${alerts.has(key) && value > 0 ? ' lif-figure--alert' : ''}`);
    card.dataset.key = [...path, key].join('.');
    card.dataset.value = String(value);
    card.append(element('dd', 'lif-figure__value', numberText(key, value)),
      element('dt', 'lif-figure__label', labels[key] || keyLabel(key)));
    list.append(card);
  }
  section.append(list);
  return section;
}

/** Figures: an object whose values are all numbers (the generic reading). */
export function figuresSection(path, object) {
  return figureCards(path, object, { title: keyLabel(path.join('.')) });
}

/** [key, value] pairs as a summary list; a value may be a Node. */
export function summaryList(entries, className = 'lif-view-facts') {
  const dl = element('dl', `govuk-summary-list govuk-summary-list--no-border ${className}`);
  for (const [key, value] of entries) {
    const row = element('div', 'govuk-summary-list__row');
    row.append(element('dt', 'govuk-summary-list__key', keyLabel(key)));
    const dd = element('dd', 'govuk-summary-list__value');
    dd.append(value instanceof Node ? value : cellContent(key.split('.').pop(), value));
    row.append(dd);
    dl.append(row);
  }
  return dl;
}
