import { join } from 'node:path';
import type { Config } from '../config.js';
import type { DatabaseHandle } from './database-types.js';

/** The SQLite file used when no `databaseUrl` is set. */
export function defaultSqliteFile(dataDir: string): string {
  return join(dataDir, 'tillpoint.db');
}

/** A pool shaped for one user other than the HTTP server (a worker thread): fewer connections, dropped sooner. */
export interface PoolOverrides {
  poolMax?: number;
  idleTimeoutMs?: number;
}

/**
 * Opens the primary database the config names: PostgreSQL for a postgres URL, else a SQLite file.
 * Each driver is loaded only when chosen: importing `pg` costs a single node start-up time for nothing.
 */
export async function openDatabase(config: Config, overrides: PoolOverrides = {}): Promise<DatabaseHandle> {
  const url = config.databaseUrl;
  if (url?.startsWith('postgres')) {
    const { openPostgres } = await import('./dialects/postgres-dialect.js');
    return openPostgres({
      connectionString: url,
      poolMax: overrides.poolMax ?? config.pgPoolMax,
      connectTimeoutMs: config.pgConnectTimeoutMs,
      statementTimeoutMs: config.pgStatementTimeoutMs,
      namedStatements: config.pgNamedStatements,
      idleTimeoutMs: overrides.idleTimeoutMs,
    });
  }
  const file = url ? url.replace(/^(sqlite|file):(\/\/)?/, '') : defaultSqliteFile(config.dataDir);
  const { openSqlite } = await import('./dialects/sqlite-dialect.js');
  return openSqlite({ file, busyTimeoutMs: config.sqliteBusyTimeoutMs });
}
