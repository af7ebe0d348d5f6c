/**
 * The seam between the client and the network. The client owns everything that must behave the same everywhere
 * (headers, idempotency keys, retries, timeouts, cancellation, errors, logging); a transport only sends one attempt
 * and hands back the status, the headers and the unread body.
 */

/** A request body as a transport receives it: text, bytes, or a stream that can be read once. */
export type TransportBody = string | Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** One attempt of one request. */
export interface TransportRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** Absolute URL, query included. */
  url: string;
  /** Lower-cased request headers. */
  headers: Record<string, string>;
  body: TransportBody | undefined;
  /** Aborted when the attempt times out or the caller cancels; it must stop both the request and its body. */
  signal: AbortSignal;
  /**
   * The attempt's timeout in ms (0: none). The client enforces it through `signal`; a transport whose own limits
   * could cut in first (undici's header and body timeouts) raises them above it.
   */
  timeout: number;
}

/** The answer to one attempt, with the body still unread. */
export interface TransportResponse {
  status: number;
  /** Lower-cased response headers; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** Reads the whole body as UTF-8 text. */
  text(): Promise<string>;
  /** The body as a web stream, for downloads and the event stream. */
  stream(): ReadableStream<Uint8Array>;
}

/**
 * How the client reaches the daemon. The SDK ships two: `fetch` (the platform's `fetch`, the default everywhere)
 * and `undici` (undici's `request`, Node.js only, used when a `dispatcher` is given). Implement this to send
 * requests some other way; network failures should reject, and every response, whatever its status, resolve.
 */
export interface Transport {
  /** A name for logs: `fetch`, `undici`, or your own. */
  readonly name: string;
  send(request: TransportRequest): Promise<TransportResponse>;
}

/** What `fetch` sends with credentials (cookies): the `credentials` member of `RequestInit`. */
export type RequestCredentialsMode = 'omit' | 'same-origin' | 'include';
