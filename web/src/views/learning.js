// The learning register and the learning loop (docs/views-domain23.md,
// "learning" and "loop"): every learning item with its source, themes and
// status; and for each, its actions, presentations, disseminations and
// embedding, and its stage.
import { figureCards } from '../components/figures.js';
import { readable } from '../page/names.js';
import { date, list, named, number, state, title } from './columns.js';
import { listTable } from './generic.js';

const source = named('source', 'Source', (row) => row.source && row.source.kind);

export const learning = {
  name: 'learning',
  title: 'Learning register',
  render(view, ctx) {
    return {
      body: [
        figureCards([], [['total', view.total]], { labels: { total: 'Learning items' } }),
        figureCards(['by_status'], view.by_status || {}, { title: 'By status' }),
        figureCards(['by_source'], view.by_source || {}, { title: 'By source' }),
        figureCards(['by_kind'], view.by_kind || {}, { title: 'By kind' }),
        figureCards(['by_theme'], view.by_theme || {}, { title: 'By theme' }),
        listTable(view, 'items', view.items || [], ctx, {
          title: 'Learning items',
          columns: [title('title', 'Learning'), source, list('themes', 'Themes'), state('status', 'Status'),
            date('identified_on', 'Identified')],
        }),
      ],
    };
  },
};

export const loop = {
  name: 'loop',
  title: 'Learning loop',
  render(view, ctx) {
    return {
      body: [
        figureCards([], [['total', view.total], ['closed', view.closed], ['closed_percent', view.closed_percent]],
          { labels: { total: 'Learning items', closed: 'Loops closed', closed_percent: 'Loops closed' } }),
        figureCards(['by_stage'], view.by_stage || {}, { title: 'By stage' }),
        listTable(view, 'items', view.items || [], ctx, {
          title: 'Learning items and their loop',
          columns: [title('title', 'Learning'), state('stage', 'Stage'),
            number('actions', 'Actions', (r) => (r.actions || []).length),
            number('actions_signed_off', 'Signed off'),
            number('embedded', 'Agencies embedding', (r) => (r.embedded || []).length)],
          detail: (row) => [
            ['Source', row.source ? `${readable(row.source.kind)} (${row.source.stream || '—'})` : null],
            ['Actions', row.actions],
            ['Presented to the board', row.presented],
            ['Disseminated', row.disseminated],
            ['Embedded', row.embedded],
            ['Reference', row.stream],
          ].filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)),
        }),
      ],
    };
  },
};
