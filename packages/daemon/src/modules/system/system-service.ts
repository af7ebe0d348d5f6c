import type { Health, Meta, Readiness } from '@tillpoint/sdk/schemas';
import type { DatabaseHandle } from '../../db/database-types.js';
import type { Logger } from '../../infra/logger.js';
import { DAEMON_VERSION } from '../../version.js';

export interface SystemService {
  health(): Health;
  readiness(): Promise<Readiness>;
  meta(): Meta;
}

/** How long readiness waits for the database before calling it down. */
const READINESS_TIMEOUT_MS = 2_000;

/** Liveness, readiness and identity of this daemon. */
export function createSystemService(
  database: DatabaseHandle,
  logger: Logger,
  node: { mode: Meta['mode']; role: Meta['role']; redisProblem?: () => string | undefined },
): SystemService {
  const redisCheck = (): Readiness['checks'] => {
    if (node.mode !== 'cluster') return {};
    const problem = node.redisProblem?.();
    return { redis: problem === undefined ? { status: 'up' } : { status: 'degraded', error: problem } };
  };
  const startedAt = performance.now();
  return {
    health: () => ({ status: 'ok', uptimeSeconds: Math.round((performance.now() - startedAt) / 10) / 100 }),
    async readiness() {
      const began = performance.now();
      try {
        await withTimeout(database.ping(), READINESS_TIMEOUT_MS);
        const latencyMs = Math.round((performance.now() - began) * 100) / 100;
        const checks = { database: { status: 'up' as const, latencyMs }, ...redisCheck() };
        if (!(await database.storage.recheck())) {
          return {
            status: 'not_ready',
            checks: { ...checks, storage: { status: 'down', error: 'disk full: writes fail, reads work' } },
          };
        }
        return { status: 'ready', checks };
      } catch (error) {
        // The cause (addresses, driver messages) goes to the log; unauthenticated probes only learn "down".
        logger.warn({ err: error }, 'readiness: database check failed');
        return {
          status: 'not_ready',
          checks: { database: { status: 'down', error: 'database unreachable' }, ...redisCheck() },
        };
      }
    },
    meta: () => ({
      name: 'tillpointd',
      version: DAEMON_VERSION,
      apiVersion: 'v1',
      mode: node.mode,
      database: database.dialect,
      role: node.role,
      node: process.version,
    }),
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
