import { AsyncResource } from 'node:async_hooks';
import type { JobResultFile } from '@tillpoint/sdk/schemas';
import { type DatabaseHandle, isTrue } from '../db/database-types.js';
import { queryDeadlines } from '../db/query-deadlines.js';
import type { BlobStore } from '../infra/blobs/blob-store.js';
import { jobResultKey } from '../infra/blobs/blob-store.js';
import type { Clock } from '../infra/clock.js';
import type { Logger } from '../infra/logger.js';
import type { Metrics } from '../infra/metrics.js';
import { claimJobs } from './claim-jobs.js';
import { finishJobs, type JobFinish } from './finish-jobs.js';
import type { JobQueue, JobRow } from './job-queue.js';
import type { JobCatalog } from './job-types.js';
import { deadOwnersOnThisHost, newLeaseOwner } from './lease-owners.js';
import { retryDelayMs } from './retry-backoff.js';
import { batchPerTurn } from './turn-batches.js';

export interface WorkerPoolOptions {
  /** Queue name → how many jobs may run at once. */
  concurrency: Record<string, number>;
  /** How long a claim is held without a heartbeat. Default 30 s. */
  leaseMs?: number;
  /** Fallback poll when no wake-up arrives (other processes enqueue too). Default 2 s. */
  pollMs?: number;
}

/** Largest error text kept on a job. */
const MAX_ERROR_LENGTH = 2_000;

/**
 * Runs jobs: per queue, keeps up to `concurrency` handlers busy, claiming more when woken (an
 * enqueue here), when a job finishes, or on the fallback poll. Each running job holds a lease that a
 * heartbeat extends; a worker that dies stops extending it and the job is claimed again.
 * Failures retry with exponential backoff and jitter until `max_attempts`, then the job is `dead`.
 */
