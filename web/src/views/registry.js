// The view modules, in the order of the navigation. A view module is
//   {name, title, nav?: false, render(view, ctx) -> {body: [Node], filters?: [Node]}}
// (render may return a Promise). `view` is the core's JSON of the view; `ctx`
// is the page's context (web/src/page/view_host.js). A view the core has and
// this list lacks (a new view) is shown by the generic renderer, after these.
import { humanise } from '../page/words.js';
import actions from './actions.js';
import { assurance, timetable } from './assurance.js';
import audits from './audits.js';
import dashboard from './dashboard.js';
import { dissemination, planReports, policies, priorities, youSaidWeDid } from './followup.js';
import { genericView } from './generic.js';
import indicators from './indicators.js';
import { learning, loop } from './learning.js';
import reviews from './reviews.js';
import training from './training.js';

export const VIEW_MODULES = [
  dashboard,
  actions,
  learning,
  loop,
  youSaidWeDid,
  dissemination,
  policies,
  priorities,
  planReports,
  indicators,
  reviews,
  audits,
  training,
  assurance,
  timetable,
  // The names of identifiers (page/names.js reads it): not a view to read.
  { ...genericView, name: 'names', title: 'Names', nav: false },
];

const BY_NAME = new Map(VIEW_MODULES.map((m) => [m.name, m]));

/** The module of view `name`: its own, or the generic one. */
export function viewModule(name) {
  return BY_NAME.get(name) || { ...genericView, name, title: humanise(name) };
}

/**
 * The views to offer, in navigation order: those with a module that the core
 * has, then the core's other views in its order.
 */
export function navigationOrder(coreNames) {
  const have = new Set(coreNames);
  const known = VIEW_MODULES.filter((m) => m.nav !== false).map((m) => m.name).filter((n) => have.has(n));
  return [...known, ...coreNames.filter((n) => !BY_NAME.has(n))];
}
