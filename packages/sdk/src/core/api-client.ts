import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { ZodType } from 'zod';
import {
  APIError,
  AuthenticationError,
  ConnectionError,
  TillpointError,
  TimeoutError,
  UserAbortError,
} from '../errors.js';
import { createAPIError } from '../internal/error-mapping.js';
import {
  createLevelLogger,
  isLogLevel,
  type Logger,
  type LogLevel,
  redactHeaders,
  redactUrl,
} from '../internal/logger.js';
import type { AuthSession } from '../schemas/auth.js';
import { APIPromise, type WithResponse } from './api-promise.js';
import { GuestTokens } from './guest-tokens.js';
import { Page, PagePromise, type QueryParams } from './pagination.js';
import { envValue, randomUUID, userAgent } from './platform-info.js';
import { retryDelay, shouldRetryResponse } from './retry.js';
// The web build resolves this import to `web-runtime.ts` (see the root tsup.config.ts).
import { runtime } from './runtime/node-runtime.js';
import { isStreamBody } from './transport/body-streams.js';
import { createFetchTransport, type FetchFunction } from './transport/fetch-transport.js';
import type { RequestCredentialsMode, Transport, TransportBody } from './transport/transport.js';

/** Where the client connects when neither `baseUrl` nor `TILLPOINT_URL` is set. */
export const DEFAULT_BASE_URL = 'http://127.0.0.1:7400';
/** Default per-attempt timeout: 60 s. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Default number of retries after the first attempt: 2. */
export const DEFAULT_MAX_RETRIES = 2;

/** Options of {@link Tillpoint} and {@link TillpointStorefront}. Every field is optional. */
export interface ClientOptions {
  /** Daemon URL. Default: `process.env.TILLPOINT_URL`, else `http://127.0.0.1:7400`. */
  baseUrl?: string | undefined;
  /** Bearer access token. Default: `process.env.TILLPOINT_TOKEN`. */
  token?: string | undefined;
  /**
   * Refresh token of the session `token` belongs to. With it, a request that fails with 401 refreshes the session
   * once (`POST /v1/auth/refresh`) and is retried with the new access token.
   */
  refreshToken?: string | undefined;
  /**
   * Called with the session each time the client adopts new tokens: after `auth.login`, `auth.register`,
   * `auth.setup`, `auth.refresh` and every automatic refresh. Store the tokens here to keep the session.
   * Refresh tokens rotate: the previous one stops working once a new one is issued.
   */
  onTokens?: ((session: AuthSession) => void) | undefined;
  /** A `tp_…` API key, sent as a bearer token. Takes precedence over `token`; never refreshed. */
  apiKey?: string | undefined;
  /** Per-attempt timeout in ms; exceeding it raises {@link TimeoutError}. Default 60 000. */
  timeout?: number | undefined;
  /** Retries after the first attempt for connection errors, 408, 409, 429 and 5xx. Default 2. */
  maxRetries?: number | undefined;
  /**
   * How requests are sent. Default: `'fetch'`, the platform's `fetch` (browsers, Node.js 20+, Deno, Bun, edge
   * runtimes); `'undici'` when `dispatcher` is given. `'undici'` uses undici's `request` (Node.js only; undici is
   * loaded on first use). Any object implementing {@link Transport} works too.
   */
  transport?: 'fetch' | 'undici' | Transport | undefined;
  /**
   * undici dispatcher (`Agent`, `ProxyAgent`, `MockAgent`…), Node.js only. Giving one selects the undici transport.
   * Default: undici's global dispatcher.
   */
  dispatcher?: Dispatcher | undefined;
  /** The `fetch` the fetch transport calls. Default: `globalThis.fetch`. */
  fetch?: FetchFunction | undefined;
  /**
   * `credentials` of every fetch. `'include'` makes the client a browser cookie session: the browser sends the
   * daemon's HttpOnly cookies (the `tp_access`/`tp_refresh` session, each guest cart's `tp_cart_<id>`), so the
   * client keeps no session or cart tokens of its own, does not adopt the tokens a login answers with, and
   * refreshes an expired session through the refresh cookie. The daemon must be on the same site and list the
   * page's origin in `corsOrigins`. Default: fetch's own (`same-origin`).
   */
  credentials?: RequestCredentialsMode | undefined;
  /** Headers sent with every request; per-request `headers` override them. */
  defaultHeaders?: Record<string, string> | undefined;
  /** Minimum level logged. Default: `process.env.TILLPOINT_LOG`, else `warn`. */
  logLevel?: LogLevel | undefined;
  /** Where logs go. Default: a console-like logger writing to stderr. Secrets are redacted either way. */
  logger?: Logger | undefined;
}

