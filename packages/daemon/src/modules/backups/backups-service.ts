import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
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

/** Our backup files, and nothing else in the directory. */
export const BACKUP_NAME = /^tillpoint-\d{8}T\d{6}Z\.db$/;

/** Hex SHA-256 of a file, streamed. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/**
 * Online SQLite backups: written with SQLite's backup API (in steps, so writes continue) under a temporary name,
 * renamed when complete, checksummed (a `<name>.sha256` file beside it), optionally copied to a second directory
 * and to the blob store,
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
    const sha256 = await readFile(join(dir, `${name}.sha256`), 'utf8').then(
      (text) => text.trim().split(/\s+/)[0] ?? null,
      () => null,
    );
    return { object: 'backup', name, size: info.size, sha256, createdAt: info.mtime.toISOString() };
  }

  return {
    /** Writes a backup now (the `backup.create` job). */
    async create(onProgress: (fraction: number) => void) {
      const backup = deps.database.backup;
      if (!backup) {
        throw new Error('backup.create backs up SQLite; on PostgreSQL use pg_dump or point-in-time recovery');
      }
      await mkdir(deps.backupDir, { recursive: true, mode: 0o700 });
      const stamp = deps.clock.now().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
      const name = `tillpoint-${stamp}.db`;
      const file = join(deps.backupDir, name);
      await backup(`${file}.partial`, onProgress);
      await rename(`${file}.partial`, file);
      const sha256 = await sha256File(file);
      await writeFile(`${file}.sha256`, `${sha256}  ${name}\n`, { mode: 0o600 });
      let copiedTo: string | null = null;
      if (deps.copyDir) {
        await mkdir(deps.copyDir, { recursive: true, mode: 0o700 });
        copiedTo = join(deps.copyDir, name);
        await copyFile(file, `${copiedTo}.partial`);
        await rename(`${copiedTo}.partial`, copiedTo);
        await copyFile(`${file}.sha256`, `${copiedTo}.sha256`);
      }
      let blobKey: string | null = null;
      if (deps.blobCopies) {
        blobKey = `backups/${name}`;
        await deps.blobCopies.put(blobKey, createReadStream(file));
        await deps.blobCopies.put(`${blobKey}.sha256`, Readable.from([`${sha256}  ${name}\n`]));
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
