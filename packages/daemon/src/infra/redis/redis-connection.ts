import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/**
 * A Redis connection that fails fast while Redis is down (no offline queue, one try per command) and reconnects by
 * itself with backoff. Going down and coming back are logged once each, never per request.
 * Callers decide what "down" means for them: the cache is bypassed, rate limits fail open, login throttling fails
 * closed, wake-ups fall back to polling.
 */
export function createRedisConnection(url: string, logger: Logger, name: string) {
  const client = new Redis(url, {
    connectionName: `tillpointd-${name}`,
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 1_000,
    retryStrategy: (attempt) => Math.min(2_000, 50 * 2 ** attempt),
  });
  let up = false;
  let reportedDown = false;
  client.on('ready', () => {
    if (reportedDown) logger.info({ redis: name }, 'redis is back');
    up = true;
    reportedDown = false;
  });
  client.on('error', (error) => {
    up = false;
    if (!reportedDown) {
      reportedDown = true;
      logger.warn({ err: error, redis: name }, 'redis unavailable; degraded until it returns');
    }
  });
  client.on('end', () => {
    up = false;
  });
  return {
    client,
    isUp: () => up && client.status === 'ready',
    async close() {
      client.disconnect();
    },
  };
}

export type RedisConnection = ReturnType<typeof createRedisConnection>;
