import type { Job } from '@tillpoint/sdk';
import type { Style } from './colors.js';
import { formatTime } from './format.js';
import type { Output } from './output.js';
import { createSpinner } from './spinner.js';

/** A job status, coloured by outcome. */
export function jobStatusText(status: string, s: Style): string {
  if (status === 'succeeded') return s.green(status);
  if (status === 'dead') return s.red(status);
  if (status === 'cancelled') return s.dim(status);
  if (status === 'running') return s.cyan(status);
  return status;
}

/** One job as `key  value` lines, then its result when it has one. */
export function printJob(out: Output, job: Job): void {
  const s = out.style;
  const pairs: [string, string][] = [
    ['ID', job.id],
    ['Type', job.type],
    ['Queue', job.queue],
    ['Status', jobStatusText(job.status, s)],
    ['Progress', `${job.progress}%${job.progressMessage ? ` ${job.progressMessage}` : ''}`],
    ['Attempts', `${job.attempts}/${job.maxAttempts}`],
    ['Params', JSON.stringify(job.params ?? {})],
    ['Run at', formatTime(job.runAt, s)],
    ['Created', formatTime(job.createdAt, s)],
  ];
  if (job.startedAt) pairs.push(['Started', formatTime(job.startedAt, s)]);
  if (job.finishedAt) pairs.push(['Finished', formatTime(job.finishedAt, s)]);
  if (job.uniqueKey) pairs.push(['Unique key', job.uniqueKey]);
  if (job.lastError) pairs.push(['Last error', s.red(job.lastError)]);
  out.keyValue(pairs);
  if (job.result !== null && job.result !== undefined) {
    out.line();
    out.line(JSON.stringify(job.result, null, 2));
  }
}

/**
 * A one-line progress display on stderr while waiting for a job: a spinner with the percentage on a TTY (outside
 * CI), nothing otherwise. `stop()` clears the line.
 */
export function createJobProgress(enabled: boolean): { update(job: Job): void; stop(): void } {
  const spinner = createSpinner(enabled, 'starting…');
  return {
    update(job) {
      const message = job.progressMessage ? ` ${job.progressMessage}` : '';
      spinner.update(`${job.type} ${job.id}: ${job.status} ${job.progress}%${message}`);
    },
    stop: () => spinner.stop(),
  };
}
