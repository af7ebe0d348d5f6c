import type { FieldError } from '@tillpoint/sdk/schemas';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/app-error.js';

/**
 * A lone surrogate, as the `u` flag sees strings (code point by code point, so a valid pair is one astral code
 * point and only an unpaired half is category Cs). Same answer as `String.prototype.isWellFormed` (ES2024).
 */
const LONE_SURROGATE = /\p{Cs}/u;

/** At most this many field errors per answer: one is enough to fix, a flood helps nobody. */
const MAX_REPORTED = 20;

/**
 * Refuses request input that is not well-formed Unicode: a JSON string (or key) with a lone UTF-16 surrogate
 * (`"\ud800"`), in the body, the query or the path. SQLite stores such a string as given while PostgreSQL replaces
 * or rejects it, so the same request would store different data on the two databases; and no client that means
 * text ever sends one. Runs before validation, for every route, so no schema can forget it.
 */
export function registerWellFormedText(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const errors: FieldError[] = [];
    collect(request.params, 'params', errors);
    collect(request.query, 'query', errors);
    collect(request.body, 'body', errors);
    if (errors.length > 0) throw new AppError('validation_failed', { errors });
  });
}

function collect(value: unknown, path: string, errors: FieldError[]): void {
  if (errors.length >= MAX_REPORTED) return;
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value))
      errors.push({
        path,
        message: 'must be well-formed Unicode (it holds a lone surrogate)',
        code: 'malformed_text',
      });
    return;
  }
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) collect(item, `${path}.${index}`, errors);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (LONE_SURROGATE.test(key)) {
      errors.push({
        path,
        message: 'has a key that is not well-formed Unicode (a lone surrogate)',
        code: 'malformed_text',
      });
      continue;
    }
    collect(item, `${path}.${key}`, errors);
  }
}
