import { existsSync } from 'node:fs';
import { copyFile, rename, rm } from 'node:fs/promises';
import SqliteDatabase from 'better-sqlite3';
import type { Config } from '../config.js';
import { migrateToLatest } from '../db/migrate.js';
import { defaultSqliteFile, openDatabase } from '../db/open-database.js';
import { systemClock } from '../infra/clock.js';
import { createAuditService } from '../modules/audit/audit-service.js';
import { manifestFileOf, recordedChecksums, sha256File } from '../modules/backups/backups-service.js';
import { runningDaemonPid } from '../pid-file.js';
import { CommandFailure } from './command-failure.js';

/** Why a restore was refused (exit 1); the operator sees `restore refused: <reason>`. */
export class RestoreRefused extends CommandFailure {
  override name = 'RestoreRefused';

  constructor(reason: string) {
    super(`restore refused: ${reason}`, 'restore_refused');
  }
}

/**
 * `tillpointd restore <file>`: replaces the SQLite database with a backup, offline. Refuses while a daemon runs on
 * the data dir, and checks the backup (its recorded checksum, `PRAGMA integrity_check`, a Tillpoint schema) before
 * touching anything. The checksum comes from `<file>.sha256` or `<file>.manifest.json` (both must match when both
 * exist); a file with neither is refused unless `skipChecksum` says the operator vouches for it, because a changed
 * byte in a page's data passes `integrity_check`. The replaced database is kept beside it as `tillpoint.db.before-restore-<time>`.
 */
export async function restoreCommand(
  config: Config,
  options: { file: string; json: boolean; skipChecksum?: boolean },
): Promise<void> {
  const began = performance.now();
  if (config.databaseUrl?.startsWith('postgres')) {
    throw new RestoreRefused(
      'restore replaces a SQLite database; on PostgreSQL use pg_restore or point-in-time recovery',
    );
  }
  const target = config.databaseUrl
    ? config.databaseUrl.replace(/^(sqlite|file):(\/\/)?/, '')
    : defaultSqliteFile(config.dataDir);
  const pid = await runningDaemonPid(config.dataDir);
  if (pid !== undefined)
    throw new RestoreRefused(`tillpointd (pid ${pid}) is running on ${config.dataDir}; stop it first`);
  if (!existsSync(options.file)) throw new RestoreRefused(`${options.file} does not exist`);

  const actual = await sha256File(options.file);
  const checksum = options.skipChecksum ? 'skipped' : await verifyChecksum(options.file, actual);
  const backup = new SqliteDatabase(options.file, { readonly: true, fileMustExist: true });
  try {
    const integrity = backup.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok')
      throw new RestoreRefused(`${options.file} fails PRAGMA integrity_check: ${String(integrity)}`);
    const tables = backup
      .prepare(
        "select name from sqlite_master where type = 'table' and name in ('orders', 'kysely_migration')",
      )
      .all();
    if (tables.length !== 2) throw new RestoreRefused(`${options.file} is not a Tillpoint database`);
  } catch (error) {
    if (error instanceof RestoreRefused) throw error;
    throw new RestoreRefused(
      `${options.file} is not a readable SQLite database: ${(error as Error).message}`,
    );
  } finally {
    backup.close();
  }

  let keptAs: string | null = null;
  if (existsSync(target)) {
    keptAs = `${target}.before-restore-${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')}`;
    // Fold the WAL into the file first, so the kept copy is complete on its own.
    const current = new SqliteDatabase(target);
    current.pragma('wal_checkpoint(TRUNCATE)');
    current.close();
    await rename(target, keptAs);
  }
  await rm(`${target}-wal`, { force: true });
  await rm(`${target}-shm`, { force: true });
  await copyFile(options.file, `${target}.partial`);
  await rename(`${target}.partial`, target);
  // Bring the restored file to this version's schema and record the restore in its own audit log.
  const database = await openDatabase(config);
  try {
    await migrateToLatest(database);
    await createAuditService({ db: database.db, clock: systemClock }).record({
      action: 'restore',
      principal: null,
      details: { file: options.file, sha256: actual, checksum, keptAs },
    });
  } finally {
    await database.close();
  }
  const result = {
    restored: options.file,
    into: target,
    sha256: actual,
    checksum,
    keptAs,
    seconds: Math.round(performance.now() - began) / 1000,
  };
  if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    process.stdout.write(`Restored ${options.file} into ${target} in ${result.seconds} s.\n`);
    if (keptAs) process.stdout.write(`The database it replaced is kept as ${keptAs}.\n`);
  }
}

/**
 * Compares a backup with the checksums recorded for it (`.sha256` file, manifest).
 * @returns where the matching checksum came from.
 * @throws RestoreRefused when none is recorded or one differs.
 */
async function verifyChecksum(file: string, actual: string): Promise<'verified'> {
  const recorded = await recordedChecksums(file);
  const sources = [
    [`${file}.sha256`, recorded.sha256File],
    [manifestFileOf(file), recorded.manifest],
  ].filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (sources.length === 0) {
    throw new RestoreRefused(
      `no checksum recorded for ${file} (neither ${file}.sha256 nor ${manifestFileOf(file)}); ` +
        'integrity_check cannot see a changed byte, so restore needs one. Pass --skip-checksum only for a file you vouch for',
    );
  }
  for (const [source, sha256] of sources) {
    if (sha256 !== actual) {
      throw new RestoreRefused(
        `${file} does not match the SHA-256 recorded in ${source} (${sha256}); the file is damaged`,
      );
    }
  }
  return 'verified';
}
