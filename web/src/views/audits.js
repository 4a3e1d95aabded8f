// Multi-agency and single-agency audits, and Section 11 returns
// (docs/views-domain1.md, "audits").
import { figureCards } from '../components/figures.js';
import { element } from '../page/dom.js';
import { named, number, state, title } from './columns.js';
import { listTable } from './generic.js';

const RAG = ['red', 'amber', 'green'];

/** "2 red, 1 amber, 5 green" for a {red, amber, green} count. */
function ragCounts(counts) {
  if (!counts) return '—';
  const span = element('span', 'lif-rag-counts');
  span.textContent = RAG.map((r) => `${counts[r] || 0} ${r}`).join(', ');
  return span;
}

function auditTable(view, path, audits, ctx, heading) {
  return listTable(view, path, audits, ctx, {
    title: heading,
    columns: [title('title', 'Audit'), state('status', 'Status'), named('lead_agency', 'Lead agency'),
      number('cases_graded', 'Cases graded'), number('good_or_better', 'Good or better')],
  });
}

export default {
  name: 'audits',
  title: 'Audits and Section 11',
  render(view, ctx) {
    const ma = view.multi_agency || {};
    const sa = view.single_agency || {};
    const s11 = view.section11 || {};
    const byStandard = Object.entries(s11.by_standard || {}).map(([standard, v]) => ({ standard, ...v }));
    return {
      body: [
        figureCards(['multi_agency', 'grades'], ma.grades || {}, { title: 'Multi-agency audits: grades of the cases' }),
        auditTable(view, 'multi_agency.audits', ma.audits || [], ctx, 'Multi-agency audits'),
        figureCards(['single_agency', 'grades'], sa.grades || {}, { title: 'Single-agency audits: grades of the cases' }),
        auditTable(view, 'single_agency.audits', sa.audits || [], ctx, 'Single-agency audits'),
        listTable(view, 'section11.returns', s11.returns || [], ctx, {
          title: 'Section 11 returns',
          columns: [named('agency', 'Agency'), number('year', 'Year'),
            { key: 'self', label: 'Self-assessed', value: (r) => ragCounts(r.self) },
            { key: 'moderated', label: 'Moderated', value: (r) => ragCounts(r.moderated) },
            number('lowered', 'Lowered')],
        }),
        listTable(view, 'section11.by_standard', byStandard, ctx, {
          title: 'Section 11 by standard',
          columns: [named('standard', 'Standard'),
            { key: 'self', label: 'Self-assessed', value: (r) => ragCounts(r.self) },
            { key: 'moderated', label: 'Moderated', value: (r) => ragCounts(r.moderated) }],
        }),
        ...(Array.isArray(s11.not_returned) && s11.year
          ? [listTable(view, 'section11.not_returned', s11.not_returned.map((agency) => ({ agency })), ctx, {
            title: `Section 11 returns not received for ${s11.year}`, columns: [named('agency', 'Agency')] })]
          : []),
      ],
    };
  },
};

