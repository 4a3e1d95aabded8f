// Saving a table as CSV: every row (the screen may show fewer), with the same
// words as on screen.
import { element } from '../page/dom.js';
import { keyLabel } from '../page/words.js';
import { cellContent } from './cells.js';

function csvEscape(text) {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Text of a value as it goes into a CSV cell (the same words as on screen). */
function csvText(key, value) {
  const holder = element('div');
  holder.append(cellContent(key, value));
  // Lists become "a; b" rather than run together.
  for (const li of holder.querySelectorAll('li')) li.append('; ');
  return holder.textContent.replace(/;\s*$/, '').replace(/\s+/g, ' ').trim();
}

/**
 * Saves `rows` as a CSV file: `columns` is [{key, label?}] (a label defaults
 * to the key's words); each cell is the row's value at `key` in words.
 */
export function downloadCsv(filename, columns, rows) {
  const lines = [columns.map((c) => csvEscape(c.label || keyLabel(c.key))).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvEscape(csvText(c.key, row[c.key]))).join(','));
  const blob = new Blob([`${lines.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = element('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
