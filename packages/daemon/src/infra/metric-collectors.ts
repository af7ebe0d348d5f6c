import { statfs } from 'node:fs/promises';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/database-types.js';
import type { Metrics } from './metrics.js';

/** The gauges read at scrape time: queue depth, disabled webhook endpoints, database health and pool, free disk. */
export function registerMetricCollectors(
  metrics: Metrics,
  deps: { database: DatabaseHandle; dataDir: string },
) {
  const { db } = deps.database;
  metrics.onCollect(async () => {
    const rows = await db
      .selectFrom('jobs')
      .select(['queue', 'status', sql<number>`count(*)`.as('count')])
      .where('status', 'in', ['pending', 'running', 'dead'])
      .groupBy(['queue', 'status'])
      .execute();
    metrics.queueDepth.reset();
    for (const row of rows)
      metrics.queueDepth.set({ queue: row.queue, status: row.status }, Number(row.count));
  });
  metrics.onCollect(async () => {
    const row = await db
      .selectFrom('webhook_endpoints')
      .select(sql<number>`count(*)`.as('count'))
      .where('status', '=', 'disabled')
      .executeTakeFirst();
    metrics.webhookEndpointsDisabled.set(Number(row?.count ?? 0));
  });
  metrics.onCollect(async () => {
    try {
      await deps.database.ping(2_000);
      metrics.databaseUp.set(1);
    } catch {
      metrics.databaseUp.set(0);
    }
    const pool = deps.database.poolStats?.();
    if (pool) for (const [state, value] of Object.entries(pool)) metrics.databasePool.set({ state }, value);
  });
  metrics.onCollect(async () => {
    const fs = await statfs(deps.dataDir);
    metrics.diskFreeRatio.set(fs.blocks > 0 ? fs.bavail / fs.blocks : 1);
  });
}
