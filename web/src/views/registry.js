// The view modules, in the order of the navigation. A view module is
//   {name, title, keepsFilters?, render(view, ctx) -> {body: [Node], filters?: [Node]}}
// (render may return a Promise). `view` is the core's JSON of the view; `ctx`
// is the page's context (web/src/page/view_host.js). A view the core has and
// this list lacks (a new view) is shown by the generic renderer, after these.
import { humanise } from '../page/words.js';
import actions from './actions.js';
import dashboard from './dashboard.js';
import { genericView } from './generic.js';
import indicators from './indicators.js';

const generic = (name, title) => ({ ...genericView, name, title });

export const VIEW_MODULES = [
  dashboard,
  generic('learning', 'Learning register'),
  actions,
  indicators,
  generic('reviews', 'Case reviews'),
  generic('audits', 'Audits and Section 11'),
  generic('training', 'Training'),
  generic('assurance', 'Assurance'),
  generic('timetable', "This month's timetable"),
  generic('loop', 'Learning loop'),
];

const BY_NAME = new Map(VIEW_MODULES.map((m) => [m.name, m]));

/** The module of view `name`: its own, or the generic one. */
export function viewModule(name) {
  return BY_NAME.get(name) || generic(name, humanise(name));
}

/**
 * The views to offer, in navigation order: those with a module that the core
 * has, then the core's other views in its order.
 */
export function navigationOrder(coreNames) {
  const have = new Set(coreNames);
  const known = VIEW_MODULES.map((m) => m.name).filter((n) => have.has(n));
  return [...known, ...coreNames.filter((n) => !BY_NAME.has(n))];
}
