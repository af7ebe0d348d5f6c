import { readFile } from 'node:fs/promises';
import type { Backup, Job } from '@tillpoint/sdk/schemas';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/infra/clock.js';
import { manifestFileOf, sha256File } from '../../src/modules/backups/backups-service.js';
import { bearer, createAdmin } from '../support/identity-fixtures.js';
import { createJob, waitForJob } from '../support/job-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

// Online backups are SQLite's (PostgreSQL has pg_dump): this suite runs on the SQLite pass only.
describe.runIf(DIALECTS.includes('sqlite'))('backups in the same second', () => {
  let t: TestApp;
  let admin: string;
  // The clock does not move: every backup below starts in the same second (and millisecond).
  const clock = createManualClock(new Date('2026-11-24T10:00:00.000Z'));

  beforeAll(async () => {
    t = await createTestApp('sqlite', { clock, startWorkers: true, config: { workerConcurrency: 4 } });
    admin = (await createAdmin(t)).accessToken;
  });
  afterAll(async () => t?.close());

  it('write distinct files, both jobs succeed and each file matches its checksums', async () => {
    const jobs: Job[] = [];
    for (let i = 0; i < 3; i++) jobs.push(await createJob(t.app, admin, 'backup.create'));
    const direct = await Promise.all([
      t.services.backups.create(() => {}),
      t.services.backups.create(() => {}),
    ]);
    const done = await Promise.all(jobs.map((job) => waitForJob(t.app, admin, job.id, 60)));
    expect(done.map((job) => job.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);

    const results = [
      ...done.map((job) => job.result as { file: string; name: string; sha256: string }),
      ...direct,
    ];
    expect(new Set(results.map((result) => result.name)).size).toBe(5);
    for (const result of results) {
      expect(result.name).toMatch(/^tillpoint-20261124T100000000Z-[0-9a-f]{8}\.db$/);
      expect(await sha256File(result.file)).toBe(result.sha256);
      expect((await readFile(`${result.file}.sha256`, 'utf8')).split(/\s+/)[0]).toBe(result.sha256);
      const manifest = JSON.parse(await readFile(manifestFileOf(result.file), 'utf8'));
      expect(manifest).toMatchObject({ format: 1, name: result.name, sha256: result.sha256 });
      const copy = new SqliteDatabase(result.file, { readonly: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        copy.close();
      }
    }

    const listed = (await t.app.inject({ url: '/v1/backups', headers: bearer(admin) })).json()
      .data as Backup[];
    expect(listed.map((backup) => backup.name).sort()).toEqual(results.map((result) => result.name).sort());
    for (const backup of listed)
      expect(backup.sha256).toBe(results.find((result) => result.name === backup.name)!.sha256);
  }, 60_000);
});
