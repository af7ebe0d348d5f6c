import type { Job } from './schemas/jobs.js';
import type { FieldError, Problem } from './schemas/problem.js';

/** Everything an error can be built from; every field is optional. */
export interface TillpointErrorInit {
  /** HTTP status, when the daemon answered. */
  status?: number | undefined;
  /** Stable machine-readable code (see `ERROR_CODES`), or a client-side one such as `timeout`. */
  code?: string | undefined;
  /** The `X-Request-Id` of the failed exchange, when the daemon answered. */
  requestId?: string | null | undefined;
  /** Per-field validation errors from the problem body. */
  errors?: FieldError[] | undefined;
  /** Response headers, lower-cased. */
  headers?: Record<string, string> | undefined;
  /** The parsed `application/problem+json` body, when there was one. */
  problem?: Problem | undefined;
  /** The underlying error (network error, abort reason…). */
  cause?: unknown;
}

// Each class stores its brand under a static symbol; every instance carries a `true` property per brand in its
// class chain. `Symbol.for` is shared across module copies, so an error built by the CJS build still passes an
// `instanceof` check against the ESM build's class (and vice versa).
const CLASS_BRAND = Symbol.for('tillpoint.error.brand');

function brandKey(name: string): symbol {
  return Symbol.for(`tillpoint.error.${name}`);
}

function brandClass(cls: object, name: string): void {
  Object.defineProperty(cls, CLASS_BRAND, { value: brandKey(name), enumerable: false });
}

/**
 * Root of every error the SDK throws. Catch this to handle them all; branch on `code`, never on `message`.
 *
 * `instanceof` works across the ESM/CJS split (and across duplicate installs) through a brand check.
 */
export class TillpointError extends Error {
  /** HTTP status, or `undefined` when no response arrived (connection, timeout, abort). */
  readonly status: number | undefined;
  /** Stable error code from the problem body (e.g. `not_found`), or a client-side one (`connection_error`, `timeout`, `aborted`). */
  readonly code: string;
  /** Request ID from the problem body or the `X-Request-Id` header; `null` when no response arrived. */
  readonly requestId: string | null;
  /** Field errors of a validation failure; empty otherwise. */
  readonly errors: FieldError[];
  /** Response headers (lower-cased names); empty when no response arrived. */
  readonly headers: Record<string, string>;
  /** The parsed problem document, when the body was `application/problem+json`. */
  readonly problem: Problem | undefined;

  constructor(message: string, init: TillpointErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.status = init.status;
    this.code = init.code ?? 'unknown_error';
    this.requestId = init.requestId ?? null;
    this.errors = init.errors ?? [];
    this.headers = init.headers ?? {};
    this.problem = init.problem;
    for (let cls: unknown = new.target; typeof cls === 'function'; cls = Object.getPrototypeOf(cls)) {
      if (!Object.hasOwn(cls, CLASS_BRAND)) continue;
      const key = (cls as unknown as Record<symbol, symbol>)[CLASS_BRAND]!;
      Object.defineProperty(this, key, { value: true, enumerable: false });
    }
  }

  // biome-ignore-start lint/complexity/noThisInStatic: `this` is the class on the right of `instanceof`, a subclass too
  static override [Symbol.hasInstance](value: unknown): boolean {
    // Subclasses a user declares have no brand of their own: plain prototype check for them.
    if (!Object.hasOwn(this, CLASS_BRAND)) return Function.prototype[Symbol.hasInstance].call(this, value);
    if (typeof value !== 'object' || value === null) return false;
    const key = (this as unknown as Record<symbol, symbol>)[CLASS_BRAND]!;
    return (value as Record<symbol, unknown>)[key] === true;
  }
  // biome-ignore-end lint/complexity/noThisInStatic: see above
}
brandClass(TillpointError, 'TillpointError');

/** The daemon answered with a non-2xx status. Base of every status-specific error; used as is for unmapped statuses. */
export class APIError extends TillpointError {
  declare readonly status: number;
}
brandClass(APIError, 'APIError');

/** 400: the request is malformed (bad JSON, bad query). */
export class BadRequestError extends APIError {}
brandClass(BadRequestError, 'BadRequestError');

/** 401: no valid token or API key. */
export class AuthenticationError extends APIError {}
brandClass(AuthenticationError, 'AuthenticationError');

/**
 * 402: the payment provider declined or failed the payment (`payment_failed`). The problem document says why,
 * e.g. a decline code such as `card_declined` or `insufficient_funds`. Never retried: pay again with another card.
 */
export class PaymentFailedError extends APIError {}
brandClass(PaymentFailedError, 'PaymentFailedError');

/** 403: authenticated, but not allowed to do this. */
export class PermissionDeniedError extends APIError {}
brandClass(PermissionDeniedError, 'PermissionDeniedError');

/** 404: no such resource or route. */
export class NotFoundError extends APIError {}
brandClass(NotFoundError, 'NotFoundError');

/** 409: conflicts with the current state (retried automatically, see `maxRetries`). */
export class ConflictError extends APIError {}
brandClass(ConflictError, 'ConflictError');

/** 422: the body failed validation; see `errors` for each field. */
export class UnprocessableEntityError extends APIError {}
brandClass(UnprocessableEntityError, 'UnprocessableEntityError');

/** 429: rate limited (retried automatically, honouring `Retry-After`). */
export class RateLimitError extends APIError {}
brandClass(RateLimitError, 'RateLimitError');

/** 5xx: the daemon failed (retried automatically). */
export class InternalServerError extends APIError {}
brandClass(InternalServerError, 'InternalServerError');

/** No response arrived: DNS, refused or reset connection (retried automatically). */
export class ConnectionError extends TillpointError {
  constructor(message = 'Connection error.', init: TillpointErrorInit = {}) {
    super(message, { code: 'connection_error', ...init });
  }
}
brandClass(ConnectionError, 'ConnectionError');

/** The request took longer than `timeout` (retried automatically, like any connection error). */
export class TimeoutError extends ConnectionError {
  constructor(message = 'Request timed out.', init: TillpointErrorInit = {}) {
    super(message, { code: 'timeout', ...init });
  }
}
brandClass(TimeoutError, 'TimeoutError');

/** The caller's `signal` aborted the request. Never retried. */
export class UserAbortError extends TillpointError {
  constructor(message = 'Request was aborted.', init: TillpointErrorInit = {}) {
    super(message, { code: 'aborted', ...init });
  }
}
brandClass(UserAbortError, 'UserAbortError');

/**
 * A job awaited with `jobs.run(…, { wait: true })` ended `dead` (out of attempts) or `cancelled`. Code `job_failed`;
 * `job` is the finished job and `lastError` its last error message. Never retried: run it again with `jobs.retry`.
 */
export class JobFailedError extends TillpointError {
  /** The job as it finished. */
  readonly job: Job;

  constructor(job: Job, init: TillpointErrorInit = {}) {
    const reason = job.lastError ? `: ${job.lastError}` : '';
    super(`Job ${job.id} (${job.type}) ended ${job.status}${reason}`, { code: 'job_failed', ...init });
    this.job = job;
  }

  /** The job's last error message, `null` when it has none (e.g. cancelled before it ran). */
  get lastError(): string | null {
    return this.job.lastError;
  }
}
brandClass(JobFailedError, 'JobFailedError');
