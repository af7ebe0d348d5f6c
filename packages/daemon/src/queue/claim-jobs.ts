import { sql } from 'kysely';
import type { DatabaseHandle, JobsTable } from '../db/database-types.js';

/**
 * Claims up to `limit` ready jobs of a queue for `owner`, leasing them until `leaseExpiresAt`.
 * Ready means pending and due, or running with an expired lease (its worker died).
 *
 * This is the queue's one dialect-specific statement:
 * - PostgreSQL: `FOR UPDATE SKIP LOCKED`, so concurrent claimers take disjoint rows without waiting;
 * - SQLite: one `UPDATE … RETURNING` statement, which SQLite runs under its single write lock, so
 *   it is atomic across processes (the busy timeout makes competing writers wait their turn).
 */
export async function claimJobs(...claim: Parameters<typeof claimStatement>): Promise<JobsTable[]> {
  const [handle] = claim;
  return (await claimStatement(...claim).execute(handle.db)).rows;
}

/** The claim as a statement, unexecuted (its query plan is tested). */
export function claimStatement(
  handle: DatabaseHandle,
  queue: string,
  owner: string,
  limit: number,
  now: string,
  leaseExpiresAt: string,
) {
  const lock = handle.capabilities.supportsSkipLocked ? sql`for update skip locked` : sql``;
  // Two arms, each read in the order of `jobs_ready_idx` (queue, status, priority desc, run_at, id) and stopped
  // after `limit` rows, so a claim costs the same with ten or ten thousand jobs waiting. One condition with both
  // statuses made SQLite sort the whole backlog for every claim.
  return sql<JobsTable>`
    update jobs
       set status = 'running',
           attempts = attempts + 1,
           lease_owner = ${owner},
           lease_expires_at = ${leaseExpiresAt},
           started_at = coalesce(started_at, ${now}),
           updated_at = ${now}
     where id in (
       select id from (
         select id, priority, run_at from (
           select id, priority, run_at from jobs
            where queue = ${queue} and status = 'pending' and run_at <= ${now}
            order by priority desc, run_at, id
            limit ${limit}
            ${lock}
         ) as due
         union all
         select id, priority, run_at from (
           select id, priority, run_at from jobs
            where queue = ${queue} and status = 'running' and lease_expires_at < ${now}
            order by priority desc, run_at, id
            limit ${limit}
            ${lock}
         ) as abandoned
       ) as ready
       order by priority desc, run_at, id
       limit ${limit}
     )
    returning *`;
}
