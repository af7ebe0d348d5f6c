import { JobSchema, JobsBatchSchema, JobTypeSchema } from '@tillpoint/sdk/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProduct, placeOrder } from '../support/commerce-fixtures.js';
import { bearer, codeOf, createAdmin, registerUser } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

for (const dialect of DIALECTS) {
  describe(`jobs API on ${dialect}`, () => {
    let t: TestApp;
    let admin: string;
    beforeAll(async () => {
      t = await createTestApp(dialect, { startWorkers: true });
      admin = (await createAdmin(t)).accessToken;
    });
    afterAll(async () => t?.close());

    const post = (url: string, payload?: unknown) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: bearer(admin),
        ...(payload === undefined ? {} : { payload: payload as object }),
      });

    it('lists job types with their params JSON Schema', async () => {
      const response = await t.app.inject({ url: '/v1/job-types', headers: bearer(admin) });
      expect(response.statusCode).toBe(200);
      const types = response.json().data.map((type: unknown) => JobTypeSchema.parse(type));
      expect(types.map((type: { type: string }) => type.type)).toEqual(
        expect.arrayContaining(['orders.cancel_overdue', 'maintenance.cleanup']),
      );
      const cancel = types.find((type: { type: string }) => type.type === 'orders.cancel_overdue');
      expect(cancel.paramsSchema).toMatchObject({
        type: 'object',
        properties: { limit: { type: 'integer' } },
      });
    });

    it('starts a job on an idle queue at once; on SQLite its claim commits with the enqueue (ADR-062)', async () => {
      const created = await post('/v1/jobs', { type: 'system.probe', params: { durationMs: 1500 } });
      expect(created.statusCode, created.body).toBe(201);
      const { id } = JobSchema.parse(created.json());
      const right = await t.app.inject({ url: `/v1/jobs/${id}`, headers: bearer(admin) });
      // SQLite: the local worker's claim joined the enqueue's commit group, so the job is already leased when the
      // 201 is sent. PostgreSQL: the claim follows the commit (another connection), a moment later.
      if (dialect === 'sqlite') expect(right.json()).toMatchObject({ status: 'running', attempts: 1 });
      const finished = await t.app.inject({ url: `/v1/jobs/${id}?wait=10`, headers: bearer(admin) });
      expect(finished.json()).toMatchObject({ status: 'succeeded', attempts: 1 });
    });

    it('enqueues a batch in one transaction: each result in order, unique keys honoured, every job runs', async () => {
      const held = await post('/v1/jobs', {
        type: 'system.probe',
        params: { durationMs: 0 },
        uniqueKey: 'batch-held',
        runAt: '2999-01-01T00:00:00.000Z',
      });
      expect(held.statusCode).toBe(201);
      const response = await post('/v1/jobs/batch', {
        jobs: [
          { type: 'system.probe', params: { durationMs: 0 } },
          { type: 'system.probe', params: { durationMs: 0 }, uniqueKey: 'batch-new' },
          { type: 'system.probe', params: { durationMs: 0 }, uniqueKey: 'batch-new' },
          { type: 'system.probe', params: { durationMs: 0 }, uniqueKey: 'batch-held' },
          { type: 'maintenance.cleanup', priority: 5 },
        ],
      });
      expect(response.statusCode, response.body).toBe(201);
      const batch = JobsBatchSchema.parse(response.json());
      expect(batch).toMatchObject({ object: 'jobs_batch', created: 3, existing: 2 });
      expect(batch.data.map((entry) => entry.created)).toEqual([true, true, false, false, true]);
      expect(batch.data[2]!.job.id).toBe(batch.data[1]!.job.id);
      expect(batch.data[3]!.job.id).toBe(held.json().id);
      expect(batch.data[4]!.job).toMatchObject({ type: 'maintenance.cleanup', priority: 5 });
      for (const id of new Set([0, 1, 4].map((i) => batch.data[i]!.job.id))) {
        const waited = await t.app.inject({ url: `/v1/jobs/${id}?wait=20`, headers: bearer(admin) });
        expect(waited.json().status).toBe('succeeded');
      }
    });

    it('writes a full batch of 1,000 jobs, in order, each answered as stored', async () => {
      const response = await post('/v1/jobs/batch', {
        jobs: Array.from({ length: 1_000 }, (_, i) => ({
          type: 'system.probe',
          params: { durationMs: 0 },
          priority: i % 3,
          runAt: '2999-01-01T00:00:00.000Z',
        })),
      });
      expect(response.statusCode, response.body).toBe(201);
      const batch = JobsBatchSchema.parse(response.json());
      expect(batch).toMatchObject({ created: 1_000, existing: 0 });
      const ids = batch.data.map((entry) => entry.job.id);
      expect([...ids].sort()).toEqual(ids);
      const stored = await t.database.db
        .selectFrom('jobs')
        .select(['id', 'priority', 'status'])
        .where('id', 'in', ids)
        .orderBy('id')
        .execute();
      expect(stored).toEqual(ids.map((id, i) => ({ id, priority: i % 3, status: 'pending' })));
      await t.database.db.deleteFrom('jobs').where('id', 'in', ids).execute();
    });

    it('refuses a batch with one bad job as a whole, naming it, and one over 1,000 jobs', async () => {
      const count = async () =>
        Number(
          (
            await t.database.db
              .selectFrom('jobs')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirst()
          )?.n,
        );
      const before = await count();
      const bad = await post('/v1/jobs/batch', {
        jobs: [
          { type: 'system.probe', params: { durationMs: 0 } },
          { type: 'system.probe', params: { durationMs: 0 } },
          { type: 'system.probe', params: { durationMs: 'soon' } },
        ],
      });
      expect(bad.statusCode).toBe(422);
      expect(codeOf(bad)).toBe('validation_failed');
      expect(bad.json().errors[0].path).toBe('body.jobs.2.params.durationMs');
      const unknown = await post('/v1/jobs/batch', { jobs: [{ type: 'no.such.type' }] });
      expect(unknown.json().errors[0].path).toBe('body.jobs.0.type');
      const tooMany = await post('/v1/jobs/batch', {
        jobs: Array.from({ length: 1_001 }, () => ({ type: 'system.probe' })),
      });
      expect(tooMany.statusCode).toBe(422);
      expect(await count()).toBe(before);
    });

    it('runs a job enqueued through the API and long-polls until it has finished', async () => {
      const user = await registerUser(t.app);
      const product = await createProduct(t.app, admin, { stock: 3 });
      const order = await placeOrder(t.app, user.accessToken, [{ sku: product.sku, quantity: 3 }]);
      await t.database.db
        .updateTable('orders')
        .set({ payment_due_at: '2000-01-01T00:00:00.000Z' })
        .where('id', '=', order.id)
        .execute();
      const created = await post('/v1/jobs', { type: 'orders.cancel_overdue', params: {} });
      expect(created.statusCode).toBe(201);
      const job = JobSchema.parse(created.json());
      const waited = await t.app.inject({ url: `/v1/jobs/${job.id}?wait=20`, headers: bearer(admin) });
      const done = JobSchema.parse(waited.json());
      expect(done).toMatchObject({ status: 'succeeded', attempts: 1, progress: 100 });
      expect((done.result as { cancelled: number }).cancelled).toBeGreaterThanOrEqual(1);
      const after = await t.app.inject({ url: `/v1/orders/${order.id}`, headers: bearer(admin) });
      expect(after.json().status).toBe('cancelled');
      expect((await t.app.inject({ url: `/v1/products/${product.id}` })).json().stock).toBe(3);
    });

    it('refuses unknown types and bad params with 422 naming the field', async () => {
      const unknown = await post('/v1/jobs', { type: 'nope.nothing', params: {} });
      expect(unknown.statusCode).toBe(422);
      const bad = await post('/v1/jobs', { type: 'orders.cancel_overdue', params: { limit: 'all' } });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().errors[0].path).toBe('body.params.limit');
      expect(
        await t.database.db.selectFrom('jobs').select('id').where('type', '=', 'nope.nothing').execute(),
      ).toEqual([]);
    });

    it('dedupes by unique key, cancels a pending job, and retries it', async () => {
      const runAt = new Date(Date.now() + 3_600_000).toISOString();
      const first = await post('/v1/jobs', {
        type: 'maintenance.cleanup',
        params: {},
        runAt,
        uniqueKey: 'cleanup:test',
      });
      const second = await post('/v1/jobs', {
        type: 'maintenance.cleanup',
        params: {},
        runAt,
        uniqueKey: 'cleanup:test',
      });
      expect([first.statusCode, second.statusCode]).toEqual([201, 200]);
      expect(second.json().id).toBe(first.json().id);
      const cancelled = await post(`/v1/jobs/${first.json().id}/cancel`);
      expect(cancelled.json().status).toBe('cancelled');
      const retried = await post(`/v1/jobs/${first.json().id}/retry`);
      expect(retried.json()).toMatchObject({ status: 'pending', attempts: 0 });
      const again = await post(`/v1/jobs/${first.json().id}/retry`);
      expect(codeOf(again)).toBe('invalid_transition');
      const list = await t.app.inject({ url: '/v1/jobs?type=maintenance.cleanup', headers: bearer(admin) });
      expect(list.json().data.map((job: { id: string }) => job.id)).toContain(first.json().id);
    });

    it('reports each queue with its depth and last-minute throughput', async () => {
      await post('/v1/jobs', {
        type: 'system.probe',
        params: {},
        runAt: new Date(Date.now() + 3_600_000).toISOString(),
      });
      const response = await t.app.inject({ url: '/v1/queues', headers: bearer(admin) });
      expect(response.statusCode).toBe(200);
      const queues = response.json().data as Array<{ name: string; pending: number }>;
      expect(queues.map((q) => q.name)).toEqual(['email', 'webhooks', 'data-processing']);
      // The probe waits an hour ahead: it counts as pending.
      expect(queues.find((q) => q.name === 'data-processing')!.pending).toBeGreaterThanOrEqual(1);
    });

    it('is for admins only', async () => {
      const user = await registerUser(t.app);
      expect((await t.app.inject({ url: '/v1/jobs', headers: bearer(user.accessToken) })).statusCode).toBe(
        403,
      );
      expect((await t.app.inject({ url: '/v1/job-types' })).statusCode).toBe(401);
    });
  });
}
