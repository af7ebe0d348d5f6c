import type { Event } from '@tillpoint/sdk/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/database-types.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open-database.js';
import { newId } from '../../src/infra/ids.js';
import { createLogger } from '../../src/infra/logger.js';
import { createEventStream } from '../../src/modules/events/event-stream.js';
import { eventually } from '../support/job-fixtures.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/test-database.js';

const logger = createLogger({ logLevel: 'silent', logFormat: 'json' });
const admin = { kind: 'user', role: 'admin', userId: 'usr_admin', sessionId: 'ses_admin' } as const;

for (const dialect of DIALECTS) {
  describe(`the event stream's start on ${dialect}`, () => {
    let testDatabase: TestDatabase;
    let database: DatabaseHandle;
    beforeAll(async () => {
      testDatabase = await createTestDatabase(dialect);
      database = await openDatabase(
        loadConfig({ dataDir: testDatabase.dataDir, databaseUrl: testDatabase.databaseUrl }, {}),
      );
      await migrateToLatest(database);
    });
    afterAll(async () => {
      await database?.close();
      await testDatabase?.drop();
    });

    const event = (createdAt: Date, subject: string) => ({
      id: newId('event'),
      type: 'product.created',
      subject_id: subject,
      owner_id: null,
      data: '{}',
      created_at: createdAt.toISOString(),
    });

    it('delivers an event written after a client started but committed before the reader began reading', async () => {
      const started = new Date();
      const older = event(new Date(started.getTime() - 1_000), 'prd_older');
      // Committed before the first subscriber makes the reader start, yet written after the client's start: the
      // reader must not take it for history.
      const written = event(new Date(started.getTime() + 1), 'prd_written');
      await database.db.insertInto('events').values([older, written]).execute();
      const stream = createEventStream({ db: database.db, logger, now: () => Date.now(), pollMs: 50 });
      const got: Event[] = [];
      const unsubscribe = stream.subscribe({
        principal: admin,
        types: undefined,
        from: started.toISOString(),
        send: (events) => got.push(...events),
      });
      try {
        await eventually(async () => (got.some((e) => e.id === written.id) ? true : undefined), 'the event');
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(got.map((e) => e.id)).toEqual([written.id]);
      } finally {
        unsubscribe();
      }
    });
  });
}
