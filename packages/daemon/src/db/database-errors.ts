/** Socket-level failures: the database is not reachable at all. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);

/** A SQLite commit group lost its writes before they were durable (`dialects/sqlite-commit-groups.ts`). */
const LOST_GROUP_CODE = 'TILLPOINT_GROUP_ROLLED_BACK';

/**
 * PostgreSQL SQLSTATEs meaning "the server cannot serve now": connection exceptions (class 08), admin or crash
 * shutdown, cannot connect now, too many connections.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * A named statement the server no longer has (`26000`) or already has (`42P05`), or one whose result columns changed
 * under it: the connection is replaced (`dialects/postgres-deadline-pool.ts`, ADR-051), so a retry succeeds.
 */
const STALE_STATEMENT_SQLSTATES = new Set(['26000', '42P05']);
const STALE_PLAN_MESSAGE = 'cached plan must not change result type';

/** pg's own messages for a pool that cannot get or keep a connection. */
const UNAVAILABLE_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'connection timeout',
  'Client has encountered a connection error',
  // A query's client-side deadline passed (`dialects/postgres-deadline-pool.ts`): the server stopped answering.
  'Query read timeout',
];

/**
 * Whether an error means the primary database is unavailable (down, restarting, unreachable, out of connections),
 * as opposed to a fault in the query. Such errors become 503 with `Retry-After`, never 500.
 * The only place that knows the drivers' error shapes.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const candidate = current as { code?: unknown; message?: unknown; cause?: unknown };
    const code = typeof candidate.code === 'string' ? candidate.code : '';
    if (
      NETWORK_CODES.has(code) ||
      code === LOST_GROUP_CODE ||
      UNAVAILABLE_SQLSTATES.has(code) ||
      STALE_STATEMENT_SQLSTATES.has(code) ||
      code.startsWith('08')
    )
      return true;
    const message = typeof candidate.message === 'string' ? candidate.message : '';
    if (UNAVAILABLE_MESSAGES.some((text) => message.includes(text))) return true;
    if (code === '0A000' && message.includes(STALE_PLAN_MESSAGE)) return true;
    if (error instanceof AggregateError && depth === 0 && error.errors.some(isDatabaseUnavailable))
      return true;
    current = candidate.cause;
  }
  return false;
}

/**
 * Whether an error is a UNIQUE or PRIMARY KEY violation (a row another writer inserted first): SQLSTATE 23505 on
 * PostgreSQL, `SQLITE_CONSTRAINT_UNIQUE`/`_PRIMARYKEY` on SQLite. Services turn it into their 409.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Whether an error means the database's disk is full (`SQLITE_FULL`, or PostgreSQL's `53100 disk_full`), looking
 * through causes (a commit group lost to a full disk carries it as its cause). Such writes are 507, never 500.
 */
export function isStorageFull(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (code === 'SQLITE_FULL' || code === '53100') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
