import { EventEmitter } from 'node:events';
import Bree from 'bree';
import type { Logger } from '../infra/logger.js';
import { nextTickAfter, type ScheduleTiming } from './schedule-ticks.js';

/** What the timer engine needs to know of a schedule. */
export interface TimedSchedule {
  id: string;
  timing: ScheduleTiming;
}

/**
 * Bree runs each job in a worker thread; a tick here only needs to write one row, so the worker is replaced
 * (through Bree's `createWorker` extension point, the one its TypeScript plugin uses) by an in-process stand-in
 * that calls `onTick` and reports done. Bree keeps doing what it is good at: cron and interval timing, time
 * zones, and not overlapping runs of one job.
 */
class InProcessBree extends Bree {
  constructor(config: Bree.BreeOptions, onFire: (id: string) => Promise<void>) {
    super(config);
    this.createWorker = (_filename, options) => {
      // Bree asks a running worker to stop with postMessage('cancel'); a tick is one short write, so it just finishes.
      const worker = Object.assign(new EventEmitter(), {
        terminate: async () => 0,
        postMessage: () => {},
        threadId: -1,
      });
      const id = (options?.workerData as { job?: { name?: string } } | undefined)?.job?.name ?? '';
      setImmediate(() => {
        worker.emit('online');
        void onFire(id).finally(() => worker.emit('message', 'done'));
      });
      return worker as unknown as ReturnType<Bree['createWorker']>;
    };
  }
}

/**
 * The timer engine: fires `onFire(scheduleId, firedAt)` on each cron occurrence or epoch-aligned interval tick of
 * every registered schedule. Deciding whether a tick still has to run (another node may have run it) is the
 * caller's job; see `scheduler.ts`.
 */
export function createBreeTimers(deps: {
  logger: Logger;
  now: () => Date;
  onFire: (scheduleId: string, firedAt: Date) => Promise<void>;
}) {
  const quiet = {
    info: () => {},
    warn: (message: unknown) => deps.logger.debug({ message: String(message) }, 'bree'),
    error: (message: unknown) => deps.logger.error({ err: message }, 'bree error'),
  };
  const bree = new InProcessBree(
    { root: false, logger: quiet as unknown as Bree.BreeLogger, jobs: [], doRootCheck: false },
    async (id) => {
      try {
        await deps.onFire(id, deps.now());
      } catch (error) {
        deps.logger.error({ err: error, scheduleId: id }, 'schedule tick failed');
      }
    },
  );
  let started = false;

  function jobOf(schedule: TimedSchedule): Bree.JobOptions {
    const base = { name: schedule.id, path: () => {} };
    const { timing } = schedule;
    if (timing.cron) {
      const fields = timing.cron.trim().split(/\s+/).length;
      return { ...base, cron: timing.cron, hasSeconds: fields === 6, timezone: timing.timezone ?? 'UTC' };
    }
    // Start on the next epoch-aligned tick, then every interval: every node lands on the same instants.
    const now = deps.now();
    const first = nextTickAfter(timing, now).getTime() - now.getTime();
    const every = (timing.intervalSeconds ?? 60) * 1000;
    return { ...base, timeout: first, interval: every };
  }

  return {
    start() {
      started = true;
    },
    /** Registers (or re-registers, after a change) a schedule's timer. */
    async set(schedule: TimedSchedule) {
      await this.remove(schedule.id);
      await bree.add(jobOf(schedule));
      if (started) await bree.start(schedule.id);
    },
    async remove(id: string) {
      if (!bree.config.jobs.some((job) => job.name === id)) return;
      await bree.stop(id).catch(() => undefined);
      await bree.remove(id);
    },
    ids: () => bree.config.jobs.map((job) => job.name),
    async stop() {
      await bree.stop();
    },
  };
}

export type BreeTimers = ReturnType<typeof createBreeTimers>;
