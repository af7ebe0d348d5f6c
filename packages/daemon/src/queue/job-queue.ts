import { EventEmitter } from 'node:events';
import { type Selectable, sql } from 'kysely';
import { AppError } from '../core/app-error.js';
import type { Database, Executor, JobStatus, JobsTable } from '../db/database-types.js';
import type { Clock } from '../infra/clock.js';
import { newId } from '../infra/ids.js';
import type { JobCatalog } from './job-types.js';

export type JobRow = Selectable<JobsTable>;

/** What a caller asks to run. Defaults come from the job type. */
export interface EnqueueRequest {
  type: string;
  params: unknown;
  /** Higher runs first. Default 0. */
  priority?: number;
  /** Not before this time. Default now. */
  runAt?: Date;
  maxAttempts?: number;
  /** While a job with this key is pending or running, enqueueing another returns that one. */
  uniqueKey?: string;
  timeoutMs?: number;
}

const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_TIMEOUT_MS = 60_000;
/** A commit normally lands within this; the fallback poll catches anything slower. */
const COMMIT_WAKE_DELAY_MS = 30;
/** Rows per multi-row insert: 23 columns each stays well under both databases' limits on bound parameters. */
const INSERT_CHUNK = 500;

/**
 * The durable queue's write side: enqueue (inside the caller's transaction), cancel, retry.
 * Enqueueing wakes local workers through `wakeups`; a worker elsewhere polls as a fallback.
 */
