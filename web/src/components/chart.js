// An indicator's chart, drawn as SVG (scales with the page, prints sharp):
// one line per area, quarters along the bottom, the unit on the value axis,
// the threshold as a labelled line, and each area told apart by more than
// colour: its own dash pattern and marker shape, and its name and latest
// value written at the end of its line and in the legend. The own area is
// the thickest line, England black and dashed. A table of the values is the
// chart's alternative (a details component under it).
//
//   chartSection(indicator, view, names) -> a <figure>
//     names: code -> name (page/names.js nameOf)
import { tableSection } from './table.js';
import { tag } from './cells.js';
import { element, lazyDetails } from '../page/dom.js';
import { formatNumber, formatPeriod, humanise } from '../page/words.js';

const SVG = 'http://www.w3.org/2000/svg';
// Colours of GOV.UK's palette with enough contrast on white; each area also
// gets a dash pattern and a marker, so colour is never the only difference.
const STYLES = [
  { colour: '#1d70b8', dash: '', marker: 'circle' },
  { colour: '#d4351c', dash: '8 4', marker: 'square' },
  { colour: '#4c2c92', dash: '2 3', marker: 'triangle' },
  { colour: '#00703c', dash: '10 3 2 3', marker: 'diamond' },
  { colour: '#912b88', dash: '4 4', marker: 'cross' },
  { colour: '#6f4e00', dash: '12 4', marker: 'triangle-down' },
  { colour: '#28a197', dash: '2 6', marker: 'plus' },
];
const OWN = { colour: '#0b0c0c', dash: '', marker: 'circle', width: 4 };
const NATIONAL = { colour: '#505a5f', dash: '6 4', marker: 'square', width: 2 };

function svg(tagName, attrs = {}) {
  const node = document.createElementNS(SVG, tagName);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

function marker(shape, x, y, colour) {
  const s = 5;
  const common = { fill: colour, stroke: colour, 'stroke-width': 1.5 };
  switch (shape) {
    case 'square': return svg('rect', { x: x - s, y: y - s, width: 2 * s, height: 2 * s, ...common });
    case 'triangle': return svg('path', { d: `M${x} ${y - s - 1}L${x + s + 1} ${y + s}L${x - s - 1} ${y + s}Z`, ...common });
    case 'triangle-down': return svg('path', { d: `M${x} ${y + s + 1}L${x + s + 1} ${y - s}L${x - s - 1} ${y - s}Z`, ...common });
    case 'diamond': return svg('path', { d: `M${x} ${y - s - 1}L${x + s + 1} ${y}L${x} ${y + s + 1}L${x - s - 1} ${y}Z`, ...common });
    case 'cross': return svg('path', { d: `M${x - s} ${y - s}L${x + s} ${y + s}M${x + s} ${y - s}L${x - s} ${y + s}`, stroke: colour, 'stroke-width': 2.5, fill: 'none' });
    case 'plus': return svg('path', { d: `M${x - s - 1} ${y}H${x + s + 1}M${x} ${y - s - 1}V${y + s + 1}`, stroke: colour, 'stroke-width': 2.5, fill: 'none' });
    default: return svg('circle', { cx: x, cy: y, r: s, ...common });
  }
}

function niceTicks(min, max, count = 5) {
  const span = max - min || Math.abs(max) || 1;
  const step0 = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= step0);
  const ticks = [];
  for (let t = Math.floor(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toFixed(10)));
  if (ticks[ticks.length - 1] < max) ticks.push(ticks[ticks.length - 1] + step);
  return ticks;
}

