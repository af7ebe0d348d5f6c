import type { Migration } from '../migration-types.js';

/**
 * The claim index in the claim's own order. `jobs_claim_idx` (queue, status, priority, run_at) found a queue's
 * pending jobs but not in the order the claim takes them (priority first, highest first, then run_at, then id), so
 * every claim sorted the whole backlog to take its first few: 0.2–0.5 ms a claim with a few thousand jobs waiting,
 * growing with the backlog. With this index a claim reads the few rows it takes.
 */
export const migration0015JobsReadyIndex: Migration = {
  name: '0015-jobs-ready-index',
  async up(db) {
    await db.schema
      .createIndex('jobs_ready_idx')
      .on('jobs')
      .columns(['queue', 'status', 'priority desc', 'run_at', 'id'])
      .execute();
    await db.schema.dropIndex('jobs_claim_idx').execute();
  },
};
