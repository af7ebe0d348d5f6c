import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CompiledQuery } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../src/config.js';
import { commitWork } from '../../src/db/commit-work.js';
import type { DatabaseHandle } from '../../src/db/database-types.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open-database.js';
import { createFsBlobStore } from '../../src/infra/blobs/fs-blob-store.js';
import { type Clock, createManualClock } from '../../src/infra/clock.js';
import { createLogger } from '../../src/infra/logger.js';
import { claimJobs } from '../../src/queue/claim-jobs.js';
import { finishJobs } from '../../src/queue/finish-jobs.js';
import { createJobQueue, type JobQueue } from '../../src/queue/job-queue.js';
import { createJobCatalog, defineJobType } from '../../src/queue/job-types.js';
import { createWorkerPool, type WorkerPool } from '../../src/queue/worker-pool.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/test-database.js';

const logger = createLogger({ logLevel: 'silent', logFormat: 'json' });

/** Polls until `check` passes or 10 s elapse. */
async function eventually(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}

for (const dialect of DIALECTS) {
  describe(`job queue on ${dialect}`, () => {
    let testDatabase: TestDatabase;
    let database: DatabaseHandle;
    const clock = createManualClock(new Date());
    const ran: string[] = [];
    let failUntilAttempt = 0;
    const pools: WorkerPool[] = [];
    const tracked = { active: 0, most: 0 };

    const catalog = createJobCatalog([
      defineJobType({
        type: 'test.record',
        queue: 'data-processing',
        params: z.strictObject({ label: z.string().min(1) }),
        async handler(params, context) {
          await context.progress(50, 'half way');
          ran.push(params.label);
          return { label: params.label };
        },
      }),
      defineJobType({
        type: 'test.flaky',
        queue: 'data-processing',
        params: z.object({}),
        maxAttempts: 3,
        async handler(_params, context) {
          if (context.attempt <= failUntilAttempt) throw new Error(`boom on attempt ${context.attempt}`);
          return 'ok';
        },
      }),
      defineJobType({
        type: 'test.track',
        queue: 'data-processing',
        params: z.object({}),
        async handler() {
          tracked.active++;
          tracked.most = Math.max(tracked.most, tracked.active);
          await sleep(5);
          tracked.active--;
        },
      }),
      defineJobType({
        type: 'test.noop',
        queue: 'data-processing',
        params: z.object({}),
        async handler() {
          return null;
        },
      }),
      defineJobType({
        type: 'test.wait',
        queue: 'email',
        params: z.object({}),
        async handler(_params, context) {
          await new Promise<void>((_resolve, reject) => {
            context.signal.addEventListener('abort', () => reject(context.signal.reason), { once: true });
          });
        },
      }),
    ]);
    let queue: JobQueue;

    /** A worker pool on the test database (polling every 50 ms unless `pollMs` says otherwise). */
    function pool(
      concurrency: Record<string, number>,
      leaseMs = 30_000,
      handle = database,
      more: { clock?: Clock; pollMs?: number } = {},
    ) {
      const created = createWorkerPool({
        database: handle,
        blobs: createFsBlobStore(join(testDatabase.dataDir, 'blobs')),
        queue,
        catalog,
        clock: more.clock ?? clock,
        logger,
        options: { concurrency, leaseMs, pollMs: more.pollMs ?? 50 },
      });
      pools.push(created);
      return created;
    }
    /**
     * A clock of which every reading is a new millisecond (after the jobs' run_at, set by the shared manual clock):
     * two timestamps are equal only if one reading made both.
     */
    function tickingClock(): Clock {
      let tick = clock.now().getTime() + 60_000;
      return {
        now: () => {
          tick += 1;
          return new Date(tick);
        },
      };
    }
    /** A poll that never comes within a test: only the start, wake-ups and finishes claim. */
    const NO_POLL = { pollMs: 3_600_000 };
    const job = (id: string) =>
      database.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    beforeAll(async () => {
      testDatabase = await createTestDatabase(dialect);
      database = await openDatabase(
        loadConfig({ dataDir: testDatabase.dataDir, databaseUrl: testDatabase.databaseUrl }, {}),
      );
      await migrateToLatest(database);
      queue = createJobQueue({ catalog, clock });
    });
    afterEach(async () => {
      for (const created of pools.splice(0)) await created.stop(200);
      await database.db.deleteFrom('jobs').execute();
      ran.length = 0;
    });
    afterAll(async () => {
      await database?.close();
      await testDatabase?.drop();
    });

    it('validates params at enqueue time, naming the field', async () => {
      await expect(queue.enqueue(database.db, { type: 'test.nope', params: {} })).rejects.toMatchObject({
        code: 'validation_failed',
      });
      await expect(
        queue.enqueue(database.db, { type: 'test.record', params: { label: 5 } }),
      ).rejects.toMatchObject({
        code: 'validation_failed',
        errors: [expect.objectContaining({ path: 'body.params.label' })],
      });
    });

    it('runs a job woken by its enqueue, records progress and result', async () => {
      pool({ 'data-processing': 2 }).start();
      const { job: queued } = await queue.enqueue(database.db, {
        type: 'test.record',
        params: { label: 'a' },
      });
      queue.wake('data-processing');
      await eventually(async () => (await job(queued.id)).status === 'succeeded', 'success');
      const done = await job(queued.id);
      expect(JSON.parse(done.result ?? 'null')).toEqual({ label: 'a' });
      expect(done).toMatchObject({ attempts: 1, progress: 100 });
      expect(ran).toEqual(['a']);
    });

    it('runs a job outside the request that woke it: no worker transaction commits the request’s audit entry', async () => {
      // No poll: only the wake-up below claims the job.
      const worker = pool({ 'data-processing': 1 }, 30_000, database, NO_POLL);
      worker.start();
      await sleep(100); // the start's own claim has found the queue empty
      const { job: queued } = await queue.enqueue(database.db, {
        type: 'test.record',
        params: { label: 'woken' },
      });
      const pendingAfterTheJob = await commitWork.scope(async (scope) => {
        commitWork.attach(CompiledQuery.raw('select 1'));
        queue.wake('data-processing');
        await eventually(async () => (await job(queued.id)).status === 'succeeded', 'the woken job');
        return scope.pending;
      });
      expect(pendingAfterTheJob).toBe(true);
    });

    it('enqueues inside the caller’s transaction: a rollback leaves no job', async () => {
      await expect(
        database.db.transaction().execute(async (trx) => {
          await queue.enqueue(trx, { type: 'test.record', params: { label: 'never' } });
          throw new Error('the caller’s change failed');
        }),
      ).rejects.toThrow('failed');
      expect(await database.db.selectFrom('jobs').select('id').execute()).toEqual([]);
    });

    it('retries with backoff, goes dead after max attempts, and can be retried by hand', async () => {
      failUntilAttempt = 99;
      pool({ 'data-processing': 1 }).start();
      const { job: queued } = await queue.enqueue(database.db, { type: 'test.flaky', params: {} });
      queue.wake('data-processing');
      await eventually(
        async () => (await job(queued.id)).attempts === 1 && (await job(queued.id)).status === 'pending',
        'first failure',
      );
      const first = await job(queued.id);
      expect(first.last_error).toContain('boom on attempt 1');
      const delay = Date.parse(first.run_at) - clock.now().getTime();
      expect(delay).toBeGreaterThanOrEqual(500);
      expect(delay).toBeLessThanOrEqual(1000);
      for (const attempts of [2, 3]) {
        clock.advance(60_000);
        queue.wake('data-processing');
        await eventually(
          async () =>
            (await job(queued.id)).attempts === attempts && (await job(queued.id)).status !== 'running',
          `attempt ${attempts}`,
        );
      }
      expect((await job(queued.id)).status).toBe('dead');
      failUntilAttempt = 0;
      await queue.retry(database.db, queued.id);
      queue.wake('data-processing');
      await eventually(async () => (await job(queued.id)).status === 'succeeded', 'manual retry');
      await expect(queue.retry(database.db, queued.id)).rejects.toMatchObject({ code: 'invalid_transition' });
    });

    it('dedupes by unique key while pending or running', async () => {
      const a = await queue.enqueue(database.db, {
        type: 'test.record',
        params: { label: 'u' },
        uniqueKey: 'schedule:x:1',
      });
      const b = await queue.enqueue(database.db, {
        type: 'test.record',
        params: { label: 'u' },
        uniqueKey: 'schedule:x:1',
      });
      expect(a.created).toBe(true);
      expect(b).toMatchObject({ created: false, job: { id: a.job.id } });
      pool({ 'data-processing': 1 }).start();
      queue.wake('data-processing');
      await eventually(async () => (await job(a.job.id)).status === 'succeeded', 'run');
      const c = await queue.enqueue(database.db, {
        type: 'test.record',
        params: { label: 'u' },
        uniqueKey: 'schedule:x:1',
      });
      expect(c.created).toBe(true);
    });

    it('runs by priority, and not before run_at', async () => {
      const low = await queue.enqueue(database.db, {
        type: 'test.record',
        params: { label: 'low' },
        priority: 0,
      });
      await queue.enqueue(database.db, { type: 'test.record', params: { label: 'high' }, priority: 10 });
      const later = await queue.enqueue(database.db, {
        type: 'test.record',
        params: { label: 'later' },
        runAt: new Date(clock.now().getTime() + 3_600_000),
      });
      pool({ 'data-processing': 1 }).start();
      await eventually(async () => (await job(low.job.id)).status === 'succeeded', 'both');
      expect(ran).toEqual(['high', 'low']);
      expect((await job(later.job.id)).status).toBe('pending');
      clock.advance(3_600_001);
      queue.wake('data-processing');
      await eventually(async () => (await job(later.job.id)).status === 'succeeded', 'later');
    });

    it('cancels a pending job before it runs, and a running one cooperatively', async () => {
      const pending = await queue.enqueue(database.db, {
        type: 'test.record',
        params: { label: 'cancelled' },
      });
      await queue.cancel(database.db, pending.job.id);
      const waiting = await queue.enqueue(database.db, { type: 'test.wait', params: {} });
      pool({ 'data-processing': 1, email: 1 }, 300).start();
      await eventually(async () => (await job(waiting.job.id)).status === 'running', 'start');
      await queue.cancel(database.db, waiting.job.id);
      await eventually(async () => (await job(waiting.job.id)).status === 'cancelled', 'cooperative cancel');
      expect((await job(pending.job.id)).status).toBe('cancelled');
      expect(ran).not.toContain('cancelled');
    });

    it('reclaims a job whose worker died once its lease expires', async () => {
      const orphan = await queue.enqueue(database.db, { type: 'test.record', params: { label: 'orphan' } });
      const now = clock.now().toISOString();
      const ghost = await claimJobs(database, {
        queue: 'data-processing',
        owner: 'wrk_ghost',
        limit: 1,
        now,
        leaseExpiresAt: new Date(clock.now().getTime() + 1_000).toISOString(),
      });
      expect(ghost.map((j) => j.id)).toEqual([orphan.job.id]);
      pool({ 'data-processing': 1 }).start();
      await sleep(200);
      expect((await job(orphan.job.id)).status).toBe('running');
      clock.advance(1_001);
      await eventually(async () => (await job(orphan.job.id)).status === 'succeeded', 'reclaim');
      expect((await job(orphan.job.id)).attempts).toBe(2);
    });

    it('a graceful stop gives running jobs back', async () => {
      const waiting = await queue.enqueue(database.db, { type: 'test.wait', params: {} });
      const worker = pool({ email: 1 });
      worker.start();
      await eventually(async () => (await job(waiting.job.id)).status === 'running', 'start');
      await worker.stop(100);
      expect(await job(waiting.job.id)).toMatchObject({ status: 'pending', attempts: 0, lease_owner: null });
    });

    it('a finished job hands its worker to the next ready job in the same transaction, within the concurrency', async () => {
      for (let i = 0; i < 12; i++) await queue.enqueue(database.db, { type: 'test.track', params: {} });
      // No poll and no wake-up: after the first claim, only the finishes claim.
      const worker = pool({ 'data-processing': 2 }, 30_000, database, { ...NO_POLL, clock: tickingClock() });
      worker.start();
      await eventually(
        async () =>
          (await database.db.selectFrom('jobs').select('id').where('status', '=', 'succeeded').execute())
            .length === 12,
        'all tracked jobs',
      );
      const rows = await database.db.selectFrom('jobs').select(['started_at', 'finished_at']).execute();
      const finishes = new Set(rows.map((row) => row.finished_at));
      const handedOver = rows.filter((row) => finishes.has(row.started_at));
      // The first claim starts two; each of the other ten was claimed by the commit that finished another.
      expect(handedOver).toHaveLength(10);
      expect(tracked.most).toBeGreaterThanOrEqual(1);
      expect(tracked.most).toBeLessThanOrEqual(2);
    });

    it('a job put back for a retry frees its worker for the next ready job at once, without a poll', async () => {
      failUntilAttempt = 99;
      const flaky = await queue.enqueue(database.db, { type: 'test.flaky', params: {}, priority: 10 });
      const next = await queue.enqueue(database.db, { type: 'test.record', params: { label: 'next' } });
      // The start's claim takes the flaky job (higher priority) into the only slot; no poll comes.
      pool({ 'data-processing': 1 }, 30_000, database, NO_POLL).start();
      await eventually(async () => (await job(next.job.id)).status === 'succeeded', 'the next job');
      expect(await job(flaky.job.id)).toMatchObject({ status: 'pending', attempts: 1 });
      failUntilAttempt = 0;
    });

    it('jobs that finish in the same turn are recorded in one transaction, which claims their slots’ next jobs', async () => {
      for (let i = 0; i < 12; i++) await queue.enqueue(database.db, { type: 'test.noop', params: {} });
      // One reading of the clock per transaction: equal timestamps mean one transaction wrote them.
      const worker = pool({ 'data-processing': 4 }, 30_000, database, { ...NO_POLL, clock: tickingClock() });
      worker.start();
      await eventually(
        async () =>
          (await database.db.selectFrom('jobs').select('id').where('status', '=', 'succeeded').execute())
            .length === 12,
        'all no-op jobs',
      );
      const rows = await database.db.selectFrom('jobs').select(['started_at', 'finished_at']).execute();
      const perFinish = new Map<string | null, number>();
      for (const row of rows) perFinish.set(row.finished_at, (perFinish.get(row.finished_at) ?? 0) + 1);
      // The first claim starts four; they finish in one turn, and so do the four their transaction claims, twice.
      expect([...perFinish.values()]).toEqual([4, 4, 4]);
      const finishes = new Set(perFinish.keys());
      expect(rows.filter((row) => finishes.has(row.started_at))).toHaveLength(8);
      const attempts = await database.db.selectFrom('jobs').select('attempts').execute();
      expect(attempts.every((row) => row.attempts === 1)).toBe(true);
    });

    it('jobs handed over and finished at once all record their outcome (300 no-op jobs, 8 workers)', async () => {
      // A job claimed by a finish starts once that finish has committed (ADR-052). Started earlier on PostgreSQL,
      // its own finish, on another connection, did not see the claim yet and updated nothing, leaving the job
      // `running` until its lease ended.
      for (let i = 0; i < 300; i++) await queue.enqueue(database.db, { type: 'test.noop', params: {} });
      pool({ 'data-processing': 8 }).start();
      await eventually(
        async () =>
          (await database.db.selectFrom('jobs').select('id').where('status', '=', 'succeeded').execute())
            .length === 300,
        'all 300 no-op jobs',
      );
    });

    it('one batch records mixed outcomes across queues and fills each slot from its own queue', async () => {
      const ids: Record<string, string> = {};
      for (const [name, type] of [
        ['record', 'test.record'],
        ['flaky', 'test.flaky'],
        ['wait', 'test.wait'],
        ['nextData', 'test.noop'],
        ['nextEmail', 'test.wait'],
      ] as const) {
        const params = type === 'test.record' ? { label: 'x' } : {};
        ids[name] = (await queue.enqueue(database.db, { type, params })).job.id;
      }
      const now = new Date(clock.now().getTime() + 1_000).toISOString();
      const lease = {
        owner: 'wrk_batch',
        now,
        leaseExpiresAt: new Date(Date.parse(now) + 30_000).toISOString(),
      };
      const data = await claimJobs(database, { ...lease, queue: 'data-processing', limit: 2 });
      const email = await claimJobs(database, { ...lease, queue: 'email', limit: 1 });
      const row = (id: string) => [...data, ...email].find((job) => job.id === id)!;
      const handedOver = await finishJobs(database, { ...lease, claimNext: true }, [
        { job: row(ids.record!), status: 'succeeded', result: '{"ok":true}' },
        { job: row(ids.wait!), status: 'cancelled', error: 'stopped by hand' },
        { job: row(ids.flaky!), status: 'dead', error: 'boom' },
      ]);
      expect(handedOver.map((jobs) => jobs.map((job) => job.id))).toEqual([
        [ids.nextData],
        [ids.nextEmail],
        [],
      ]);
      const stored = await database.db
        .selectFrom('jobs')
        .select(['id', 'status', 'result', 'last_error', 'progress', 'lease_owner'])
        .where('id', 'in', Object.values(ids))
        .execute();
      const byId = new Map(stored.map((job) => [job.id, job]));
      expect(byId.get(ids.record!)).toMatchObject({
        status: 'succeeded',
        result: '{"ok":true}',
        progress: 100,
      });
      expect(byId.get(ids.wait!)).toMatchObject({
        status: 'cancelled',
        last_error: 'stopped by hand',
        progress: 0,
      });
      expect(byId.get(ids.flaky!)).toMatchObject({ status: 'dead', last_error: 'boom', result: null });
      expect(byId.get(ids.nextData!)).toMatchObject({ status: 'running', lease_owner: 'wrk_batch' });
      expect(byId.get(ids.nextEmail!)).toMatchObject({ status: 'running', lease_owner: 'wrk_batch' });
    });

    it('two worker pools on separate connections run 300 jobs exactly once between them', async () => {
      const second = await openDatabase(
        loadConfig({ dataDir: testDatabase.dataDir, databaseUrl: testDatabase.databaseUrl }, {}),
      );
      try {
        for (let i = 0; i < 300; i++)
          await queue.enqueue(database.db, { type: 'test.record', params: { label: `j${i}` } });
        const a = pool({ 'data-processing': 4 });
        const b = pool({ 'data-processing': 4 }, 30_000, second);
        a.start();
        b.start();
        await eventually(
          async () =>
            (await database.db.selectFrom('jobs').select('id').where('status', '=', 'succeeded').execute())
              .length === 300,
          'all jobs',
        );
        expect(ran).toHaveLength(300);
        expect(new Set(ran).size).toBe(300);
        const attempts = await database.db.selectFrom('jobs').select('attempts').execute();
        expect(attempts.every((row) => row.attempts === 1)).toBe(true);
        await a.stop(100);
        await b.stop(100);
      } finally {
        await second.close();
      }
    }, 60_000);
  });
}
