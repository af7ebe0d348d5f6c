import { CronExpressionParser } from 'cron-parser';
import { Settings } from 'luxon';

// cron-parser computes with luxon, whose every date asks for the system's locale through `Intl.DateTimeFormat`
// unless a default is set; a tick never formats text, and that lookup loads ICU's locale data, about 4 MB resident
// in an idle daemon (ADR-066). Only cron-parser uses luxon here. A schedule in a named time zone other than UTC
// still reads its offsets through `Intl`, as it must.
Settings.defaultLocale = 'en-US';

/** The timing of a schedule: a cron expression in a time zone, or a fixed interval aligned to the Unix epoch. */
export type ScheduleTiming =
  | { cron: string; timezone: string; intervalSeconds?: null }
  | { cron?: null; intervalSeconds: number; timezone?: string };

/**
 * A tick's identity must be the same on every node that fires it, whatever each node's timer jitter, because it
 * is part of the job's unique key `schedule:<name>:<tick>`. These functions turn "now" into that identity.
 * Cron ticks are the expression's occurrences; interval ticks are multiples of the interval since the epoch, so
 * two nodes started at different times still agree.
 */

/**
 * How early a timer may fire and still stand for the tick just ahead of it. Timers (Bree's cron timer in
 * particular) can fire a few hundred milliseconds before their instant; when the tick before has already run, such
 * a firing waits for its tick instead of being taken for that one (see `scheduler.ts`).
 */
export const EARLY_TOLERANCE_MS = 1_000;

/** @throws Error with the parser's message when the expression is invalid. */
export function assertValidCron(cron: string, timezone: string): void {
  CronExpressionParser.parse(cron, { tz: timezone, strict: false });
}

/**
 * The tick a timer firing at `firedAt` stands for: the latest tick that is due, never a future one. A late timer
 * (a paused process, a long GC, a busy event loop) therefore runs the tick it was late for; rounding to the
 * nearest tick would enqueue the next tick early and, on a single node, lose the real one to the compare-and-set.
 * A firing slightly early is handled by the caller, with `earlyByMs`.
 */
export function tickFor(timing: ScheduleTiming, firedAt: Date): Date {
  return latestTickAtOrBefore(timing, firedAt);
}

/** How far the next tick is from `firedAt` when it is at most `EARLY_TOLERANCE_MS` away, else 0. */
export function earlyByMs(timing: ScheduleTiming, firedAt: Date): number {
  const ahead = nextTickAfter(timing, firedAt).getTime() - firedAt.getTime();
  return ahead <= EARLY_TOLERANCE_MS ? ahead : 0;
}

/** The latest tick at or before `now` (what a restarted scheduler may have missed). */
export function latestTickAtOrBefore(timing: ScheduleTiming, now: Date): Date {
  if (timing.cron) {
    return CronExpressionParser.parse(timing.cron, {
      tz: timing.timezone,
      currentDate: new Date(now.getTime() + 1),
    })
      .prev()
      .toDate();
  }
  const ms = timing.intervalSeconds! * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

/** The first tick after `now`. */
export function nextTickAfter(timing: ScheduleTiming, now: Date): Date {
  if (timing.cron) {
    return CronExpressionParser.parse(timing.cron, { tz: timing.timezone, currentDate: now }).next().toDate();
  }
  const ms = timing.intervalSeconds! * 1000;
  return new Date((Math.floor(now.getTime() / ms) + 1) * ms);
}

/** The unique key of a tick's job: one job per schedule and tick, however many schedulers fire it. */
export const tickUniqueKey = (name: string, tick: Date) => `schedule:${name}:${tick.toISOString()}`;
