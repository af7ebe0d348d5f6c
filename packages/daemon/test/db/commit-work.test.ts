import { executionAsyncId } from 'node:async_hooks';
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
      scope.close();
      expect(await ids('cw_log')).toEqual(['entry-1']);
      expect(await ids('cw_changes')).toEqual(['b-committed', 'c-second']);
    });

    it('does nothing outside a scope, and keeps concurrent scopes apart', async () => {
      await change('d-unscoped');
      await Promise.all(
        ['x', 'y', 'z'].map((name) =>
          commitWork.scope(async (scope) => {
            commitWork.attach(
              db
                .insertInto('cw_log')
                .values({ id: `entry-${name}` })
                .compile(),
            );
            await new Promise((resolve) => setTimeout(resolve, 5));
            await change(`e-${name}`);
            scope.close();
          }),
        ),
      );
      expect(await ids('cw_log')).toEqual(['entry-1', 'entry-x', 'entry-y', 'entry-z']);
    });

    it('drops what a closed scope still held, even in work it started that runs after a later scope opened', async () => {
      let resume!: () => void;
      const paused = new Promise<void>((resolve) => {
        resume = resolve;
      });
      let lateWork!: Promise<void>;
      commitWork.scope((scope) => {
        expect(commitWork.attach(db.insertInto('cw_log').values({ id: 'entry-closed' }).compile())).toBe(
          true,
        );
        // Work of this scope that goes on after it is closed (and after the storage was disabled and enabled).
        lateWork = paused.then(() => change('f-late'));
        scope.close();
        expect(scope.pending).toBe(false);
        expect(commitWork.attach(db.insertInto('cw_log').values({ id: 'entry-refused' }).compile())).toBe(
          false,
        );
      });
      await commitWork.scope(async (scope) => {
        commitWork.attach(db.insertInto('cw_log').values({ id: 'entry-open' }).compile());
        resume();
        await lateWork;
        // The late transaction ran in the closed scope's context: it wrote neither scope's statement.
        expect(await ids('cw_log')).not.toContain('entry-closed');
        expect(scope.pending).toBe(true);
        await change('g-own');
        expect(scope.pending).toBe(false);
        scope.close();
      });
      const log = await ids('cw_log');
      expect(log).toContain('entry-open');
      expect(log).not.toContain('entry-closed');
      expect(log).not.toContain('entry-refused');
      expect(await ids('cw_changes')).toContain('f-late');
    });

    it("turns Node's promise tracking off once no scope is open (ADR-056)", async () => {
      // With an AsyncLocalStorage enabled, every promise gets its own async ID; with none, a continuation's is 0.
      const continuationId = () => Promise.resolve().then(() => executionAsyncId());
      await commitWork.scope(async (scope) => {
        expect(await continuationId()).not.toBe(0);
        scope.close();
      });
      expect(await continuationId()).toBe(0);
    });
  });
}
