// The dashboard: what a board meeting opens with, in the order a board acts
// on it (docs/views-domain23.md, "dashboard"): the figures, the overdue and
// the red actions, the case reviews overdue or near a deadline, one row per
// indicator with its exceptions, then the reports due this month. Its lists
// of actions and reports hold only their first rows; each says how many of
// how many it shows and links to all of them.
import { annualReportPanel } from '../components/annual_report.js';
import { figureCards } from '../components/figures.js';
import { element } from '../page/dom.js';
import { clocks, date, named, number, state, states, title } from './columns.js';
import { listTable } from './generic.js';

// The dashboard's lists that hold only their first rows (the core's summary
// has `<key>` the total and `<key>_shown` the rows listed), with the table
// that holds them (`table`, when not `key`), and the view and filters that
// list every one of them.
export const DASHBOARD_LISTS = {
  overdue_actions: {
    what: 'overdue actions',
    order: 'oldest due date first',
    view: 'actions',
    filters: { overdue: 'true' },
  },
  red_actions: {
    what: 'red actions not complete',
    order: 'earliest due date first',
    view: 'actions',
    // Not complete with a progress update is in progress (docs/views-domain23.md).
    filters: { rag: 'red', status: 'in_progress' },
  },
  overdue_reports: {
    what: 'overdue assurance reports',
    order: "this month's first, then the oldest due date first",
    table: 'reports_due_this_month.assurance',
    view: 'assurance',
    filters: { status: 'overdue' },
  },
};

// The figures, in the order a board reads them; the first five call for action.
const FIGURES = ['overdue_actions', 'red_actions', 'reviews_near_deadline', 'overdue_reports',
  'indicator_exceptions', 'stale_actions', 'learning_items', 'loops_closed'];
const ALERTS = new Set(['overdue_actions', 'red_actions', 'reviews_near_deadline', 'overdue_reports',
  'indicator_exceptions']);

/**
 * The notes of the dashboard's partial lists: "Showing 25 of 3177 overdue
 * actions" and a link to the view filtered to all of them.
 */
function dashboardNotes(view, ctx) {
  const notes = {};
  for (const [key, list] of Object.entries(DASHBOARD_LISTS)) {
    const total = view.summary ? view.summary[key] : undefined;
    const shown = view.summary ? view.summary[`${key}_shown`] : undefined;
    if (typeof total !== 'number' || typeof shown !== 'number' || total === 0) continue;
    const note = element('p', 'govuk-body lif-list-note');
    note.dataset.list = key;
    note.append(
      shown < total
        ? `Showing the first ${shown} of ${total} ${list.what}, ${list.order}. `
        : `Showing all ${total} ${list.what}, ${list.order}. `,
    );
    const where = list.view === 'actions' ? 'the action tracker' : `the ${ctx.titleOf(list.view).toLowerCase()} view`;
    const link = element('a', 'govuk-link lif-no-print', `See all ${total} in ${where}`);
    link.href = ctx.href(list.view, list.filters);
    link.dataset.filters = JSON.stringify(list.filters);
    note.append(link);
    notes[list.table || key] = note;
  }
  return notes;
}

/** One row per indicator with all its exceptions, in the order of the list. */
export function exceptionsByIndicator(rows) {
  const byId = new Map();
  for (const row of rows) {
    if (!byId.has(row.indicator_id)) byId.set(row.indicator_id, { indicator_id: row.indicator_id, title: row.title, exceptions: [] });
    byId.get(row.indicator_id).exceptions.push(row.exception);
  }
  return [...byId.values()];
}

export default {
  name: 'dashboard',
  title: 'Dashboard',
  render(view, ctx) {
    const summary = view.summary || {};
    const notes = dashboardNotes(view, ctx);
    const action = title('title', 'Action');
    const owner = named('owner_agency', 'Owner');
    const body = [
      figureCards(['summary'], FIGURES.filter((k) => typeof summary[k] === 'number').map((k) => [k, summary[k]]),
        { alerts: ALERTS }),
      listTable(view, 'overdue_actions', view.overdue_actions || [], ctx, {
        title: 'Overdue actions', note: notes.overdue_actions,
        columns: [action, owner, date('due', 'Due'), number('days_overdue', 'Days overdue'), state('rag', 'RAG rating')],
      }),
      listTable(view, 'red_actions', view.red_actions || [], ctx, {
        title: 'Red actions not complete', note: notes.red_actions,
        columns: [action, owner, date('due', 'Due'), date('last_progress_on', 'Latest update')],
      }),
      listTable(view, 'reviews_near_deadline', view.reviews_near_deadline || [], ctx, {
        title: 'Case reviews overdue or near a deadline',
        columns: [title('title', 'Case review'), state('stage', 'Stage'), clocks('clocks', 'Deadlines')],
      }),
      listTable(view, 'indicator_exceptions', exceptionsByIndicator(view.indicator_exceptions || []), ctx, {
        title: 'Indicators with exceptions',
        columns: [title('title', 'Indicator'), states('exceptions', 'Exceptions')],
      }),
    ];
    const due = view.reports_due_this_month || {};
    body.push(
      listTable(view, 'reports_due_this_month.timetable', due.timetable || [], ctx, {
        title: "This month's timetable",
        columns: [title('title', 'Report'), state('status', 'Status')],
      }),
      listTable(view, 'reports_due_this_month.assurance', due.assurance || [], ctx, {
        title: 'Assurance reports due this month or overdue', note: notes['reports_due_this_month.assurance'],
        columns: [named('owner', 'Owner'), named('period', 'Period'), date('due', 'Due'), state('status', 'Status')],
      }),
      annualReportPanel(),
    );
    return { body };
  },
};
