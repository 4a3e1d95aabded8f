// The action tracker: every action, with filters that the core applies (the
// same filters as GET /v1/views/actions; docs/views-domain23.md, "actions").
import { element, isPlainObject } from '../page/dom.js';
import { humanise } from '../page/words.js';
import { assemble, renderGeneric } from './generic.js';

const ACTION_STATUSES = ['planned', 'in_progress', 'completed', 'signed_off'];
const ACTION_RAGS = ['red', 'amber', 'green'];

/** The filter form: one select per filter, whose options come from every action. */
async function filterControls(ctx) {
  const { view } = await ctx.viewJson('actions', {});
  const actions = view.actions || [];
  const distinct = (f) => [...new Set(actions.map(f).filter((x) => typeof x === 'string' && x))].sort();
  const fields = [
    ['agency', 'Agency', distinct((a) => a.owner_agency)],
    ['plan', 'Plan', distinct((a) => (a.plan && a.plan.stream) || null)],
    ['priority', 'Priority', distinct((a) => (isPlainObject(a.priority) ? a.priority.stream : a.priority))],
    ['status', 'Status', ACTION_STATUSES],
    ['overdue', 'Overdue', ['true', 'false']],
    ['rag', 'RAG', ACTION_RAGS],
  ];
  return fields.map(([key, label, options]) => {
    const group = element('div', 'govuk-form-group lif-filter');
    const id = `filter-${key}`;
    const labelNode = element('label', 'govuk-label govuk-label--s', label);
    labelNode.htmlFor = id;
    const select = element('select', 'govuk-select');
    select.id = id;
    select.name = key;
    select.append(new Option('Any', ''));
    for (const option of options) {
      const text = key === 'overdue' ? (option === 'true' ? 'Overdue' : 'Not overdue') : humanise(option);
      select.append(new Option(text, option));
    }
    select.value = ctx.filters[key] || '';
    select.addEventListener('change', () => ctx.setFilter(key, select.value, id));
    group.append(labelNode, select);
    return group;
  });
}

export default {
  name: 'actions',
  title: 'Action tracker',
  // The filters stay while other views are shown.
  keepsFilters: true,
  async render(view, ctx) {
    return { filters: await filterControls(ctx), body: assemble(renderGeneric(view, ctx)) };
  },
};
