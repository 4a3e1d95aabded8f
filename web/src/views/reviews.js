// Case reviews, child death reviews, learning reviews, inspections and
// thematic reviews (docs/views-domain1.md, "reviews").
import { figureCards } from '../components/figures.js';
import { clocks, date, named, number, state, title } from './columns.js';
import { listTable } from './generic.js';

export default {
  name: 'reviews',
  title: 'Case reviews',
  render(view, ctx) {
    const cr = view.case_reviews || {};
    const cdr = view.child_death_reviews || {};
    const lr = view.learning_reviews || {};
    return {
      body: [
        figureCards(['case_reviews'], [['total', cr.total], ['overdue', cr.overdue], ['near_deadline', cr.near_deadline],
          ['flagged_decisions', cr.flagged_decisions]], {
          title: 'Case reviews',
          labels: { total: 'Case reviews', overdue: 'With a deadline overdue', near_deadline: 'Near a deadline',
            flagged_decisions: 'Decisions against the criteria without a rationale' },
          alerts: new Set(['overdue', 'near_deadline', 'flagged_decisions']),
        }),
        listTable(view, 'case_reviews.items', cr.items || [], ctx, {
          title: 'Case reviews',
          columns: [title('title', 'Case review'), state('stage', 'Stage'), clocks('clocks', 'Deadlines'),
            named('lead_agency', 'Lead agency')],
        }),
        figureCards(['child_death_reviews'], [['total', cdr.total], ['reviewed', cdr.reviewed],
          ['awaiting_review', cdr.awaiting_review]], { title: 'Child death reviews' }),
        listTable(view, 'child_death_reviews.items', cdr.items || [], ctx, {
          title: 'Child death reviews',
          columns: [named('category', 'Category'), state('status', 'Status'), date('reviewed_on', 'Reviewed'),
            named('modifiable_factors', 'Modifiable factors')],
        }),
        listTable(view, 'learning_reviews.items', lr.items || [], ctx, {
          title: 'Learning reviews to present',
          columns: [title('title', 'Review'), named('scope', 'Scope'), date('published_on', 'Published'),
            number('overdue', 'Presentations overdue', (r) => (r.rota || []).filter((x) => x.overdue).length)],
        }),
        listTable(view, 'inspections', view.inspections || [], ctx, {
          title: 'Inspections',
          columns: [title('title', 'Inspection'), named('agency', 'Agency'), state('judgement', 'Judgement'),
            date('published_on', 'Published')],
        }),
        listTable(view, 'thematic_reviews', view.thematic_reviews || [], ctx, {
          title: 'Thematic reviews',
          columns: [title('title', 'Review'), state('status', 'Status'), named('theme', 'Theme'),
            date('reported_on', 'Reported')],
        }),
      ],
    };
  },
};
