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
 * that calls `onTick` and reports done. Bree keeps doing what it is good at: timing, and not overlapping runs of
 * one job.
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
 *
 * A cron schedule is given to Bree as a timeout until its next occurrence, computed by cron-parser (which already
 * names the ticks, `schedule-ticks.ts`), and set again after each run. Given the cron expression and a time zone,
 * Bree would time it with @breejs/later, which reads the zone's offset by formatting a date through `Intl` on every
 * start: that loads ICU's date and time-zone data, about 5 MB resident in an idle daemon (ADR-066).
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
  const schedules = new Map<string, TimedSchedule>();
  /** The occurrence each cron timer is set for, so that a timer that fires a millisecond early is not set for it again. */
  const armedFor = new Map<string, number>();
  let started = false;
  // Changes to Bree's job list one at a time: a cron timer set again after its run must not race a resync.
  let changes: Promise<unknown> = Promise.resolve();
  const serially = <T>(change: () => Promise<T>): Promise<T> => {
    const next = changes.then(change);
    changes = next.catch(() => undefined);
    return next;
  };

  const bree = new InProcessBree(
    { root: false, logger: quiet as unknown as Bree.BreeLogger, jobs: [], doRootCheck: false },
    async (id) => {
      try {
        await deps.onFire(id, deps.now());
      } catch (error) {
        deps.logger.error({ err: error, scheduleId: id }, 'schedule tick failed');
      }
      // After Bree has seen the run end (the stand-in worker reports done right after this).
      setImmediate(() => {
        const schedule = schedules.get(id);
        if (!started || !schedule?.timing.cron) return;
        void serially(() => register(schedule)).catch((error: unknown) =>
          deps.logger.error({ err: error, scheduleId: id }, 'schedule timer not set again'),
        );
      });
    },
  );

  function jobOf(schedule: TimedSchedule): Bree.JobOptions {
    const base = { name: schedule.id, path: () => {} };
    const { timing } = schedule;
    const now = deps.now().getTime();
    if (timing.cron) {
      const after = Math.max(now, armedFor.get(schedule.id) ?? 0);
      const next = nextTickAfter(timing, new Date(after)).getTime();
      armedFor.set(schedule.id, next);
      return { ...base, timeout: next - now };
    }
    // Start on the next epoch-aligned tick, then every interval: every node lands on the same instants.
    const first = nextTickAfter(timing, new Date(now)).getTime() - now;
    const every = (timing.intervalSeconds ?? 60) * 1000;
    return { ...base, timeout: first, interval: every };
  }

  async function unregister(id: string) {
    if (!bree.config.jobs.some((job) => job.name === id)) return;
    await bree.stop(id).catch(() => undefined);
    await bree.remove(id);
  }

  async function register(schedule: TimedSchedule) {
    await unregister(schedule.id);
    await bree.add(jobOf(schedule));
    if (started) await bree.start(schedule.id);
  }

  return {
    start() {
      started = true;
    },
    /** Registers (or re-registers, after a change) a schedule's timer. */
    set(schedule: TimedSchedule) {
      schedules.set(schedule.id, schedule);
      armedFor.delete(schedule.id);
      return serially(() => register(schedule));
    },
    remove(id: string) {
      schedules.delete(id);
      armedFor.delete(id);
      return serially(() => unregister(id));
    },
    ids: () => bree.config.jobs.map((job) => job.name),
    async stop() {
      started = false;
      await serially(() => bree.stop());
    },
  };
}

export type BreeTimers = ReturnType<typeof createBreeTimers>;
