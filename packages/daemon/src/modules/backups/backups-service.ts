import { createHash, randomBytes } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { copyFile, link, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Backup, Job } from '@tillpoint/sdk/schemas';
import { AppError } from '../../core/app-error.js';
import type { DatabaseHandle } from '../../db/database-types.js';
import type { BlobStore } from '../../infra/blobs/blob-store.js';
import type { Clock } from '../../infra/clock.js';
import type { JobQueue } from '../../queue/job-queue.js';
import { toJob } from '../jobs/jobs-presenter.js';

/**
 * Our backup files, and nothing else in the directory: `tillpoint-<UTC time to the millisecond>-<8 hex>.db`, and the
 * older `tillpoint-<UTC time to the second>.db`, which two backups in one second could share.
 */
export const BACKUP_NAME = /^tillpoint-\d{8}T\d{6}(?:\d{3})?Z(?:-[0-9a-f]{8})?\.db$/;

/**
 * What is recorded beside each backup in `<name>.manifest.json`: its checksum a second time (besides
 * `<name>.sha256`, which `sha256sum -c` reads), its size and when it was written. `tillpointd restore` accepts either.
 */
export interface BackupManifest {
  format: 1;
  name: string;
  size: number;
  sha256: string;
  createdAt: string;
}

/** The manifest file of a backup file. */
export const manifestFileOf = (file: string) => `${file}.manifest.json`;

/** The checksums recorded for a backup file, from its `.sha256` file and its manifest; absent ones are undefined. */
export async function recordedChecksums(
  file: string,
): Promise<{ sha256File: string | undefined; manifest: string | undefined }> {
  const sha256File = await readFile(`${file}.sha256`, 'utf8').then(
    (text) => text.trim().split(/\s+/)[0] || undefined,
    () => undefined,
  );
  const manifest = await readFile(manifestFileOf(file), 'utf8').then(
    (text) => (JSON.parse(text) as Partial<BackupManifest>).sha256 || undefined,
    () => undefined,
  );
  return { sha256File, manifest };
}

const isExists = (error: unknown) => (error as NodeJS.ErrnoException).code === 'EEXIST';

/** Writes a new file, failing if the name exists: no backup ever overwrites another's file. */
const writeExclusive = (file: string, data: string) => writeFile(file, data, { flag: 'wx', mode: 0o600 });

/** Moves `from` to `to` only if `to` does not exist (a hard link is created exclusively), then drops `from`. */
async function renameExclusive(from: string, to: string) {
  await link(from, to);
  await rm(from, { force: true });
}

/** Hex SHA-256 of a file, streamed. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/**
 * Online SQLite backups: written with SQLite's backup API (in steps, so writes continue) under a unique name claimed
 * exclusively, moved to that name when complete (never over another file), checksummed (a `<name>.sha256` file and
 * a `<name>.manifest.json` beside it), optionally copied to a second directory and to the blob store,
 * and pruned after the retention. Restoring is `tillpointd restore` (offline).
 */
