/** The HTTP side of a result: status and lower-cased response headers. */
export interface APIResponseInfo {
  status: number;
  headers: Record<string, string>;
}

/** What `.withResponse()` resolves to. */
export interface WithResponse<T> {
  data: T;
  response: APIResponseInfo;
  /** The `X-Request-Id` response header, or `null` when the daemon sent none. */
  requestId: string | null;
}

/**
 * A `Promise<T>` of a response body that also offers `.withResponse()` for the status, headers and request ID.
 *
 * The request starts when the method is called, like any promise; awaiting resolves to the parsed body.
 */
export class APIPromise<T> extends Promise<T> {
  readonly #result: Promise<WithResponse<T>>;
  #data: Promise<T> | undefined;

  /** @internal Built by the client; not meant to be constructed by callers. */
  constructor(result: Promise<WithResponse<T>>) {
    // The base promise is a dummy: then/catch/finally below delegate to `result`, so no species promise is made.
    super((resolve) => resolve(null as T));
    this.#result = result;
  }

  /** Resolves to `{ data, response: { status, headers }, requestId }` instead of the body alone. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#result;
  }

  #parse(): Promise<T> {
    this.#data ??= this.#result.then((result) => result.data);
    return this.#data;
  }

  // biome-ignore lint/suspicious/noThenProperty: an APIPromise is a promise; `then` delegates to the real result
  override then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#parse().then(onfulfilled, onrejected);
  }

  override catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.#parse().catch(onrejected);
  }

  override finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#parse().finally(onfinally);
  }
}

/** The same request (with `.withResponse()`), with `keep` run on its data once it arrives and before it resolves. */
export function tapData<T>(request: APIPromise<T>, keep: (data: T) => unknown): APIPromise<T> {
  return new APIPromise(
    request.withResponse().then((result) => {
      keep(result.data);
      return result;
    }),
  );
}
