import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { assembleDaemon } from '../../src/daemon.js';
import type { JobStatus } from '../../src/db/database-types.js';
import { openDatabase } from '../../src/db/open-database.js';
import { createLogger } from '../../src/infra/logger.js';
import { spawnDaemon } from '../support/spawn-daemon.js';
import { apiAt, createAdminOffline } from '../support/spawned-api.js';
import { createTestDatabase, DIALECTS } from '../support/test-database.js';

const JOBS = 2_000;
const PASSWORD = 'correct horse battery';

for (const dialect of DIALECTS) {
  describe(`worker processes killed mid-work on ${dialect}`, () => {
    it(`loses none of ${JOBS} jobs when a daemon is SIGKILLed: its leased jobs run elsewhere after the lease`, async () => {
      const database = await createTestDatabase(dialect);
      const config = loadConfig({ dataDir: database.dataDir, databaseUrl: database.databaseUrl }, {});
      const setup = await assembleDaemon(config, createLogger({ logLevel: 'silent', logFormat: 'json' }));
      await setup.database.db.transaction().execute(async (trx) => {
        for (let i = 0; i < JOBS; i++) {
          await setup.services.queue.enqueue(trx, {
            type: 'system.probe',
            params: { durationMs: 40 },
            maxAttempts: 3,
          });
        }
      });
      await setup.services.close();
      await setup.database.close();

      const env: Record<string, string> = {
        TILLPOINT_WORKER_CONCURRENCY: '8',
        TILLPOINT_JOB_LEASE_SECONDS: '2',
        TILLPOINT_SCHEDULER: 'false',
        ...(database.databaseUrl ? { TILLPOINT_DATABASE_URL: database.databaseUrl } : {}),
      };
      const watch = await openDatabase(config);
      const count = async (status: JobStatus) =>
        Number(
          (
            await watch.db
              .selectFrom('jobs')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('status', '=', status)
              .executeTakeFirst()
          )?.n ?? 0,
        );
      const victim = await spawnDaemon({ dataDir: database.dataDir, env });
      const survivor = await spawnDaemon({ dataDir: database.dataDir, env });
      try {
        // The victim's own leases (the owner names its pid): the survivor's running jobs say nothing about it.
        const leased = () =>
          watch.db
            .selectFrom('jobs')
            .select('id')
            .where('status', '=', 'running')
            .where('lease_owner', 'like', `%#${victim.pid}`)
            .execute();
        // Kill once work is well under way and the victim holds some job: on a loaded machine its workers can sit
        // between claims at the instant the first condition becomes true.
        let runningAtKill = await leased();
        while ((await count('succeeded')) < JOBS / 10 || runningAtKill.length === 0) {
          await sleep(20);
          runningAtKill = await leased();
        }
        victim.process.kill('SIGKILL');
        expect(runningAtKill.length).toBeGreaterThan(0);

        const deadline = Date.now() + 90_000;
        while ((await count('succeeded')) < JOBS && Date.now() < deadline) await sleep(100);
        expect(await count('succeeded')).toBe(JOBS);
        expect(await count('dead')).toBe(0);
        // Jobs the victim held were claimed again once their lease ran out.
        const retried = await watch.db.selectFrom('jobs').select('id').where('attempts', '>', 1).execute();
        expect(retried.length).toBeGreaterThan(0);
      } finally {
        if (victim.process.exitCode === null && victim.process.signalCode === null)
          victim.process.kill('SIGKILL');
        expect(await survivor.stop()).toBe(0);
        await watch.close();
        await database.drop();
      }
    }, 120_000);

    it('a daemon restarted after kill -9 takes back its own jobs at once, not after their lease', async () => {
      const database = await createTestDatabase(dialect);
      const config = loadConfig({ dataDir: database.dataDir, databaseUrl: database.databaseUrl }, {});
      const setup = await assembleDaemon(config, createLogger({ logLevel: 'silent', logFormat: 'json' }));
      await setup.database.db.transaction().execute(async (trx) => {
        for (let i = 0; i < 8; i++) {
          await setup.services.queue.enqueue(trx, {
            type: 'system.probe',
            params: { durationMs: 1_500 },
            maxAttempts: 3,
          });
        }
      });
      await setup.services.close();
      await setup.database.close();
      // A lease far longer than the test's patience: only the restart's reclaim can finish the jobs in time.
      const env: Record<string, string> = {
        TILLPOINT_WORKER_CONCURRENCY: '4',
        TILLPOINT_JOB_LEASE_SECONDS: '300',
        TILLPOINT_SCHEDULER: 'false',
        ...(database.databaseUrl ? { TILLPOINT_DATABASE_URL: database.databaseUrl } : {}),
      };
      const watch = await openDatabase(config);
      const jobsIn = (status: JobStatus) =>
        watch.db.selectFrom('jobs').select(['id', 'attempts']).where('status', '=', status).execute();
      let restarted: Awaited<ReturnType<typeof spawnDaemon>> | undefined;
      try {
        const first = await spawnDaemon({ dataDir: database.dataDir, env });
        let held = await jobsIn('running');
        while (held.length === 0) {
          await sleep(20);
          held = await jobsIn('running');
        }
        first.process.kill('SIGKILL');
        await new Promise((resolve) => first.process.once('exit', resolve));
        restarted = await spawnDaemon({ dataDir: database.dataDir, env });
        const deadline = Date.now() + 30_000;
        while ((await jobsIn('succeeded')).length < 8 && Date.now() < deadline) await sleep(100);
        const succeeded = await jobsIn('succeeded');
        expect(succeeded).toHaveLength(8);
        // The jobs the killed process held ran a second time, on the restarted one.
        const again = new Set(succeeded.filter((job) => job.attempts === 2).map((job) => job.id));
        for (const job of held) expect(again.has(job.id)).toBe(true);
        expect(restarted.output()).toContain('reclaimed jobs of a crashed process');
      } finally {
        await restarted?.stop();
        await watch.close();
        await database.drop();
      }
    }, 90_000);

    it('jobs acknowledged by POST /v1/jobs survive a kill -9 right after their 201 and run after the restart', async () => {
      const database = await createTestDatabase(dialect);
      createAdminOffline(database, 'ops@example.test', PASSWORD);
      // A lease far longer than the test's patience: a job held by the killed process finishes in time only through
      // the restart's reclaim; one still pending, through a plain claim.
      const env = {
        TILLPOINT_WORKER_CONCURRENCY: '8',
        TILLPOINT_JOB_LEASE_SECONDS: '300',
        TILLPOINT_SCHEDULER: 'false',
        ...(database.databaseUrl ? { TILLPOINT_DATABASE_URL: database.databaseUrl } : {}),
      };
      const watch = await openDatabase(
        loadConfig({ dataDir: database.dataDir, databaseUrl: database.databaseUrl }, {}),
      );
      let restarted: Awaited<ReturnType<typeof spawnDaemon>> | undefined;
      try {
        const first = await spawnDaemon({ dataDir: database.dataDir, env });
        const call = apiAt(first.url);
        const login = await call('POST', '/v1/auth/login', { email: 'ops@example.test', password: PASSWORD });
        const acknowledged: string[] = [];
        for (let i = 0; i < 6; i++) {
          const created = await call(
            'POST',
            '/v1/jobs',
            { type: 'system.probe', params: { durationMs: 2_000 }, maxAttempts: 3 },
            login.body.accessToken,
          );
          expect(created.status).toBe(201);
          acknowledged.push(created.body.id);
        }
        first.process.kill('SIGKILL');
        await new Promise((resolve) => first.process.once('exit', resolve));
        const atKill = await watch.db
          .selectFrom('jobs')
          .select(['id', 'status'])
          .where('id', 'in', acknowledged)
          .execute();
        // Every acknowledged job was durable; none had finished (each runs 2 s).
        expect(atKill.map((job) => job.id).sort()).toEqual([...acknowledged].sort());
        expect(atKill.every((job) => job.status === 'pending' || job.status === 'running')).toBe(true);
        // On SQLite the claim commits with the enqueue (ADR-062): the killed process held them all.
        if (dialect === 'sqlite') expect(atKill.every((job) => job.status === 'running')).toBe(true);

        restarted = await spawnDaemon({ dataDir: database.dataDir, env });
        const deadline = Date.now() + 30_000;
        const succeeded = () =>
          watch.db
            .selectFrom('jobs')
            .select('id')
            .where('id', 'in', acknowledged)
            .where('status', '=', 'succeeded')
            .execute();
        while ((await succeeded()).length < acknowledged.length && Date.now() < deadline) await sleep(100);
        expect(await succeeded()).toHaveLength(acknowledged.length);
      } finally {
        await restarted?.stop();
        await watch.close();
        await database.drop();
      }
    }, 90_000);
  });
}
