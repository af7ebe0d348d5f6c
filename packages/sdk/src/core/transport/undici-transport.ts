import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { bytesOf, isStreamBody, toWebStream } from './body-streams.js';
import type { Transport, TransportResponse } from './transport.js';

/** Options of {@link createUndiciTransport}. */
export interface UndiciTransportOptions {
  /** undici dispatcher (`Agent`, `ProxyAgent`, `MockAgent`…). Default: undici's global dispatcher. */
  dispatcher?: Dispatcher | undefined;
}

type Undici = typeof import('undici');

function headerRecord(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * The transport on undici's `request`, for Node.js: it takes a dispatcher (`ProxyAgent`, `MockAgent`, an `Agent`
 * with its own pool settings) and per-request header and body timeouts. undici is imported on the first request,
 * so a client that never uses this transport never loads it.
 */
export function createUndiciTransport(options: UndiciTransportOptions = {}): Transport {
  let undici: Promise<Undici> | undefined;
  return {
    name: 'undici',
    async send(request): Promise<TransportResponse> {
      undici ??= import('undici');
      const { request: undiciRequest } = await undici;
      const { body } = request;
      // undici reads a Node.js stream; a web stream or another async iterable is adapted to one.
      const sent = isStreamBody(body) && !(body instanceof Readable) ? Readable.from(bytesOf(body)) : body;
      const limit = request.timeout > 0 ? request.timeout + 1_000 : 0;
      const res = await undiciRequest(request.url, {
        method: request.method as Dispatcher.HttpMethod,
        headers: request.headers,
        body: sent as string | Uint8Array | Readable | undefined,
        signal: request.signal,
        dispatcher: options.dispatcher,
        // undici's own limits (300 s by default) must never cut a request shorter than the caller's timeout.
        headersTimeout: limit,
        bodyTimeout: limit,
      });
      return {
        status: res.statusCode,
        headers: headerRecord(res.headers),
        text: () => res.body.text(),
        stream: () => toWebStream(res.body),
      };
    },
  };
}
