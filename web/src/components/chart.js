// An indicator's chart (uPlot): each area's values by quarter against the
// comparators and the national average; the exceptions marked on the own
// area's latest value.
//
//   chartSection(indicator, view, charts) -> a <figure>; the chart is drawn
//   once the figure is in the page and pushed to `charts` (destroy() them
//   when the view is left).
import uPlot from 'uplot';

import { element } from '../page/dom.js';
import { humanise } from '../page/words.js';
import { tag } from './cells.js';

const AREA_COLOURS = ['#1d70b8', '#f47738', '#4c2c92', '#00703c', '#d4351c', '#5694ca', '#912b88', '#85994b'];

export function chartSection(indicator, view, charts) {
  const section = element('figure', 'lif-chart');
  const caption = element('figcaption', 'govuk-body');
  caption.append(element('strong', null, indicator.title), ` (${humanise(indicator.polarity || '')}`);
  if (indicator.threshold !== null && indicator.threshold !== undefined) caption.append(`, threshold ${indicator.threshold}`);
  caption.append(')');
  for (const e of indicator.exceptions || []) caption.append(' ', tag(e));
  section.append(caption);
  const areas = Object.keys(indicator.series || {});
  const periods = [...new Set(areas.flatMap((a) => indicator.series[a].map((p) => p.period)))].sort();
  if (periods.length === 0) {
    section.append(element('p', 'govuk-body-s', 'No values recorded.'));
    return section;
  }
  const own = view.own_area;
  const national = indicator.latest && indicator.latest.national_average ? indicator.latest.national_average.area_code : null;
  const data = [periods.map((_, i) => i)];
  const series = [{ label: 'Quarter' }];
  areas.forEach((area, i) => {
    const byPeriod = Object.fromEntries(indicator.series[area].map((p) => [p.period, p.value]));
    data.push(periods.map((p) => (p in byPeriod ? byPeriod[p] : null)));
    series.push({
      label: area === own ? `${area} (own area)` : area === national ? `${area} (national average)` : area,
      stroke: area === national ? '#0b0c0c' : AREA_COLOURS[i % AREA_COLOURS.length],
      width: area === own ? 3 : 1.5,
      dash: area === national ? [6, 4] : undefined,
      spanGaps: false,
    });
  });
  if ((indicator.exceptions || []).length > 0 && own && indicator.latest) {
    data.push(periods.map((p) => (p === indicator.latest.period ? indicator.latest.own : null)));
    series.push({ label: 'Exception', stroke: '#d4351c', width: 0, points: { show: true, size: 14, fill: '#d4351c' } });
  }
  const holder = element('div', 'lif-chart__plot');
  holder.setAttribute('role', 'img');
  holder.setAttribute('aria-label', `${indicator.title}: values by quarter for ${areas.join(', ')}`);
  section.append(holder);
  const opts = {
    width: 640,
    height: 260,
    series,
    scales: { x: { time: false } },
    axes: [{ values: (_, ticks) => ticks.map((t) => periods[t] || ''), incrs: [1] }, {}],
    legend: { show: true },
    cursor: { show: false },
  };
  // Drawn after the section is in the page.
  requestAnimationFrame(() => {
    if (holder.isConnected) charts.push(new uPlot(opts, data, holder));
  });
  return section;
}
