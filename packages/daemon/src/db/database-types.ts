import type { Kysely } from 'kysely';

/** Which SQL engine a database runs on. Code outside `db/` and `queue/` reads capabilities, never this name. */
export type DialectName = 'sqlite' | 'postgres';

/**
 * Table types of the primary database. Timestamps are ISO 8601 strings in UTC on both dialects
 * (see `db/dialects/postgres-dialect.ts` for how PostgreSQL's are read back), money is integer minor units.
 */
export interface Tables {
  settings: SettingsTable;
}

/** Daemon-wide key/value facts, e.g. the instance ID minted on first start. */
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export type Database = Kysely<Tables>;

/** What a dialect can do, so callers branch on abilities rather than on dialect names. */
export interface DialectCapabilities {
  /** `SELECT … FOR UPDATE SKIP LOCKED` (PostgreSQL). */
  supportsSkipLocked: boolean;
  /** Several processes may write at once (PostgreSQL); SQLite has one writer. */
  supportsConcurrentWriters: boolean;
}

/** An open primary database with its dialect facts. */
export interface DatabaseHandle {
  db: Database;
  dialect: DialectName;
  capabilities: DialectCapabilities;
  /** A cheap round trip that fails when the database cannot serve queries. */
  ping(timeoutMs?: number): Promise<void>;
  /** Closes the pool or file. Safe to call twice. */
  close(): Promise<void>;
}