export function createWorkerPool(deps: {
  database: DatabaseHandle;
  queue: JobQueue;
  catalog: JobCatalog;
  clock: Clock;
  logger: Logger;
  blobs: BlobStore;
  metrics?: Metrics;
  options: WorkerPoolOptions;
}) {
  const { database, catalog, clock, logger } = deps;
  const { db } = database;
  const owner = newLeaseOwner();
  const leaseMs = deps.options.leaseMs ?? 30_000;
  const pollMs = deps.options.pollMs ?? 2_000;
  const running = new Map<string, { controller: AbortController; done: Promise<void>; queue: string }>();
  const busy = new Map<string, number>();
  let stopping = false;
  const timers: NodeJS.Timeout[] = [];

  const iso = (offsetMs = 0) => new Date(clock.now().getTime() + offsetMs).toISOString();

  /** Queues with a claim in flight, and those asked to claim again meanwhile. */
  const claiming = new Set<string>();
  const claimAgain = new Set<string>();
  /**
   * Queues woken while every worker was busy, and the jobs whose finish claimed for their slot. Such a finish saw
   * every job committed before it, so when it found none, another claim is worth a transaction only if work was
   * announced meanwhile (a wake that found no free worker). A retry, a release or a failed finish claimed nothing.
   */
  const wokenWhileFull = new Set<string>();
  const finishClaimed = new Set<string>();
  /** Claims not answered yet: `stop` waits for them, so a job they lease runs (or is aborted) before it returns. */
  const inFlightClaims = new Set<Promise<unknown>>();

  /**
   * Claims as many jobs as the queue has free workers. One claim per queue at a time: two overlapping claims (a
   * poll and a wake-up) would both count the same free workers and run more jobs than the concurrency allows.
   */
  async function fill(queue: string): Promise<void> {
    if (stopping) return;
    if (claiming.has(queue)) {
      claimAgain.add(queue);
      return;
    }
    const free = (deps.options.concurrency[queue] ?? 0) - (busy.get(queue) ?? 0);
    if (free <= 0) {
      wokenWhileFull.add(queue);
      return;
    }
    claiming.add(queue);
    wokenWhileFull.delete(queue);
    const claim = claimJobs(database, {
      queue,
      owner,
      limit: free,
      now: iso(),
      leaseExpiresAt: iso(leaseMs),
    });
    inFlightClaims.add(claim);
    try {
      const claimed = await claim;
      for (const job of claimed) start(job);
    } catch (error) {
      logger.warn({ err: error, queue }, 'claiming jobs failed; will retry on the next poll');
    } finally {
      claiming.delete(queue);
      inFlightClaims.delete(claim);
    }
    if (claimAgain.delete(queue)) await fill(queue);
  }

  function start(job: JobRow) {
    busy.set(job.queue, (busy.get(job.queue) ?? 0) + 1);
    const controller = new AbortController();
    const done = execute(job, controller)
      .catch((error: unknown) => {
        logger.error({ err: error, jobId: job.id }, 'job bookkeeping failed');
        return [];
      })
      .then(async (handedOver) => {
        running.delete(job.id);
        busy.set(job.queue, (busy.get(job.queue) ?? 1) - 1);
        // A stop that began after the finish claimed them: give them back rather than start them.
        if (stopping) await giveBack(handedOver);
        else for (const next of handedOver) start(next);
        const slotClaimed = finishClaimed.delete(job.id);
        if (handedOver.length === 0 && (!slotClaimed || wokenWhileFull.has(job.queue))) void fill(job.queue);
      });
    running.set(job.id, { controller, done, queue: job.queue });
  }

  /**
   * Counts an attempt's outcome and duration; `ranSeconds` is the run's time measured when it ended (see `ranFor`).
   * Metrics are optional: tests build pools without them.
   */
  function record(job: JobRow, outcome: string, ranSeconds = ranFor(job)) {
    deps.metrics?.jobsFinished.inc({ queue: job.queue, type: job.type, outcome });
    if (ranSeconds !== undefined)
      deps.metrics?.jobDuration.observe({ queue: job.queue, type: job.type }, ranSeconds);
  }

  /** How long the job's run took, in seconds, taken once (undefined when it never started here). */
  function ranFor(job: JobRow): number | undefined {
    const began = startedAt.get(job.id);
    startedAt.delete(job.id);
    return began === undefined ? undefined : (performance.now() - began) / 1000;
  }
  const startedAt = new Map<string, number>();

  /** Runs the job and records its outcome; answers the jobs its finish claimed for the slot it frees. */
  async function execute(job: JobRow, controller: AbortController): Promise<JobRow[]> {
    startedAt.set(job.id, performance.now());
    const type = catalog.get(job.type);
    if (!type) return finish(job, 'dead', { error: `unknown job type ${job.type}` });
    if (job.attempts > job.max_attempts)
      return finish(job, 'dead', { error: job.last_error ?? 'attempts exhausted' });

    const timeout = setTimeout(
      () => controller.abort(new Error(`timed out after ${job.timeout_ms} ms`)),
      job.timeout_ms,
    );
    // Heartbeat: extend the lease, and notice a cancel request.
    const heartbeat = setInterval(
      async () => {
        const row = await db
          .updateTable('jobs')
          .set({ lease_expires_at: iso(leaseMs) })
          .where('id', '=', job.id)
          .where('lease_owner', '=', owner)
          .returning(['cancel_requested'])
          .executeTakeFirst()
          .catch(() => undefined);
        if (row && isTrue(row.cancel_requested)) controller.abort(new Error('cancelled'));
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    const attach = async (file: JobResultFile) => {
      await db
        .updateTable('jobs')
        .set({ result_file: JSON.stringify(file), updated_at: iso() })
        .where('id', '=', job.id)
        .execute();
    };
    try {
      const params = JSON.parse(job.params) as unknown;
      const result = await queryDeadlines.detached(() =>
        type.handler(params, {
          jobId: job.id,
          attempt: job.attempts,
          maxAttempts: job.max_attempts,
          signal: controller.signal,
          saveResultFile: async (file, body) => {
            const stored = await deps.blobs.put(jobResultKey(job.id, file.name), body);
            const resultFile = { ...file, ...stored };
            await attach(resultFile);
            return resultFile;
          },
          attachResultFile: (file) => attach(file),
          progress: async (percent, message) => {
            await db
              .updateTable('jobs')
              .set({
                progress: Math.max(0, Math.min(100, Math.round(percent))),
                progress_message: message ?? null,
                updated_at: iso(),
              })
              .where('id', '=', job.id)
              .execute();
          },
        }),
      );
      if (controller.signal.aborted) throw controller.signal.reason;
      return await finish(job, 'succeeded', { result: JSON.stringify(result ?? null) });
    } catch (error) {
      return await fail(job, error, controller.signal);
    } finally {
      clearTimeout(timeout);
      clearInterval(heartbeat);
    }
  }

  async function fail(job: JobRow, error: unknown, signal: AbortSignal): Promise<JobRow[]> {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
    const current = await db
      .selectFrom('jobs')
      .select(['cancel_requested'])
      .where('id', '=', job.id)
      .executeTakeFirst();
    if (current && isTrue(current.cancel_requested)) return finish(job, 'cancelled', { error: message });
    // Shutting down: give the job back untouched so another worker (or this one, restarted) runs it.
    if (stopping && signal.aborted) {
      await release(job);
      return [];
    }
    if (job.attempts >= job.max_attempts) return finish(job, 'dead', { error: message });
    const ranSeconds = ranFor(job);
    try {
      await putBack(job, {
        run_at: iso(catalog.get(job.type)?.retryDelayMs?.(job.attempts) ?? retryDelayMs(job.attempts)),
        last_error: message,
      });
    } finally {
      // Counted once the update is done; a job whose update failed is retried all the same, when its lease ends.
      record(job, 'retried', ranSeconds);
    }
    return [];
  }

  /** Finishes reported in one turn are written together, with the claims for the slots they free (ADR-052). */
  const finishTogether = batchPerTurn((finishes: JobFinish[]) =>
    finishJobs(database, { owner, now: iso(), leaseExpiresAt: iso(leaseMs), claimNext: !stopping }, finishes),
  );

  /** Records a final outcome; answers the job claimed for the slot it frees, if any (ADR-047). */
  async function finish(
    job: JobRow,
    status: JobFinish['status'],
    outcome: Pick<JobFinish, 'result' | 'error'>,
  ): Promise<JobRow[]> {
    const ranSeconds = ranFor(job);
    const handedOver = await finishTogether({ job, status, ...outcome });
    finishClaimed.add(job.id);
    // Counted once the outcome is committed: a finish whose commit failed is retried, and must count once.
    record(job, status, ranSeconds);
    deps.queue.noteFinished(job.id);
    return handedOver;
  }

  /** Releases jobs claimed too late to run; if that fails, their leases expire as after a crash. */
  async function giveBack(jobs: JobRow[]) {
    try {
      await Promise.all(jobs.map(release));
    } catch (error) {
      logger.warn({ err: error }, 'giving back jobs claimed at shutdown failed; their leases will expire');
    }
  }

  async function release(job: JobRow) {
    const ranSeconds = ranFor(job);
    await putBack(job, { attempts: Math.max(0, job.attempts - 1) });
    record(job, 'released', ranSeconds);
  }

  /** Puts a job this pool holds back in line (pending, no lease), with the given changes. */
  async function putBack(job: JobRow, changes: { run_at?: string; last_error?: string; attempts?: number }) {
    await db
      .updateTable('jobs')
      .set({ ...changes, status: 'pending', lease_owner: null, lease_expires_at: null, updated_at: iso() })
      .where('id', '=', job.id)
      .where('lease_owner', '=', owner)
      .execute();
  }

  // A wake-up is emitted inside the request that enqueued: without the binding, the claims and the jobs it starts
  // would run in that request's async context, and their transactions would commit its audit entry (ADR-040) as
  // if they were its change. Bound here, they run in the pool's own context, as the poll does.
  const onWake = AsyncResource.bind((queue: string) => void fill(queue));

  /**
   * Jobs still `running` under an owner whose process on this host is gone (this daemon before a crash) are put
   * back in line now, by ending their leases, instead of after up to `leaseMs`: the next claim takes them, counting
   * the lost run as an attempt as an expired lease does.
   */
  async function reclaimFromDeadPredecessors(): Promise<void> {
    try {
      const held = await db
        .selectFrom('jobs')
        .select('lease_owner')
        .distinct()
        .where('status', '=', 'running')
        .where('lease_owner', 'is not', null)
        .execute();
      const dead = deadOwnersOnThisHost(held.map((row) => row.lease_owner!));
      if (dead.length === 0) return;
      const result = await db
        .updateTable('jobs')
        .set({ lease_expires_at: iso(-1) })
        .where('status', '=', 'running')
        .where('lease_owner', 'in', dead)
        .executeTakeFirst();
      logger.warn(
        { jobs: Number(result.numUpdatedRows), owners: dead },
        'reclaimed jobs of a crashed process',
      );
    } catch (error) {
      logger.warn({ err: error }, 'reclaiming jobs of a crashed process failed; their leases will expire');
    }
  }

  return {
    owner,
    start() {
      deps.queue.wakeups.on('wake', onWake);
      const reclaimed = reclaimFromDeadPredecessors();
      for (const queue of Object.keys(deps.options.concurrency)) {
        void reclaimed.then(() => fill(queue));
        const timer = setInterval(() => void fill(queue), pollMs);
        timer.unref();
        timers.push(timer);
      }
    },
    /** How many jobs this pool is running now. */
    runningCount: () => running.size,
    /**
     * Stops claiming, asks running handlers to stop (their signal aborts), waits up to `graceMs` for
     * them, and gives back the jobs they did not finish.
     */
    async stop(graceMs = 10_000): Promise<void> {
      stopping = true;
      deps.queue.wakeups.off('wake', onWake);
      for (const timer of timers) clearInterval(timer);
      // A claim answered after this point still starts its jobs: count them among those to finish.
      await Promise.allSettled([...inFlightClaims]);
      const all = [...running.values()];
      const graceful = Promise.all(all.map((job) => job.done));
      const timedOut = new Promise<'timeout'>((resolve) =>
        setTimeout(() => resolve('timeout'), graceMs).unref(),
      );
      if ((await Promise.race([graceful, timedOut])) === 'timeout') {
        for (const job of all) job.controller.abort(new Error('shutting down'));
        await graceful;
      }
    },
  };
}

export type WorkerPool = ReturnType<typeof createWorkerPool>;
