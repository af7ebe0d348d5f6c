import { z } from 'zod';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database-types.js';
import type { BlobStore } from '../../infra/blobs/blob-store.js';
import type { Clock } from '../../infra/clock.js';
import type { JobQueue } from '../../queue/job-queue.js';
import { defineJobType } from '../../queue/job-types.js';
import { deleteExpiredCredentials } from '../auth/auth-cleanup.js';
import { deleteExpiredIdempotencyRecords } from '../idempotency/idempotency-cleanup.js';

const UPLOAD_RETENTION_MS = 7 * 86_400_000;

/**
 * `maintenance.cleanup`: drops expired idempotency records, sessions (with their refresh tokens) and password-reset
 * tokens, finished jobs and their result files past the retention, uploads older than a week, and blob writes a
 * crash abandoned.
 */
export function maintenanceJobTypes(deps: {
  db: Database;
  clock: Clock;
  queue: () => JobQueue;
  config: Pick<Config, 'jobRetentionDays'>;
  blobs: BlobStore;
}) {
  return [
    defineJobType({
      type: 'maintenance.cleanup',
      queue: 'data-processing',
      params: z.strictObject({}),
      maxAttempts: 3,
      async handler(_params, context) {
        const now = deps.clock.now();
        const idempotencyKeys = await deleteExpiredIdempotencyRecords(deps.db, now.toISOString());
        const { sessions, passwordResets } = await deleteExpiredCredentials(deps.db, now.toISOString());
        await context.progress(50, 'expired idempotency records, sessions and reset tokens removed');
        const before = new Date(now.getTime() - deps.config.jobRetentionDays * 86_400_000).toISOString();
        const jobs = await deps.queue().prune(deps.db, before);
        await context.progress(75, 'finished jobs pruned');
        // Result files live as long as their jobs; uploads are inputs, kept a week.
        const resultFiles = await deps.blobs.prune('jobs', new Date(before));
        const uploads = await deps.blobs.prune('uploads', new Date(now.getTime() - UPLOAD_RETENTION_MS));
        // Media lives until deleted: a cutoff before any write removes only what a crash left half-written.
        await deps.blobs.prune('media', new Date(0));
        return { idempotencyKeys, sessions, passwordResets, jobs, resultFiles, uploads };
      },
    }),
  ];
}
