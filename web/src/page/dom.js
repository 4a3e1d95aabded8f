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
