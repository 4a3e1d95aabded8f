// Fragment routes (docs/web.md, "Links"): the view, its filters and the as-of
// date live in the URL's fragment, so Back, reload and a bookmarked or shared
// link work, also from file:// (the fragment is never sent anywhere).
//
//   #/actions?agency=police&overdue=true&as_of=2025-12-31
//
// A served page's `token=` (docs/web.md, "Where the bundle comes from") is
// kept in every fragment the page writes, so that a reload can fetch the
// bundle again. An inspector's `fingerprint=` (the board key's fingerprint the
// page must find, docs/web.md, "The board's key") is read once, when the page
// starts (page/trust.js), and not written again.
//
//   parseRoute(hash)     -> {view, filters, asOf, token, fingerprint}; view '' when none
//   routeHash(route)     -> "#/view?..."
//   go(route, {replace}) changes the fragment (a new history entry unless
//                        replace); the page renders on 'hashchange'
//   currentRoute()

export function parseRoute(hash) {
  const text = String(hash || '').replace(/^#/, '');
  const route = { view: '', filters: {}, asOf: '', token: '', fingerprint: '' };
  let query = text;
  if (text.startsWith('/')) {
    const at = text.indexOf('?');
    route.view = decodeURIComponent(at < 0 ? text.slice(1) : text.slice(1, at));
    query = at < 0 ? '' : text.slice(at + 1);
  } else if (!/(?:^|&)(?:token|fingerprint)=/.test(text)) {
    // The page's own anchors (#main-content) are not routes.
    query = '';
  }
  for (const [key, value] of new URLSearchParams(query)) {
    if (key === 'as_of') route.asOf = value;
    else if (key === 'token') route.token = value;
    else if (key === 'fingerprint') route.fingerprint = value;
    else if (value !== '') route.filters[key] = value;
  }
  if (!/^[a-z0-9_]*$/.test(route.view)) route.view = '';
  return route;
}

export function routeHash({ view, filters = {}, asOf = '', token = '' }) {
  const params = new URLSearchParams();
  for (const key of Object.keys(filters).sort()) if (filters[key] !== '') params.append(key, filters[key]);
  if (asOf) params.append('as_of', asOf);
  if (token) params.append('token', token);
  const query = params.toString();
  return `#/${encodeURIComponent(view)}${query ? `?${query}` : ''}`;
}

export function currentRoute() {
  return parseRoute(location.hash);
}

export function go(route, { replace = false } = {}) {
  const hash = routeHash({ ...route, token: route.token ?? currentRoute().token });
  if (hash === location.hash) return false;
  if (replace) {
    history.replaceState(history.state, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = hash;
  }
  return true;
}
