// Training: courses, deliveries, attendance by agency and evaluation, and the
// needs analyses (docs/views-domain23.md, "training").
import { figureCards } from '../components/figures.js';
import { date, list, named, number, title } from './columns.js';
import { listTable } from './generic.js';

export default {
  name: 'training',
  title: 'Training',
  render(view, ctx) {
    const totals = view.totals || {};
    const byAgency = Object.entries(totals.by_agency || {}).map(([agency, attendees]) => ({ agency, attendees }));
    return {
      body: [
        figureCards(['totals'], [['courses', totals.courses], ['deliveries', totals.deliveries],
          ['attendees', totals.attendees]], { title: 'Totals', labels: { deliveries: 'Sessions delivered' } }),
        listTable(view, 'courses', view.courses || [], ctx, {
          title: 'Courses',
          columns: [title('title', 'Course'),
            number('deliveries', 'Sessions', (r) => (r.deliveries || []).length),
            number('attendees', 'Attendees', (r) => r.attendance && r.attendance.total),
            number('mean_before_pct', 'Before', (r) => r.evaluation && r.evaluation.mean_before_pct),
            number('mean_after_pct', 'After', (r) => r.evaluation && r.evaluation.mean_after_pct)],
        }),
        listTable(view, 'totals.by_agency', byAgency, ctx, {
          title: 'Attendance by agency',
          columns: [named('agency', 'Agency'), number('attendees', 'Attendees')],
        }),
        listTable(view, 'needs_analyses', view.needs_analyses || [], ctx, {
          title: 'Training needs analyses',
          columns: [title('period', 'Period'), date('analysed_on', 'Analysed'),
            number('needs', 'Needs', (r) => (r.needs || []).length), list('unmet', 'Needs not met')],
        }),
      ],
    };
  },
};
