// The view area: the navigation, the As of date, the view's heading and
// summary line, its filters and its body. What is shown follows the route
// (page/router.js: #/view?filters&as_of=), so Back, reload and links work.
// It asks the worker for the view's JSON (and the names view, for names in
// place of identifiers) and hands it to the view's module
// (web/src/views/registry.js).
//
//   buildNav(coreNames)   the navigation, from the core's view names
//   renderRoute({focus})  renders the view of the current route (the
//                         dashboard when the route names none); focus moves
//                         to its heading when asked
//   setOpened(bool, checkpoint), clearView(), titleOf(name)
//
// While the worker verifies a pack, setOpened(true, checkpoint) lets the views
// the pack's checkpoint holds (docs/bundle.md) be shown from it, with its query,
// at the latest date and without filters; any other view waits for the worker.
import { localToday } from '../core.js';
import { navigationOrder, viewModule } from '../views/registry.js';
import { $, element } from './dom.js';
import { hideHistory, showHistory } from './history.js';
import { readable, setNames } from './names.js';
import { currentRoute, go, routeHash } from './router.js';
import { markView } from './trust.js';
import { formatDate, formatNumber, keyLabel } from './words.js';
import { ask } from './worker_client.js';

const host = {
  opened: false,
  charts: [],
  names: [],
  // The pack's checkpoint {query, views} while the worker verifies (null: none).
  checkpoint: null,
  // The as-of text whose names are loaded (null: none).
  namesAsOf: null,
  // Counts renders, so that a slow one finishing late does not replace a newer one.
  ticket: 0,
};

export function titleOf(name) {
  return viewModule(name).title;
}

function query(asOf, extra = {}) {
  const q = { today: localToday() };
  if (asOf) q.as_of = asOf;
  return { ...q, ...extra };
}

/** The view's text from the checkpoint, or null when it must be computed. */
function fromCheckpoint(name, extra, asOf) {
  const cp = host.checkpoint;
  if (!cp || asOf || Object.keys(extra).length > 0) return null;
  return typeof cp.views[name] === 'string' ? { text: cp.views[name], query: cp.query } : null;
}

async function viewJson(name, extra, asOf) {
  const early = fromCheckpoint(name, extra, asOf);
  if (early) return { ...early, view: JSON.parse(early.text) };
  const q = query(asOf, extra);
  const { text } = await ask({ op: 'view', name, query: q });
  return { text, query: q, view: JSON.parse(text) };
}

export function setOpened(opened, checkpoint = null) {
  host.opened = opened;
  host.checkpoint = checkpoint;
  host.namesAsOf = null;
  setNames(null);
}

export function clearView() {
  setOpened(false);
  // A render still waiting for the worker must not fill the cleared view.
  host.ticket++;
  host.charts = [];
  $('views').hidden = true;
  $('views-nav').hidden = true;
  $('view-body').replaceChildren();
  $('filters').replaceChildren();
  $('view-json').textContent = '';
  $('view-summary').textContent = '';
  hideHistory();
}

export function buildNav(coreNames) {
  host.names = navigationOrder(coreNames);
  const items = host.names.map((name) => {
    const li = element('li', 'govuk-service-navigation__item');
    const link = element('a', 'govuk-service-navigation__link lif-nav__link', titleOf(name));
    link.href = routeHash({ view: name });
    link.dataset.view = name;
    li.append(link);
    return li;
  });
  $('view-nav').replaceChildren(...items);
}

function markNav(name, asOf) {
  for (const link of $('view-nav').querySelectorAll('a')) {
    link.href = routeHash({ view: link.dataset.view, asOf, token: currentRoute().token });
    const active = link.dataset.view === name;
    link.parentElement.classList.toggle('govuk-service-navigation__item--active', active);
    if (active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

async function loadNames(asOf) {
  if (host.namesAsOf === asOf) return;
  const { view } = await viewJson('names', {}, asOf);
  setNames(view.error ? null : view);
  host.namesAsOf = asOf;
}

function summaryLine(view, filters) {
  const when = view.as_of
    ? `Figures as the board stood at the end of ${formatDate(String(view.as_of))}: the first ${formatNumber(view.position)} events of the bundle`
    : `Latest figures: all ${formatNumber(view.position)} events of the bundle`;
  const only = Object.entries(filters).map(([k, v]) => `${keyLabel(k).toLowerCase()} ${String(readable(v)).toLowerCase()}`);
  return `${when}; deadlines judged on ${formatDate(view.judged_on)}.${only.length ? ` Showing only: ${only.join(', ')}.` : ''}`;
}

export async function renderRoute({ focus = false } = {}) {
  if (!host.opened) return;
  const ticket = ++host.ticket;
  const route = currentRoute();
  const name = route.view || 'dashboard';
  const module = viewModule(name);
  const { filters, asOf } = route;
  markNav(name, asOf);
  $('as-of').value = /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? asOf : '';
  $('as-of-summary').textContent = asOf ? `As of ${formatDate(asOf)}: change the date` : 'See the figures as of an earlier date';
  if (asOf) $('as-of-details').open = true;
  document.body.dataset.lifView = 'rendering';
  await loadNames(asOf);
  const { text, view, query: asked } = await viewJson(name, filters, asOf);
  if (ticket !== host.ticket) return;
  $('view-heading').textContent = module.title;
  const unverified = document.body.dataset.lifTrust === 'unverified' ? 'Unverified: ' : '';
  document.title = `${unverified}${module.title} – Board pack – lif`;
  for (const chart of host.charts) chart.destroy();
  host.charts = [];
  // The view exactly as the core rendered it, and the query (for the tests).
  const publish = () => {
    $('view-json').textContent = text;
    $('view-json').dataset.view = name;
    $('view-json').dataset.query = JSON.stringify(asked);
    document.body.dataset.lifView = name;
    if (focus) $('view-heading').focus();
  };
  if (view.error) {
    $('view-summary').textContent = view.error.code === 'not_found'
      ? `There is no view called “${name}” in this pack.`
      : `This view could not be computed: ${view.error.message}`;
    $('view-body').replaceChildren();
    $('filters').hidden = true;
    publish();
    return;
  }
  $('view-summary').textContent = summaryLine(view, filters);
  const ctx = {
    filters,
    charts: host.charts,
    viewJson: (other, extra = {}) => viewJson(other, extra, asOf),
    titleOf,
    onHistory: showHistory,
    href: (target, targetFilters = {}) => routeHash({ view: target, filters: targetFilters, asOf, token: route.token }),
    setFilter(key, value, focusId) {
      const next = { ...filters };
      if (value) next[key] = value;
      else delete next[key];
      host.refocus = focusId;
      go({ view: name, filters: next, asOf });
    },
  };
  const rendered = await module.render(view, ctx);
  if (ticket !== host.ticket) return;
  if (rendered.filters) {
    $('filters').replaceChildren(...rendered.filters);
    $('filters').hidden = false;
  } else {
    $('filters').replaceChildren();
    $('filters').hidden = true;
  }
  $('view-body').replaceChildren(...rendered.body);
  // Data that is not verified says so in every figure, table and chart.
  markView($('view-body'));
  publish();
  // A filter changed: the form was rebuilt, keep the keyboard where it was.
  if (host.refocus && $(host.refocus)) $(host.refocus).focus();
  host.refocus = null;
}

/** The As of date changed: a new route with the same view and filters. */
export function changeAsOf(value) {
  const route = currentRoute();
  go({ view: route.view || 'dashboard', filters: route.filters, asOf: value });
}
