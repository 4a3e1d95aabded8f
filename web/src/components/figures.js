// Headline figures as cards, and facts as a GOV.UK summary list.
import { element } from '../page/dom.js';
import { humanise, scalarText } from '../page/words.js';
import { cellContent } from './cells.js';

/** Figures: an object whose values are all numbers, as a row of cards. */
export function figuresSection(path, object) {
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

/** [key, value] pairs as a summary list. */
export function summaryList(entries) {
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
