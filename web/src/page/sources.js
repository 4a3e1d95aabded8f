// Where a bundle comes from (docs/web.md): the bundle embedded in the page (a
// board pack), the lif server that served the page (#token=...), or a file.
// Each returns {name, bytes} (bytes a Uint8Array) or null when it has none.
import { $, say } from './dom.js';
import { parseRoute } from './router.js';

/** The bundle in the page's #lif-bundle slot (base64), or null. */
export function embeddedBundle() {
  const slot = $('lif-bundle');
  const base64 = slot ? slot.textContent.trim() : '';
  if (!base64) return null;
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return { name: slot.dataset.name || 'the bundle in this pack', bytes };
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
