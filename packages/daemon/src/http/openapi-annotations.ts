import { STATUS_CODES } from 'node:http';
import { PERMISSIONS, type Permission } from './auth/permissions.js';
import { IDEMPOTENCY_KEY_HEADER_SCHEMA } from './plugins/idempotency.js';
import { REQUEST_ID_HEADER, WELL_FORMED_REQUEST_ID } from './request-id.js';

/**
 * What the OpenAPI document says of each operation beyond its schemas, derived from the code that enforces it: who
 * may call it, the `Idempotency-Key` it honours, the headers its answers carry, and what each status means.
 */

/** Marks, until `transformObject` reads it, an operation whose answers carry the `RateLimit-*` headers. */
export const RATE_LIMITED_MARK = 'x-tillpoint-rate-limited';
/** Marks, until `transformObject` reads it, an operation whose body schema accepts no body at all. */
export const OPTIONAL_BODY_MARK = 'x-tillpoint-optional-body';

export interface HeadersSchema {
  type?: string;
  properties?: Record<string, unknown>;
}

/** A route's headers schema (JSON Schema, after the zod transform) with the optional `Idempotency-Key` added. */
export function withIdempotencyKey(headers: HeadersSchema | undefined): HeadersSchema {
  return {
    ...headers,
    type: 'object',
    properties: { ...headers?.properties, 'idempotency-key': IDEMPOTENCY_KEY_HEADER_SCHEMA },
  };
}

type OpenApiPaths = Record<string, Record<string, { responses?: Record<string, { description?: string }> }>>;

/**
 * Fastify's swagger plugin calls every success response without a description "Default Response"; the document
 * says what the status means instead (`201`: "Created").
 */
export function withStatusDescriptions<T extends { paths?: OpenApiPaths }>(document: T): T {
  for (const item of Object.values(document.paths ?? {}))
    for (const operation of Object.values(item))
      for (const [status, response] of Object.entries(operation.responses ?? {}))
        if (response.description === 'Default Response')
          response.description = STATUS_CODES[status] ?? status;
  return document;
}

/**
 * Fastify's swagger plugin calls every request body required. The daemon reads a missing body as `undefined`, which
 * a `.nullish()` body schema accepts (`POST /v1/orders/:id/cancel` with no body cancels), so those operations (marked
 * by `transform`) say `required: false`: a validating proxy would otherwise refuse calls the daemon serves.
 */
export function withOptionalBodies<T extends { paths?: OpenApiPaths }>(document: T): T {
  for (const item of Object.values(document.paths ?? {}))
    for (const operation of Object.values(item) as Array<Record<string, unknown>>) {
      const optional = operation[OPTIONAL_BODY_MARK] === true;
      delete operation[OPTIONAL_BODY_MARK];
      const body = operation.requestBody as { required?: boolean } | undefined;
      if (optional && body) body.required = false;
    }
  return document;
}

const COUNT = { type: 'integer', format: 'int64', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;

/** The headers the daemon sets, as the document declares them on each response (the request ID is always sent). */
const HEADERS = {
  requestId: {
    [REQUEST_ID_HEADER]: {
      required: true,
      description: 'The request ID: yours if you sent a valid one, else a new `req_…`; quote it in reports',
      schema: { type: 'string', pattern: WELL_FORMED_REQUEST_ID.source },
    },
    'Access-Control-Allow-Origin': {
      description: "The caller's origin, when it is one of `corsOrigins` (browsers only)",
      schema: { type: 'string', format: 'uri', maxLength: 2048 },
    },
  },
  rateLimit: {
    'RateLimit-Limit': { description: 'Requests allowed in the current window', schema: COUNT },
    'RateLimit-Remaining': { description: 'Requests left in the current window', schema: COUNT },
    'RateLimit-Reset': { description: 'Seconds until the window resets', schema: COUNT },
  },
  retryAfter: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: COUNT } },
} as const;

type ResponseWithHeaders = { description?: string; headers?: Record<string, unknown> };

/**
 * Every response declares the request ID header; those of rate-limited operations (marked by `transform`) also the
 * `RateLimit-*` headers, and their 429 `Retry-After`.
 */
export function withResponseHeaders<T extends { paths?: OpenApiPaths }>(document: T): T {
  for (const item of Object.values(document.paths ?? {}))
    for (const operation of Object.values(item) as Array<Record<string, unknown>>) {
      const rateLimited = operation[RATE_LIMITED_MARK] === true;
      delete operation[RATE_LIMITED_MARK];
      const responses = (operation.responses ?? {}) as Record<string, ResponseWithHeaders>;
      for (const [status, response] of Object.entries(responses)) {
        response.headers = {
          ...response.headers,
          ...HEADERS.requestId,
          ...(rateLimited && status !== '5XX' && status !== '500' ? HEADERS.rateLimit : {}),
          ...(status === '429' ? HEADERS.retryAfter : {}),
        };
      }
    }
  return document;
}

const ROLE_NAMES = { guest: 'guests (no credentials)', user: 'signed-in users', admin: 'admins' } as const;

/**
 * The operation's description, from what the code enforces: who may call it (the RBAC table) and whether a retry
 * with the same `Idempotency-Key` is safe. Ownership rules on top (a user sees only their own orders) are the
 * services', and the summaries say them.
 */
export function describeOperation(permission: Permission | undefined, idempotent: boolean): string {
  const lines: string[] = [];
  if (permission) {
    const roles = PERMISSIONS[permission] as readonly (keyof typeof ROLE_NAMES)[];
    const who = roles.map((role) => ROLE_NAMES[role]).join(', ');
    lines.push(`Who may call it: ${who} (permission \`${permission}\`).`);
  }
  if (idempotent) lines.push('Send an `Idempotency-Key` header to make a retry safe.');
  return lines.join(' ');
}
