import { mkdir, rename, writeFile } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { type AddressInfo, Server as NetServer, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type Config, ConfigError, modeOf } from './config.js';
import type { DatabaseHandle } from './db/database-types.js';
import { migrateToLatest, pendingMigrations } from './db/migrate.js';
import { openDatabase } from './db/open-database.js';
import { buildHttpApp } from './http/build-http-app.js';
import { startMetricsServer } from './http/plugins/metrics-endpoint.js';
import { type Clock, systemClock } from './infra/clock.js';
import { startIdleHeapCompaction } from './infra/idle-heap-compaction.js';
import type { Logger } from './infra/logger.js';
import { createModeAdapters } from './infra/mode-adapters.js';
import { EVENT_STREAM_WAKE_TOPIC } from './modules/events/event-stream.js';
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
  const { database, adapters, services } = await openServices(config, config, logger, clock);
  try {
    await services.schedules.ensureBuiltins();
    adapters.onRemoteWake((topic) =>
      topic === EVENT_STREAM_WAKE_TOPIC ? services.eventStream.wakeLocal() : services.queue.wakeLocal(topic),
    );
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
    await services.close();
    await database.close();
    throw error;
  }
}

/** With `--no-migrate`, a database this build has migrations for is a setting to fix, not a missing table later. */
async function refusePendingMigrations(database: DatabaseHandle) {
  const pending = await pendingMigrations(database);
  if (pending.length === 0) return;
  throw new ConfigError(
    `the database is not at this version's schema (--no-migrate / TILLPOINT_MIGRATE=false): ${pending.length} migration(s) pending, from ${pending[0]}; run \`tillpointd migrate\` with the same --database-url, or start without --no-migrate`,
  );
}

/**
 * Opens the database, applies migrations (unless told not to) and creates the services on the adapters that
 * `adapterConfig` selects (single node or cluster).
 */
async function openServices(config: Config, adapterConfig: Config, logger: Logger, clock: Clock) {
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const database = await openDatabase(config);
  const adapters = await createModeAdapters(adapterConfig, { clock, logger });
  try {
    if (config.migrate) {
      const report = await migrateToLatest(database);
      if (report.applied.length > 0) logger.info({ applied: report.applied }, 'migrations applied');
    } else {
      await refusePendingMigrations(database);
    }
    const services = await createServices(config, {
      database,
      counters: adapters.counters,
      cache: adapters.cache,
      broadcastWake: adapters.broadcastWake,
      redisProblem: adapters.redisProblem,
      closeAdapters: adapters.close,
      clock,
      logger,
    });
    return { database, adapters, services };
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
  const { database, services } = await openServices(
    config,
    { ...config, redisUrl: undefined },
    logger,
    clock,
  );
  return {
    database,
    services,
    async close() {
      await services.close();
      await database.close();
    },
  };
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
    const drain = trackConnections(app.server);
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
    // Last: nothing after it can fail start-up and leave its timer behind.
    const compaction = startIdleHeapCompaction({
      onActivity: (markActive) => app.server.on('request', markActive),
      onCollected: ({ durationMs, youngGenerationBytes }) =>
        logger.debug(
          { ms: Math.round(durationMs), youngGenerationMb: Math.round(youngGenerationBytes / 2 ** 20) },
          'idle: full garbage collection',
        ),
    });
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
      /**
       * No new work first: the scheduler and job claims stop at once. Then HTTP drains (see `trackConnections`):
       * every request already sent is answered with `Connection: close`, idle keep-alive connections are closed,
       * the listener closes after a short grace. Running jobs finish or are given back meanwhile; then the services and the database.
       */
      async stop() {
        // Both stop claiming synchronously; what they wait for (a tick in flight, running jobs) overlaps the drain.
        const schedulerStopped = services.scheduler.stop();
        const workersStopped = workers.stop(config.shutdownTimeoutMs / 2);
        compaction.stop();
        await drain(Math.min(DRAIN_GRACE_MS, config.shutdownTimeoutMs / 10), config.shutdownTimeoutMs / 2);
        await app.close();
        metricsServer?.close();
        await Promise.all([schedulerStopped, workersStopped]);
        await services.close();
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

/**
 * How long a draining daemon keeps accepting connections (answering each with `Connection: close`), and how long a
 * connection it accepted has to send its request before it is closed; capped at a tenth of `shutdownTimeoutMs`.
 */
const DRAIN_GRACE_MS = 1_000;
/** How often a draining server closes the connections that have gone idle. */
const DRAIN_POLL_MS = 25;

/**
 * Graceful HTTP drain for a listening server; returns `drain(graceMs, maxMs)`, which resolves once the listener is
 * closed and every connection is gone (or after `maxMs`, leaving the rest, such as event streams, to `app.close()`).
 *
 * `app.close()` alone closes the listener and every idle connection at once. Closing a listener makes the kernel
 * reset the connections waiting in its accept queue, and "idle" includes a connection accepted a moment ago whose
 * request has not been read yet: both lose a request the client has sent. And a keep-alive connection busy at that
 * moment stays open after its response, so the close waits for the client until `shutdownTimeoutMs` runs out.
 * Node's `closeIdleConnections()` cannot tell those fresh connections from idle keep-alive ones, hence the tracking
 * here. Draining:
 * 1. answers every response from the signal on, and every one in flight that has not sent its headers, with
 *    `Connection: close`, so each connection closes after its current response;
 * 2. closes keep-alive connections as soon as they are idle after a response;
 * 3. keeps accepting for `graceMs` (requests already on their way, and those of clients that have not yet noticed,
 *    are answered; a load balancer sees `Connection: close` and moves on), then closes the listener;
 * 4. closes a connection that has not sent a request only once it has been open `graceMs`.
 * A connection that reaches the accept queue in the instant the listener closes can still be reset by the kernel.
 */
function trackConnections(server: Server) {
  const open = new Set<Socket>();
  /** Connections that have not started a request yet, with the time they were accepted. */
  const fresh = new Map<Socket, number>();
  /** Responses not finished yet, by connection. */
  const busy = new Map<Socket, number>();
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    fresh.set(socket, Date.now());
    socket.once('close', () => {
      open.delete(socket);
      fresh.delete(socket);
      busy.delete(socket);
    });
  });
  // Prepended: runs before Fastify's handler, so the response has not been written yet.
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    fresh.delete(socket);
    if (draining) res.shouldKeepAlive = false;
    inFlight.add(res);
    busy.set(socket, (busy.get(socket) ?? 0) + 1);
    res.once('close', () => {
      inFlight.delete(res);
      busy.set(socket, (busy.get(socket) ?? 1) - 1);
    });
  });

  return async function drain(graceMs: number, maxMs: number): Promise<void> {
    draining = true;
    for (const res of inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
    const began = Date.now();
    let listening = true;
    for (;;) {
      const now = Date.now();
      if (listening && now - began >= graceMs) {
        // net.Server's close: stop listening, without http.Server's "close every idle connection now".
        NetServer.prototype.close.call(server);
        listening = false;
      }
      if ((!listening && open.size === 0) || now - began >= maxMs) break;
      for (const socket of open) {
        if (busy.get(socket)) continue;
        const acceptedAt = fresh.get(socket);
        if (acceptedAt === undefined || now - acceptedAt >= graceMs) socket.destroy();
      }
      await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    }
  };
}
