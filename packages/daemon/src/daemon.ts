import { mkdir, rename, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type Config, modeOf } from './config.js';
import type { DatabaseHandle } from './db/database-types.js';
import { migrateToLatest } from './db/migrate.js';
import { openDatabase } from './db/open-database.js';
import { buildHttpApp } from './http/build-http-app.js';
import { startMetricsServer } from './http/plugins/metrics-endpoint.js';
import { type Clock, systemClock } from './infra/clock.js';
import type { Logger } from './infra/logger.js';
import { createModeAdapters } from './infra/mode-adapters.js';
import { removePidFile, writePidFile } from './pid-file.js';
import { createWorkerPool, type WorkerPool } from './queue/worker-pool.js';
import { createServices, type Services } from './services.js';

export interface RunningDaemon {
  url: string;
  host: string;
  port: number;
  app: FastifyInstance;
  database: DatabaseHandle;
  services: Services;
  workers: WorkerPool;
  /** Stops accepting, lets in-flight requests finish, then closes the database. */
  stop(): Promise<void>;
}

/**
 * Opens the database, applies migrations (unless told not to) and builds services and the HTTP app
 * with the single-node adapters. Shared by `serve` and the in-process test app.
 */
export async function assembleDaemon(config: Config, logger: Logger, clock: Clock = systemClock) {
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const database = await openDatabase(config);
  const adapters = createModeAdapters(config, { clock, logger });
  try {
    if (config.migrate) {
      const report = await migrateToLatest(database);
      if (report.applied.length > 0) logger.info({ applied: report.applied }, 'migrations applied');
    }
    const services = await createServices(config, {
      database,
      counters: adapters.counters,
      cache: adapters.cache,
      broadcastWake: adapters.broadcastWake,
      redisUp: adapters.redisUp,
      closeAdapters: adapters.close,
      clock,
      logger,
    });
    await services.schedules.ensureBuiltins();
    adapters.onRemoteWake((queue) => services.queue.wakeLocal(queue));
    const app = await buildHttpApp({
      config,
      logger,
      services,
      database,
      clock,
      rateLimitRedis: adapters.rateLimitRedis,
      healthOnly: config.role === 'worker' || config.role === 'scheduler',
    });
    const concurrency = config.workerConcurrency;
    const workers = createWorkerPool({
      database,
      queue: services.queue,
      catalog: services.catalog,
      clock,
      logger,
      blobs: services.blobs,
      metrics: services.metrics,
      options: {
        concurrency: { email: concurrency, webhooks: concurrency, 'data-processing': concurrency },
        leaseMs: config.jobLeaseSeconds * 1000,
      },
    });
    return { database, services, app, workers };
  } catch (error) {
    await adapters.close();
    await database.close();
    throw error;
  }
}

/**
 * For offline commands (`tillpointd admin create`): the database (migrated unless told not to) and the services on
 * single-node adapters, with no HTTP app, no workers, no scheduler and no Redis connection, whatever the settings.
 * An offline command talks to the database only; a Redis connection (or its reconnect timer) would keep the process
 * alive after the command is done. `close()` releases everything, so the command exits.
 */
export async function openOfflineServices(config: Config, logger: Logger, clock: Clock = systemClock) {
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const database = await openDatabase(config);
  const adapters = createModeAdapters({ ...config, redisUrl: undefined }, { clock, logger });
  try {
    if (config.migrate) await migrateToLatest(database);
    const services = await createServices(config, {
      database,
      counters: adapters.counters,
      cache: adapters.cache,
      broadcastWake: adapters.broadcastWake,
      redisUp: adapters.redisUp,
      closeAdapters: adapters.close,
      clock,
      logger,
    });
    return {
      database,
      services,
      async close() {
        await services.close();
        await database.close();
      },
    };
  } catch (error) {
    await adapters.close();
    await database.close();
    throw error;
  }
}

/**
 * The composition root for `serve`: assemble, listen, announce readiness, and on first start with
 * no admin print the one-time setup token.
 */
export async function startDaemon(config: Config, logger: Logger): Promise<RunningDaemon> {
  const began = performance.now();
  const { database, services, app, workers } = await assembleDaemon(config, logger);
  try {
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${host}:${address.port}`;
    const runs = (role: 'worker' | 'scheduler') => config.role === 'all' || config.role === role;
    if (runs('worker') && config.workerConcurrency > 0) workers.start();
    if (runs('scheduler') && config.scheduler) await services.startScheduler();
    const setupToken = await services.auth.ensureSetupToken();
    if (setupToken) {
      // The token is the one secret deliberately logged: it is single-use, only exists while there is no admin,
      // and the operator needs it to create the first one.
      logger.warn(
        { setupToken },
        `no admin yet: create one with \`till setup --token ${setupToken}\` or \`tillpointd admin create --email …\``,
      );
    }
    await writePidFile(config.dataDir);
    const metricsServer =
      config.metricsPort === undefined
        ? undefined
        : await startMetricsServer(services.metrics, config.host, config.metricsPort);
    if (config.readyFile)
      await writeReadyFile(config.readyFile, { url, host: address.address, port: address.port });
    logger.info(
      {
        url,
        port: address.port,
        database: database.dialect,
        mode: modeOf(config),
        role: config.role,
        readyMs: Math.round(performance.now() - began),
      },
      `tillpointd listening on ${url}`,
    );
    return {
      url,
      host: address.address,
      port: address.port,
      app,
      database,
      services,
      workers,
      /** HTTP first (no new work arrives), then running jobs finish or are given back, then the database. */
      async stop() {
        await app.close();
        metricsServer?.close();
        await services.close();
        await workers.stop(config.shutdownTimeoutMs / 2);
        await database.close();
        await removePidFile(config.dataDir);
      },
    };
  } catch (error) {
    await workers.stop(0);
    await services.close();
    await app.close();
    await database.close();
    throw error;
  }
}

/** Written atomically (temp file + rename) so a watcher never reads half a file. */
async function writeReadyFile(file: string, info: { url: string; host: string; port: number }) {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify({ ...info, pid: process.pid })}\n`, { mode: 0o600 });
  await rename(temp, file);
}
