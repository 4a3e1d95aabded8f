// The view area: the navigation, the As of date, the view's heading and
// summary line, its filters and its body. It asks the worker for a view's
// JSON and hands it to the view's module (web/src/views/registry.js).
//
//   buildNav(coreNames)        the navigation, from the core's view names
//   showView(name, filters)    shows a view (focus on its heading); with
//                              filters, a view that keeps its filters gets
//                              exactly those, another shows only what they
//                              select until another view is chosen
//   renderView()               renders the current view again
//   setOpened(bool), clearView()
import { localToday } from '../core.js';
import { navigationOrder, viewModule } from '../views/registry.js';
import { $, element } from './dom.js';
import { hideHistory, showHistory } from './history.js';
import { humanise } from './words.js';
import { ask } from './worker_client.js';

const host = {
  opened: false,
  current: 'dashboard',
  // Filters of views that keep them while other views are shown, by view.
  kept: {},
  // Filters of another view, opened from a link: that view only, until
  // another view is chosen.
  linked: null,
  charts: [],
  names: [],
};

export function titleOf(name) {
  return viewModule(name).title;
}

function query(extra = {}) {
  const q = { today: localToday() };
  const asOf = $('as-of').value;
  if (asOf) q.as_of = asOf;
  return { ...q, ...extra };
}

async function viewJson(name, extra = {}) {
  const { text } = await ask({ op: 'view', name, query: query(extra) });
  return { text, view: JSON.parse(text) };
}

function destroyCharts() {
  for (const chart of host.charts) chart.destroy();
  host.charts = [];
}

export function setOpened(opened) {
  host.opened = opened;
}

export function clearView() {
  host.opened = false;
  destroyCharts();
  $('views').hidden = true;
  $('view-body').replaceChildren();
  $('view-json').textContent = '';
  $('view-summary').textContent = '';
  hideHistory();
}

export function buildNav(coreNames) {
  host.names = navigationOrder(coreNames);
  const items = host.names.map((name) => {
    const li = element('li', 'lif-nav__item');
    const link = element('a', 'govuk-link lif-nav__link', titleOf(name));
    link.href = `#view-${name}`;
    link.dataset.view = name;
    link.addEventListener('click', (event) => {
      event.preventDefault();
      showView(name);
    });
    li.append(link);
    return li;
  });
  $('view-nav').replaceChildren(...items);
}

export function showView(name, filters = null) {
  host.current = name;
  host.linked = null;
  if (filters && viewModule(name).keepsFilters) host.kept[name] = { ...filters };
  else if (filters) host.linked = { view: name, filters: { ...filters } };
  $('history').hidden = true;
  return renderView().then(() => $('view-heading').focus());
}

function currentFilters(name, module) {
  if (module.keepsFilters) return { ...(host.kept[name] || {}) };
  return host.linked && host.linked.view === name ? { ...host.linked.filters } : {};
}

export async function renderView() {
  if (!host.opened) return;
  const name = host.current;
  const module = viewModule(name);
  destroyCharts();
  for (const link of $('view-nav').querySelectorAll('a')) {
    if (link.dataset.view === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.body.dataset.lifView = 'rendering';
  const filters = currentFilters(name, module);
  const { text, view } = await viewJson(name, filters);
  $('view-heading').textContent = module.title;
  document.title = `${module.title} – Board pack – lif`;
  // The view exactly as the core rendered it, and the query (for the tests).
  const publish = () => {
    $('view-json').textContent = text;
    $('view-json').dataset.view = name;
    $('view-json').dataset.query = JSON.stringify(query(filters));
    document.body.dataset.lifView = name;
  };
  if (view.error) {
    publish();
    $('view-summary').textContent = `This view could not be computed: ${view.error.message}`;
    $('view-body').replaceChildren();
    $('filters').hidden = true;
    return;
  }
  const when = view.as_of ? `as of ${view.as_of}` : 'latest';
  const only = module.keepsFilters ? [] : Object.entries(filters).map(([k, v]) => `${humanise(k).toLowerCase()} ${v}`);
  $('view-summary').textContent =
    `Computed from events up to position ${view.position} (${when}), deadlines judged on ${view.judged_on}.` +
    (only.length ? ` Showing only: ${only.join(', ')}.` : '');
  const ctx = {
    filters,
    charts: host.charts,
    viewJson,
    titleOf,
    onHistory: showHistory,
    navigate: showView,
    href: (target) => `#view-${target}`,
    setFilter(key, value, focusId) {
      const kept = { ...(host.kept[name] || {}) };
      if (value) kept[key] = value;
      else delete kept[key];
      host.kept[name] = kept;
      // The form is rebuilt with the view: keep the keyboard where it was.
      renderView().then(() => $(focusId) && $(focusId).focus());
    },
  };
  const rendered = await module.render(view, ctx);
  if (rendered.filters) {
    $('filters').replaceChildren(...rendered.filters);
    $('filters').hidden = false;
  } else {
    $('filters').hidden = true;
  }
  $('view-body').replaceChildren(...rendered.body);
  publish();
}
