import { type QueryId, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { DatabaseHandle, Executor } from '../../src/db/database-types.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open-database.js';
import { preparedInsert, preparedQuery } from '../../src/db/prepared-query.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/test-database.js';

const event = (id: string, subject: string, ownerId: string | null = null) => ({
  id,
  type: 'order.created',
  subject_id: subject,
  owner_id: ownerId,
  data: JSON.stringify({ id }),
  created_at: '2026-12-06T12:00:00.000Z',
});

const insertEvents = preparedInsert('events');
const eventsOf = preparedQuery<{ subject: string; after: string }, { id: string; owner_id: string | null }>(
  (db, param) =>
    db
      .selectFrom('events')
      .select(['id', 'owner_id'])
      .where('subject_id', '=', param('subject'))
      .where('id', '>', param('after'))
      .where('type', '=', 'order.created')
      .orderBy('id'),
);

const eventsIn = preparedQuery<{ ids: string[]; type: string }, { id: string }>((db, param, list) =>
  db
    .selectFrom('events')
    .select('id')
    .where('id', 'in', list('ids'))
    .where('type', '=', param('type'))
    .orderBy('id'),
);

for (const dialect of DIALECTS) {
  describe(`statements compiled once and run with new values, on ${dialect}`, () => {
    let testDatabase: TestDatabase;
    let handle: DatabaseHandle;
    let db: Executor;

    beforeAll(async () => {
      testDatabase = await createTestDatabase(dialect);
      handle = await openDatabase(
        loadConfig({ dataDir: testDatabase.dataDir, databaseUrl: testDatabase.databaseUrl }, {}),
      );
      await migrateToLatest(handle);
      db = handle.db;
    });
    afterAll(async () => {
      await handle?.close();
      await testDatabase?.drop();
    });

    it('runs each call with its own values, fixed values kept, in and out of transactions', async () => {
      await insertEvents.execute(db, event('evt_a1', 'sub_a'));
      await db.transaction().execute(async (trx) => {
        await insertEvents.execute(trx, [event('evt_a2', 'sub_a', 'usr_1'), event('evt_b1', 'sub_b')]);
        // The transaction sees its own rows through the same compiled statement.
        expect((await eventsOf.execute(trx, { subject: 'sub_a', after: 'evt_a1' })).rows).toEqual([
          { id: 'evt_a2', owner_id: 'usr_1' },
        ]);
      });
      expect((await eventsOf.execute(db, { subject: 'sub_a', after: '' })).rows.map((row) => row.id)).toEqual(
        ['evt_a1', 'evt_a2'],
      );
      expect((await eventsOf.execute(db, { subject: 'sub_b', after: '' })).rows.map((row) => row.id)).toEqual(
        ['evt_b1'],
      );
      // The row as Kysely's own insert would have written it.
      const stored = await db.selectFrom('events').selectAll().where('id', '=', 'evt_a2').executeTakeFirst();
      expect(stored).toEqual(event('evt_a2', 'sub_a', 'usr_1'));
    });

    it('writes what Kysely would when a row leaves a column undefined: that column takes its default', async () => {
      const row = { ...event('evt_c1', 'sub_c'), owner_id: undefined };
      await insertEvents.execute(db, row);
      // A second shape (owner given) after the first: each shape has its own statement.
      await insertEvents.execute(db, event('evt_c2', 'sub_c', 'usr_2'));
      expect((await eventsOf.execute(db, { subject: 'sub_c', after: '' })).rows).toEqual([
        { id: 'evt_c1', owner_id: null },
        { id: 'evt_c2', owner_id: 'usr_2' },
      ]);
      // Rows of one insert that differ in their columns take Kysely's own builder, and are written all the same.
      await insertEvents.execute(db, [
        event('evt_c3', 'sub_c', 'usr_3'),
        { ...event('evt_c4', 'sub_c'), owner_id: undefined },
      ]);
      expect((await eventsOf.execute(db, { subject: 'sub_c', after: 'evt_c2' })).rows).toEqual([
        { id: 'evt_c3', owner_id: 'usr_3' },
        { id: 'evt_c4', owner_id: null },
      ]);
    });

    it('compiles a list value once per length and binds each run its own elements', async () => {
      await insertEvents.execute(db, [
        event('evt_l1', 'sub_l'),
        event('evt_l2', 'sub_l'),
        event('evt_l3', 'sub_l'),
      ]);
      const ids = async (list: string[]) =>
        (await eventsIn.execute(db, { ids: list, type: 'order.created' })).rows.map((row) => row.id);
      expect(await ids(['evt_l2'])).toEqual(['evt_l2']);
      // Same length, other values: the statement compiled for one element, with this run's element.
      expect(await ids(['evt_l3'])).toEqual(['evt_l3']);
      expect(await ids(['evt_l3', 'evt_l1'])).toEqual(['evt_l1', 'evt_l3']);
      expect(await ids(['evt_l1', 'evt_l2', 'evt_l3', 'evt_none'])).toEqual(['evt_l1', 'evt_l2', 'evt_l3']);
      expect(await ids(['evt_l2', 'evt_l1'])).toEqual(['evt_l1', 'evt_l2']);
      // The other values still bind by name beside the list.
      expect((await eventsIn.execute(db, { ids: ['evt_l1'], type: 'order.paid' })).rows).toEqual([]);
    });

    it('builds lists of lengths past the shapes it keeps the ordinary way, with the same answers', async () => {
      const many = Array.from({ length: 40 }, (_, index) => `evt_m${String(index).padStart(2, '0')}`);
      await insertEvents.execute(
        db,
        many.map((id) => event(id, 'sub_m')),
      );
      // 40 lengths: more than the compiled shapes kept, so the last ones are built per run.
      for (let length = 1; length <= many.length; length++) {
        const rows = (await eventsIn.execute(db, { ids: many.slice(0, length), type: 'order.created' })).rows;
        expect(rows.map((row) => row.id)).toEqual(many.slice(0, length));
      }
    });

    it('gives every run its own query id, as plugins that keep state per query expect', async () => {
      const seen: QueryId[] = [];
      const watched = db.withPlugin({
        transformQuery: (args) => args.node,
        transformResult: async (args) => {
          seen.push(args.queryId);
          return args.result;
        },
      });
      await eventsOf.execute(watched, { subject: 'sub_a', after: '' });
      await eventsOf.execute(watched, { subject: 'sub_a', after: '' });
      expect(seen).toHaveLength(2);
      expect(seen[0]).not.toBe(seen[1]);
    });

    it('refuses a missing value instead of binding something else', () => {
      expect(() => eventsOf.execute(db, { subject: 'sub_a' } as { subject: string; after: string })).toThrow(
        "no value for 'after'",
      );
    });

    it('refuses a list value that is not an array instead of matching nothing', () => {
      expect(() =>
        eventsIn.execute(db, { ids: 'evt_a1' as unknown as string[], type: 'order.created' }),
      ).toThrow("list('ids') needs an array");
    });

    it('refuses a statement whose named value Kysely writes into the SQL instead of passing it', () => {
      const inlined = preparedQuery<{ column: string }>((executor, param) =>
        executor.selectFrom('events').select(sql.raw<string>(param('column')).as('picked')),
      );
      expect(() => inlined.execute(db, { column: 'id' })).toThrow("param('column') is not a parameter");
    });
  });
}
