import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { describeStartupError } from './startup-error.js';

function systemError(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

describe('describeStartupError', () => {
  const sqlite = loadConfig({ dataDir: '/srv/tillpoint' }, {});

  it('names the SQLite file and the settings that place it when it cannot be opened', () => {
    const error = systemError('unable to open database file', { code: 'SQLITE_CANTOPEN' });
    expect(describeStartupError(error, sqlite)).toBe(
      'cannot open the SQLite database /srv/tillpoint/tillpoint.db; check --data-dir (TILLPOINT_DATA_DIR) or --database-url (TILLPOINT_DATABASE_URL) and its permissions',
    );
    const fromUrl = loadConfig({ databaseUrl: 'sqlite:/var/db/shop.db' }, {});
    expect(describeStartupError(new Error('unable to open database file'), fromUrl)).toContain(
      'cannot open the SQLite database /var/db/shop.db;',
    );
  });

  it('names the path and --data-dir for ENOTDIR, EEXIST and EACCES on the data dir', () => {
    const notDir = systemError("ENOTDIR: not a directory, mkdir '/srv/tillpoint'", {
      code: 'ENOTDIR',
      syscall: 'mkdir',
      path: '/srv/tillpoint',
    });
    expect(describeStartupError(notDir, sqlite)).toBe(
      'cannot use the data dir /srv/tillpoint: /srv/tillpoint is not a directory; pass --data-dir (TILLPOINT_DATA_DIR) with a directory this user can write',
    );
    const fileInTheWay = systemError('EEXIST', { code: 'EEXIST', syscall: 'mkdir', path: '/srv/tillpoint' });
    expect(describeStartupError(fileInTheWay, sqlite)).toContain('/srv/tillpoint is not a directory');
    const denied = systemError('EACCES', { code: 'EACCES', syscall: 'mkdir', path: '/srv' });
    expect(describeStartupError(denied, sqlite)).toBe(
      'cannot use the data dir /srv/tillpoint: /srv is not writable (permission denied); pass --data-dir (TILLPOINT_DATA_DIR) with a directory this user can write',
    );
    const elsewhere = systemError('EACCES', { code: 'EACCES', syscall: 'open', path: '/mnt/backups/x' });
    expect(describeStartupError(elsewhere, sqlite)).toBeUndefined();
  });

  it('says the database did not answer, with the URL password masked', () => {
    const postgres = loadConfig({ databaseUrl: 'postgres://shop:s3cret@127.0.0.1:1/x' }, {});
    const refused = systemError('connect ECONNREFUSED 127.0.0.1:1', {
      code: 'ECONNREFUSED',
      syscall: 'connect',
      address: '127.0.0.1',
      port: 1,
    });
    const line = describeStartupError(refused, postgres);
    expect(line).toBe(
      'the database postgres://********@127.0.0.1:1/x did not answer (connection refused); check that PostgreSQL runs there and listens on that address and port, or pass --database-url (TILLPOINT_DATABASE_URL)',
    );
    expect(line).not.toContain('s3cret');
    // Node wraps the attempts on every address of a host in an AggregateError.
    const aggregate = Object.assign(new AggregateError([refused], ''), { code: undefined });
    expect(describeStartupError(aggregate, postgres)).toBe(line);
    // Redis on another port is not the database.
    const redis = systemError('connect ECONNREFUSED 127.0.0.1:6379', { code: 'ECONNREFUSED', port: 6379 });
    expect(describeStartupError(redis, postgres)).toBeUndefined();
    // Without PostgreSQL, a refused connection is not about the database.
    expect(describeStartupError(refused, sqlite)).toBeUndefined();
  });

  it('tells a refused login (28P01, 28000) from a missing database (3D000), URL masked', () => {
    const postgres = loadConfig({ databaseUrl: 'postgres://shop:s3cret@db.internal:5432/shop' }, {});
    const badPassword = systemError('password authentication failed for user "shop"', { code: '28P01' });
    const line = describeStartupError(badPassword, postgres);
    expect(line).toBe(
      'the database postgres://********@db.internal:5432/shop refused the login of user "shop" (password authentication failed for user "shop"); check the user and password in --database-url (TILLPOINT_DATABASE_URL), or create the role (CREATE ROLE … LOGIN PASSWORD …)',
    );
    expect(line).not.toContain('s3cret');
    const noRole = systemError('role "shop" does not exist', { code: '28000' });
    expect(describeStartupError(noRole, postgres)).toContain('refused the login of user "shop"');
    const noDatabase = systemError('database "shop" does not exist', { code: '3D000' });
    expect(describeStartupError(noDatabase, postgres)).toBe(
      'the database postgres://********@db.internal:5432/shop is missing: PostgreSQL has no database "shop" (database "shop" does not exist); create it (createdb shop) or pass --database-url (TILLPOINT_DATABASE_URL) naming one that exists',
    );
    // The same codes mean nothing on SQLite.
    expect(describeStartupError(noDatabase, sqlite)).toBeUndefined();
  });

  it('names the port, the host and --port when the port is in use', () => {
    const inUse = systemError('listen EADDRINUSE: address already in use 127.0.0.1:7400', {
      code: 'EADDRINUSE',
      syscall: 'listen',
      address: '127.0.0.1',
      port: 7400,
    });
    expect(describeStartupError(inUse, sqlite)).toBe(
      'port 7400 on 127.0.0.1 is in use; pass --port (TILLPOINT_PORT) or stop the other process',
    );
  });

  it('leaves unknown errors to the caller', () => {
    expect(describeStartupError(new Error('corrupted migrations'), sqlite)).toBeUndefined();
    expect(describeStartupError('boom', sqlite)).toBeUndefined();
    expect(describeStartupError(undefined, sqlite)).toBeUndefined();
  });
});
