import { z } from 'zod';
import { defineJobType } from '../../queue/job-types.js';
import type { BackupsService } from './backups-service.js';

/** `backup.create`: an online SQLite backup (see `backups-service.ts`), on the hourly `sqlite-backup` schedule. */
export function backupsJobTypes(backups: () => BackupsService) {
  return [
    defineJobType({
      type: 'backup.create',
      queue: 'data-processing',
      params: z.strictObject({}),
      maxAttempts: 3,
      timeoutMs: 60 * 60_000,
      async handler(_params, context) {
        return backups().create(
          (fraction) => void context.progress(Math.floor(fraction * 90)).catch(() => undefined),
        );
      },
    }),
  ];
}
