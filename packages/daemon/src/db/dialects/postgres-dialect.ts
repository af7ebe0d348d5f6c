import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createCommitSignals } from '../commit-signals.js';
import { withCommitWork } from '../commit-work.js';
import type { DatabaseHandle, Tables } from '../database-types.js';
import { postgresProductSearch } from '../search/postgres-product-search.js';
import { createStorageState } from '../storage-state.js';
import { withQueryDeadlines } from './postgres-deadline-pool.js';

export interface PostgresOptions {
  connectionString: string;
  poolMax: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  /**
   * Client-side deadline of a query when the work it serves sets none (`db/query-deadlines.ts`): jobs, migrations,
   * offline commands. Default: the statement timeout plus a second, so the server's own timeout fires first.
   */
  defaultQueryTimeoutMs?: number | undefined;
  /** Prepare the hot statements by name, once per connection (ADR-051); default on. */
  namedStatements?: boolean | undefined;
  /** How long an idle connection is kept open; default 30 s. */
  idleTimeoutMs?: number | undefined;
}

const TIMESTAMPTZ_OID = 1184;
const INT8_OID = 20;

/**
 * Values come back from PostgreSQL in the same shapes as from SQLite: timestamps as ISO 8601 UTC
 * strings and bigints as numbers (amounts are minor units, far below 2^53; anything larger is refused
 * rather than silently rounded).
 */
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMPTZ_OID) return (value: string) => new Date(value).toISOString();
    if (oid === INT8_OID) return parseSafeInteger;
    return pg.types.getTypeParser(oid, format);
  },
};

function parseSafeInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new RangeError(`integer out of safe range: ${value}`);
  return parsed;
}

/**
 * Opens a PostgreSQL pool. Acquire, statement and client-side query deadlines are set, and TCP keep-alive is on, so
 * that a database outage, even a silent one (packets dropped, nothing closed), turns into fast errors (and 503s)
 * instead of requests that hang.
 */
export function openPostgres(options: PostgresOptions): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolMax,
    connectionTimeoutMillis: options.connectTimeoutMs,
    statement_timeout: options.statementTimeoutMs,
    idleTimeoutMillis: options.idleTimeoutMs ?? 30_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    types: typeParsers,
  });
  // An idle client losing its connection (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // The same for a checked-out client between two queries (inside a transaction): pg emits the loss on the client,
  // where no listener would crash the process. Its next query fails instead, and that request answers 503.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const deadlinePool = withQueryDeadlines(
    pool,
    options.defaultQueryTimeoutMs ?? options.statementTimeoutMs + 1_000,
    { namedStatements: options.namedStatements ?? true },
  );
  const commits = createCommitSignals();
  const db = new Kysely<Tables>({
    dialect: withCommitWork(new PostgresDialect({ pool: deadlinePool }), commits),
  });
  let closed = false;
  return {
    db,
    dialect: 'postgres',
    commits,
    storage: createStorageState(db),
    productSearch: postgresProductSearch,
    capabilities: {
      supportsSkipLocked: true,
      supportsConcurrentWriters: true,
      supportsOnlineBackup: false,
      supportsWritesInWith: true,
      needsQueryDeadlines: true,
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}
