import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { DatabaseHandle } from '../../db/database-types.js';
import type { Clock } from '../../infra/clock.js';
import { defineJobType } from '../../queue/job-types.js';

const BACKUP_NAME = /^tillpoint-\d{8}T\d{6}Z\.db$/;

/**
 * `backup.create`: an online, consistent copy of the SQLite database (SQLite's backup API, in small steps so
 * writes continue), written to `backupDir` under a temporary name and renamed when complete, then checksummed.
 * Backups older than the retention are deleted. On PostgreSQL use pg_dump or PITR (see docs/operations.md).
 */
export function backupsJobTypes(deps: {
  database: DatabaseHandle;
  clock: Clock;
  backupDir: string;
  retentionDays: number;
}) {
  return [
    defineJobType({
      type: 'backup.create',
      queue: 'data-processing',
      params: z.strictObject({}),
      maxAttempts: 3,
      timeoutMs: 60 * 60_000,
      async handler(_params, context) {
        const backup = deps.database.backup;
        if (!backup) {
          throw new Error(
            'backup.create backs up SQLite; on PostgreSQL use pg_dump or point-in-time recovery',
          );
        }
        await mkdir(deps.backupDir, { recursive: true, mode: 0o700 });
        const stamp = deps.clock.now().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
        const name = `tillpoint-${stamp}.db`;
        const file = join(deps.backupDir, name);
        const partial = `${file}.partial`;
        await backup(
          partial,
          (fraction) => void context.progress(Math.floor(fraction * 90)).catch(() => undefined),
        );
        await rename(partial, file);
        const hash = createHash('sha256');
        await pipeline(createReadStream(file), hash);
        const { size } = await stat(file);
        const deleted = await pruneBackups(
          deps.backupDir,
          deps.clock.now().getTime() - deps.retentionDays * 86_400_000,
        );
        return { file, size, sha256: hash.digest('hex'), deletedOldBackups: deleted };
      },
    }),
  ];
}

/** Deletes backups (by our naming pattern only) last modified before `before` (ms). */
async function pruneBackups(dir: string, before: number): Promise<number> {
  let deleted = 0;
  for (const name of await readdir(dir)) {
    if (!BACKUP_NAME.test(name)) continue;
    const path = join(dir, name);
    if ((await stat(path)).mtimeMs < before) {
      await rm(path, { force: true });
      deleted++;
    }
  }
  return deleted;
}
