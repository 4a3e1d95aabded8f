// Assurance (who owes which report for which period) and this month's
// reporting timetable (docs/views-domain23.md, "assurance" and "timetable").
import { figureCards } from '../components/figures.js';
import { readable } from '../page/names.js';
import { formatPeriod } from '../page/words.js';
import { date, named, state, title } from './columns.js';
import { listTable } from './generic.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const obligationColumns = () => [
  { key: 'owner', label: 'Owner', value: (r) => r.name || readable(r.owner), sort: (r) => r.name || readable(r.owner) },
  named('period', 'Period'), date('due', 'Due'), state('status', 'Status'), date('received_on', 'Received')];

export const assurance = {
  name: 'assurance',
  title: 'Assurance',
  render(view, ctx) {
    return {
      body: [
        figureCards(['summary'], view.summary || {}, { title: 'Reports owed', alerts: new Set(['overdue']) }),
        listTable(view, 'obligations', view.obligations || [], ctx, { title: 'Reports owed', columns: obligationColumns() }),
        listTable(view, 'reports', view.reports || [], ctx, {
          title: 'Reports received',
          columns: [named('kind', 'Kind'), named('owner', 'From', (r) => r.agency || r.subgroup || 'board'),
            named('period', 'Period'), date('submitted_on', 'Submitted')],
        }),
      ],
    };
  },
};

export const timetable = {
  name: 'timetable',
  title: "This month's timetable",
  render(view, ctx) {
    return {
      body: [
        figureCards(['summary'], view.summary || {}, { title: `Reports for ${formatPeriod(view.month || '')}`, alerts: new Set(['late']) }),
        listTable(view, 'slots', view.slots || [], ctx, {
          title: 'Reports scheduled this month',
          columns: [title('title', 'Report'), state('status', 'Status'), named('kind', 'Kind')],
        }),
        listTable(view, 'other_reports', view.other_reports || [], ctx, { title: 'Other reports presented this month' }),
        listTable(view, 'assurance_due', view.assurance_due || [], ctx, {
          title: 'Assurance reports due this month', columns: obligationColumns(),
        }),
        listTable(view, 'timetable', view.timetable || [], ctx, {
          title: 'The reporting timetable',
          columns: [title('title', 'Report'), { key: 'months', label: 'Months',
            value: (r) => (r.months || []).map((m) => MONTHS[m - 1]).join(', '), sort: (r) => (r.months || [])[0] || 0 },
          named('kind', 'Kind')],
        }),
      ],
    };
  },
};
