// The dashboard: what a board meeting opens with (docs/views-domain23.md,
// "dashboard"). Its lists of actions and reports hold only their first rows;
// each says how many of how many it shows and links to all of them.
import { element } from '../page/dom.js';
import { assemble, renderGeneric } from './generic.js';

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
    link.addEventListener('click', (event) => {
      event.preventDefault();
      ctx.navigate(list.view, list.filters);
    });
    note.append(link);
    notes[list.table || key] = note;
  }
  return notes;
}

export default {
  name: 'dashboard',
  title: 'Dashboard',
  render(view, ctx) {
    return { body: assemble(renderGeneric(view, ctx, { notes: dashboardNotes(view, ctx) })) };
  },
};
