/** How one HTTP request ended, and after how long: what the partition tests judge. */
export interface TimedOutcome {
  /** A label for failure messages (`GET /v1/orders`). */
  what: string;
  /** Undefined when no answer came before the client gave up (`abandonAfterMs`). */
  status: number | undefined;
  elapsedMs: number;
  retryAfter: string | null;
  contentType: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: the tests read whatever JSON the API answers, field by field
  body: any;
  /** Set when the request failed without an answer (`TimeoutError`, a connection error). */
  error?: string;
}

export interface TimedRequestInit {
  method?: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * When the test stops waiting for an answer (default 20 s): far past any deadline under test, so that a request
   * that hangs is recorded as hanging (no `status`) with the time it was left, instead of holding the suite.
   */
  abandonAfterMs?: number;
}

/** One HTTP request to `base + path`, timed from send to the end of the body. */
export async function timedRequest(
  base: string,
  path: string,
  init: TimedRequestInit = {},
): Promise<TimedOutcome> {
  const method = init.method ?? 'GET';
  const what = `${method} ${path}`;
  const began = performance.now();
  const elapsed = () => Math.round(performance.now() - began);
  try {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...init.headers,
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      signal: AbortSignal.timeout(init.abandonAfterMs ?? 20_000),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return {
      what,
      status: response.status,
      elapsedMs: elapsed(),
      retryAfter: response.headers.get('retry-after'),
      contentType: response.headers.get('content-type'),
      body,
    };
  } catch (error) {
    return {
      what,
      status: undefined,
      elapsedMs: elapsed(),
      retryAfter: null,
      contentType: null,
      body: undefined,
      error: (error as Error).name === 'TimeoutError' ? 'no answer (abandoned)' : String(error),
    };
  }
}

/** A one-line account of an outcome for failure messages and the test log. */
export function describeOutcome(outcome: TimedOutcome): string {
  const answer =
    outcome.status === undefined ? outcome.error : `${outcome.status} ${outcome.body?.code ?? ''}`;
  return `${outcome.what} → ${answer} after ${outcome.elapsedMs} ms (Retry-After: ${outcome.retryAfter})`;
}
