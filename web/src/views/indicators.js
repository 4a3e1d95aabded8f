// Indicators: a chart per indicator, then the view's tables
// (docs/views-domain1.md, "indicators").
import { chartSection } from '../components/chart.js';
import { assemble, renderGeneric } from './generic.js';

export default {
  name: 'indicators',
  title: 'Indicators',
  render(view, ctx) {
    const charts = (view.indicators || []).map((indicator) => chartSection(indicator, view, ctx.charts));
    return { body: assemble(renderGeneric(view, ctx), charts) };
  },
};