export function createJobQueue(deps: {
  catalog: JobCatalog;
  clock: Clock;
  /** Tells other nodes (cluster: Redis pub/sub) that a queue has work; they wake their workers. */
  broadcast?: (queue: string) => void;
  /**
   * The database has one writer whose transactions share commits (SQLite, `sqlite-commit-groups.ts`): a claim that
   * begins while the enqueueing transaction is open joins its commit.
   */
  oneWriter?: boolean;
}) {
  const wakeups = new EventEmitter();
  const delayedWakes = new Set<string>();
  wakeups.setMaxListeners(0);

  /** Validates a request against its type and builds the row it enqueues. */
  function jobRowOf(request: EnqueueRequest): JobRow {
    const type = deps.catalog.get(request.type);
    if (!type) {
      throw new AppError('validation_failed', {
        errors: [{ path: 'body.type', message: `unknown job type ${request.type}` }],
      });
    }
    const parsed = type.params.safeParse(request.params ?? {});
    if (!parsed.success) {
      throw new AppError('validation_failed', {
        errors: parsed.error.issues.map((issue) => ({
          path: ['body', 'params', ...issue.path.map(String)].join('.'),
          message: issue.message,
          code: issue.code,
        })),
      });
    }
    const now = deps.clock.now().toISOString();
    return {
      id: newId('job'),
      queue: type.queue,
      type: type.type,
      params: JSON.stringify(parsed.data),
      status: 'pending',
      priority: request.priority ?? 0,
      run_at: (request.runAt ?? deps.clock.now()).toISOString(),
      attempts: 0,
      max_attempts: request.maxAttempts ?? type.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      unique_key: request.uniqueKey ?? null,
      timeout_ms: request.timeoutMs ?? type.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      lease_owner: null,
      lease_expires_at: null,
      progress: 0,
      progress_message: null,
      result: null,
      result_file: null,
      last_error: null,
      cancel_requested: 0,
      created_at: now,
      updated_at: now,
      started_at: null,
      finished_at: null,
    };
  }

  /** Writes a job row; one whose unique key an active job holds answers that job instead. */
  async function insertJob(db: Executor, row: JobRow): Promise<{ job: JobRow; created: boolean }> {
    if (row.unique_key) {
      const existing = await findActiveByUniqueKey(db, row.unique_key);
      if (existing) return { job: existing, created: false };
    }
    const inserted = await db
      .insertInto('jobs')
      .values(row)
      // No conflict target: the partial unique index on unique_key is the only one an insert can hit.
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { job: row, created: true };
    // Lost a race for the unique key: the winner's job is the answer.
    return { job: (await findActiveByUniqueKey(db, row.unique_key!))!, created: false };
  }

  /**
   * Wakes the workers of a queue. Called from inside the enqueueing transaction as often as after it. With
   * concurrent writers (PostgreSQL) the wake is repeated shortly after (once per queue at a time): a worker on another
   * connection only sees the job once the transaction has committed. On one writer (SQLite) the first wake is enough:
   * the claim it starts queues on the writer behind the enqueue, so it sees the job (and joins its commit group); a
   * second claim a moment later would find nothing and cost a transaction of its own.
   */
  function wake(queue: string) {
    wakeups.emit('wake', queue);
    if (deps.oneWriter || delayedWakes.has(queue)) return;
    delayedWakes.add(queue);
    setTimeout(() => {
      delayedWakes.delete(queue);
      wakeups.emit('wake', queue);
      // After the commit delay, so the other nodes find the job when they look.
      deps.broadcast?.(queue);
    }, COMMIT_WAKE_DELAY_MS).unref();
  }

  /**
   * Runs `enqueue` in a transaction of its own and wakes the queues it wrote to where their claims cost least
   * (ADR-062): inside the transaction on one writer, so the claims share its commit; after it otherwise.
   */
  async function enqueueInTransaction<T>(
    db: Database,
    enqueue: (trx: Executor) => Promise<T>,
    queuesOf: (result: T) => Iterable<string>,
  ): Promise<T> {
    const wakeAll = (result: T) => {
      for (const queue of new Set(queuesOf(result))) wake(queue);
    };
    if (!deps.oneWriter) {
      const result = await db.transaction().execute(enqueue);
      wakeAll(result);
      return result;
    }
    return db.transaction().execute(async (trx) => {
      const result = await enqueue(trx);
      wakeAll(result);
      return result;
    });
  }

  return {
    wakeups,

    wake,

    /** A worker of this process has committed a job's final status (`worker-pool.ts`). */
    noteFinished(jobId: string) {
      wakeups.emit('finished', jobId);
    },

    /**
     * Resolves when a worker of this process finishes `jobId`, or after `timeoutMs` at the latest (a job another
     * node runs sends no signal here). Call it before reading the job, so a finish in between is not missed.
     */
    nextFinish(jobId: string, timeoutMs: number): Promise<void> {
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          wakeups.off('finished', onFinished);
          resolve();
        };
        const onFinished = (id: string) => {
          if (id === jobId) done();
        };
        const timer = setTimeout(done, timeoutMs);
        wakeups.on('finished', onFinished);
      });
    },

    /** A wake-up that came from another node: wake local workers only. */
    wakeLocal(queue: string) {
      wakeups.emit('wake', queue);
    },

    /**
     * Writes a job with the caller's executor, so it commits or rolls back with the caller's change.
     * Params are checked against the type's schema here, not when the job runs.
     * @returns the job, or the existing pending/running job with the same unique key.
     */
    async enqueue(db: Executor, request: EnqueueRequest): Promise<{ job: JobRow; created: boolean }> {
      return insertJob(db, jobRowOf(request));
    },

    /**
     * Enqueues one job on its own (no change of the caller's commits with it) and wakes the workers where their claim
     * costs least (ADR-062). On one writer (SQLite) the wake comes inside the enqueue's transaction: a local worker's
     * claim queues behind it on the writer, joins its commit group, and one COMMIT makes both durable, instead of a
     * second transaction and commit after the first. No job starts early: a claim hands its rows to the worker only
     * once its transaction has committed. With concurrent writers (PostgreSQL) a claim runs on another connection,
     * which sees the job only once it has committed, so the wake comes after the insert.
     */
    async enqueueAndWake(db: Database, request: EnqueueRequest): Promise<{ job: JobRow; created: boolean }> {
      const row = jobRowOf(request);
      if (!deps.oneWriter) {
        const enqueued = await insertJob(db, row);
        wake(row.queue);
        return enqueued;
      }
      return enqueueInTransaction(
        db,
        (trx) => insertJob(trx, row),
        () => [row.queue],
      );
    },

    enqueueInTransaction,

    /**
     * Enqueues several jobs with the caller's executor (one transaction, all or nothing), in order. Every job is
     * validated before anything is written; `at(index, error)` gives the error raised for job `index` (naming it).
     * Jobs without a unique key are written with one multi-row insert per chunk, instead of a statement (a round
     * trip on PostgreSQL) each; those with one are written in turn, so an earlier job of the batch holding the key
     * answers for a later one.
     */
    async enqueueMany(
      db: Executor,
      requests: EnqueueRequest[],
      at: (index: number, error: unknown) => unknown,
    ): Promise<Array<{ job: JobRow; created: boolean }>> {
      const rows = requests.map((request, index) => {
        try {
          return jobRowOf(request);
        } catch (error) {
          throw at(index, error);
        }
      });
      const plain = rows.filter((row) => !row.unique_key);
      for (let i = 0; i < plain.length; i += INSERT_CHUNK) {
        await db
          .insertInto('jobs')
          .values(plain.slice(i, i + INSERT_CHUNK))
          .execute();
      }
      const results: Array<{ job: JobRow; created: boolean }> = [];
      for (const row of rows)
        results.push(row.unique_key ? await insertJob(db, row) : { job: row, created: true });
      return results;
    },

    findById: (db: Executor, id: string) =>
      db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst(),

    /**
     * Cancels a pending job at once; a running one is asked to stop (its handler's signal aborts)
     * and ends `cancelled` when the handler returns.
     */
    async cancel(db: Executor, id: string): Promise<JobRow> {
      const now = deps.clock.now().toISOString();
      await db
        .updateTable('jobs')
        .set({ status: 'cancelled', finished_at: now, updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .execute();
      await db
        .updateTable('jobs')
        .set({ cancel_requested: 1, updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .execute();
      const job = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
      if (!job) throw new AppError('not_found', { detail: `No job ${id}.` });
      return job;
    },

    /** Puts a dead or cancelled job back in line with a fresh set of attempts. */
    async retry(db: Executor, id: string): Promise<JobRow> {
      const now = deps.clock.now().toISOString();
      const result = await db
        .updateTable('jobs')
        .set({
          status: 'pending',
          attempts: 0,
          run_at: now,
          cancel_requested: 0,
          last_error: null,
          finished_at: null,
          lease_owner: null,
          lease_expires_at: null,
          updated_at: now,
        })
        .where('id', '=', id)
        .where('status', 'in', ['dead', 'cancelled'])
        .executeTakeFirst();
      const job = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
      if (!job) throw new AppError('not_found', { detail: `No job ${id}.` });
      if (Number(result.numUpdatedRows) !== 1) {
        throw new AppError('invalid_transition', {
          detail: `The job is ${job.status}; only dead or cancelled jobs can be retried.`,
        });
      }
      return job;
    },

    /** Moves a pending job's `run_at` to now (e.g. a retry waiting out its backoff, when asked by hand). */
    async runNow(db: Executor, id: string): Promise<void> {
      const now = deps.clock.now().toISOString();
      await db
        .updateTable('jobs')
        .set({ run_at: now, updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .execute();
    },

    /** Removes finished jobs older than `before`; returns how many. */
    async prune(db: Executor, before: string): Promise<number> {
      const result = await db
        .deleteFrom('jobs')
        .where('status', 'in', ['succeeded', 'dead', 'cancelled'])
        .where('finished_at', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

/** The waiting or running job holding `key`, as a query (exported so that its query plan can be tested). */
export function activeByUniqueKey(db: Executor, key: string) {
  return (
    db
      .selectFrom('jobs')
      .selectAll()
      .where('unique_key', '=', key)
      // Literals, not parameters: only then can SQLite use the partial index on unique_key (status in the same
      // literals); with bound values it scanned every pending or running job, and then every finished one.
      .where('status', 'in', [sql.lit<JobStatus>('pending'), sql.lit<JobStatus>('running')])
  );
}

function findActiveByUniqueKey(db: Executor, key: string) {
  return activeByUniqueKey(db, key).executeTakeFirst();
}

export type JobQueue = ReturnType<typeof createJobQueue>;
