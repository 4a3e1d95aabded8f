// Where a bundle comes from (docs/web.md): the bundle embedded in the page (a
// board pack), the lif server that served the page (#token=...), or a file.
// Each returns {name, bytes} (bytes a Uint8Array: the bundle or its gzip) or
// null when it has none; a pack's checkpoint comes first (embeddedCheckpoint).
import { $, say } from './dom.js';
import { parseRoute } from './router.js';

/** Resolves once the document is parsed. */
function parsed() {
  return new Promise((resolve) => {
    if (document.readyState !== 'loading') resolve();
    else document.addEventListener('DOMContentLoaded', () => resolve(), { once: true });
  });
}

/**
 * Resolves once the parser has reached the bundle's element (the last of the
 * page, after the page's script), so that the checkpoint before it is whole,
 * or once the document is parsed.
 */
function bundleElementReached() {
  return new Promise((resolve) => {
    if ($('lif-bundle') || document.readyState !== 'loading') {
      resolve();
      return;
    }
    const done = () => {
      observer.disconnect();
      resolve();
    };
    const observer = new MutationObserver(() => {
      if ($('lif-bundle')) done();
    });
    observer.observe(document.body, { childList: true });
    document.addEventListener('DOMContentLoaded', done, { once: true });
  });
}

/**
 * A board pack's checkpoint (#lif-checkpoint, before the bundle,
 * docs/bundle.md): the views computed at export, shown while the worker
 * verifies, which the worker then checks. Available while the browser is still
 * reading the bundle. Resolves to {name, checkpoint}, or null when the page has
 * no checkpoint; a text that is not JSON gives checkpoint null, so that the
 * worker refuses the pack.
 */
export async function embeddedCheckpoint() {
  await bundleElementReached();
  const slot = $('lif-checkpoint');
  if (!slot) return null;
  let checkpoint = null;
  try {
    checkpoint = JSON.parse(slot.textContent);
  } catch (e) {
    checkpoint = null;
  }
  slot.textContent = '';
  const bundle = $('lif-bundle');
  return { name: (bundle && bundle.dataset.name) || 'the bundle in this pack', checkpoint };
}

/**
 * The bundle in the page's #lif-bundle slot (base64 of the bundle or of its
 * gzip), once the page is parsed, or null. The slot is emptied once read, so
 * that the page does not hold the text twice.
 */
export async function embeddedBundle() {
  await parsed();
  const slot = $('lif-bundle');
  const base64 = slot ? slot.textContent.trim() : '';
  if (!base64) return null;
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  slot.textContent = '';
  return { name: slot.dataset.name || 'the bundle in this pack', bytes };
}

/**
 * The board key the exporter pinned in a pack (#lif-pin, docs/web.md, "The
 * board's key"): {public_key, fingerprint, fingerprint_short, origin}, or
 * null when the page has none. The bundle cannot change it: it is read from
 * its own element, never from the bundle. A pin that is not the documented
 * object pins an impossible key, so that nothing verifies against it.
 */
export function embeddedPin() {
  const slot = $('lif-pin');
  if (!slot) return null;
  try {
    const pin = JSON.parse(slot.textContent);
    if (pin && typeof pin.public_key === 'string' && pin.public_key !== '') return pin;
  } catch (e) {
    // Falls through to the impossible key.
  }
  return { public_key: 'invalid', fingerprint: '', fingerprint_short: '', origin: '' };
}

/**
 * When the page was served by lif: the key of that server (GET /v1/keys, no
 * token needed), which pins the bundles it serves. Null from file://.
 */
export async function serverPin() {
  if (location.protocol !== 'http:' && location.protocol !== 'https:') return null;
  try {
    const response = await fetch('/v1/keys', { cache: 'no-store' });
    if (!response.ok) return null;
    const keys = await response.json();
    if (typeof keys.ed25519_public_key !== 'string') return null;
    return { public_key: keys.ed25519_public_key, fingerprint: keys.fingerprint || '',
      fingerprint_short: keys.fingerprint_short || '', origin: keys.origin || '' };
  } catch (e) {
    return null;
  }
}

/** When served by lif with #token=..., the server's current bundle. */
export async function serverBundle() {
  if (location.protocol !== 'http:' && location.protocol !== 'https:') return null;
  const { token } = parseRoute(location.hash);
  if (!token) return null;
  say('Fetching the bundle from the server…');
  const response = await fetch('/v1/bundle', {
    headers: { Authorization: `Bearer ${token}` },
    cache: 'no-store',
  });
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
  return { name: `${location.host} bundle`, bytes: new Uint8Array(await response.arrayBuffer()) };
}

/** A file chosen or dropped. */
export async function fileBundle(file) {
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}
