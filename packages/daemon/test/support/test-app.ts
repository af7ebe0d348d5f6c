import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { type Config, loadConfig } from '../../src/config.js';
import { assembleDaemon } from '../../src/daemon.js';
import type { DatabaseHandle, DialectName } from '../../src/db/database-types.js';
import type { Clock } from '../../src/infra/clock.js';
import { createLogger, REDACTED_PATHS } from '../../src/infra/logger.js';
import type { Services } from '../../src/services.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  database: DatabaseHandle;
  services: Services;
  testDatabase: TestDatabase;
  close(): Promise<void>;
}

/**
 * The real daemon (services, HTTP app) on a real, migrated database of the given dialect, not
 * listening: tests call `app.inject()`. `beforeReady` may add routes before the app is sealed.
 * bcrypt runs at its floor (10) unless the test sets `bcryptCost`, to keep suites fast.
 */
export async function createTestApp(
  dialect: DialectName,
  options: {
    config?: Record<string, unknown>;
    beforeReady?: (app: FastifyInstance) => void;
    /** Receives every log line as parsed JSON (level info and up), for tests that assert on logs. */
    onLog?: (line: Record<string, unknown>) => void;
    /** A controllable clock (see `createManualClock`) for tests about time windows. */
    clock?: Clock;
    /** Run the job workers, as `serve` does. */
    startWorkers?: boolean;
  } = {},
): Promise<TestApp> {
  const testDatabase = await createTestDatabase(dialect);
  const config = loadConfig(
    {
      dataDir: testDatabase.dataDir,
      databaseUrl: testDatabase.databaseUrl,
      bcryptCost: 10,
      cookieSecure: false,
      // Suites sign many users in from one address; rate-limit-http.test.ts sets the auth budget it tests.
      authRateLimitMax: 1_000_000,
      ...options.config,
    },
    {},
  );
  const logger = options.onLog
    ? pino(
        { level: 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
        {
          write: (line: string) => options.onLog?.(JSON.parse(line) as Record<string, unknown>),
        },
      )
    : createLogger({ logLevel: 'silent', logFormat: 'json' });
  const { app, database, services, workers } = await assembleDaemon(config, logger, options.clock);
  options.beforeReady?.(app);
  await app.ready();
  if (options.startWorkers) workers.start();
  return {
    app,
    config,
    database,
    services,
    testDatabase,
    async close() {
      await services.close();
      await workers.stop(1_000);
      await app.close();
      await database.close();
      await testDatabase.drop();
    },
  };
}
