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

/** Only what a parser made from text is walked: plain objects and arrays (a stream body or a Buffer is not text). */
function isPlainContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Walks with an explicit stack, so a deeply nested body cannot overflow the call stack. */
function collect(root: unknown, rootPath: string, errors: FieldError[]): void {
  const pending: Array<[unknown, string]> = [[root, rootPath]];
  while (pending.length > 0 && errors.length < MAX_REPORTED) {
    const [value, path] = pending.pop() as [unknown, string];
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value))
        errors.push({
          path,
          message: 'must be well-formed Unicode (it holds a lone surrogate)',
          code: 'malformed_text',
        });
      continue;
    }
    if (!isPlainContainer(value)) continue;
    const entries: Array<[string, unknown]> = Array.isArray(value)
      ? value.map((item, index) => [String(index), item])
      : Object.entries(value);
    for (const [key, item] of entries) {
      if (LONE_SURROGATE.test(key)) {
        errors.push({
          path,
          message: 'has a key that is not well-formed Unicode (a lone surrogate)',
          code: 'malformed_text',
        });
        continue;
      }
      pending.push([item, `${path}.${key}`]);
    }
  }
  // The stack pops last-in first: report fields in document order.
  errors.sort((a, b) => a.path.localeCompare(b.path));
}
