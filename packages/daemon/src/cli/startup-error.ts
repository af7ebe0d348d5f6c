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

/** The host did not let us in at all; the cause is the network or the server not running. */
const DATABASE_PROBLEMS: Record<string, string> = {
  ECONNREFUSED: 'did not answer (connection refused)',
  ETIMEDOUT: 'did not answer (timed out)',
  ENOTFOUND: 'did not answer (host not found)',
  EAI_AGAIN: 'did not answer (host not found)',
  EHOSTUNREACH: 'did not answer (host unreachable)',
  ENETUNREACH: 'did not answer (network unreachable)',
};

/** PostgreSQL SQLSTATEs of a connection the server answered but refused. */
const LOGIN_FAILED = new Set(['28P01', '28000']);
const DATABASE_MISSING = '3D000';

/** The error itself, or the first of an AggregateError's (Node tries each address of a host). */
function systemErrorOf(error: unknown): SystemError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const first = (error as { errors?: unknown[] }).errors?.[0];
  if (!(error as SystemError).code && typeof first === 'object' && first !== null)
    return first as SystemError;
  return error as SystemError;
}

/**
 * The one line an operator sees when `serve` cannot start for a known reason: the setting, its value
 * and a next step. Known: the port in use, the data dir unusable, the SQLite file unopenable, and on
 * PostgreSQL the host not answering, the login refused (28P01, 28000) or the database missing (3D000).
 * `undefined` for anything else, which is reported as before. Never includes a secret: the database
 * URL is shown masked.
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
    return `the database ${maskSecret(config.databaseUrl!)} ${DATABASE_PROBLEMS[code]}; check that PostgreSQL runs there and listens on that address and port, or pass ${DATABASE_URL}`;
  }
  if (onPostgres && code && (LOGIN_FAILED.has(code) || code === DATABASE_MISSING)) {
    const url = new URL(config.databaseUrl!);
    const masked = maskSecret(config.databaseUrl!);
    // The server's own words (`password authentication failed for user "x"`) say which part was wrong.
    const said = message ? ` (${message})` : '';
    if (code === DATABASE_MISSING) {
      const name = decodeURIComponent(url.pathname.slice(1)) || '(none)';
      return `the database ${masked} is missing: PostgreSQL has no database "${name}"${said}; create it (createdb ${name}) or pass ${DATABASE_URL} naming one that exists`;
    }
    const user = decodeURIComponent(url.username) || '(none)';
    return `the database ${masked} refused the login of user "${user}"${said}; check the user and password in ${DATABASE_URL}, or create the role (CREATE ROLE … LOGIN PASSWORD …)`;
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
