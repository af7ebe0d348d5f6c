import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { defineJobType } from '../../queue/job-types.js';

/**
 * `system.probe`: a canary that checks the queue end to end (monitoring, smoke tests, benchmarks). It waits
 * `durationMs` (stopping early when cancelled), then succeeds, or fails with `failMessage` when `fail` is set.
 */
export function probeJobTypes() {
  return [
    defineJobType({
      type: 'system.probe',
      queue: 'data-processing',
      params: z.strictObject({
        durationMs: z.number().int().min(0).max(600_000).default(0),
        fail: z.boolean().default(false),
        failMessage: z.string().max(500).default('probe failed on request'),
      }),
      maxAttempts: 1,
      async handler(params, context) {
        if (params.durationMs > 0) {
          await sleep(params.durationMs, undefined, { signal: context.signal }).catch(() => undefined);
        }
        if (params.fail) throw new Error(params.failMessage);
        // The process ID shows which node ran it (cluster tests check the work is spread).
        return { ok: true, attempt: context.attempt, pid: process.pid };
      },
    }),
  ];
}
