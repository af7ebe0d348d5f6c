import type { FetchFunction } from '../../src/index.js';

/**
 * A `fetch` that behaves like a browser page on `origin` talking to the daemon with `credentials: 'include'`:
 * it keeps the cookies the daemon sets (a minimal jar: name → value; Max-Age=0 or a past Expires deletes), sends
 * them back, and sends the page's `Origin`. It records each request's headers, so a test can see what the client
 * itself sent. Node's fetch has no cookie jar of its own.
 */
export function createBrowserFetch(origin: string) {
  const cookies = new Map<string, string>();
  const sent: { url: string; headers: Record<string, string>; credentials: unknown }[] = [];
  const fetchFn: FetchFunction = async (url, init) => {
    const headers = new Headers(init.headers);
    sent.push({ url, headers: Object.fromEntries(headers), credentials: init.credentials });
    if (init.credentials === 'include' && cookies.size > 0) {
      headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    headers.set('origin', origin);
    const response = await fetch(url, { ...init, headers });
    if (init.credentials === 'include') {
      for (const line of response.headers.getSetCookie()) {
        const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
        const at = pair.indexOf('=');
        const name = pair.slice(0, at);
        const value = pair.slice(at + 1);
        const expired = attributes.some(
          (attribute) =>
            /^max-age=0$/i.test(attribute) ||
            (/^expires=/i.test(attribute) && Date.parse(attribute.slice(8)) <= Date.now()),
        );
        if (expired || value === '') cookies.delete(name);
        else cookies.set(name, value);
      }
    }
    return response;
  };
  return { fetch: fetchFn, cookies, sent };
}
