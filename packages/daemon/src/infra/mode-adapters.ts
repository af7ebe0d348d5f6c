import type { Redis } from 'ioredis';
import { type Config, modeOf } from '../config.js';
import type { Cache } from './cache/cache.js';
import { createMemoryCache } from './cache/memory-cache.js';
import type { Clock } from './clock.js';
import type { CounterStore } from './counters/counter-store.js';
import { createMemoryCounterStore } from './counters/memory-counter-store.js';
import type { Logger } from './logger.js';

/** The adapters that differ between a single node and a cluster; modules see only the interfaces. */
export interface ModeAdapters {
  mode: 'single' | 'cluster';
  cache: Cache;
  counters: CounterStore;
  /** Shared store for @fastify/rate-limit (cluster), or undefined for its in-memory store. */
  rateLimitRedis: Redis | undefined;
  /** Tells other nodes a queue has work. */
  broadcastWake: ((queue: string) => void) | undefined;
  /** Where wake-ups from other nodes go (set once the queue exists). */
  onRemoteWake(handler: (queue: string) => void): void;
  /** Why Redis counts as down (cluster), for readiness reports; undefined while it answers and on a single node. */
  redisProblem(): string | undefined;
  close(): Promise<void>;
}

/**
 * Picks the adapters for the mode: memory on a single node; on a cluster, Redis-backed ones behind the same
 * interfaces (two connections: one for commands, one for subscriptions, as Redis requires).
 */
export async function createModeAdapters(
  config: Config,
  deps: { clock: Clock; logger: Logger },
): Promise<ModeAdapters> {
  if (modeOf(config) === 'single' || !config.redisUrl) {
    return {
      mode: 'single',
      cache: createMemoryCache(() => deps.clock.now().getTime()),
      counters: createMemoryCounterStore(deps.clock),
      rateLimitRedis: undefined,
      broadcastWake: undefined,
      onRemoteWake: () => {},
      redisProblem: () => undefined,
      close: async () => {},
    };
  }
  return createClusterAdapters(config.redisUrl, deps.logger);
}

/** The cluster's Redis-backed adapters; ioredis is loaded only here, so a single node never pays for it. */
async function createClusterAdapters(redisUrl: string, logger: Logger): Promise<ModeAdapters> {
  const { createRedisConnection } = await import('./redis/redis-connection.js');
  const { createRedisCounterStore } = await import('./redis/redis-counter-store.js');
  const { createRedisInvalidatedCache } = await import('./redis/redis-invalidated-cache.js');
  const { createRedisWakeups } = await import('./redis/redis-wakeups.js');
  const commands = createRedisConnection(redisUrl, logger, 'commands');
  const subscriber = createRedisConnection(redisUrl, logger, 'subscriber');
  let remoteWake: (queue: string) => void = () => {};
  const wakeups = createRedisWakeups({
    publisher: commands,
    subscriber,
    onWake: (queue) => remoteWake(queue),
  });
  return {
    mode: 'cluster',
    cache: createRedisInvalidatedCache({ local: createMemoryCache(), publisher: commands, subscriber }),
    counters: createRedisCounterStore(commands),
    rateLimitRedis: commands.client,
    broadcastWake: (queue) => wakeups.publish(queue),
    onRemoteWake(handler) {
      remoteWake = handler;
    },
    redisProblem: () => [commands, subscriber].find((redis) => !redis.isUp())?.downReason(),
    async close() {
      await subscriber.close();
      await commands.close();
    },
  };
}