export function createBackupsService(deps: {
  database: DatabaseHandle;
  db: DatabaseHandle['db'];
  clock: Clock;
  queue: () => JobQueue;
  backupDir: string;
  copyDir: string | undefined;
  /** Where a further copy of each backup goes (`backupCopyToBlobStore`), under `backups/`. */
  blobCopies?: BlobStore | undefined;
  retentionDays: number;
}) {
  async function describe(dir: string, name: string): Promise<Backup> {
    const info = await stat(join(dir, name));
    const recorded = await recordedChecksums(join(dir, name));
    const sha256 = recorded.sha256File ?? recorded.manifest ?? null;
    return { object: 'backup', name, size: info.size, sha256, createdAt: info.mtime.toISOString() };
  }

  /**
   * Claims a backup name no one else has, by creating its `.partial` file exclusively. The name carries the time to
   * the millisecond and a random part, so backups started in the same second (the schedule and an operator's
   * request, two nodes) get different files; `wx` makes sure of it.
   */
  async function claimName(dir: string): Promise<{ name: string; file: string }> {
    const stamp = deps.clock.now().toISOString().replace(/[-:.]/g, '');
    for (let attempt = 0; ; attempt++) {
      const name = `tillpoint-${stamp}-${randomBytes(4).toString('hex')}.db`;
      const file = join(dir, name);
      try {
        await writeExclusive(`${file}.partial`, '');
        return { name, file };
      } catch (error) {
        if (!isExists(error) || attempt >= 5) throw error;
      }
    }
  }

  return {
    /** Writes a backup now (the `backup.create` job). */
    async create(onProgress: (fraction: number) => void) {
      const backup = deps.database.backup;
      if (!backup) {
        throw new Error('backup.create backs up SQLite; on PostgreSQL use pg_dump or point-in-time recovery');
      }
      await mkdir(deps.backupDir, { recursive: true, mode: 0o700 });
      const { name, file } = await claimName(deps.backupDir);
      try {
        // SQLite's backup API writes into the empty file claimed above.
        await backup(`${file}.partial`, onProgress);
        await renameExclusive(`${file}.partial`, file);
      } finally {
        await rm(`${file}.partial`, { force: true });
      }
      const sha256 = await sha256File(file);
      const { size: written } = await stat(file);
      const manifest: BackupManifest = {
        format: 1,
        name,
        size: written,
        sha256,
        createdAt: deps.clock.now().toISOString(),
      };
      const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
      await writeExclusive(`${file}.sha256`, `${sha256}  ${name}\n`);
      await writeExclusive(manifestFileOf(file), manifestText);
      let copiedTo: string | null = null;
      if (deps.copyDir) {
        await mkdir(deps.copyDir, { recursive: true, mode: 0o700 });
        copiedTo = join(deps.copyDir, name);
        await copyFile(file, `${copiedTo}.partial`, constants.COPYFILE_EXCL);
        await renameExclusive(`${copiedTo}.partial`, copiedTo);
        await copyFile(`${file}.sha256`, `${copiedTo}.sha256`, constants.COPYFILE_EXCL);
        await copyFile(manifestFileOf(file), manifestFileOf(copiedTo), constants.COPYFILE_EXCL);
      }
      let blobKey: string | null = null;
      if (deps.blobCopies) {
        blobKey = `backups/${name}`;
        await deps.blobCopies.put(blobKey, createReadStream(file));
        await deps.blobCopies.put(`${blobKey}.sha256`, Readable.from([`${sha256}  ${name}\n`]));
        await deps.blobCopies.put(manifestFileOf(blobKey), Readable.from([manifestText]));
      }
      const before = deps.clock.now().getTime() - deps.retentionDays * 86_400_000;
      const deleted = await this.prune(before);
      await deps.blobCopies?.prune('backups', new Date(before));
      const { size } = await stat(file);
      return { file, name, size, sha256, copiedTo, blobKey, deletedOldBackups: deleted };
    },

    /** Deletes backups (by our naming pattern only) written before `before` (ms), in both directories. */
    async prune(before: number): Promise<number> {
      let deleted = 0;
      for (const dir of [deps.backupDir, deps.copyDir].filter((d): d is string => Boolean(d))) {
        for (const name of await readdir(dir).catch(() => [] as string[])) {
          if (!BACKUP_NAME.test(name)) continue;
          if ((await stat(join(dir, name))).mtimeMs < before) {
            await rm(join(dir, name), { force: true });
            await rm(join(dir, `${name}.sha256`), { force: true });
            await rm(manifestFileOf(join(dir, name)), { force: true });
            deleted++;
          }
        }
      }
      return deleted;
    },

    /** Backups in the backup directory, newest first. */
    async list(): Promise<Backup[]> {
      const names = (await readdir(deps.backupDir).catch(() => [] as string[])).filter((n) =>
        BACKUP_NAME.test(n),
      );
      const backups = await Promise.all(names.map((name) => describe(deps.backupDir, name)));
      return backups.sort((a, b) => b.name.localeCompare(a.name));
    },

    /** Queues a backup now (`POST /v1/backups`). */
    async request(): Promise<Job> {
      if (!deps.database.capabilities.supportsOnlineBackup) {
        throw new AppError('validation_failed', {
          detail:
            'Online backups are for SQLite; on PostgreSQL use pg_dump or point-in-time recovery (docs/operations.md).',
        });
      }
      const { job } = await deps.queue().enqueue(deps.db, { type: 'backup.create', params: {} });
      deps.queue().wake(job.queue);
      return toJob(job);
    },

    fileName: (file: string) => basename(file),
  };
}

export type BackupsService = ReturnType<typeof createBackupsService>;