/** The areas of an indicator in reading order: own, then comparators, regional, England. */
function areaOrder(indicator, own, national, regional) {
  const areas = Object.keys(indicator.series || {});
  const rank = (a) => (a === own ? 0 : a === national ? 3 : a === regional ? 2 : 1);
  return areas.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export function chartSection(indicator, view, nameOf = () => null) {
  const section = element('figure', 'lif-chart');
  section.dataset.indicator = indicator.indicator_id;
  const unit = indicator.unit ? ` (${indicator.unit})` : '';
  const caption = element('figcaption', 'lif-chart__caption');
  caption.append(element('h3', 'govuk-heading-s lif-chart__title', `${indicator.title}${unit}`));
  const facts = element('p', 'govuk-body-s lif-chart__facts');
  facts.append(humanise(indicator.polarity || ''));
  if (typeof indicator.threshold === 'number') facts.append(`; the board's threshold is ${formatNumber(indicator.threshold)}`);
  facts.append('.');
  for (const e of indicator.exceptions || []) facts.append(' ', tag(e));
  caption.append(facts);
  section.append(caption);

  const own = view.own_area;
  const latest = indicator.latest || {};
  const national = latest.national_average ? latest.national_average.area_code : 'england';
  const regional = latest.regional_average ? latest.regional_average.area_code : null;
  const areas = areaOrder(indicator, own, national, regional);
  const periods = [...new Set(areas.flatMap((a) => indicator.series[a].map((p) => p.period)))].sort();
  if (periods.length === 0) {
    section.append(element('p', 'govuk-body-s', 'No values recorded.'));
    return section;
  }
  const label = (a) => {
    const name = nameOf(a) || humanise(a);
    if (a === own) return `${name} (this board)`;
    if (a === national) return `${name} (national average)`;
    if (a === regional) return `${name} (regional average)`;
    return name;
  };
  let comparator = 0;
  const styleOf = new Map(areas.map((a) => [a, a === own ? OWN : a === national ? NATIONAL
    : { ...STYLES[comparator++ % STYLES.length], width: 2 }]));
  const values = areas.flatMap((a) => indicator.series[a].map((p) => p.value));
  if (typeof indicator.threshold === 'number') values.push(indicator.threshold);
  const ticks = niceTicks(Math.min(...values), Math.max(...values));
  const [lo, hi] = [ticks[0], ticks[ticks.length - 1]];

  // Geometry in viewBox units; the SVG scales to the column's width.
  const W = 720;
  const H = 320;
  const left = 64;
  const right = 190;
  const top = 16;
  const bottom = 56;
  const x = (i) => left + (periods.length === 1 ? (W - left - right) / 2 : (i * (W - left - right)) / (periods.length - 1));
  const y = (v) => top + ((hi - v) * (H - top - bottom)) / (hi - lo || 1);
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'lif-chart__svg', role: 'img',
    'aria-label': `${indicator.title}: values by quarter for ${areas.map(label).join(', ')}. The table below has the values.` });
  const axis = svg('g', { class: 'lif-chart__axis', 'font-size': 13, fill: '#0b0c0c' });
  for (const t of ticks) {
    axis.append(svg('line', { x1: left, x2: W - right, y1: y(t), y2: y(t), stroke: '#dfe1e2' }));
    const text = svg('text', { x: left - 6, y: y(t) + 4, 'text-anchor': 'end' });
    text.textContent = formatNumber(t);
    axis.append(text);
  }
  const unitLabel = svg('text', { x: 14, y: (top + H - bottom) / 2, 'text-anchor': 'middle',
    transform: `rotate(-90 14 ${(top + H - bottom) / 2})` });
  unitLabel.textContent = indicator.unit || 'value';
  axis.append(unitLabel);
  const every = Math.ceil(periods.length / 6);
  periods.forEach((p, i) => {
    if (i % every !== 0 && i !== periods.length - 1) return;
    const text = svg('text', { x: x(i), y: H - bottom + 20, 'text-anchor': 'middle' });
    text.textContent = p.replace('-', ' ');
    axis.append(text);
  });
  axis.append(svg('line', { x1: left, x2: W - right, y1: H - bottom, y2: H - bottom, stroke: '#0b0c0c' }));
  chart.append(axis);
  if (typeof indicator.threshold === 'number') {
    const g = svg('g', { class: 'lif-chart__threshold' });
    g.append(svg('line', { x1: left, x2: W - right, y1: y(indicator.threshold), y2: y(indicator.threshold),
      stroke: '#d4351c', 'stroke-width': 2, 'stroke-dasharray': '3 3' }));
    const text = svg('text', { x: left + 4, y: y(indicator.threshold) - 5, 'font-size': 12, fill: '#d4351c' });
    text.textContent = `Threshold ${formatNumber(indicator.threshold)}`;
    g.append(text);
    chart.append(g);
  }
  // Lines, drawn own area last so it is on top; labels at the line ends,
  // moved apart so that they do not overlap.
  const ends = [];
  for (const area of [...areas].reverse()) {
    const style = styleOf.get(area);
    const byPeriod = new Map(indicator.series[area].map((p) => [p.period, p.value]));
    const g = svg('g', { class: 'lif-chart__series', 'data-area': area });
    let d = '';
    let pen = false;
    periods.forEach((p, i) => {
      if (!byPeriod.has(p)) { pen = false; return; }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)} ${y(byPeriod.get(p)).toFixed(1)}`;
      pen = true;
    });
    g.append(svg('path', { d, fill: 'none', stroke: style.colour, 'stroke-width': style.width,
      'stroke-dasharray': style.dash, 'stroke-linejoin': 'round' }));
    periods.forEach((p, i) => { if (byPeriod.has(p)) g.append(marker(style.marker, x(i), y(byPeriod.get(p)), style.colour)); });
    chart.append(g);
    const last = [...periods].reverse().find((p) => byPeriod.has(p));
    if (last) ends.push({ area, value: byPeriod.get(last), y: y(byPeriod.get(last)), style });
  }
  ends.sort((a, b) => a.y - b.y);
  for (let i = 1; i < ends.length; i++) ends[i].y = Math.max(ends[i].y, ends[i - 1].y + 15);
  const labels = svg('g', { class: 'lif-chart__labels', 'font-size': 13 });
  for (const end of ends) {
    const text = svg('text', { x: W - right + 10, y: end.y + 4, fill: end.style.colour,
      'font-weight': end.area === own ? 700 : 400 });
    text.textContent = `${(nameOf(end.area) || humanise(end.area)).slice(0, 18)} ${formatNumber(end.value)}`;
    labels.append(text);
  }
  chart.append(labels);
  section.append(chart);

  // The legend: pattern, marker, name and latest value of each line.
  const legend = element('ul', 'govuk-list lif-chart__legend');
  for (const area of areas) {
    const style = styleOf.get(area);
    const li = element('li');
    const key = svg('svg', { viewBox: '0 0 40 14', width: 40, height: 14, 'aria-hidden': 'true', class: 'lif-chart__key' });
    key.append(svg('line', { x1: 1, x2: 39, y1: 7, y2: 7, stroke: style.colour, 'stroke-width': style.width,
      'stroke-dasharray': style.dash }), marker(style.marker, 20, 7, style.colour));
    const byPeriod = new Map(indicator.series[area].map((p) => [p.period, p.value]));
    const last = [...periods].reverse().find((p) => byPeriod.has(p));
    li.append(key, ` ${label(area)}: `,
      element('strong', null, last ? `${formatNumber(byPeriod.get(last))}${indicator.unit ? ` ${indicator.unit}` : ''}` : 'no value'),
      last ? ` in ${formatPeriod(last)}` : '');
    legend.append(li);
  }
  section.append(legend);

  // The table alternative: one row per quarter, one column per area.
  const box = lazyDetails('Show the values as a table', 'lif-chart__table', (text) => {
    const rows = periods.map((p) => {
      const row = { period: p };
      for (const a of areas) {
        const v = indicator.series[a].find((s) => s.period === p);
        row[a] = v ? v.value : null;
      }
      return row;
    });
    text.append(tableSection({
      name: `series.${indicator.indicator_id}`, title: `${indicator.title}${unit}`, rows, headingLevel: 'h4',
      columns: [{ key: 'period', label: 'Quarter', value: (r) => formatPeriod(r.period) },
        ...areas.map((a) => ({ key: a, label: nameOf(a) || humanise(a), numeric: true }))],
      detail: false,
    }));
  });
  section.append(box);
  return section;
}
