/**
 * What request logs may say about a URL: the route shape, never the names people looked up
 * (invariant 4). Query strings are dropped and object names in paths become placeholders.
 */
export function redactPath(url: string): string {
  const path = url.split('?')[0];
  return path
    .replace(/^\/rdap\/(domain|nameserver|entity)\/.+$/, '/rdap/$1/:name')
    .replace(/^\/api\/v1\/(domains|hosts|contacts)\/(?!check$)[^/]+/, '/api/v1/$1/:name');
}
