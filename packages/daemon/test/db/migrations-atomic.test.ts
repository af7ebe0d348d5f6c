import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/database-types.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import { openDatabase } from '../../src/db/open-database.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/test-database.js';

/** The tables in the database, besides the migrator's own bookkeeping (`kysely_migration`, its lock). */
async function tablesOf(database: DatabaseHandle): Promise<string[]> {
  const tables = await database.db.introspection.getTables();
  return tables.map((table) => table.name).sort();
}

async function recordedMigrations(database: DatabaseHandle): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from kysely_migration`.execute(
    database.db,
  );
  return Number(rows[0]?.n);
}

for (const dialect of DIALECTS) {
  describe(`migrations on ${dialect}`, () => {
    let testDatabase: TestDatabase | undefined;
    let database: DatabaseHandle | undefined;
    afterEach(async () => {
      await database?.close();
      await testDatabase?.drop();
    });

    // ADR-061: a migration run that fails part-way (a crash, a full disk, a schema it did not expect) must leave the
    // database as it was, so that the next start can run it again. The failure here is made by a table that the
    // last migration creates, put there before the run: every migration before it succeeds first.
    it('applies all pending migrations or none of them', async () => {
      testDatabase = await createTestDatabase(dialect);
      database = await openDatabase(
        loadConfig({ dataDir: testDatabase.dataDir, databaseUrl: testDatabase.databaseUrl }, {}),
      );
      await sql`create table email_verifications (id integer)`.execute(database.db);
      expect(MIGRATIONS.at(-3)?.name).toBe('0014-email-verification');

      await expect(migrateToLatest(database)).rejects.toThrow(/email_verifications/);
      expect(await tablesOf(database)).toEqual(['email_verifications']);
      expect(await recordedMigrations(database)).toBe(0);

      await sql`drop table email_verifications`.execute(database.db);
      const report = await migrateToLatest(database);
      expect(report.applied).toEqual(MIGRATIONS.map((migration) => migration.name));
      expect(await tablesOf(database)).toEqual(
        expect.arrayContaining(['settings', 'email_verifications', 'jobs']),
      );
      expect(await recordedMigrations(database)).toBe(MIGRATIONS.length);
    });
  });
}
