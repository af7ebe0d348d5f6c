import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DialectName } from '../../src/db/database-types.js';

/**
 * Dialects the integration suites loop over, from TILLPOINT_TEST_DIALECT:
 * `sqlite` (default), `postgres`, or `all`.
 */
export const DIALECTS: DialectName[] = (() => {
  const chosen = process.env.TILLPOINT_TEST_DIALECT ?? 'sqlite';
  if (chosen === 'all') return ['sqlite', 'postgres'];
  if (chosen === 'sqlite' || chosen === 'postgres') return [chosen];
  throw new Error(`TILLPOINT_TEST_DIALECT must be sqlite, postgres or all, not "${chosen}"`);
})();

/** Server used to create throwaway PostgreSQL databases (see shared/SERVICES.md). */
export const TEST_POSTGRES_URL =
  process.env.TILLPOINT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  dialect: DialectName;
  /** Data dir for the daemon under test (always a fresh temp dir). */
  dataDir: string;
  /** `TILLPOINT_DATABASE_URL` for the daemon; undefined means the data dir's SQLite file. */
  databaseUrl: string | undefined;
  /** For PostgreSQL: the database name, for tests that administer it. */
  name: string | undefined;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database of the given dialect. PostgreSQL gets a uniquely named database that
 * `drop()` removes; if the server cannot be reached this throws, so a CI run never silently skips it.
 */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), `tillpoint-${dialect}-`));
  if (dialect === 'sqlite') {
    return {
      dialect,
      dataDir,
      databaseUrl: undefined,
      name: undefined,
      drop: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `tillpoint_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    dialect,
    dataDir,
    databaseUrl: url.toString(),
    name,
    async drop() {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs one statement on the admin connection (database names here are generated, never user input). */
export async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${TEST_POSTGRES_URL} (set TILLPOINT_TEST_DATABASE_URL, or start it: see shared/SERVICES.md): ${String(error)}`,
    );
  }
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
