import type { ErrorCode, FieldError } from '@tillpoint/sdk/schemas';
import { ERROR_CATALOG } from './error-catalog.js';

export interface AppErrorOptions {
  detail?: string;
  errors?: FieldError[];
  /** Extra response headers, e.g. `Allow` or `Retry-After`. */
  headers?: Record<string, string>;
  /** RFC 9457 extension members added to the problem body, e.g. `cart` on `cart_changed`. */
  extensions?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * The one error type services and routes throw on purpose. Its code picks status and title from
 * the catalog; `problem-handler.ts` turns it into problem+json.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;
  readonly extensions: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    const definition = ERROR_CATALOG[code];
    super(options.detail ?? definition.detail, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = definition.status;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.extensions = options.extensions;
  }
}
