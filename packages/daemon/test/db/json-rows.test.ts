import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { columnsOf } from '../../src/db/column-lists.js';
import type { DatabaseHandle, EventsTable, Executor } from '../../src/db/database-types.js';
import { type JsonColumns, jsonRows, readJsonRows } from '../../src/db/json-rows.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open-database.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/test-database.js';

const EVENT_COLUMNS: JsonColumns<EventsTable> = {
  id: 'value',
  type: 'value',
  subject_id: 'value',
  owner_id: 'value',
  data: 'value',
  created_at: 'timestamp',
};

const event = (id: string, subject: string, createdAt: string, ownerId: string | null = null) => ({
  id,
  type: 'order.created',
  subject_id: subject,
  owner_id: ownerId,
  data: JSON.stringify({ id, note: 'quotes " and \\ survive' }),
  created_at: createdAt,
});

for (const dialect of DIALECTS) {
  describe(`child rows as one JSON column, on ${dialect}`, () => {
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

    // Ordered by creation time, which here runs against the index on (subject_id, id) that the subquery reads:
    // only an explicit order gives it (PostgreSQL's aggregate ORDER BY, the reader's sort on SQLite).
    const eventsAsJson = async (subject: string) => {
      const children = db
        .selectFrom('events')
        .select(columnsOf(EVENT_COLUMNS))
        .where('subject_id', '=', subject);
      const row = await db
        .selectNoFrom(jsonRows(db, children, EVENT_COLUMNS, 'created_at').as('rows'))
        .executeTakeFirstOrThrow();
      return readJsonRows(row.rows, EVENT_COLUMNS, 'created_at');
    };

    it('gives the same rows, in the same shapes, as a plain read, ordered by the given column', async () => {
      await db
        .insertInto('events')
        .values([
          event('evt_c', 'sub_json', '2026-12-06T12:00:00.500Z'),
          event('evt_a', 'sub_json', '2026-12-06T12:00:02.000Z', 'usr_1'),
          event('evt_b', 'sub_json', '2026-12-06T12:00:01.250Z'),
          event('evt_z', 'sub_other', '2026-12-06T12:00:03.000Z'),
        ])
        .execute();
      const plain = await db
        .selectFrom('events')
        .select(columnsOf(EVENT_COLUMNS))
        .where('subject_id', '=', 'sub_json')
        .orderBy('created_at')
        .execute();
      const viaJson = await eventsAsJson('sub_json');
      expect(viaJson.map((row) => row.id)).toEqual(['evt_c', 'evt_b', 'evt_a']);
      expect(viaJson).toEqual(plain);
      expect(viaJson[0]?.created_at).toBe('2026-12-06T12:00:00.500Z');
      expect(viaJson[2]?.owner_id).toBe('usr_1');
      expect(JSON.parse(viaJson[0]?.data ?? '')).toEqual({ id: 'evt_c', note: 'quotes " and \\ survive' });
    });

    it('answers an empty array when there are no child rows', async () => {
      expect(await eventsAsJson('sub_none')).toEqual([]);
    });

    it('brings a timestamp with microseconds to the shape the driver reads', async () => {
      await db
        .insertInto('events')
        .values(event('evt_micro', 'sub_micro', '2026-12-06T12:00:00.123456Z'))
        .execute();
      const plain = await db
        .selectFrom('events')
        .select('created_at')
        .where('id', '=', 'evt_micro')
        .executeTakeFirstOrThrow();
      const [viaJson] = await eventsAsJson('sub_micro');
      expect(viaJson?.created_at).toBe(plain.created_at);
    });
  });
}
