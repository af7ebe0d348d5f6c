import type { Job, Schedule } from '@tillpoint/sdk/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { assembleDaemon } from '../../src/daemon.js';
import { createManualClock } from '../../src/infra/clock.js';
import { createLogger } from '../../src/infra/logger.js';
import { schedulesRepository } from '../../src/modules/schedules/schedules-repository.js';
import { bearer, codeOf, createAdmin } from '../support/identity-fixtures.js';
import { eventually } from '../support/job-fixtures.js';
import { spawnDaemon } from '../support/spawn-daemon.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { createTestDatabase, DIALECTS } from '../support/test-database.js';

for (const dialect of DIALECTS) {
  describe(`schedules on ${dialect}`, () => {
    let t: TestApp;
    let admin: string;
    const clock = createManualClock(new Date('2026-11-24T10:30:00Z'));
    const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
      t.app.inject({
        method,
        url,
        headers: bearer(admin),
        ...(payload === undefined ? {} : { payload: payload as object }),
      });

    beforeAll(async () => {
      t = await createTestApp(dialect, { clock });
      admin = (await createAdmin(t)).accessToken;
    });
    afterAll(async () => t?.close());

    it('ships the built-in schedules', async () => {
      const names = ((await api('GET', '/v1/schedules?limit=100')).json().data as Schedule[])
        .filter((s) => s.builtin)
        .map((s) => s.name)
        .sort();
      const expected = [
        'cancel-unpaid-orders',
        'carts-expire',
        'daily-sales-report',
        'maintenance-cleanup',
        'reconcile-payments',
      ];
      // Online backups are SQLite's; PostgreSQL has its own tools.
      expect(names).toEqual(dialect === 'sqlite' ? [...expected, 'sqlite-backup'].sort() : expected);
      const cleanup = (await api('GET', '/v1/schedules/maintenance-cleanup')).json() as Schedule;
      expect(cleanup.nextTickAt).toBe('2026-11-24T11:17:00.000Z');
    });

    it('creates, pauses, resumes, triggers and deletes a user schedule', async () => {
      const created = await api('POST', '/v1/schedules', {
        name: 'nightly-probe',
        cron: '0 2 * * *',
        timezone: 'Europe/Paris',
        jobType: 'system.probe',
        params: { durationMs: 0 },
        missedTicks: 'run_once',
      });
      expect(created.statusCode).toBe(201);
      const schedule = created.json() as Schedule;
      expect(schedule).toMatchObject({
        builtin: false,
        paused: false,
        nextTickAt: '2026-11-25T01:00:00.000Z',
      });

      expect((await api('POST', '/v1/schedules/nightly-probe/pause')).json()).toMatchObject({
        paused: true,
        nextTickAt: null,
      });
      expect((await api('POST', `/v1/schedules/${schedule.id}/resume`)).json()).toMatchObject({
        paused: false,
      });

      const triggered = await api('POST', '/v1/schedules/nightly-probe/trigger');
      expect(triggered.statusCode).toBe(201);
      expect((triggered.json() as Job).uniqueKey).toMatch(/^schedule:nightly-probe:manual:/);

      const patched = await api('PATCH', '/v1/schedules/nightly-probe', { intervalSeconds: 600 });
      expect(patched.json()).toMatchObject({
        cron: null,
        intervalSeconds: 600,
        nextTickAt: '2026-11-24T10:40:00.000Z',
      });

      expect((await api('DELETE', '/v1/schedules/nightly-probe')).statusCode).toBe(204);
      expect((await api('GET', '/v1/schedules/nightly-probe')).statusCode).toBe(404);
    });

    it('refuses bad schedules with field errors, duplicate names and deleting built-ins', async () => {
      const badCron = await api('POST', '/v1/schedules', {
        name: 'x',
        cron: '61 * * * *',
        jobType: 'system.probe',
      });
      expect(badCron.statusCode).toBe(422);
      expect(badCron.json().errors[0].path).toBe('body.cron');
      const unknownType = await api('POST', '/v1/schedules', {
        name: 'x',
        intervalSeconds: 60,
        jobType: 'nope',
      });
      expect(unknownType.json().errors[0].path).toBe('body.jobType');
      const badParams = await api('POST', '/v1/schedules', {
        name: 'x',
        intervalSeconds: 60,
        jobType: 'system.probe',
        params: { durationMs: 'long' },
      });
      expect(badParams.json().errors[0].path).toBe('body.params.durationMs');
      const both = await api('POST', '/v1/schedules', {
        name: 'x',
        cron: '* * * * *',
        intervalSeconds: 5,
        jobType: 'system.probe',
      });
      expect(both.statusCode).toBe(422);
      const badZone = await api('POST', '/v1/schedules', {
        name: 'x',
        intervalSeconds: 5,
        timezone: 'Mars/Olympus',
        jobType: 'system.probe',
      });
      expect(badZone.json().errors[0].path).toBe('body.timezone');

      const body = { name: 'twice', intervalSeconds: 60, jobType: 'system.probe' };
      expect((await api('POST', '/v1/schedules', body)).statusCode).toBe(201);
      const again = await api('POST', '/v1/schedules', body);
      expect(again.statusCode).toBe(409);
      expect(codeOf(again)).toBe('name_taken');

      const builtin = await api('DELETE', '/v1/schedules/maintenance-cleanup');
      expect(builtin.statusCode).toBe(409);
      expect(codeOf(builtin)).toBe('builtin_schedule');
    });

    it('fires a tick once however often it is fired (the compare-and-set on last_tick_at)', async () => {
      await api('POST', '/v1/schedules', { name: 'tick-once', intervalSeconds: 60, jobType: 'system.probe' });
      const row = (await schedulesRepository(t.database.db).findByRef('tick-once'))!;
      const tick = new Date('2026-11-24T10:31:00Z');
      const results = await Promise.all(
        Array.from({ length: 5 }, () => t.services.scheduler.fireTick(row, tick)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(results.find(Boolean)!.unique_key).toBe('schedule:tick-once:2026-11-24T10:31:00.000Z');
      // An older tick arriving late is not run either.
      expect(await t.services.scheduler.fireTick(row, new Date('2026-11-24T10:30:00Z'))).toBeUndefined();
    });

    it('runs the tick a late timer was due for, never the next one early', async () => {
      await api('POST', '/v1/schedules', {
        name: 'late-timer',
        intervalSeconds: 60,
        jobType: 'system.probe',
      });
      // The 10:31 timer fires 40 s late (more than half the interval): it stands for 10:31, not 10:32.
      const late = await t.services.scheduler.fireTimer('late-timer', new Date('2026-11-24T10:31:40Z'));
      expect(late?.unique_key).toBe('schedule:late-timer:2026-11-24T10:31:00.000Z');
      // The 10:32 timer then still runs its own tick instead of losing it to the compare-and-set.
      const next = await t.services.scheduler.fireTimer('late-timer', new Date('2026-11-24T10:32:00.010Z'));
      expect(next?.unique_key).toBe('schedule:late-timer:2026-11-24T10:32:00.000Z');
      // A one-second schedule whose timer fires 950 ms late still runs that second's tick, not the next one.
      await api('POST', '/v1/schedules', {
        name: 'late-second',
        intervalSeconds: 1,
        jobType: 'system.probe',
      });
      const second = await t.services.scheduler.fireTimer(
        'late-second',
        new Date('2026-11-24T10:31:05.950Z'),
      );
      expect(second?.unique_key).toBe('schedule:late-second:2026-11-24T10:31:05.000Z');
      // A timer 200 ms early, after its previous tick has run, waits for its tick rather than standing for that one.
      const early = await t.services.scheduler.fireTimer('late-timer', new Date('2026-11-24T10:32:59.800Z'));
      expect(early?.unique_key).toBe('schedule:late-timer:2026-11-24T10:33:00.000Z');
    });

    it('catches up once on missed ticks for run_once schedules and skips them for skip schedules', async () => {
      for (const [name, missedTicks] of [
        ['catch-up', 'run_once'],
        ['no-catch-up', 'skip'],
      ]) {
        await api('POST', '/v1/schedules', { name, cron: '0 * * * *', jobType: 'system.probe', missedTicks });
      }
      clock.advance(3 * 3_600_000); // three hourly ticks pass while "down"
      const fired = await t.services.scheduler.catchUp();
      const mine = fired.filter(
        (job) =>
          job.unique_key?.startsWith('schedule:catch-up:') ||
          job.unique_key?.startsWith('schedule:no-catch-up:'),
      );
      expect(mine.map((job) => job.unique_key)).toEqual(['schedule:catch-up:2026-11-24T13:00:00.000Z']);
      expect(
        (await t.services.scheduler.catchUp()).filter((job) => job.unique_key?.includes(':catch-up:')),
      ).toEqual([]);
    });
  });

  describe(`the Bree scheduler on ${dialect}`, () => {
    /** Creates `schedule` on a fresh app, starts its scheduler and returns the unique keys of its first `count` jobs. */
    async function keysOfFirstTicks(schedule: { name: string } & Record<string, unknown>, count: number) {
      const t = await createTestApp(dialect);
      try {
        const admin = (await createAdmin(t)).accessToken;
        const created = await t.app.inject({
          method: 'POST',
          url: '/v1/schedules',
          headers: bearer(admin),
          payload: { jobType: 'system.probe', ...schedule },
        });
        expect(created.statusCode).toBe(201);
        await t.services.startScheduler();
        return await eventually(
          async () => {
            const jobs = await t.database.db
              .selectFrom('jobs')
              .select('unique_key')
              .where('unique_key', 'like', `schedule:${schedule.name}:%`)
              .execute();
            return jobs.length >= count ? jobs.map((job) => job.unique_key!) : undefined;
          },
          `${count} ticks of ${schedule.name}`,
          10_000,
        );
      } finally {
        await t.close();
      }
    }

    /** One job per tick, each named by a whole second. */
    function expectOneJobPerWholeSecond(keys: string[]) {
      expect(new Set(keys).size).toBe(keys.length);
      for (const key of keys) expect(key).toMatch(/:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    }

    it('fires an interval schedule on epoch-aligned ticks, one job each', async () => {
      expectOneJobPerWholeSecond(await keysOfFirstTicks({ name: 'every-second', intervalSeconds: 1 }, 2));
    }, 20_000);

    it('fires a cron schedule in its time zone on each occurrence, one job each', async () => {
      const schedule = { name: 'cron-each-second', cron: '* * * * * *', timezone: 'Asia/Kolkata' };
      expectOneJobPerWholeSecond(await keysOfFirstTicks(schedule, 3));
    }, 20_000);

    it('runs each tick once with two daemon processes on one database', async () => {
      const database = await createTestDatabase(dialect);
      const logger = createLogger({ logLevel: 'silent', logFormat: 'json' });
      const config = loadConfig({ dataDir: database.dataDir, databaseUrl: database.databaseUrl }, {});
      const setup = await assembleDaemon(config, logger);
      await setup.services.schedules.create({
        name: 'shared-tick',
        intervalSeconds: 1,
        timezone: 'UTC',
        jobType: 'system.probe',
        params: {},
        missedTicks: 'skip',
        paused: false,
      });
      await setup.services.close();
      await setup.database.close();

      const env: Record<string, string> = database.databaseUrl
        ? { TILLPOINT_DATABASE_URL: database.databaseUrl }
        : {};
      const daemons = await Promise.all([
        spawnDaemon({ dataDir: database.dataDir, env }),
        spawnDaemon({ dataDir: database.dataDir, env }),
      ]);
      try {
        await new Promise((resolve) => setTimeout(resolve, 4_500));
      } finally {
        for (const daemon of daemons) expect(await daemon.stop()).toBe(0);
      }
      const check = await assembleDaemon(config, logger);
      try {
        const jobs = await check.database.db
          .selectFrom('jobs')
          .select(['unique_key', 'status'])
          .where('unique_key', 'like', 'schedule:shared-tick:%')
          .execute();
        expect(jobs.length).toBeGreaterThanOrEqual(3);
        expect(new Set(jobs.map((job) => job.unique_key)).size).toBe(jobs.length);
      } finally {
        await check.services.close();
        await check.database.close();
        await database.drop();
      }
    }, 40_000);
  });
}
