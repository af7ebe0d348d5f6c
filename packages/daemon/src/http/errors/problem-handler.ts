import { type ErrorCode, type FieldError, PROBLEM_CONTENT_TYPE, type Problem } from '@tillpoint/sdk/schemas';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from '../../core/app-error.js';
import { isDatabaseUnavailable, isStorageFull } from '../../db/database-errors.js';

/** What a client is told to wait when the database is down: long enough for a restart or failover. */
const DATABASE_RETRY_AFTER_SECONDS = 5;
/** A full disk needs an operator: ask clients to come back later rather than hammer it. */
const STORAGE_RETRY_AFTER_SECONDS = 30;

import { ERROR_CATALOG, FINAL_CONFLICTS } from '../../core/error-catalog.js';

/** Fastify's own error codes that are the client's fault, mapped to ours. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_VALIDATION: 'validation_failed',
  FST_ERR_NOT_FOUND: 'not_found',
  // The router's own: a path that is not valid percent-encoded UTF-8, or a segment longer than any ID.
  FST_ERR_BAD_URL: 'bad_request',
  FST_ERR_MAX_PARAM_LENGTH: 'bad_request',
};

/** What the client is told about router errors that share `bad_request`. */
const FASTIFY_DETAILS: Record<string, string> = {
  FST_ERR_BAD_URL: 'The URL path is not valid percent-encoded UTF-8.',
  FST_ERR_MAX_PARAM_LENGTH: 'A path parameter is longer than 100 characters; no ID or code is that long.',
};

/**
 * Builds the problem+json body for any code. The single place where error bodies are shaped,
 * shared by the error handler, the not-found handler and the raw client-error handler.
 */
export function problemBody(
  code: ErrorCode,
  requestId: string | undefined,
  detail?: string,
  errors?: FieldError[],
  extensions?: Record<string, unknown>,
) {
  const definition = ERROR_CATALOG[code];
  const body: Problem = {
    type: `urn:tillpoint:problem:${code}`,
    title: definition.title,
    status: definition.status,
    detail: detail ?? definition.detail,
    code,
  };
  if (requestId) body.requestId = requestId;
  if (errors?.length) body.errors = errors;
  // Extensions never replace the standard members.
  return extensions ? { ...extensions, ...body } : body;
}

/** Turns any thrown error into an AppError; anything unknown becomes `internal_error`. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fastifyError)) {
    return new AppError('validation_failed', { errors: fieldErrorsOf(fastifyError), cause: error });
  }
  if (isResponseSerializationError(fastifyError)) return new AppError('internal_error', { cause: error });
  const mapped = fastifyError?.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped) return new AppError(mapped, { detail: clientSafeDetail(mapped, fastifyError), cause: error });
  if (error instanceof SyntaxError && (fastifyError.statusCode ?? 0) === 400) {
    return new AppError('invalid_json', { cause: error });
  }
  if (isStorageFull(error)) {
    return new AppError('storage_full', {
      headers: { 'retry-after': String(STORAGE_RETRY_AFTER_SECONDS) },
      cause: error,
    });
  }
  if (isDatabaseUnavailable(error)) {
    return new AppError('service_unavailable', {
      detail: 'The database is unavailable. Retry after the time in `Retry-After`.',
      headers: { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) },
      cause: error,
    });
  }
  return new AppError('internal_error', { cause: error });
}

function clientSafeDetail(code: ErrorCode, error: FastifyError): string | undefined {
  const fixed = FASTIFY_DETAILS[error.code];
  if (fixed) return fixed;
  if (code === 'invalid_json') return `The request body is not valid JSON: ${error.message}`;
  if (code === 'unsupported_media_type') return ERROR_CATALOG.unsupported_media_type.detail;
  return undefined;
}

function fieldErrorsOf(error: FastifyError): FieldError[] {
  const where = (error as { validationContext?: string }).validationContext ?? 'body';
  return (error.validation ?? []).map((issue) => {
    const path = issue.instancePath.split('/').filter(Boolean);
    const keys = (issue.params as { keys?: string[] } | undefined)?.keys;
    return {
      path: [where, ...path].join('.'),
      message: keys?.length ? `unknown field(s): ${keys.join(', ')}` : (issue.message ?? 'is invalid'),
      code: issue.keyword,
    };
  });
}

/** Fastify error handler: logs server faults with their stack, answers clients with problem+json only. */
export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const appError = toAppError(error);
  if (appError.status >= 500) {
    request.log.error({ err: appError.cause ?? appError }, 'request failed');
  } else {
    request.log.info({ code: appError.code, status: appError.status }, 'request rejected');
  }
  // A server fault's own message may reveal internals; clients only see the catalog's detail.
  const detail = appError.status >= 500 && !(error instanceof AppError) ? undefined : appError.message;
  if (FINAL_CONFLICTS.has(appError.code)) reply.header('x-should-retry', 'false');
  // RFC 9110: a 401 names the scheme that would work.
  if (appError.status === 401) reply.header('www-authenticate', 'Bearer realm="tillpoint"');
  return reply
    .status(appError.status)
    .headers(appError.headers)
    .type(PROBLEM_CONTENT_TYPE)
    .send(problemBody(appError.code, request.id, detail, appError.errors, appError.extensions));
}
