import type { FastifyInstance } from 'fastify';
import { type Config, loadConfig } from '../../src/config.js';
import type { DatabaseHandle, DialectName } from '../../src/db/database-types.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open-database.js';
import { buildHttpApp } from '../../src/http/build-http-app.js';
import { createLogger } from '../../src/infra/logger.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  database: DatabaseHandle;
  testDatabase: TestDatabase;
  close(): Promise<void>;
}

/**
 * The real HTTP app on a real, migrated database of the given dialect, not listening:
 * tests call `app.inject()`. `beforeReady` may add routes before the app is sealed.
 */
export async function createTestApp(
  dialect: DialectName,
  options: { config?: Record<string, unknown>; beforeReady?: (app: FastifyInstance) => void } = {},
): Promise<TestApp> {
  const testDatabase = await createTestDatabase(dialect);
  const config = loadConfig(
    { dataDir: testDatabase.dataDir, databaseUrl: testDatabase.databaseUrl, ...options.config },
    {},
  );
  const database = openDatabase(config);
  await migrateToLatest(database);
  const app = await buildHttpApp({
    config,
    logger: createLogger({ logLevel: 'silent', logFormat: 'json' }),
    database,
  });
  options.beforeReady?.(app);
  await app.ready();
  return {
    app,
    config,
    database,
    testDatabase,
    async close() {
      await app.close();
      await database.close();
      await testDatabase.drop();
    },
  };
}
