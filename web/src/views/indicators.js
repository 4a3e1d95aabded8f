// Indicators (docs/views-domain1.md, "indicators"): a table of every
// indicator's latest value against England with its exceptions, then a chart
// per indicator (components/chart.js), those with exceptions first.
import { chartSection } from '../components/chart.js';
import { figureCards } from '../components/figures.js';
import { element } from '../page/dom.js';
import { nameOf } from '../page/names.js';
import { formatNumber } from '../page/words.js';
import { state, states, title } from './columns.js';
import { listTable } from './generic.js';

const withUnit = (v, row) => (typeof v === 'number' ? `${formatNumber(v)}${row.unit ? ` ${row.unit}` : ''}` : '—');

export default {
  name: 'indicators',
  title: 'Indicators',
  render(view, ctx) {
    const indicators = view.indicators || [];
    const flagged = indicators.filter((i) => (i.exceptions || []).length > 0);
    const ordered = [...flagged, ...indicators.filter((i) => !(i.exceptions || []).length)];
    const charts = element('div', 'lif-charts');
    charts.append(element('h2', 'govuk-heading-m', 'Charts'));
    for (const indicator of ordered) charts.append(chartSection(indicator, view, nameOf));
    return {
      body: [
        figureCards([], [['total', view.total], ['exception_count', view.exception_count]], {
          labels: { total: 'Indicators', exception_count: 'Exceptions' }, alerts: new Set(['exception_count']),
        }),
        ...(view.own_area ? [element('p', 'govuk-body', `This board's area: ${nameOf(view.own_area) || view.own_area}.`)] : []),
        listTable(view, 'indicators', ordered, ctx, {
          title: 'Latest values',
          columns: [
            title('title', 'Indicator'),
            { key: 'own', label: 'Latest', numeric: true, value: (r) => withUnit(r.latest && r.latest.own, r),
              sort: (r) => (r.latest && typeof r.latest.own === 'number' ? r.latest.own : -Infinity) },
            { key: 'england', label: 'England', numeric: true,
              value: (r) => withUnit(r.latest && r.latest.national_average && r.latest.national_average.value, r) },
            state('direction', 'Direction'),
            states('exceptions', 'Exceptions'),
          ],
        }),
        charts,
        ...(view.undefined_indicators && view.undefined_indicators.length
          ? [listTable(view, 'undefined_indicators', view.undefined_indicators.map((id) => (typeof id === 'string' ? { indicator_id: id } : id)), ctx, { title: 'Values recorded for indicators not defined' })]
          : []),
      ],
    };
  },
};

