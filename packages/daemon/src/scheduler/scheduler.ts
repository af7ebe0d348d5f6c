import type { Database } from '../db/database-types.js';
import { isTrue } from '../db/database-types.js';
import type { Clock } from '../infra/clock.js';
import type { Logger } from '../infra/logger.js';
import {
  type ScheduleRow,
  schedulesRepository,
  timingOf,
} from '../modules/schedules/schedules-repository.js';
import type { JobQueue, JobRow } from '../queue/job-queue.js';
import { createBreeTimers } from './bree-scheduler.js';
import { earlyByMs, latestTickAtOrBefore, tickFor, tickUniqueKey } from './schedule-ticks.js';

/** How often a node re-reads the schedules table to pick up changes made through another node. */
const RESYNC_MS = 30_000;

/**
 * Fires schedules: Bree times them; each firing claims its tick in the database (compare-and-set on
 * `last_tick_at`) and, only if it won, enqueues the job with the unique key `schedule:<name>:<tick>` in the same
 * transaction. Any number of schedulers on one database therefore run each tick once.
 * Missed ticks (the daemon was down): `run_once` schedules fire their latest missed tick on start, `skip` ones wait.
 */
export function createScheduler(deps: { db: Database; queue: JobQueue; clock: Clock; logger: Logger }) {
  const { db, queue, clock, logger } = deps;
  const timers = createBreeTimers({
    logger,
    now: () => clock.now(),
    onFire: async (id, at) => {
      await fireTimer(id, at);
    },
  });
  const known = new Map<string, string>();
  let resync: NodeJS.Timeout | undefined;
  /** Set by `stop()`: a firing still in progress (waiting for its tick) enqueues nothing after it. */
  let stopped = false;

  /**
   * Fires the tick a timer firing at `firedAt` stands for: the latest one due, however late the timer is. Only when
   * that tick has already run and the next one is at most `EARLY_TOLERANCE_MS` away is the firing an early one
   * (cron timers can fire a little before their instant): it then waits for its tick rather than enqueue it early.
   * @returns the job when this call enqueued it.
   */
  async function fireTimer(id: string, firedAt: Date): Promise<JobRow | undefined> {
    const row = await schedulesRepository(db).findByRef(id);
    if (!row || isTrue(row.paused) || stopped) return undefined;
    const timing = timingOf(row);
    const due = tickFor(timing, firedAt);
    const early = earlyByMs(timing, firedAt);
    const alreadyRun = row.last_tick_at !== null && row.last_tick_at >= due.toISOString();
    if (!alreadyRun || early === 0) return fireTick(row, due);
    await new Promise((resolve) => setTimeout(resolve, early));
    if (stopped) return undefined;
    return fireTick(row, tickFor(timing, new Date(firedAt.getTime() + early)));
  }

  /** Enqueues the tick's job unless some scheduler already has. @returns the job when this call enqueued it. */
  async function fireTick(row: ScheduleRow, tick: Date): Promise<JobRow | undefined> {
    const job = await db.transaction().execute(async (trx) => {
      if (!(await schedulesRepository(trx).claimTick(row.id, tick.toISOString()))) return undefined;
      const { job } = await queue.enqueue(trx, {
        type: row.job_type,
        params: JSON.parse(row.params),
        uniqueKey: tickUniqueKey(row.name, tick),
      });
      return job;
    });
    if (job) {
      queue.wake(job.queue);
      logger.info({ schedule: row.name, tick: tick.toISOString(), jobId: job.id }, 'schedule fired');
    }
    return job;
  }

  /** Fires the latest missed tick of each `run_once` schedule that has one. */
  async function catchUp(): Promise<JobRow[]> {
    const now = clock.now();
    const fired: JobRow[] = [];
    for (const row of await schedulesRepository(db).all()) {
      if (isTrue(row.paused) || row.missed_ticks !== 'run_once') continue;
      const latest = latestTickAtOrBefore(timingOf(row), now);
      // A tick before the schedule existed was not missed.
      if (latest.toISOString() < row.created_at) continue;
      if (row.last_tick_at && row.last_tick_at >= latest.toISOString()) continue;
      const job = await fireTick(row, latest);
      if (job) fired.push(job);
    }
    return fired;
  }

  /** Brings the timers in line with the table: new, changed, paused and deleted schedules. */
  async function sync() {
    const rows = await schedulesRepository(db).all();
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.id);
      if (isTrue(row.paused)) {
        if (known.has(row.id)) await timers.remove(row.id);
        known.delete(row.id);
        continue;
      }
      const version = `${row.cron}|${row.interval_seconds}|${row.timezone}`;
      if (known.get(row.id) === version) continue;
      await timers.set({ id: row.id, timing: timingOf(row) });
      known.set(row.id, version);
    }
    for (const id of [...known.keys()]) {
      if (seen.has(id)) continue;
      await timers.remove(id);
      known.delete(id);
    }
  }

  return {
    fireTick,
    fireTimer,
    catchUp,
    sync,
    async start() {
      stopped = false;
      timers.start();
      await catchUp();
      await sync();
      resync = setInterval(() => {
        sync().catch((error: unknown) => logger.warn({ err: error }, 'schedule resync failed'));
      }, RESYNC_MS);
      resync.unref();
    },
    /** Stops the timers; a tick in flight gets 2 s to finish (its job is in the database or it is not). */
    async stop() {
      stopped = true;
      if (resync) clearInterval(resync);
      await Promise.race([timers.stop(), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
      known.clear();
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
