import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { commitWork } from '../../src/db/commit-work.js';
import type { DatabaseHandle } from '../../src/db/database-types.js';
import { openDatabase } from '../../src/db/open-database.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/test-database.js';

interface Notes {
  cw_changes: { id: string };
  cw_log: { id: string };
}

for (const dialect of DIALECTS) {
  describe(`statements that commit with a request's change, on ${dialect}`, () => {
    let testDatabase: TestDatabase;
    let handle: DatabaseHandle;
    let db: Kysely<Notes>;

    beforeAll(async () => {
      testDatabase = await createTestDatabase(dialect);
      handle = await openDatabase(
        loadConfig({ dataDir: testDatabase.dataDir, databaseUrl: testDatabase.databaseUrl }, {}),
      );
      db = handle.db as unknown as Kysely<Notes>;
      await sql`create table cw_changes (id text primary key)`.execute(db);
      await sql`create table cw_log (id text primary key)`.execute(db);
    });
    afterAll(async () => {
      await handle?.close();
      await testDatabase?.drop();
    });

    const ids = async (table: 'cw_changes' | 'cw_log') =>
      (await db.selectFrom(table).select('id').orderBy('id').execute()).map((row) => row.id);
    const change = (id: string, fail = false) =>
      db.transaction().execute(async (trx) => {
        await trx.insertInto('cw_changes').values({ id }).execute();
        if (fail) throw new Error(`${id} fails`);
      });

    it('writes the attached statement in the first transaction that commits, once, and never with a rollback', async () => {
      const scope = await commitWork.scope(async (scope) => {
        commitWork.attach(db.insertInto('cw_log').values({ id: 'entry-1' }).compile());
        await expect(change('a-rolled-back', true)).rejects.toThrow('fails');
        expect(await ids('cw_log')).toEqual([]);
        expect(scope.pending).toBe(true);
        await change('b-committed');
        // Visible the moment the change's transaction has committed: no later step writes it.
        expect(await ids('cw_log')).toEqual(['entry-1']);
        await change('c-second');
        return scope;
      });
      expect(scope.pending).toBe(false);
      expect(await ids('cw_log')).toEqual(['entry-1']);
      expect(await ids('cw_changes')).toEqual(['b-committed', 'c-second']);
    });

    it('does nothing outside a scope, and keeps concurrent scopes apart', async () => {
      await change('d-unscoped');
      await Promise.all(
        ['x', 'y', 'z'].map((name) =>
          commitWork.scope(async () => {
            commitWork.attach(
              db
                .insertInto('cw_log')
                .values({ id: `entry-${name}` })
                .compile(),
            );
            await new Promise((resolve) => setTimeout(resolve, 5));
            await change(`e-${name}`);
          }),
        ),
      );
      expect(await ids('cw_log')).toEqual(['entry-1', 'entry-x', 'entry-y', 'entry-z']);
    });
  });
}
