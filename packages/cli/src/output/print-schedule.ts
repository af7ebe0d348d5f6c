import type { Schedule } from '@tillpoint/sdk';
import { formatTime } from './format.js';
import type { Output } from './output.js';

/** When a schedule fires, in words: its cron expression and zone, or its interval. */
export function scheduleTiming(schedule: Schedule): string {
  return schedule.cron ? `${schedule.cron} (${schedule.timezone})` : `every ${schedule.intervalSeconds} s`;
}

/** One schedule as `key  value` lines. */
export function printSchedule(out: Output, schedule: Schedule): void {
  const s = out.style;
  const pairs: [string, string][] = [
    ['ID', schedule.id],
    ['Name', schedule.name + (schedule.builtin ? s.dim(' (built-in)') : '')],
    ['When', scheduleTiming(schedule)],
    ['Job', `${schedule.jobType} ${JSON.stringify(schedule.params)}`],
    ['State', schedule.paused ? s.yellow('paused') : s.green('active')],
    ['Missed ticks', schedule.missedTicks === 'run_once' ? 'run the latest once' : 'skip'],
    ['Last tick', formatTime(schedule.lastTickAt, s)],
    ['Next tick', formatTime(schedule.nextTickAt, s)],
  ];
  if (schedule.description) pairs.push(['Description', schedule.description]);
  out.keyValue(pairs);
}
