import { isStreamBody, toWebStream } from './body-streams.js';
import type { RequestCredentialsMode, Transport, TransportResponse } from './transport.js';

/** A `fetch` function: the platform's, or a wrapper around it. */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

/** Options of {@link createFetchTransport}. */
export interface FetchTransportOptions {
  /** The `fetch` to call. Default: `globalThis.fetch`, looked up on every request (so a polyfill set later counts). */
  fetch?: FetchFunction | undefined;
  /**
   * `credentials` of every request. `'include'` sends the browser's cookies to a daemon on another origin of the
   * same site (the `tp_access` session and `tp_cart_<id>` guest cart cookies). Default: fetch's own, `same-origin`.
   */
  credentials?: RequestCredentialsMode | undefined;
}

/** Response headers as a lower-cased record; repeated ones (`set-cookie`) joined with `, `. */
function headerRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = out[name] === undefined ? value : `${out[name]}, ${value}`;
  });
  return out;
}

const emptyStream = () => new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });

/**
 * The transport on the platform's `fetch`: browsers, Node.js 20+ (undici inside), Deno, Bun and edge runtimes.
 * Stream bodies are sent as they are read (`duplex: 'half'`); browsers stream uploads only over HTTP/2, so send
 * a `Blob` or bytes there.
 */
export function createFetchTransport(options: FetchTransportOptions = {}): Transport {
  return {
    name: 'fetch',
    async send(request): Promise<TransportResponse> {
      const fetchFn: FetchFunction | undefined = options.fetch ?? globalThis.fetch;
      if (typeof fetchFn !== 'function') {
        throw new TypeError('This runtime has no global fetch; pass one as the `fetch` option.');
      }
      const streamed = isStreamBody(request.body);
      const init: RequestInit & { duplex?: 'half' } = {
        method: request.method,
        headers: request.headers,
        body: streamed
          ? toWebStream(request.body as AsyncIterable<Uint8Array>)
          : (request.body as RequestInit['body']),
        signal: request.signal,
      };
      if (streamed) init.duplex = 'half';
      if (options.credentials !== undefined) init.credentials = options.credentials;
      const response = await fetchFn(request.url, init);
      return {
        status: response.status,
        headers: headerRecord(response.headers),
        text: () => response.text(),
        stream: () => response.body ?? emptyStream(),
      };
    },
  };
}
