import type { Job } from '@tillpoint/sdk/schemas';
import type { FastifyInstance } from 'fastify';
import { bearer } from './identity-fixtures.js';

/** Enqueues a job through the API as an admin. */
export async function createJob(
  app: FastifyInstance,
  adminToken: string,
  type: string,
  params: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): Promise<Job> {
  const response = await app.inject({
    method: 'POST',
    url: '/v1/jobs',
    headers: bearer(adminToken),
    payload: { type, params, ...extra },
  });
  if (response.statusCode !== 201)
    throw new Error(`enqueue ${type} failed: ${response.statusCode} ${response.body}`);
  return response.json() as Job;
}

/** Long-polls a job until it has finished (the API's `?wait=`), up to `seconds`. */
export async function waitForJob(
  app: FastifyInstance,
  adminToken: string,
  id: string,
  seconds = 30,
): Promise<Job> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const response = await app.inject({ url: `/v1/jobs/${id}?wait=5`, headers: bearer(adminToken) });
    const job = response.json() as Job;
    if (['succeeded', 'dead', 'cancelled'].includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status} after ${seconds} s`);
  }
}

/** Runs a job to completion and returns it. */
export async function runJob(
  app: FastifyInstance,
  adminToken: string,
  type: string,
  params: Record<string, unknown> = {},
): Promise<Job> {
  const job = await createJob(app, adminToken, type, params);
  return waitForJob(app, adminToken, job.id);
}

/** Polls `check` every 50 ms until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
