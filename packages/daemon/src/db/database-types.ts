import type { Kysely } from 'kysely';

/** Which SQL engine a database runs on. Code outside `db/` and `queue/` reads capabilities, never this name. */
export type DialectName = 'sqlite' | 'postgres';

/**
 * Table types of the primary database. Timestamps are ISO 8601 strings in UTC on both dialects
 * (see `db/dialects/postgres-dialect.ts` for how PostgreSQL's are read back), money is integer minor units.
 */
export interface Tables {
  settings: SettingsTable;
  users: UsersTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  api_keys: ApiKeysTable;
  password_resets: PasswordResetsTable;
}

/** Daemon-wide key/value facts, e.g. the instance ID minted on first start. */
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  /** Normalized (trimmed, NFC, lower-case); unique. */
  email: string;
  name: string | null;
  /** bcrypt; null for a deleted (anonymized) account. */
  password_hash: string | null;
  role: 'admin' | 'user' | 'guest';
  disabled_at: string | null;
  deleted_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A session is one refresh-token family: rotating its tokens keeps the session, revoking it ends all of them. */
export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  revoked_reason: string | null;
  user_agent: string | null;
  ip: string | null;
}

export interface RefreshTokensTable {
  id: string;
  session_id: string;
  /** SHA-256 of the opaque token; the token itself is never stored. */
  token_hash: string;
  created_at: string;
  expires_at: string;
  /** Set when the token was exchanged; presenting it again is reuse. */
  rotated_at: string | null;
}

export interface ApiKeysTable {
  id: string;
  owner_id: string | null;
  name: string;
  role: 'admin' | 'user' | 'guest';
  prefix: string;
  /** SHA-256 of the secret. */
  secret_hash: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface PasswordResetsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
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
