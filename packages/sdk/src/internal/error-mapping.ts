import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PaymentFailedError,
  PermissionDeniedError,
  RateLimitError,
  type TillpointErrorInit,
  UnprocessableEntityError,
} from '../errors.js';
import type { Problem } from '../schemas/problem.js';
import { readProblem } from './problem-reader.js';

const ERROR_CLASSES: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  402: PaymentFailedError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** Picks the error class for a non-2xx status. */
export function errorClassForStatus(status: number): typeof APIError {
  return ERROR_CLASSES[status] ?? (status >= 500 ? InternalServerError : APIError);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function stringField(body: unknown, ...keys: string[]): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  for (const key of keys) {
    const value = (body as Record<string, unknown>)[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/**
 * Builds the error for a non-2xx response. A problem+json body gives code, message and field errors; any other body
 * (HTML from a proxy, a bare `{ "error": "…" }`) still yields a useful message and a code derived from the status.
 */
export function createAPIError(status: number, bodyText: string, headers: Record<string, string>): APIError {
  const body = parseJson(bodyText);
  const problem: Problem | undefined = readProblem(body);
  const requestId = problem?.requestId ?? headers['x-request-id'] ?? null;
  const code = problem?.code ?? stringField(body, 'code') ?? fallbackCode(status);
  let detail =
    problem?.detail ??
    problem?.title ??
    stringField(body, 'message', 'detail', 'title', 'error') ??
    undefined;
  if (detail === undefined) {
    const text = bodyText.trim().replace(/\s+/g, ' ');
    detail = text === '' ? 'no body' : text.length > 200 ? `${text.slice(0, 200)}…` : text;
  }
  const init: TillpointErrorInit = {
    status,
    code,
    requestId,
    headers,
    problem,
    errors: problem?.errors ?? [],
  };
  const message = `${status} ${code}: ${detail}${requestId ? ` (request ${requestId})` : ''}`;
  const ErrorClass = errorClassForStatus(status);
  return new ErrorClass(message, init);
}

function fallbackCode(status: number): string {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthenticated';
    case 402:
      return 'payment_failed';
    case 403:
      return 'permission_denied';
    case 404:
      return 'not_found';
    case 405:
      return 'method_not_allowed';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 422:
      return 'validation_failed';
    case 429:
      return 'rate_limited';
    case 503:
      return 'service_unavailable';
    default:
      return status >= 500 ? 'internal_error' : `http_${status}`;
  }
}
