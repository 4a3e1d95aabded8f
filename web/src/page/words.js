// Words and numbers as a board member reads them: "case_review" becomes
// "Case review", sizes get units. Pure (no DOM).

/** "case_review" -> "Case review". */
export function humanise(identifier) {
  const words = String(identifier).replace(/[_-]+/g, ' ').replace(/\./g, ': ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function formatBytes(n) {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** A scalar as text: null is a dash, booleans Yes and No. */
export function scalarText(v) {
  if (v === null || v === undefined) return '—';
  if (v === true) return 'Yes';
  if (v === false) return 'No';
  return String(v);
}
