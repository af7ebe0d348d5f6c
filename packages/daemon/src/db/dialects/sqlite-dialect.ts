import { mkdirSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, sql } from 'kysely';
import { createCommitSignals } from '../commit-signals.js';
import { withCommitWork } from '../commit-work.js';
import type { DatabaseHandle, Tables } from '../database-types.js';
import { sqliteProductSearch } from '../search/sqlite-product-search.js';
import { createStorageState } from '../storage-state.js';
import { CommitGroups } from './sqlite-commit-groups.js';
import { GroupCommitSqliteDriver } from './sqlite-group-commit-driver.js';
import { withStatementCache } from './sqlite-statement-cache.js';

/**
 * SQLite runs schema changes inside transactions, but Kysely's adapter says it cannot, so its migrator would apply
 * each statement on its own: a crash between two statements of a migration would leave half of it, and every
 * statement would pay its own fsync. Saying so makes the migrator apply all pending migrations in one transaction,
 * as it does on PostgreSQL.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl() {
    return true;
  }
}

export interface SqliteOptions {
  /** Path of the database file. */
  file: string;
  busyTimeoutMs: number;
}

/**
 * Opens the single-node database: one better-sqlite3 file in WAL mode with `synchronous=FULL`
 * (an acknowledged write survives power loss), a busy timeout and foreign keys enforced. Writes go through one
 * connection with group commit; reads outside transactions through a second, read-only one (ADR-038).
 */
export function openSqlite(options: SqliteOptions): DatabaseHandle {
  mkdirSync(dirname(options.file), { recursive: true, mode: 0o700 });
  const file = new SqliteDatabase(options.file, { timeout: options.busyTimeoutMs });
  file.pragma('journal_mode = WAL');
  file.pragma('synchronous = FULL');
  file.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs)}`);
  file.pragma('foreign_keys = ON');
  // Every request transaction is a savepoint (group commit), and SQLite copies each page a savepoint first changes
  // into a sub-journal, which spills to a temporary file past 64 KiB: an order's transaction passes that. In memory
  // the copies cost about half as much statement time (ADR-049). Only the writer: the reader's temporary storage
  // (large sorts of reports and exports) stays on disk.
  file.pragma('temp_store = MEMORY');
  // From here the writer never sleeps in SQLite's busy handler: `CommitGroups` waits for the lock asynchronously.
  file.pragma('busy_timeout = 0');
  // Opened after the writer has switched the file to WAL: a WAL reader sees committed data only.
  const readFile = new SqliteDatabase(options.file, { timeout: options.busyTimeoutMs });
  readFile.pragma('query_only = ON');
  const driver = new GroupCommitSqliteDriver(
    withStatementCache(readFile),
    withStatementCache(file),
    new CommitGroups(file, options.busyTimeoutMs),
  );
  const commits = createCommitSignals();
  const db = new Kysely<Tables>({
    dialect: withCommitWork(
      {
        createAdapter: () => new TransactionalDdlSqliteAdapter(),
        createDriver: () => driver,
        createQueryCompiler: () => new SqliteQueryCompiler(),
        createIntrospector: (kysely) => new SqliteIntrospector(kysely),
      },
      commits,
    ),
  });
  let closed = false;
  return {
    db,
    dialect: 'sqlite',
    commits,
    storage: createStorageState(db, async () => {
      const disk = await statfs(dirname(options.file));
      return disk.bavail * disk.bsize;
    }),
    productSearch: sqliteProductSearch,
    capabilities: {
      supportsSkipLocked: false,
      supportsConcurrentWriters: false,
      supportsOnlineBackup: true,
      supportsWritesInWith: false,
      needsQueryDeadlines: false,
    },
    async ping() {
      await sql`select 1`.execute(db);
    },
    async backup(target, onProgress) {
      // Not the writer: its commit group is open most of the time under load, and a copy through it could see
      // uncommitted pages or stall. A connection of its own reads committed data only (WAL). Another connection's
      // commit between two steps restarts the copy, so after the first step the rest goes in one step: one
      // consistent snapshot, at the cost of holding the event loop for that step.
      const source = new SqliteDatabase(options.file, {
        fileMustExist: true,
        timeout: options.busyTimeoutMs,
      });
      try {
        source.pragma('query_only = ON');
        await source.backup(target, {
          progress({ totalPages, remainingPages }) {
            onProgress?.(totalPages === 0 ? 1 : 1 - remainingPages / totalPages);
            return Number.MAX_SAFE_INTEGER;
          },
        });
      } finally {
        source.close();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}
