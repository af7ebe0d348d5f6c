import { join } from 'node:path';
import type { Config } from '../config.js';
import type { DatabaseHandle } from './database-types.js';
import { openPostgres } from './dialects/postgres-dialect.js';
import { openSqlite } from './dialects/sqlite-dialect.js';

/** The SQLite file used when no `databaseUrl` is set. */
export function defaultSqliteFile(dataDir: string): string {
  return join(dataDir, 'tillpoint.db');
}

/** Opens the primary database the config names: PostgreSQL for a postgres URL, else a SQLite file. */
export function openDatabase(config: Config): DatabaseHandle {
  const url = config.databaseUrl;
  if (url?.startsWith('postgres')) {
    return openPostgres({
      connectionString: url,
      poolMax: config.pgPoolMax,
      connectTimeoutMs: config.pgConnectTimeoutMs,
      statementTimeoutMs: config.pgStatementTimeoutMs,
    });
  }
  const file = url ? url.replace(/^(sqlite|file):(\/\/)?/, '') : defaultSqliteFile(config.dataDir);
  return openSqlite({ file, busyTimeoutMs: config.sqliteBusyTimeoutMs });
}
