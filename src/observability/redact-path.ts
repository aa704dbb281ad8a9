/**
 * What request logs may say about a URL: the route shape, never the names people looked up
 * (invariant 4). Query strings are dropped; paths are matched case-insensitively (as Express
 * routes them); anything that is not a known route shape is cut to its first segment.
 */
const KEEP = /^\/(healthz|readyz|metrics|whois|drops|rdap|rdap\/help|rdap\/domains|rdap\/nameservers|api\/docs|api\/docs-json|api\/v1\/(balance|poll|drops|holds|domains|contacts|hosts)|api\/v1\/(domains|contacts|hosts)\/check)\/?$/i;

export function redactPath(url: string): string {
  let path = url.split('?')[0].split('#')[0];
  try {
    path = decodeURIComponent(path);
  } catch {
    return '/:undecodable';
  }
  if (path === '/' || KEEP.test(path)) return path.toLowerCase();
  const rdap = /^\/rdap\/(domain|nameserver|entity)\/.+$/i.exec(path);
  if (rdap) return `/rdap/${rdap[1].toLowerCase()}/:name`;
  const api = /^\/api\/v1\/(domains|hosts|contacts|holds)\/[^/]+(\/(renew|transfer(\/(approve|reject|cancel))?))?\/?$/i.exec(path);
  if (api) return `/api/v1/${api[1].toLowerCase()}/:name${(api[2] ?? '').toLowerCase()}`;
  const first = /^\/+([^/]*)/.exec(path)?.[1] ?? '';
  return /^[a-z0-9-]{1,32}$/i.test(first) ? `/${first.toLowerCase()}/:other` : '/:other';
}
