import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/database-types.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open-database.js';
import { countsByStatus, succeededSince } from '../../src/modules/jobs/jobs-repository.js';
import { claimReadyIdsStatement, claimStatement, readyJobsStatement } from '../../src/queue/claim-jobs.js';
import { recordOutcomesStatement } from '../../src/queue/finish-jobs.js';
import type { JobRow } from '../../src/queue/job-queue.js';
import { activeByUniqueKey } from '../../src/queue/job-queue.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// SQLite picks an index only when the query names what the index needs; the queue's two hottest statements once
// read every job the queue had ever run (a claim cost 0.5 ms after a few thousand order emails). These plans are
// what keeps their cost independent of the history.
describe('job queue query plans on sqlite', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  beforeAll(async () => {
    testDatabase = await createTestDatabase('sqlite');
    database = await openDatabase(loadConfig({ dataDir: testDatabase.dataDir }, {}));
    await migrateToLatest(database);
    // EXPLAIN reads no table, so it never reloads a schema a connection cached during the migrations: a real read
    // first makes the read connection see the migrated indexes.
    await database.db.selectFrom('jobs').select('id').limit(1).execute();
  });
  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  const planOf = async (query: CompiledQuery) => {
    const explained = CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]);
    const { rows } = await database.db.executeQuery<{ detail: string }>(explained);
    return rows.map((row) => row.detail);
  };

  const claim = () => {
    const now = new Date().toISOString();
    return { queue: 'default', owner: 'wrk_test', limit: 8, now, leaseExpiresAt: now };
  };
  const expectReadsReadyIndexInOrder = (plan: string[]) => {
    const due = plan.slice(plan.indexOf('CO-ROUTINE due'), plan.indexOf('UNION ALL'));
    expect(due).toContainEqual(
      expect.stringMatching(/USING (COVERING )?INDEX jobs_ready_idx \(queue=\? AND status=\?\)/),
    );
    // Sorting there would read every waiting job; only abandoned leases (a few) and the result may be sorted.
    expect(due.join('\n')).not.toMatch(/TEMP B-TREE/);
    expect(plan.join('\n')).not.toMatch(/SCAN jobs\b/);
  };

  it('a claim reads due jobs from the ready index in claim order, never sorting the backlog', async () => {
    // SQLite claims through the ready ids; the one-statement form (PostgreSQL's) must plan the same way.
    expectReadsReadyIndexInOrder(await planOf(readyJobsStatement(claim()).compile(database.db)));
    expectReadsReadyIndexInOrder(await planOf(claimStatement(database, claim()).compile(database.db)));
  });

  it('a claim leases its ready ids by primary key, however many there are', async () => {
    for (const count of [1, 8, 64]) {
      const ids = Array.from({ length: count }, (_, i) => `job_${i}`);
      const plan = await planOf(claimReadyIdsStatement(claim(), ids).compile(database.db));
      expect(plan).toEqual([
        expect.stringMatching(/SEARCH jobs USING INDEX sqlite_autoindex_jobs_1 \(id=\?\)/),
      ]);
    }
  });

  it('the outcomes of a batch of finishes find their jobs by primary key', async () => {
    const finishes = Array.from({ length: 8 }, (_, i) => ({
      job: { id: `job_${i}` } as JobRow,
      status: 'succeeded' as const,
      result: 'null',
    }));
    const plan = await planOf(
      recordOutcomesStatement('wrk_test', new Date().toISOString(), finishes).compile(database.db),
    );
    expect(plan).toContainEqual(
      expect.stringMatching(/SEARCH jobs USING INDEX sqlite_autoindex_jobs_1 \(id=\?\)/),
    );
    expect(plan.join('\n')).not.toMatch(/SCAN jobs\b/);
  });

  it('the queue counts read an index alone, and recent successes only for their minute', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const recent = await planOf(succeededSince(database.db, since).compile());
    expect(recent).toContainEqual(
      expect.stringMatching(/USING COVERING INDEX jobs_status_finished_idx \(status=\? AND finished_at>\?\)/),
    );
    const byStatus = await planOf(countsByStatus(database.db).compile());
    expect(byStatus).toContainEqual(expect.stringMatching(/USING COVERING INDEX jobs_status_finished_idx/));
    expect([...recent, ...byStatus].join('\n')).not.toMatch(/SCAN jobs\b/);
  });

  it('a unique key is found through its partial index', async () => {
    const plan = await planOf(activeByUniqueKey(database.db, 'report:2026-12').compile());
    expect(plan).toContainEqual(expect.stringMatching(/USING INDEX jobs_unique_key_idx \(unique_key=\?\)/));
  });
});