/** Per-request options, accepted by every method. */
export interface RequestOptions {
  /** Query string parameters; `undefined` values are left out. */
  query?: QueryParams | undefined;
  /**
   * Request body: JSON-encoded unless it is a string, bytes, a web `ReadableStream` or a Node.js `Readable` (any
   * async iterable of bytes), which are sent as they are (set `content-type` in `headers`). A stream can be sent
   * once, so a request with a stream body is never retried.
   */
  body?: unknown;
  /** Extra headers; they override the client's. */
  headers?: Record<string, string> | undefined;
  /** `Idempotency-Key` to send. Default: a random UUID on every POST, reused across its retries. */
  idempotencyKey?: string | undefined;
  /** Per-attempt timeout in ms. Default: the client's `timeout`. */
  timeout?: number | undefined;
  /** Retries for this request. Default: the client's `maxRetries`. */
  maxRetries?: number | undefined;
  /** Aborts the request (and any pending retry) with {@link UserAbortError}. */
  signal?: AbortSignal | undefined;
}

/** Options of `auth.login()`. */
export interface LoginOptions extends RequestOptions {
  /**
   * A guest cart this client holds the token of (`guestTokens`): the sign-in merges it into the customer's open cart,
   * or makes it theirs when they have none; `carts.mine()` then answers it. Never implicit, so a client serving
   * several shoppers cannot give one shopper's cart to another. In a browser on cookies the cart's cookie does this
   * by itself.
   */
  guestCart?: string | undefined;
}

/** @internal How the client itself calls {@link APIClient._call}. */
export interface InternalOptions<T> {
  schema?: ZodType<T> | undefined;
  maxRetries?: number | undefined;
  /** Sends no `Authorization` of the client's own: for auth endpoints whose credentials are in the body. */
  anonymous?: boolean | undefined;
  /** Accepts a non-2xx response as a result instead of throwing. */
  acceptStatus?: ((status: number, body: unknown) => boolean) | undefined;
  /** Resolves a 2xx with the unread body stream instead of parsing it (downloads). */
  stream?: boolean | undefined;
}

/** Tokens held by a client, shared with the copies `withOptions` makes so that a rotation is seen by all. */
interface TokenState {
  accessToken: string | undefined;
  refreshToken: string | undefined;
  /** The refresh under way, shared by every request that hit a 401 meanwhile. */
  refreshing: Promise<boolean> | undefined;
}

/** What {@link APIClient.setTokens} takes; `null` or `undefined` clears a token. */
export interface Tokens {
  accessToken: string | null | undefined;
  refreshToken?: string | null | undefined;
}

// Module-private: `withOptions` hands its token state (session, guest tokens) to the copy through these keys,
// invisible to callers.
const SHARED_TOKENS = Symbol('tillpoint.sharedTokens');
const SHARED_GUEST_TOKENS = Symbol('tillpoint.sharedGuestTokens');

