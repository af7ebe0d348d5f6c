import type { FieldError } from '@tillpoint/sdk/schemas';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/app-error.js';

/**
 * A lone surrogate, as the `u` flag sees strings (code point by code point, so a valid pair is one astral code
 * point and only an unpaired half is category Cs). Same answer as `String.prototype.isWellFormed` (ES2024).
 */
const LONE_SURROGATE = /\p{Cs}/u;

/** U+0000: PostgreSQL's text and jsonb cannot hold it (SQLite can), and no client that means text sends it. */
const NUL = '\u0000';

/** At most this many field errors per answer: one is enough to fix, a flood helps nobody. */
const MAX_REPORTED = 20;

/**
 * Refuses request input that is not well-formed text: a string (or key) with a lone UTF-16 surrogate (`"\ud800"`)
 * or a NUL character, in the body, the query or the path. SQLite stores such a string as given while PostgreSQL
 * replaces or rejects it (a NUL in a query parameter was a 500 there), so the same request would store different
 * data, or fail, on the two databases; and no client that means text ever sends one. Runs before validation, for
 * every route, so no schema can forget it.
 */
export function registerWellFormedText(app: FastifyInstance) {
  // Callback style: nothing to wait for (ADR-063); what it throws is answered as a rejection would be.
  app.addHook('preValidation', (request, _reply, done) => {
    const errors: FieldError[] = [];
    // The router's params and the query parser's result are string maps whose prototype is not Object's (nor
    // null): walked as they are, where a body is walked only when a JSON parser made it.
    collect(request.params, 'params', errors, true);
    collect(request.query, 'query', errors, true);
    collect(request.body, 'body', errors);
    if (errors.length > 0) throw new AppError('validation_failed', { errors });
    done();
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
function collect(root: unknown, rootPath: string, errors: FieldError[], rootIsMap = false): void {
  const pending: Array<[unknown, string]> = [[root, rootPath]];
  while (pending.length > 0 && errors.length < MAX_REPORTED) {
    const [value, path] = pending.pop() as [unknown, string];
    if (typeof value === 'string') {
      const fault = textFault(value);
      if (fault)
        errors.push({
          path,
          message: `must be well-formed text (it holds ${fault})`,
          code: 'malformed_text',
        });
      continue;
    }
    const isMap = rootIsMap && value === root && value !== null && typeof value === 'object';
    if (!isMap && !isPlainContainer(value)) continue;
    const entries: Array<[string, unknown]> = Array.isArray(value)
      ? value.map((item, index) => [String(index), item])
      : Object.entries(value as object);
    for (const [key, item] of entries) {
      const fault = textFault(key);
      if (fault) {
        errors.push({
          path,
          message: `has a key that is not well-formed text (${fault})`,
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

/** What makes a string unfit to store as text, if anything. */
function textFault(value: string): string | undefined {
  if (value.includes(NUL)) return 'a NUL character';
  if (LONE_SURROGATE.test(value)) return 'a lone surrogate';
  return undefined;
}
