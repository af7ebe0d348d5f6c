import { afterEach, describe, expect, it } from 'vitest';
import { type Job, JobFailedError, Tillpoint, TillpointError, TimeoutError } from '../src/index.js';
import { sendJson, startServer, type TestServer } from './support/test-server.js';

const JOB_ID = 'job_01JABCDEFGHJKMNPQRSTVWXYZ0';

function job(overrides: Partial<Job> = {}): Job {
  return {
    id: JOB_ID,
    object: 'job',
    queue: 'maintenance',
    type: 'maintenance.cleanup',
    params: {},
    status: 'pending',
    priority: 0,
    runAt: '2026-01-01T00:00:00.000Z',
    attempts: 0,
    maxAttempts: 3,
    uniqueKey: null,
    progress: 0,
    progressMessage: null,
    result: null,
    lastError: null,
    resultFile: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    ...overrides,
  };
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('client.jobs', () => {
  it('enqueueMany sends requests of 1,000, in order, with progress and a numbered idempotency key', async () => {
    server = await startServer((_req, res, _index, body) => {
      const { jobs } = JSON.parse(body) as { jobs: Array<{ uniqueKey?: string }> };
      sendJson(res, 201, {
        object: 'jobs_batch',
        created: jobs.length - 1,
        existing: 1,
        data: jobs.map((entry, i) => ({ created: i > 0, job: job({ uniqueKey: entry.uniqueKey ?? null }) })),
      });
    });
    const client = new Tillpoint({ baseUrl: server.url, maxRetries: 0 });
    const jobs = Array.from({ length: 2_500 }, (_, i) => ({ type: 'system.probe', uniqueKey: `k${i}` }));
    const progress: Array<[number, number]> = [];
    const batch = await client.jobs.enqueueMany(jobs, {
      idempotencyKey: 'import-7',
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(server.requests.map((r) => [r.method, r.url, JSON.parse(r.body).jobs.length])).toEqual([
      ['POST', '/v1/jobs/batch', 1_000],
      ['POST', '/v1/jobs/batch', 1_000],
      ['POST', '/v1/jobs/batch', 500],
    ]);
    expect(server.requests.map((r) => r.headers['idempotency-key'])).toEqual([
      'import-7:0',
      'import-7:1',
      'import-7:2',
    ]);
    expect(progress).toEqual([
      [1_000, 2_500],
      [2_000, 2_500],
      [2_500, 2_500],
    ]);
    expect(batch).toMatchObject({ object: 'jobs_batch', created: 2_497, existing: 3 });
    expect(batch.data.map((entry) => entry.job.uniqueKey)).toEqual(jobs.map((entry) => entry.uniqueKey));
  });

  it('create, get, list, cancel, retry and types hit their routes', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/v1/job-types')
        sendJson(res, 200, {
          object: 'list',
          data: [
            {
              object: 'job_type',
              type: 'maintenance.cleanup',
              queue: 'maintenance',
              maxAttempts: 3,
              timeoutMs: 1000,
              paramsSchema: {},
            },
          ],
          has_more: false,
        });
      else if (req.url?.startsWith('/v1/jobs?'))
        sendJson(res, 200, { object: 'list', data: [job()], has_more: false });
      else sendJson(res, req.method === 'POST' && req.url === '/v1/jobs' ? 201 : 200, job());
    });
    const client = new Tillpoint({ baseUrl: server.url, maxRetries: 0 });
    await client.jobs.create({ type: 'maintenance.cleanup', params: {}, uniqueKey: 'k' });
    await client.jobs.get(JOB_ID, { wait: 5 });
    await client.jobs.get(JOB_ID);
    const page = await client.jobs.list({ status: 'dead', limit: 5 });
    expect(page.data).toHaveLength(1);
    await client.jobs.cancel(JOB_ID);
    await client.jobs.retry(JOB_ID);
    const types = await client.jobs.types();
    expect(types.data.map((t) => t.type)).toEqual(['maintenance.cleanup']);
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /v1/jobs',
      `GET /v1/jobs/${JOB_ID}?wait=5`,
      `GET /v1/jobs/${JOB_ID}`,
      'GET /v1/jobs?status=dead&limit=5',
      `POST /v1/jobs/${JOB_ID}/cancel`,
      `POST /v1/jobs/${JOB_ID}/retry`,
      'GET /v1/job-types',
    ]);
    expect(JSON.parse(server.requests[0]!.body)).toEqual({
      type: 'maintenance.cleanup',
      params: {},
      uniqueKey: 'k',
    });
    expect(server.requests[4]!.headers['idempotency-key']).toBeTruthy();
  });

  it('run without wait returns the created job', async () => {
    server = await startServer((_req, res) => sendJson(res, 201, job()));
    const client = new Tillpoint({ baseUrl: server.url, maxRetries: 0 });
    const created = await client.jobs.run('maintenance.cleanup', {}, { priority: 5 });
    expect(created.status).toBe('pending');
    expect(server.requests).toHaveLength(1);
    expect(JSON.parse(server.requests[0]!.body)).toEqual({
      type: 'maintenance.cleanup',
      params: {},
      priority: 5,
    });
  });

  it('run with wait long-polls across slices until the job succeeded', async () => {
    // The create answers pending; the first long-poll slice ends with the job still running; the second finishes.
    const answers = [
      job(),
      job({ status: 'running', progress: 40, attempts: 1 }),
      job({ status: 'succeeded', progress: 100, attempts: 1, result: { deleted: 3 } }),
    ];
    server = await startServer((_req, res, index) => sendJson(res, index === 0 ? 201 : 200, answers[index]));
    const client = new Tillpoint({ baseUrl: server.url, maxRetries: 0 });
    const seen: number[] = [];
    const done = await client.jobs.run(
      'orders.cancel_overdue',
      { limit: 5 },
      { wait: true, onUpdate: (j) => seen.push(j.progress) },
    );
    expect(done).toMatchObject({ status: 'succeeded', result: { deleted: 3 } });
    expect(seen).toEqual([0, 40, 100]);
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /v1/jobs',
      `GET /v1/jobs/${JOB_ID}?wait=60`,
      `GET /v1/jobs/${JOB_ID}?wait=60`,
    ]);
    expect(server.requests[1]!.headers['idempotency-key']).toBeUndefined();
  });

  it('run with a timeout waits no longer than it in each slice', async () => {
    server = await startServer((_req, res, index) =>
      sendJson(res, index === 0 ? 201 : 200, job({ status: 'running' })),
    );
    const client = new Tillpoint({ baseUrl: server.url, maxRetries: 0 });
    const error = await client.jobs
      .run('maintenance.cleanup', {}, { wait: true, timeout: 1_500, pollSeconds: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(server.requests.length).toBeGreaterThan(1);
    expect(server.requests.slice(1).every((r) => r.url.endsWith('?wait=1'))).toBe(true);
  });

  it.each(['dead', 'cancelled'] as const)(
    'run with wait throws JobFailedError when the job ends %s',
    async (status) => {
      server = await startServer((_req, res, index) =>
        index === 0
          ? sendJson(res, 201, job())
          : sendJson(res, 200, job({ status, attempts: 3, lastError: status === 'dead' ? 'boom' : null })),
      );
      const client = new Tillpoint({ baseUrl: server.url, maxRetries: 0 });
      const error = await client.jobs.run('maintenance.cleanup', {}, { wait: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JobFailedError);
      expect(error).toBeInstanceOf(TillpointError);
      const failed = error as JobFailedError;
      expect(failed.code).toBe('job_failed');
      expect(failed.job.status).toBe(status);
      expect(failed.lastError).toBe(status === 'dead' ? 'boom' : null);
      if (status === 'dead') expect(failed.message).toContain('boom');
    },
  );
});
