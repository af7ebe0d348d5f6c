import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { DatabaseHandle, Tables } from '../database-types.js';
import { sqliteProductSearch } from '../search/sqlite-product-search.js';

export interface SqliteOptions {
  /** Path of the database file. */
  file: string;
  busyTimeoutMs: number;
}

/**
 * Opens the single-node database: one better-sqlite3 file in WAL mode with `synchronous=FULL`
 * (an acknowledged write survives power loss), a busy timeout and foreign keys enforced.
 */
export function openSqlite(options: SqliteOptions): DatabaseHandle {
  mkdirSync(dirname(options.file), { recursive: true, mode: 0o700 });
  const file = new SqliteDatabase(options.file, { timeout: options.busyTimeoutMs });
  file.pragma('journal_mode = WAL');
  file.pragma('synchronous = FULL');
  file.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs)}`);
  file.pragma('foreign_keys = ON');
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: withStatementCache(file) }) });
  let closed = false;
  return {
    db,
    dialect: 'sqlite',
    productSearch: sqliteProductSearch,
    capabilities: { supportsSkipLocked: false, supportsConcurrentWriters: false, supportsOnlineBackup: true },
    async ping() {
      await sql`select 1`.execute(db);
    },
    async backup(target, onProgress) {
      await file.backup(target, {
        progress({ totalPages, remainingPages }) {
          onProgress?.(totalPages === 0 ? 1 : 1 - remainingPages / totalPages);
          // Pages copied per step: small steps let writers in between, so the daemon keeps serving.
          return 256;
        },
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

/** Distinct statements kept prepared; the daemon issues a few hundred at most. */
const STATEMENT_CACHE_SIZE = 1_000;

/**
 * Kysely prepares every query anew; preparing costs more than running most of ours. Statements are
 * cached by SQL text (parameters are bound per run, so reuse is safe), least recently used out first.
 */
function withStatementCache(file: SqliteDatabase.Database) {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => file.close(),
    prepare(sqlText: string) {
      let statement = statements.get(sqlText);
      if (statement) {
        statements.delete(sqlText);
      } else {
        statement = file.prepare(sqlText);
        if (statements.size >= STATEMENT_CACHE_SIZE)
          statements.delete(statements.keys().next().value as string);
      }
      statements.set(sqlText, statement);
      return statement;
    },
  };
}
