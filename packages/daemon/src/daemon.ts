import { mkdir, rename, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/database-types.js';
import { migrateToLatest } from './db/migrate.js';
import { openDatabase } from './db/open-database.js';
import { buildHttpApp } from './http/build-http-app.js';
import type { Logger } from './infra/logger.js';

export interface RunningDaemon {
  url: string;
  host: string;
  port: number;
  app: FastifyInstance;
  database: DatabaseHandle;
  /** Stops accepting, lets in-flight requests finish, then closes the database. */
  stop(): Promise<void>;
}

/**
 * The composition root: reads nothing itself, builds the adapters the config asks for and hands
 * them to the HTTP app. Modules never look at the mode; they get what is built here.
 */
export async function startDaemon(config: Config, logger: Logger): Promise<RunningDaemon> {
  const began = performance.now();
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const database = openDatabase(config);
  try {
    if (config.migrate) {
      const report = await migrateToLatest(database);
      if (report.applied.length > 0) logger.info({ applied: report.applied }, 'migrations applied');
    }
    const app = await buildHttpApp({ config, logger, database });
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${host}:${address.port}`;
    if (config.readyFile)
      await writeReadyFile(config.readyFile, { url, host: address.address, port: address.port });
    logger.info(
      { url, port: address.port, database: database.dialect, readyMs: Math.round(performance.now() - began) },
      `tillpointd listening on ${url}`,
    );
    return {
      url,
      host: address.address,
      port: address.port,
      app,
      database,
      async stop() {
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
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
