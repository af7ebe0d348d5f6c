import type { Job, JobStatus } from '@tillpoint/sdk/schemas';
import type { JobRow } from '../../queue/job-queue.js';

/**
 * A job as the API shows it. Exported for the modules that enqueue jobs and answer with them (schedules, backups),
 * so they never read the jobs module's repository.
 */
export function toJob(row: JobRow): Job {
  return {
    id: row.id,
    object: 'job',
    queue: row.queue,
    type: row.type,
    params: JSON.parse(row.params) as unknown,
    status: row.status as JobStatus,
    priority: row.priority,
    runAt: row.run_at,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    uniqueKey: row.unique_key,
    progress: row.progress,
    progressMessage: row.progress_message,
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
    lastError: row.last_error,
    resultFile: row.result_file === null ? null : (JSON.parse(row.result_file) as Job['resultFile']),
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
