// The annual report panel of the dashboard (docs/annual-report.md): a year
// and two buttons that ask the core (the worker) for the board's annual
// report of that year, computed from this pack exactly as the server computes
// it, and save it as a printable HTML document or as a CSV of its figures.
// Nothing is sent anywhere: the file is made on this computer.
import { localToday } from '../core.js';
import { element } from '../page/dom.js';
import { ask } from '../page/worker_client.js';

/** The reporting years (1 April to 31 March) that have begun by `today`, newest first. */
export function reportingYears(today, count = 4) {
  const [y, m] = today.split('-').map(Number);
  const current = m >= 4 ? y : y - 1;
  const years = [];
  for (let k = 0; k < count; k++) years.push(current - k);
  return years;
}

function yearLabel(first) {
  return `${first} to ${first + 1} (1 April ${first} to 31 March ${first + 1})`;
}

function save(text, type, name) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = element('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** The panel: a GOV.UK select and buttons, and a status line for what happened. */
export function annualReportPanel() {
  const section = element('section', 'lif-annual-report lif-no-print');
  section.setAttribute('aria-labelledby', 'annual-report-heading');
  const heading = element('h2', 'govuk-heading-m', 'The annual report');
  heading.id = 'annual-report-heading';
  const intro = element('p', 'govuk-body',
    'The board\u2019s annual report for a reporting year, assembled from this pack as it stood at the end of the year. ' +
    'Every figure lists the records it was computed from.');
  const group = element('div', 'govuk-form-group');
  const label = element('label', 'govuk-label', 'Reporting year');
  label.htmlFor = 'annual-report-year';
  const select = element('select', 'govuk-select');
  select.id = 'annual-report-year';
  select.name = 'annual-report-year';
  for (const first of reportingYears(localToday())) {
    const option = element('option', null, yearLabel(first));
    option.value = String(first);
    select.append(option);
  }
  group.append(label, select);
  const status = element('p', 'govuk-body-s');
  status.id = 'annual-report-status';
  status.setAttribute('role', 'status');
  const buttons = element('div', 'govuk-button-group');
  for (const [format, text, type, ext] of [
    ['html', 'Save the report (HTML, to print)', 'text/html', 'html'],
    ['csv', 'Save its figures (CSV)', 'text/csv', 'csv'],
  ]) {
    const button = element('button', 'govuk-button govuk-button--secondary', text);
    button.type = 'button';
    button.dataset.format = format;
    button.addEventListener('click', async () => {
      // A report carries the pack's signed head as its proof: it is made only
      // from a verified pack (page/trust.js), never from unverified data.
      if (document.body.dataset.lifTrust !== 'verified') {
        status.textContent = 'The annual report is made only from a verified pack.';
        return;
      }
      status.textContent = 'Assembling the report\u2026';
      const answer = await ask({ op: 'annual_report', year: select.value, query: { today: localToday(), format } });
      if (answer.error) {
        status.textContent = `No report: ${answer.error.message}`;
        return;
      }
      save(answer.document, `${type};charset=utf-8`, `lif-annual-report-${select.value}.${ext}`);
      status.textContent = `Saved lif-annual-report-${select.value}.${ext}.`;
    });
    buttons.append(button);
  }
  section.append(heading, intro, group, buttons, status);
  return section;
}
