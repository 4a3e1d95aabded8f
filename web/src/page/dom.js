// Small DOM helpers shared by every module of the page. Every text goes
// through textContent (never innerHTML), so nothing from a bundle can become
// markup.

/** The element with id `id`. */
export const $ = (id) => document.getElementById(id);

/** A new element with an optional class name and text. */
export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

/** The page's state for the tests and the styles: document.body.dataset.lifState. */
export function setState(state) {
  document.body.dataset.lifState = state;
}

/** The status line (role="status", announced politely). */
export function say(text) {
  $('status').textContent = text;
}

export function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function isScalar(v) {
  return v === null || typeof v !== 'object';
}

/**
 * A GOV.UK details component whose contents are built when it is first
 * opened: fill(textDiv) is called once. Returns the <details>.
 */
export function lazyDetails(summaryText, className, fill) {
  const box = element('details', `govuk-details ${className}`);
  const summary = element('summary', 'govuk-details__summary');
  summary.append(element('span', 'govuk-details__summary-text', summaryText));
  const text = element('div', 'govuk-details__text');
  box.append(summary, text);
  let filled = false;
  box.addEventListener('toggle', () => {
    if (!box.open || filled) return;
    filled = true;
    fill(text);
  });
  return box;
}
