import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/** How long one command may wait for Redis: a local Redis answers in well under a millisecond. */
const COMMAND_TIMEOUT_MS = 500;
/** How often an idle connection proves that Redis still answers. */
const HEARTBEAT_MS = 1_000;

/**
 * A Redis connection that fails fast while Redis is down (no offline queue, one try per command) and reconnects by
 * itself with backoff. Going down and coming back are logged once each, never per request.
 *
 * It is also a circuit breaker for the silent failure: Redis (or the network to it) stops answering without closing
 * the connection. A heartbeat PING every second with a short deadline notices it within about 1.5 s even on a
 * connection that only listens (the pub/sub subscriber). The connection is then dropped, which opens the breaker:
 * every command fails at once instead of waiting out its timeout, and callers use their documented fallback (the
 * cache is bypassed, rate limits fail open, login throttling fails closed, wake-ups fall back to polling).
 * ioredis's reconnects are the half-open state: each must pass its handshake within the same deadline, and the
 * first that does closes the breaker.
 */
export function createRedisConnection(url: string, logger: Logger, name: string) {
  const client = new Redis(url, {
    connectionName: `tillpointd-${name}`,
    lazyConnect: false,
    enableOfflineQueue: false,
    // ioredis resubscribes after a reconnect without handling the promise: a connection closed or cut during that
    // handshake rejects it unhandled, which ends the process. The adapters subscribe on every 'ready' themselves.
    autoResubscribe: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: COMMAND_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(2_000, 50 * 2 ** attempt),
  });
  let up = false;
  let downReason = 'not connected yet';
  let reportedDown = false;
  const markDown = (reason: string, error?: unknown) => {
    up = false;
    downReason = reason;
    if (!reportedDown) {
      reportedDown = true;
      logger.warn({ err: error, redis: name, reason }, 'redis unavailable; degraded until it returns');
    }
  };
  client.on('ready', () => {
    if (reportedDown) logger.info({ redis: name }, 'redis is back');
    up = true;
    reportedDown = false;
  });
  client.on('error', (error) => markDown(`redis unreachable: ${error.message}`, error));
  client.on('end', () => {
    up = false;
  });

  let probing = false;
  const heartbeat = setInterval(() => {
    if (probing || client.status !== 'ready') return;
    probing = true;
    client
      .ping()
      .catch((error: Error) => {
        if (client.status !== 'ready') return;
        markDown(`redis did not answer a PING within ${COMMAND_TIMEOUT_MS} ms`, error);
        client.disconnect(true);
      })
      .finally(() => {
        probing = false;
      });
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    client,
    isUp: () => up && client.status === 'ready',
    /** Why Redis counts as down, for readiness reports. */
    downReason: () => downReason,
    async close() {
      clearInterval(heartbeat);
      client.disconnect();
    },
  };
}

export type RedisConnection = ReturnType<typeof createRedisConnection>;
