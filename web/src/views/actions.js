// The action tracker: every action, with filters that the core applies (the
// same filters as GET /v1/views/actions; docs/views-domain23.md, "actions").
// The filters are part of the route (#/actions?agency=...&overdue=true).
import { figureCards } from '../components/figures.js';
import { element, isPlainObject } from '../page/dom.js';
import { nameOf } from '../page/names.js';
import { humanise } from '../page/words.js';
import { date, named, number, state, title } from './columns.js';
import { listTable } from './generic.js';

const ACTION_STATUSES = ['planned', 'in_progress', 'completed', 'signed_off'];
const ACTION_RAGS = ['red', 'amber', 'green'];

/** The filter form: one select per filter, whose options come from every action. */
async function filterControls(ctx) {
  const { view } = await ctx.viewJson('actions', {});
  const actions = view.actions || [];
  const distinct = (f) => [...new Set(actions.map(f).filter((x) => typeof x === 'string' && x))]
    .sort((a, b) => (nameOf(a) || a).localeCompare(nameOf(b) || b));
  const fields = [
    ['agency', 'Owner', distinct((a) => a.owner_agency)],
    ['plan', 'Plan', distinct((a) => (a.plan && a.plan.stream) || null)],
    ['priority', 'Priority', distinct((a) => (isPlainObject(a.priority) ? a.priority.stream : a.priority))],
    ['status', 'Status', ACTION_STATUSES],
    ['overdue', 'Overdue', ['true', 'false']],
    ['rag', 'RAG rating', ACTION_RAGS],
  ];
  const box = element('details', 'govuk-details lif-filter-box');
  box.id = 'filters-details';
  box.open = Object.keys(ctx.filters).length > 0;
  const summary = element('summary', 'govuk-details__summary');
  const active = Object.keys(ctx.filters).length;
  summary.append(element('span', 'govuk-details__summary-text', active ? `Filter actions (${active} chosen)` : 'Filter actions'));
  const groups = element('div', 'govuk-details__text lif-filters');
  for (const [key, label, options] of fields) {
    const group = element('div', 'govuk-form-group lif-filter');
    const id = `filter-${key}`;
    const labelNode = element('label', 'govuk-label govuk-label--s', label);
    labelNode.htmlFor = id;
    const select = element('select', 'govuk-select');
    select.id = id;
    select.name = key;
    select.append(new Option('Any', ''));
    for (const option of options) {
      const text = key === 'overdue' ? (option === 'true' ? 'Overdue' : 'Not overdue') : (nameOf(option) || humanise(option));
      select.append(new Option(text, option));
    }
    select.value = ctx.filters[key] || '';
    select.addEventListener('change', () => ctx.setFilter(key, select.value, id));
    group.append(labelNode, select);
    groups.append(group);
  }
  box.append(summary, groups);
  return [box];
}

function actionDetail(row) {
  const entries = [
    ['Plan', row.plan ? row.plan.title || row.plan.stream : null],
    ['Priority', row.priority ? nameOf(row.priority) || row.priority : null],
    ['Lead', row.lead],
    ['Learning', (row.learning || []).map((l) => nameOf(l) || l)],
    ['Planned on', row.planned_on],
    ['original_due', row.due_revised ? row.original_due : null],
    ['Due date revisions', row.revisions && row.revisions.length ? row.revisions : null],
    ['last_progress', row.last_progress],
    ['progress_stale', row.progress_stale ? true : null],
    ['Completed on', row.completed_on],
    ['completed_late', row.completed_on ? row.completed_late : null],
    ['evidence_of_impact', row.evidence_of_impact],
    ['signed_off_on', row.signed_off_on],
    ['Reopenings', row.reopenings && row.reopenings.length ? row.reopenings : null],
    ['Anomalies', row.anomalies && row.anomalies.length ? row.anomalies : null],
    ['Corrections', row.corrections && row.corrections.length ? row.corrections : null],
    ['Reference', row.stream],
  ];
  return entries.filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0));
}

export const actionColumns = () => [
  title('title', 'Action'),
  named('owner_agency', 'Owner'),
  date('due', 'Due'),
  state('status', 'Status'),
  state('rag', 'RAG rating'),
  number('days_overdue', 'Days overdue', (row) => (row.overdue ? row.days_overdue : null)),
];

export default {
  name: 'actions',
  title: 'Action tracker',
  async render(view, ctx) {
    const body = [
      figureCards([], [['total', view.total], ['overdue', view.overdue]], { labels: { total: 'Actions', overdue: 'Overdue' }, alerts: new Set(['overdue']) }),
      figureCards(['by_status'], view.by_status || {}, { title: 'By status' }),
      figureCards(['by_rag'], view.by_rag || {}, { title: 'By latest RAG rating', labels: { none: 'No update yet' } }),
      listTable(view, 'actions', view.actions || [], ctx, { title: 'Actions', columns: actionColumns(), detail: actionDetail }),
      listTable(view, 'plans', view.plans || [], ctx, {
        title: 'Plans',
        columns: [title('title', 'Plan'), state('kind', 'Kind'), named('owner', 'Owner', (r) => r.subgroup || r.agency)],
      }),
      listTable(view, 'priorities', view.priorities || [], ctx, {
        title: 'Priorities',
        columns: [title('title', 'Priority'), state('status', 'Status'), date('period_start', 'From'), date('period_end', 'To')],
      }),
    ];
    return { filters: await filterControls(ctx), body };
  },
};
