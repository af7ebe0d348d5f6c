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

/** What a batch of finishes answers once its statements ran: the claims, and the commit still to come. */
export interface FinishedBatch {
  /** Per finish, in order: the jobs claimed for its slot (at most one). */
  handedOver: JobRow[][];
  /** Resolves once the COMMIT that holds the outcomes and the claims has returned; rejects if they were lost. */
  durable: Promise<void>;
}

/**
 * Records the outcomes of jobs that finished together in one transaction and, in the same transaction, claims for
 * each finished job the next ready job of its queue (ADR-047, ADR-052). Busy workers then share one transaction,
 * and one claim per queue, for all the jobs they finished in one turn, instead of paying for a transaction and a
 * three-statement claim per job. Only the lease owner's rows change: a job whose lease another worker took over
 * (after a stall) keeps that worker's outcome.
 *
 * With a single writer (SQLite) it answers as soon as the claims are known, before the COMMIT (ADR-052): the
 * worker starts the next jobs while the commit is pending, so their outcomes join the same commit group instead of
 * waiting a commit per round. That is safe there because every write runs on the one writer connection, which sees
 * the group's uncommitted claims; delivery stays at least once (a lost commit puts the claimed jobs back in line,
 * as a crash does). With concurrent writers (PostgreSQL) it answers after the commit: a claimed job's own finish,
 * on another connection, would not see an uncommitted claim, and its `WHERE lease_owner = …` would match nothing.
 * There a batch of one queue is one statement (`finishInOneStatement`).
 */
export function finishJobs(
  handle: DatabaseHandle,
  by: FinishBy,
  finishes: JobFinish[],
): Promise<FinishedBatch> {
  const slots = slotsByQueue(finishes);
  if (handle.capabilities.supportsWritesInWith && slots.size === 1)
    return finishInOneStatement(handle, by, finishes);
  return finishInTransaction(handle, by, finishes, slots);
}

/**
 * PostgreSQL, one queue (the usual batch): the outcomes and the claim in one statement, so one round trip and one
 * commit instead of four round trips. The claim skips the jobs this statement finishes: both parts see the same
 * snapshot, and one statement must not update a row twice.
 */
async function finishInOneStatement(
  handle: DatabaseHandle,
  by: FinishBy,
  finishes: JobFinish[],
): Promise<FinishedBatch> {
  const outcomes = recordOutcomesStatement(by.owner, by.now, finishes);
  let claimed: JobRow[] = [];
  if (by.claimNext) {
    const queue = (finishes[0] as JobFinish).job.queue;
    const claim = {
      queue,
      owner: by.owner,
      limit: finishes.length,
      now: by.now,
      leaseExpiresAt: by.leaseExpiresAt,
    };
    const statement = sql<JobRow>`
      with finished as (${outcomes} returning jobs.id)
      update jobs ${leaseTo(claim)}
       where id in (${readyJobsStatement(claim, claimLock(handle))})
         and id not in (select id from finished)
      returning *`;
    claimed = (await statement.execute(handle.db)).rows;
  } else await outcomes.execute(handle.db);
  const handedOver = finishes.map((_, i) => (claimed[i] ? [claimed[i]] : []));
  return { handedOver, durable: Promise.resolve() };
}

function finishInTransaction(
  handle: DatabaseHandle,
  by: FinishBy,
  finishes: JobFinish[],
  slotsOf: Map<string, number[]>,
): Promise<FinishedBatch> {
  const { owner, now, leaseExpiresAt } = by;
  const answerBeforeCommit = !handle.capabilities.supportsConcurrentWriters;
  let committed!: () => void;
  let lost!: (error: unknown) => void;
  const durable = new Promise<void>((resolve, reject) => {
    committed = resolve;
    lost = reject;
  });
  // When the answer comes before the commit, a failure reaches the caller through `durable` only; otherwise through
  // the answer's rejection, and `durable` has no reader.
  durable.catch(() => undefined);
  return new Promise((resolve, reject) => {
    handle.db
      .transaction()
      .execute(async (trx) => {
        await recordOutcomesStatement(owner, now, finishes).execute(trx);
        const handedOver: JobRow[][] = finishes.map(() => []);
        if (by.claimNext) {
          for (const [queue, slots] of slotsOf) {
            const claim = { queue, owner, limit: slots.length, now, leaseExpiresAt };
            const claimed = await claimJobs(handle, claim, trx);
            claimed.forEach((job, i) => {
              handedOver[slots[i] as number]?.push(job);
            });
          }
        }
        if (answerBeforeCommit) resolve({ handedOver, durable });
        return handedOver;
      })
      .then(
        (handedOver) => {
          committed();
          resolve({ handedOver, durable });
        },
        (error: unknown) => {
          lost(error);
          reject(error);
        },
      );
  });
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
 * One `UPDATE … FROM` for all the outcomes of a batch, each row joined to its own status, result and error: one
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
