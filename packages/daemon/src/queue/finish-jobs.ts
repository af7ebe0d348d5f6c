import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/database-types.js';
import { claimJobs, claimLock, leaseTo, readyJobsStatement } from './claim-jobs.js';
import type { JobRow } from './job-queue.js';

/** A job's final outcome, as its worker reports it. */
export interface JobFinish {
  job: JobRow;
  status: 'succeeded' | 'dead' | 'cancelled';
  /** The handler's result as JSON (succeeded). */
  result?: string;
  /** Why the job ended (dead, cancelled). */
  error?: string;
}

/** The worker pool that finishes, the time, and the lease of the jobs it claims next (none when it is stopping). */
export interface FinishBy {
  owner: string;
  now: string;
  leaseExpiresAt: string;
  claimNext: boolean;
}

/**
 * Outcomes per statement at most: SQLite refuses a compound select of more than 500 arms, and a bounded statement
 * size keeps the statement cache from filling with one shape per batch size.
 */
const OUTCOMES_PER_STATEMENT = 64;

/**
 * Records the outcomes of jobs that finished together and claims for each finished job the next ready job of its
 * queue, atomically (ADR-047, ADR-052). Answers, per finish and in order, the jobs claimed for its slot (at most
 * one), once all of it is committed.
 *
 * Busy workers then share one transaction (one commit) and one claim per queue for all the jobs they finished in one
 * turn, instead of paying for a transaction and a three-statement claim per job. Only the lease owner's rows change:
 * a job whose lease another worker took over (after a stall) keeps that worker's outcome.
 *
 * The claimed jobs start only once the commit has returned, so their claim (and its `attempts + 1`) is durable
 * before their handler runs: a job that crashes the process still uses up an attempt, and a lost commit starts
 * nothing that is no longer claimed. (Starting them before the commit on SQLite measured within the noise; on
 * PostgreSQL it lost outcomes: the successor's finish, on another connection, did not see the uncommitted claim.)
 */
export async function finishJobs(
  handle: DatabaseHandle,
  by: FinishBy,
  finishes: JobFinish[],
): Promise<JobRow[][]> {
  const slots = slotsByQueue(finishes);
  const oneStatement =
    handle.capabilities.supportsWritesInWith && slots.size === 1 && finishes.length <= OUTCOMES_PER_STATEMENT;
  if (oneStatement) return finishInOneStatement(handle, by, finishes);
  return handle.db.transaction().execute(async (trx) => {
    for (let i = 0; i < finishes.length; i += OUTCOMES_PER_STATEMENT) {
      const chunk = finishes.slice(i, i + OUTCOMES_PER_STATEMENT);
      await recordOutcomesStatement(by.owner, by.now, chunk).execute(trx);
    }
    const handedOver: JobRow[][] = finishes.map(() => []);
    if (!by.claimNext) return handedOver;
    for (const [queue, indexes] of slots) {
      const claimed = await claimJobs(handle, claimFor(by, queue, indexes.length), trx);
      claimed.forEach((job, i) => {
        handedOver[indexes[i] as number]?.push(job);
      });
    }
    return handedOver;
  });
}

/**
 * PostgreSQL, one queue (the usual batch): the outcomes and the claim in one statement, one round trip and one
 * commit instead of four round trips. The claim skips the jobs this statement finishes: both parts see the same
 * snapshot, and one statement must not update a row twice.
 */
async function finishInOneStatement(handle: DatabaseHandle, by: FinishBy, finishes: JobFinish[]) {
  const outcomes = recordOutcomesStatement(by.owner, by.now, finishes);
  if (!by.claimNext) {
    await outcomes.execute(handle.db);
    return finishes.map(() => []);
  }
  const claim = claimFor(by, (finishes[0] as JobFinish).job.queue, finishes.length);
  const { rows } = await sql<JobRow>`
    with finished as (${outcomes} returning jobs.id)
    update jobs ${leaseTo(claim)}
     where id in (${readyJobsStatement(claim, claimLock(handle))})
       and id not in (select id from finished)
    returning *`.execute(handle.db);
  return finishes.map((_, i) => (rows[i] ? [rows[i]] : []));
}

function claimFor(by: FinishBy, queue: string, limit: number) {
  return { queue, owner: by.owner, limit, now: by.now, leaseExpiresAt: by.leaseExpiresAt };
}

/** Queue → the indexes of the finishes whose slots it fills, in finishing order. */
function slotsByQueue(finishes: JobFinish[]): Map<string, number[]> {
  const slots = new Map<string, number[]>();
  finishes.forEach(({ job }, i) => {
    const list = slots.get(job.queue) ?? [];
    list.push(i);
    slots.set(job.queue, list);
  });
  return slots;
}

/**
 * One `UPDATE … FROM` for the outcomes of a batch, each row joined to its own status, result and error: one
 * statement (one round trip on PostgreSQL) instead of one per job. The outcome rows are a `union all` of selects,
 * the one row-list form both databases read; each value is cast so PostgreSQL knows its parameters' types. Only the
 * lease owner's rows change.
 */
export function recordOutcomesStatement(owner: string, now: string, finishes: JobFinish[]) {
  const outcomes = finishes.map(
    ({ job, status, result, error }) =>
      sql`select cast(${job.id} as text) as id, cast(${status} as text) as status,
                 cast(${result ?? null} as text) as result, cast(${error ?? null} as text) as last_error`,
  );
  return sql`
    update jobs
       set status = outcome.status,
           result = coalesce(outcome.result, jobs.result),
           last_error = coalesce(outcome.last_error, jobs.last_error),
           progress = case when outcome.status = 'succeeded' then 100 else jobs.progress end,
           finished_at = ${now},
           updated_at = ${now},
           lease_owner = null,
           lease_expires_at = null
      from (${sql.join(outcomes, sql` union all `)}) as outcome
     where jobs.id = outcome.id and jobs.lease_owner = ${owner}`;
}
