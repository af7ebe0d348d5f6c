import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/database-types.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open-database.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/test-database.js';

// docs/operations.md advises the Unix socket when PostgreSQL runs on the daemon's machine; this is that URL working.
// Skipped in the SQLite run of `pnpm test` (there is no PostgreSQL URL to give); `pnpm test:postgres`
// (TILLPOINT_TEST_DIALECT=postgres, run by .ci/run) runs it.
describe.skipIf(!DIALECTS.includes('postgres'))("a databaseUrl through PostgreSQL's Unix socket", () => {
  const dialect = 'postgres' as const;
  let testDatabase: TestDatabase;
  let overTcp: DatabaseHandle;
  let socketDirectory: string | undefined;
  const handles: DatabaseHandle[] = [];

  beforeAll(async () => {
    testDatabase = await createTestDatabase(dialect);
    overTcp = await openDatabase(
      loadConfig({ dataDir: testDatabase.dataDir, databaseUrl: testDatabase.databaseUrl }, {}),
    );
    handles.push(overTcp);
    const { rows } = await sql<{ unix_socket_directories: string }>`show unix_socket_directories`.execute(
      overTcp.db,
    );
    socketDirectory = rows[0]?.unix_socket_directories.split(',')[0]?.trim() || undefined;
  });
  afterAll(async () => {
    for (const handle of handles) await handle.close();
    await testDatabase?.drop();
  });

  it('opens, migrates and runs statements over the socket named by ?host=', async (context) => {
    // A server built or configured without Unix sockets has nothing to connect to: nothing to test there.
    if (socketDirectory === undefined) context.skip();
    const url = new URL(testDatabase.databaseUrl!);
    url.hostname = 'localhost';
    url.port = '';
    url.searchParams.set('host', socketDirectory!);
    const overSocket = await openDatabase(
      loadConfig({ dataDir: testDatabase.dataDir, databaseUrl: url.toString() }, {}),
    );
    handles.push(overSocket);
    await migrateToLatest(overSocket);
    // inet_server_addr() is null exactly when the session came in through a Unix socket.
    const { rows } = await sql<{ address: string | null }>`select inet_server_addr() as address`.execute(
      overSocket.db,
    );
    expect(rows[0]?.address).toBeNull();
    const tcp = await sql<{ address: string | null }>`select inet_server_addr() as address`.execute(
      overTcp.db,
    );
    expect(tcp.rows[0]?.address).not.toBeNull();
    expect(await overSocket.db.selectFrom('users').select('id').execute()).toEqual([]);
  });
});