// Auth endpoints that take their credentials in the body: a 401 from them is an answer, never a reason to refresh.
const NO_AUTO_REFRESH = /^\/v1\/auth\/(?!logout-all(?:$|[?#]))/;

type AttemptResult =
  | {
      ok: true;
      status: number;
      headers: Record<string, string>;
      text: string;
      stream?: ReadableStream<Uint8Array> | undefined;
    }
  | { ok: false; error: TillpointError };

function normalizeHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function hasHeader(headers: Record<string, string> | undefined, name: string): boolean {
  return Object.keys(headers ?? {}).some((key) => key.toLowerCase() === name);
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** The error and its causes: `fetch` wraps undici's errors in a `TypeError('fetch failed')`. */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && chain.length < 5; ) {
    chain.push(current);
    current = (current as { cause?: unknown } | null)?.cause;
  }
  return chain;
}

function isTransportTimeout(error: unknown): boolean {
  return causeChain(error).some((e) => TIMEOUT_CODES.has(String((e as { code?: unknown } | null)?.code)));
}

/** `fetch failed (connect ECONNREFUSED 127.0.0.1:1)`: the error's message with its cause's. */
function describeFailure(error: unknown): string {
  const [first, second] = causeChain(error).map((e) => (e instanceof Error ? e.message : String(e)));
  return second === undefined || second === first ? (first ?? 'unknown error') : `${first} (${second})`;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new UserAbortError(undefined, { cause: signal.reason }));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new UserAbortError(undefined, { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function selectTransport(options: ClientOptions): Transport {
  const { transport, dispatcher } = options;
  if (typeof transport === 'object') return transport;
  if (transport === 'fetch' && dispatcher !== undefined) {
    throw new TillpointError(
      'A `dispatcher` needs the undici transport; leave `transport` unset or "undici".',
      {
        code: 'invalid_option',
      },
    );
  }
  if (transport === 'undici' || dispatcher !== undefined)
    return runtime.createUndiciTransport({ dispatcher });
  if (transport !== undefined && transport !== 'fetch') {
    throw new TillpointError(`Unknown transport ${JSON.stringify(transport)}.`, { code: 'invalid_option' });
  }
  return createFetchTransport({ fetch: options.fetch, credentials: options.credentials });
}

/**
 * What every Tillpoint client shares: options, the session, the transport, retries, timeouts, errors and logging.
 * {@link Tillpoint} (everything) and {@link TillpointStorefront} (the browser storefront) add their resources.
 */
export class APIClient {
  /** The daemon URL requests go to, without a trailing slash. */
  readonly baseUrl: string;
  /** Per-attempt timeout in ms. */
  readonly timeout: number;
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  /** The effective log level. */
  readonly logLevel: LogLevel;
  /** The guest cart and order tokens this client holds (sent as `X-Cart-Token` / `X-Order-Token`). */
  readonly guestTokens: GuestTokens;
  /** How requests are sent (`transport.name` is `fetch`, `undici` or your own). */
  readonly transport: Transport;

  readonly #options: ClientOptions;
  readonly #apiKey: string | undefined;
  readonly #tokens: TokenState;
  readonly #logger: Logger;

  constructor(options: ClientOptions = {}) {
    this.#options = { ...options };
    const baseUrl = options.baseUrl ?? envValue('TILLPOINT_URL') ?? DEFAULT_BASE_URL;
    if (!URL.canParse(baseUrl)) {
      throw new TillpointError(`Invalid baseUrl: ${JSON.stringify(baseUrl)}`, { code: 'invalid_option' });
    }
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.transport = selectTransport(options);
    this.#apiKey = options.apiKey || undefined;
    this.guestTokens =
      (options as { [SHARED_GUEST_TOKENS]?: GuestTokens })[SHARED_GUEST_TOKENS] ?? new GuestTokens();
    const shared = (options as { [SHARED_TOKENS]?: TokenState })[SHARED_TOKENS];
    this.#tokens = shared ?? {
      accessToken: options.token ?? envValue('TILLPOINT_TOKEN'),
      refreshToken: options.refreshToken || undefined,
      refreshing: undefined,
    };
    const envLevel = envValue('TILLPOINT_LOG');
    const level = options.logLevel ?? envLevel;
    this.logLevel = isLogLevel(level) ? level : 'warn';
    this.#logger = createLevelLogger(this.logLevel, options.logger);
    if (level !== undefined && !isLogLevel(level)) {
      this.#logger.warn(`Ignoring unknown log level ${JSON.stringify(level)}; using "warn".`);
    }
  }

  /**
   * A new client of the same kind with these options layered over this one's. Unless `options` sets `token` or
   * `refreshToken`, the copy shares this client's session and guest tokens: a login, refresh or logout on either is
   * seen by both, and a guest cart created through one is reachable through the other.
   */
  withOptions(options: ClientOptions): this {
    const merged: ClientOptions = { ...this.#options, ...options };
    if (!('token' in options) && !('refreshToken' in options)) {
      (merged as { [SHARED_TOKENS]?: TokenState })[SHARED_TOKENS] = this.#tokens;
      (merged as { [SHARED_GUEST_TOKENS]?: GuestTokens })[SHARED_GUEST_TOKENS] = this.guestTokens;
    }
    const Client = this.constructor as new (options: ClientOptions) => this;
    return new Client(merged);
  }

  /**
   * Replaces the session tokens the client sends (`accessToken`) and refreshes with (`refreshToken`). `null` or
   * `undefined` clears one. Does not call `onTokens`. An `apiKey`, when set, is still sent instead.
   */
  setTokens(tokens: Tokens): void {
    this.#tokens.accessToken = tokens.accessToken || undefined;
    this.#tokens.refreshToken = tokens.refreshToken || undefined;
  }

  /** Whether the browser's cookies carry the session and guest cart tokens (`credentials: 'include'`). */
  get #usesCookies(): boolean {
    return this.#options.credentials === 'include';
  }

  /**
   * @internal Used by `auth`: POSTs to an auth endpoint that answers with a session, then adopts its tokens and
   * calls `onTokens` (not with cookie sessions, where the cookies hold the tokens).
   */
  _sessionRequest(
    path: string,
    body: unknown,
    options: LoginOptions | undefined,
    schema?: ZodType<AuthSession>,
  ): APIPromise<AuthSession> {
    let sent: RequestOptions | undefined;
    try {
      sent = this.#withGuestCart(options);
    } catch (error) {
      return new APIPromise(Promise.reject(error));
    }
    // A stale access token must not spoil a login or refresh: these endpoints read their credentials from the body.
    const result = this.#makeRequest<AuthSession>(
      'POST',
      path,
      { ...sent, body },
      { schema, anonymous: true },
    );
    return new APIPromise(
      result.then((raw) => {
        if (!this.#usesCookies) this.#adoptSession(raw.data);
        return raw;
      }),
    );
  }

  /**
   * @internal Used by `auth`: POSTs to a logout endpoint, then forgets the session's tokens (also when the daemon
   * refused, e.g. with 401 for an already dead session; not when it could not be reached).
   */
  _logoutRequest(path: string, body: unknown, options: RequestOptions | undefined): APIPromise<void> {
    const forget = () => this.setTokens({ accessToken: undefined, refreshToken: undefined });
    // With a refresh token in the body the access token is not needed, and an expired one must not stop the logout.
    const anonymous = typeof (body as { refreshToken?: unknown } | undefined)?.refreshToken === 'string';
    const result = this.#makeRequest<void>('POST', path, { ...options, body }, { anonymous });
    return new APIPromise(
      result.then(
        (raw) => {
          forget();
          return raw;
        },
        (error: unknown) => {
          if (error instanceof APIError) forget();
          throw error;
        },
      ),
    );
  }

  /** @internal Used by `auth`: POSTs to an auth endpoint that reads its credentials from the body. */
  _anonymousPost<T>(path: string, body: unknown, options: RequestOptions | undefined, schema?: ZodType<T>) {
    return new APIPromise(
      this.#makeRequest<T>('POST', path, { ...options, body }, { schema, anonymous: true }),
    );
  }

  /** @internal The refresh token the client holds, as the body `auth.refresh()` and `auth.logout()` send by default. */
  _refreshBody(): { refreshToken?: string } {
    return this.#tokens.refreshToken === undefined ? {} : { refreshToken: this.#tokens.refreshToken };
  }

  /**
   * The options of a sign-in that brings guest cart `guestCart` along (`X-Cart-Id` + `X-Cart-Token`), so the
   * daemon merges it into the customer's cart. Only on request: a client shared by several shoppers (a server) must
   * never hand one shopper's cart to another's account. With cookies the browser sends the cart's cookie itself.
   */
  #withGuestCart(options: LoginOptions | undefined): RequestOptions | undefined {
    const { guestCart, ...rest } = options ?? {};
    if (guestCart === undefined || this.#usesCookies) return options && rest;
    const token = this.guestTokens.cartToken(guestCart);
    if (!token) {
      throw new TypeError(
        `guestCart: this client holds no token for cart ${guestCart}; give it back with guestTokens.rememberCartToken()`,
      );
    }
    return { ...rest, headers: { ...rest.headers, 'x-cart-id': guestCart, 'x-cart-token': token } };
  }

  /** @internal Keeps a new guest cart's token, unless the browser's `tp_cart_<id>` cookie holds it. */
  _keepCartToken(cartId: string, token: string | null | undefined): void {
    if (token && !this.#usesCookies) this.guestTokens.rememberCartToken(cartId, token);
  }

  /** @internal Keeps a guest order's token (there is no cookie for orders). */
  _keepOrderToken(orderId: string, token: string | null | undefined): void {
    if (token) this.guestTokens.rememberOrderToken(orderId, token);
  }

  #adoptSession(session: AuthSession): void {
    if (typeof session?.accessToken !== 'string' || typeof session.refreshToken !== 'string') return;
    this.setTokens({ accessToken: session.accessToken, refreshToken: session.refreshToken });
    try {
      this.#options.onTokens?.(session);
    } catch (error) {
      this.#logger.warn(`onTokens threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Sends any request, with the same auth, retries, timeouts, logging and errors as the typed methods.
   * `path` is relative to `baseUrl` (e.g. `/v1/meta`). When `schema` is given the body is checked leniently:
   * a mismatch is logged at debug level and the body is returned anyway.
   */
  request<T = unknown>(
    method: string,
    path: string,
    options: RequestOptions = {},
    schema?: ZodType<T>,
  ): APIPromise<T> {
    return new APIPromise(this.#makeRequest(method, path, options, { schema }));
  }

  /** @internal A request with the client's own options (accepted statuses, no retries, streams). */
  protected _call<T>(
    method: string,
    path: string,
    options: RequestOptions,
    internal: InternalOptions<T>,
  ): APIPromise<T> {
    return new APIPromise(this.#makeRequest(method, path, options, internal));
  }

  /**
   * Sends a request whose 2xx body is a file: resolves with the unread body as a Node.js `Readable`, with the
   * response's headers on `.withResponse()`. Errors are thrown as for every request. In the web build (browsers,
   * workers, edge runtimes) the body is the response's web `ReadableStream` instead.
   */
  download(method: string, path: string, options: RequestOptions = {}): APIPromise<Readable> {
    const result = this.#makeRequest<ReadableStream<Uint8Array>>(method, path, options, { stream: true });
    return new APIPromise(
      result.then((raw) => ({ ...raw, data: runtime.toDownloadBody(raw.data) as Readable })),
    );
  }

  /** @internal A 2xx body as the web stream the transport read it from, on every platform (the event stream). */
  async _openStream(
    method: string,
    path: string,
    options: RequestOptions,
  ): Promise<ReadableStream<Uint8Array>> {
    return (await this.#makeRequest<ReadableStream<Uint8Array>>(method, path, options, { stream: true }))
      .data;
  }

  /**
   * Fetches a list endpoint (`{ object: 'list', data, has_more }`) as a {@link PagePromise}: await it for one page,
   * or `for await` over it for every item. The cursor is the last item's `id`, sent as `starting_after`.
   */
  getAPIList<T>(
    path: string,
    query: QueryParams = {},
    options: RequestOptions = {},
    itemSchema?: ZodType<T>,
  ): PagePromise<T> {
    const fetchPage = (pageQuery: QueryParams): PagePromise<T> => {
      const result = this.#makeRequest<unknown>('GET', path, { ...options, query: pageQuery }, {}).then(
        (raw): WithResponse<Page<T>> => {
          const body = raw.data as { data?: unknown; has_more?: unknown } | null | undefined;
          if (!Array.isArray(body?.data)) {
            throw new TillpointError(`Expected a list response from GET ${path}.`, {
              code: 'invalid_response',
              status: raw.response.status,
              requestId: raw.requestId,
              headers: raw.response.headers,
            });
          }
          if (itemSchema) {
            for (const [index, item] of body.data.entries())
              this.#checkSchema(itemSchema, item, `GET ${path} [${index}]`);
          }
          const page = new Page<T>(
            { data: body.data as T[], has_more: body.has_more === true },
            pageQuery,
            fetchPage,
          );
          return { ...raw, data: page };
        },
      );
      return new PagePromise(result);
    };
    return fetchPage({ ...options.query, ...query });
  }

  #buildUrl(path: string, query: QueryParams | undefined): string {
    const url = /^https?:\/\//i.test(path)
      ? new URL(path)
      : new URL(`${this.baseUrl}${path.startsWith('/') ? '' : '/'}${path}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  #buildHeaders(
    method: string,
    path: string,
    options: RequestOptions,
    hasBody: boolean,
    anonymous: boolean | undefined,
  ): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const agent = userAgent();
    if (agent !== undefined) headers['user-agent'] = agent;
    const credential = this.#apiKey ?? this.#tokens.accessToken;
    if (credential && !anonymous) headers.authorization = `Bearer ${credential}`;
    if (hasBody) headers['content-type'] = 'application/json';
    Object.assign(headers, normalizeHeaders(this.#options.defaultHeaders ?? {}));
    Object.assign(headers, this.guestTokens.headersFor(path));
    Object.assign(headers, normalizeHeaders(options.headers ?? {}));
    const idempotencyKey =
      options.idempotencyKey ?? headers['idempotency-key'] ?? (method === 'POST' ? randomUUID() : undefined);
    if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
    return headers;
  }

  /**
   * Sends the request; on a 401 with a session (token plus refresh token, or a cookie session; no API key) it
   * refreshes the session once and retries once. Requests that hit a 401 together share one refresh. When the
   * refresh fails, the original error is thrown.
   */
  async #makeRequest<T>(
    method: string,
    path: string,
    options: RequestOptions,
    internal: InternalOptions<T>,
  ): Promise<WithResponse<T>> {
    // Fix the Idempotency-Key now so that a retry after a refresh repeats it.
    const upper = method.toUpperCase();
    const sendOptions =
      upper === 'POST' &&
      options.idempotencyKey === undefined &&
      !hasHeader(options.headers, 'idempotency-key')
        ? { ...options, idempotencyKey: randomUUID() }
        : options;
    const sentToken = this.#tokens.accessToken;
    try {
      return await this.#send(upper, path, sendOptions, internal);
    } catch (error) {
      if (!(error instanceof AuthenticationError) || !this.#canAutoRefresh(path, options)) throw error;
      // A stream body was consumed by the first send: refresh for the next request, but there is nothing to resend.
      if (isStreamBody(options.body)) {
        if (this.#tokens.accessToken === sentToken) await this.#refreshOnce();
        throw error;
      }
      // Another request may have refreshed while this one was in flight: then just retry with the new token.
      // A cookie session cannot see the cookie change, so it always refreshes (joining one under way).
      const refreshed =
        (!this.#usesCookies && this.#tokens.accessToken !== sentToken) || (await this.#refreshOnce());
      if (!refreshed) throw error;
      this.#logger.debug(`${upper} ${path} returned 401; retrying with the refreshed session`);
      return await this.#send(upper, path, sendOptions, internal);
    }
  }

  #canAutoRefresh(path: string, options: RequestOptions): boolean {
    if (this.#apiKey !== undefined) return false;
    if (this.#tokens.refreshToken === undefined && !this.#usesCookies) return false;
    if (
      hasHeader(options.headers, 'authorization') ||
      hasHeader(this.#options.defaultHeaders, 'authorization')
    )
      return false;
    const pathname = /^https?:\/\//i.test(path) ? new URL(path).pathname : path.replace(/^\/?/, '/');
    return !NO_AUTO_REFRESH.test(pathname);
  }

  /** Refreshes the session, or joins the refresh under way. Resolves whether it succeeded; never rejects. */
  #refreshOnce(): Promise<boolean> {
    const state = this.#tokens;
    state.refreshing ??= this._sessionRequest('/v1/auth/refresh', this._refreshBody(), undefined)
      .then(
        () => true,
        (error: unknown) => {
          this.#logger.info(
            `Automatic session refresh failed: ${error instanceof Error ? error.message : String(error)}`,
          );
          return false;
        },
      )
      .finally(() => {
        state.refreshing = undefined;
      });
    return state.refreshing;
  }

  async #send<T>(
    method: string,
    path: string,
    options: RequestOptions,
    internal: InternalOptions<T>,
  ): Promise<WithResponse<T>> {
    const url = this.#buildUrl(path, options.query);
    const streamed = isStreamBody(options.body);
    const body: TransportBody | undefined =
      options.body === undefined ||
      typeof options.body === 'string' ||
      options.body instanceof Uint8Array ||
      streamed
        ? (options.body as TransportBody | undefined)
        : JSON.stringify(options.body);
    // The headers, and so the Idempotency-Key, are built once so that every retry repeats the same key.
    const headers = this.#buildHeaders(method, path, options, body !== undefined, internal.anonymous);
    // A stream is consumed by the first attempt: there is nothing left to resend.
    const maxRetries = streamed ? 0 : (internal.maxRetries ?? options.maxRetries ?? this.maxRetries);
    const timeout = options.timeout ?? this.timeout;
    const signal = options.signal;
    const label = `${method} ${redactUrl(url)}`;

    for (let retriesSoFar = 0; ; retriesSoFar++) {
      const retriesLeft = maxRetries - retriesSoFar;
      if (signal?.aborted) throw new UserAbortError(undefined, { cause: signal.reason });
      this.#logger.debug(
        `request ${label} (attempt ${retriesSoFar + 1}/${maxRetries + 1}, ${this.transport.name})`,
        { headers: redactHeaders(headers) },
      );
      const started = Date.now();
      const attempt = await this.#attempt(
        method,
        url,
        headers,
        body,
        timeout,
        signal,
        internal.stream === true,
      );

      if (!attempt.ok) {
        if (attempt.error instanceof UserAbortError || retriesLeft <= 0) throw attempt.error;
        const delay = retryDelay(retriesSoFar);
        this.#logger.info(
          `${label} failed (${attempt.error.message}); retrying in ${delay} ms (${retriesLeft} left)`,
        );
        await sleep(delay, signal);
        continue;
      }

      const requestId = attempt.headers['x-request-id'] ?? null;
      this.#logger.debug(`response ${attempt.status} ${label} in ${Date.now() - started} ms`, {
        requestId,
        headers: redactHeaders(attempt.headers),
      });
      const response = { status: attempt.status, headers: attempt.headers };

      if (attempt.status >= 200 && attempt.status < 300) {
        if (attempt.stream) return { data: attempt.stream as T, response, requestId };
        const data = this.#parseBody(attempt.text, attempt.headers, label);
        if (internal.schema) this.#checkSchema(internal.schema, data, label);
        return { data: data as T, response, requestId };
      }
      if (internal.acceptStatus) {
        const data = this.#parseBody(attempt.text, attempt.headers, label);
        if (internal.acceptStatus(attempt.status, data)) {
          if (internal.schema) this.#checkSchema(internal.schema, data, label);
          return { data: data as T, response, requestId };
        }
      }
      if (shouldRetryResponse(attempt.status, attempt.headers) && retriesLeft > 0) {
        const delay = retryDelay(retriesSoFar, attempt.headers);
        this.#logger.info(
          `${label} returned ${attempt.status}; retrying in ${delay} ms (${retriesLeft} left)`,
          {
            requestId,
          },
        );
        await sleep(delay, signal);
        continue;
      }
      throw createAPIError(attempt.status, attempt.text, attempt.headers);
    }
  }

  /** One attempt through the transport, with the timeout and the caller's signal on one `AbortController`. */
  async #attempt(
    method: string,
    url: string,
    headers: Record<string, string>,
    body: TransportBody | undefined,
    timeout: number,
    signal: AbortSignal | undefined,
    stream = false,
  ): Promise<AttemptResult> {
    const controller = new AbortController();
    let timedOut = false;
    const hasTimeout = Number.isFinite(timeout) && timeout > 0;
    const timer = hasTimeout
      ? setTimeout(() => {
          timedOut = true;
          controller.abort(new TimeoutError());
        }, timeout)
      : undefined;
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const res = await this.transport.send({
        method,
        url,
        headers,
        body,
        signal: controller.signal,
        timeout: hasTimeout ? Math.max(timeout, 1) : 0,
      });
      if (stream && res.status >= 200 && res.status < 300) {
        // The caller reads the body; only the time to the headers counts against the timeout.
        clearTimeout(timer);
        return { ok: true, status: res.status, headers: res.headers, text: '', stream: res.stream() };
      }
      const text = await res.text();
      return { ok: true, status: res.status, headers: res.headers, text };
    } catch (cause) {
      if (signal?.aborted)
        return { ok: false, error: new UserAbortError(undefined, { cause: signal.reason }) };
      if (timedOut || isTransportTimeout(cause)) {
        return { ok: false, error: new TimeoutError(`Request timed out after ${timeout} ms.`, { cause }) };
      }
      return {
        ok: false,
        error: new ConnectionError(`Connection error: ${describeFailure(cause)}`, { cause }),
      };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  #parseBody(text: string, headers: Record<string, string>, label: string): unknown {
    if (text === '') return undefined;
    const type = headers['content-type'] ?? '';
    if (type !== '' && !/[/+]json\b/i.test(type)) return text;
    try {
      return JSON.parse(text);
    } catch {
      this.#logger.debug(`${label}: response body is not valid JSON; returning it as text`);
      return text;
    }
  }

  /**
   * Lenient validation. On success the raw body is returned, not zod's output, because zod objects strip unknown
   * keys and callers should still see fields a newer daemon added. On failure (a new enum value, a missing field)
   * the issues are logged at debug level, without values since they may hold personal data, and the body is
   * returned anyway: a newer daemon must never break an older client.
   */
  #checkSchema(schema: ZodType, data: unknown, label: string): void {
    const result = schema.safeParse(data);
    if (result.success) return;
    this.#logger.debug(`${label}: response does not match the SDK's schema; returning it unvalidated`, {
      issues: result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    });
  }
}
