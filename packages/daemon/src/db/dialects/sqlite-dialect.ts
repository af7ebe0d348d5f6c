import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { DatabaseHandle, Tables } from '../database-types.js';

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
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: file }) });
  let closed = false;
  return {
    db,
    dialect: 'sqlite',
    capabilities: { supportsSkipLocked: false, supportsConcurrentWriters: false },
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
