import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/infra/clock.js';
import { createAdmin, registerUser, uniqueEmail } from '../support/identity-fixtures.js';
import { eventually, runJob } from '../support/job-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

for (const dialect of DIALECTS) {
  describe(`maintenance.cleanup on ${dialect}`, () => {
    let t: TestApp;
    const clock = createManualClock(new Date('2026-11-01T00:00:00Z'));
    beforeAll(async () => {
      t = await createTestApp(dialect, { clock, startWorkers: true });
    });
    afterAll(async () => t?.close());

    const rows = async (table: 'sessions' | 'password_resets' | 'jobs', userId?: string) => {
      let query = t.database.db.selectFrom(table).select('id');
      if (userId && table !== 'jobs') query = query.where('user_id', '=', userId);
      return (await query.execute()).length;
    };

    it('removes expired sessions and reset tokens, and finished jobs past the retention', async () => {
      const email = uniqueEmail('old');
      const session = await registerUser(t.app, email);
      await t.app.inject({ method: 'POST', url: '/v1/auth/password-reset', payload: { email } });
      await eventually(
        async () => ((await rows('password_resets', session.user.id)) > 0 ? true : undefined),
        'reset',
      );
      await eventually(async () => {
        const busy = await t.database.db
          .selectFrom('jobs')
          .select('id')
          .where('status', 'in', ['pending', 'running'])
          .execute();
        return busy.length === 0 ? true : undefined;
      }, 'jobs to finish');
      const oldJobs = await rows('jobs');
      expect(oldJobs).toBeGreaterThan(0);

      // Refresh tokens live 7 days, reset tokens an hour, finished jobs 14 days.
      clock.advance(15 * 86_400_000);
      const admin = (await createAdmin(t)).accessToken;
      const job = await runJob(t.app, admin, 'maintenance.cleanup');
      expect(job.status).toBe('succeeded');
      expect(job.result).toMatchObject({ sessions: 1, passwordResets: 1 });
      expect((job.result as { jobs: number }).jobs).toBe(oldJobs);
      expect(await rows('sessions', session.user.id)).toBe(0);
      expect(await rows('password_resets', session.user.id)).toBe(0);
    });
  });
}
