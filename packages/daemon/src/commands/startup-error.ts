import type { Config } from '../config.js';
import { maskSecret } from '../config.js';
import { defaultSqliteFile } from '../db/open-database.js';

interface SystemError {
  code?: unknown;
  syscall?: unknown;
  path?: unknown;
  address?: unknown;
  port?: unknown;
  message?: unknown;
}

const DATA_DIR = '--data-dir (TILLPOINT_DATA_DIR)';
const DATABASE_URL = '--database-url (TILLPOINT_DATABASE_URL)';

const PATH_PROBLEMS: Record<string, string> = {
  ENOTDIR: 'is not a directory',
  EEXIST: 'is not a directory',
  EACCES: 'is not writable (permission denied)',
  EPERM: 'is not writable (operation not permitted)',
  EROFS: 'is on a read-only file system',
};

const DATABASE_PROBLEMS: Record<string, string> = {
  ECONNREFUSED: 'did not answer (connection refused)',
  ETIMEDOUT: 'did not answer (timed out)',
  ENOTFOUND: 'did not answer (host not found)',
  EAI_AGAIN: 'did not answer (host not found)',
  EHOSTUNREACH: 'did not answer (host unreachable)',
  ENETUNREACH: 'did not answer (network unreachable)',
};

/** The error itself, or the first of an AggregateError's (Node tries each address of a host). */
function systemErrorOf(error: unknown): SystemError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const first = (error as { errors?: unknown[] }).errors?.[0];
  if (!(error as SystemError).code && typeof first === 'object' && first !== null)
    return first as SystemError;
  return error as SystemError;
}

/**
 * The one line an operator sees when `serve` cannot start for a known reason, naming the setting to
 * change; `undefined` for anything else, which is reported as before. Never includes a secret: the
 * database URL is shown masked.
 */
export function describeStartupError(error: unknown, config: Config): string | undefined {
  const system = systemErrorOf(error);
  if (!system) return undefined;
  const code = typeof system.code === 'string' ? system.code : undefined;
  const message = typeof system.message === 'string' ? system.message : '';

  if (system.syscall === 'listen' && (code === 'EADDRINUSE' || code === 'EACCES')) {
    const host = typeof system.address === 'string' ? system.address : config.host;
    const port = typeof system.port === 'number' ? system.port : config.port;
    return code === 'EADDRINUSE'
      ? `port ${port} on ${host} is in use; pass --port (TILLPOINT_PORT) or stop the other process`
      : `not allowed to listen on port ${port} on ${host}; pass --port (TILLPOINT_PORT) with a port above 1023, or --host (TILLPOINT_HOST)`;
  }

  const onPostgres = config.databaseUrl?.startsWith('postgres') === true;
  if (onPostgres && code && code in DATABASE_PROBLEMS) {
    const url = new URL(config.databaseUrl!);
    const expectedPort = Number(url.port || 5432);
    // Redis (cluster mode) fails with the same codes; only the database's own port is ours to name.
    if (typeof system.port === 'number' && system.port !== expectedPort) return undefined;
    return `the database ${maskSecret(config.databaseUrl!)} ${DATABASE_PROBLEMS[code]}; check that PostgreSQL runs there, or pass ${DATABASE_URL}`;
  }

  if (code === 'SQLITE_CANTOPEN' || /unable to open database file/i.test(message)) {
    const url = config.databaseUrl;
    const file =
      url && !url.startsWith('postgres')
        ? url.replace(/^(sqlite|file):(\/\/)?/, '')
        : defaultSqliteFile(config.dataDir);
    return `cannot open the SQLite database ${file}; check ${DATA_DIR} or ${DATABASE_URL} and its permissions`;
  }

  const path = typeof system.path === 'string' ? system.path : undefined;
  const aboutDataDir =
    path !== undefined && (path.startsWith(config.dataDir) || config.dataDir.startsWith(path));
  if (code && code in PATH_PROBLEMS && aboutDataDir && system.syscall !== 'listen') {
    return `cannot use the data dir ${config.dataDir}: ${path} ${PATH_PROBLEMS[code]}; pass ${DATA_DIR} with a directory this user can write`;
  }
  return undefined;
}
