import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { isDatabaseUnavailable } from '../../src/db/database-errors.js';
import type { DatabaseHandle, Executor } from '../../src/db/database-types.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open-database.js';
import { preparedQuery } from '../../src/db/prepared-query.js';
import { nameStatement, statementNameOf } from '../../src/db/statement-names.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/test-database.js';

describe('statement names (ADR-051)', () => {
  it('gives one name per SQL text and never names a statement that selects *', () => {
    nameStatement('select "id" from "t_names" where "id" = $1');
    nameStatement('select "id" from "t_names" where "id" = $1');
    nameStatement('select "id", "x" from "t_names" where "id" = $1');
    nameStatement('select * from "t_names" where "id" = $1');
    nameStatement('select "t_names".* from "t_names"');
    const first = statementNameOf('select "id" from "t_names" where "id" = $1');
    const second = statementNameOf('select "id", "x" from "t_names" where "id" = $1');
    expect(first).toMatch(/^tp_\d+$/);
    expect(second).toMatch(/^tp_\d+$/);
    expect(second).not.toBe(first);
    expect(statementNameOf('select * from "t_names" where "id" = $1')).toBeUndefined();
    expect(statementNameOf('select "t_names".* from "t_names"')).toBeUndefined();
  });
});

const eventById = preparedQuery<{ id: string }, { id: string; type: string }>((db, param) =>
  db.selectFrom('events').select(['id', 'type']).where('id', '=', param('id')),
);
const eventRowById = preparedQuery<{ id: string }, { id: string }>((db, param) =>
  db.selectFrom('events').selectAll().where('id', '=', param('id')),
);

/** The statements prepared on the connection that runs `trx`, by name. */
async function preparedOnConnection(trx: Executor): Promise<Map<string, string>> {
  const { rows } = await sql<{ name: string; statement: string }>`
    select name, statement from pg_prepared_statements`.execute(trx);
  return new Map(rows.map((row) => [row.name, row.statement]));
}

// Named statements are PostgreSQL's; on SQLite every statement is already prepared once (statement cache).
for (const dialect of DIALECTS.filter((name) => name === 'postgres')) {
  describe(`hot statements prepared once per connection, on ${dialect}`, () => {
    let testDatabase: TestDatabase;
    const handles: DatabaseHandle[] = [];
    const open = async (settings: Record<string, unknown> = {}) => {
      const handle = await openDatabase(
        loadConfig({ dataDir: testDatabase.dataDir, databaseUrl: testDatabase.databaseUrl, ...settings }, {}),
        { poolMax: 1 },
      );
      handles.push(handle);
      return handle;
    };

    beforeAll(async () => {
      testDatabase = await createTestDatabase(dialect);
      const handle = await open();
      await migrateToLatest(handle);
      await handle.db
        .insertInto('events')
        .values({
          id: 'evt_named',
          type: 'order.created',
          subject_id: 'ord_1',
          owner_id: null,
          data: '{}',
          created_at: '2026-12-06T12:00:00.000Z',
        })
        .execute();
    });
    afterAll(async () => {
      for (const handle of handles) await handle.close();
      await testDatabase?.drop();
    });

    it('prepares a compiled statement under its name, and runs it again from there', async () => {
      const { db } = await open();
      await db.transaction().execute(async (trx) => {
        expect((await eventById.execute(trx, { id: 'evt_named' })).rows).toEqual([
          { id: 'evt_named', type: 'order.created' },
        ]);
        expect((await eventById.execute(trx, { id: 'evt_none' })).rows).toEqual([]);
        const prepared = await preparedOnConnection(trx);
        // The same builder compiles to the same SQL text whatever the value.
        const compiled = trx.selectFrom('events').select(['id', 'type']).where('id', '=', 'x').compile().sql;
        const name = statementNameOf(compiled);
        expect(name).toBeDefined();
        expect(prepared.get(name!)).toBe(compiled);
      });
    });

    it('leaves statements that select * unnamed, and names nothing when pgNamedStatements is off', async () => {
      const { db } = await open({ pgNamedStatements: false });
      await db.transaction().execute(async (trx) => {
        await eventById.execute(trx, { id: 'evt_named' });
        await eventRowById.execute(trx, { id: 'evt_named' });
        expect(await preparedOnConnection(trx)).toEqual(new Map());
      });
      const named = await open();
      await named.db.transaction().execute(async (trx) => {
        await eventRowById.execute(trx, { id: 'evt_named' });
        expect(
          statementNameOf(trx.selectFrom('events').selectAll().where('id', '=', 'x').compile().sql),
        ).toBeUndefined();
        expect(await preparedOnConnection(trx)).toEqual(new Map());
      });
    });

    it('replaces a connection whose named statement the server lost, failing that run as unavailable (503)', async () => {
      const { db } = await open(); // one connection
      expect((await eventById.execute(db, { id: 'evt_named' })).rows).toHaveLength(1);
      // What a pooler in transaction mode, or an operator's DISCARD ALL, does behind pg's back.
      await sql`deallocate all`.execute(db);
      const lost = await eventById.execute(db, { id: 'evt_named' }).catch((error: unknown) => error);
      expect(lost).toMatchObject({ code: '26000' });
      expect(isDatabaseUnavailable(lost)).toBe(true);
      // A fresh connection prepares the statement again; without the replacement every run would fail.
      for (let run = 0; run < 3; run++) {
        expect((await eventById.execute(db, { id: 'evt_named' })).rows).toHaveLength(1);
      }
    });

    it('keeps a named statement working after a migration adds a column to its table', async () => {
      const { db } = await open();
      expect((await eventById.execute(db, { id: 'evt_named' })).rows).toHaveLength(1);
      await sql`alter table events add column named_statement_probe text`.execute(db);
      try {
        expect((await eventById.execute(db, { id: 'evt_named' })).rows).toEqual([
          { id: 'evt_named', type: 'order.created' },
        ]);
      } finally {
        await sql`alter table events drop column named_statement_probe`.execute(db);
      }
    });
  });
}
