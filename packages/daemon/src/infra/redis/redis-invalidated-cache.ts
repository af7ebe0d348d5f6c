import type { Cache } from '../cache/cache.js';
import type { RedisConnection } from './redis-connection.js';

const CHANNEL = 'tp:cache:invalidate';

/**
 * The cluster cache: each node keeps hot entries in its own memory (`local`, the single node's cache) and every
 * delete is published on Redis, so all nodes drop the entry at once: a price changed through node A is read fresh
 * through node B. While Redis is down no invalidation can arrive, so the cache is bypassed (reads go to the
 * database) and emptied when Redis returns.
 */
export function createRedisInvalidatedCache(deps: {
  local: Cache & { clear(): void };
  publisher: RedisConnection;
  subscriber: RedisConnection;
}): Cache & { start(): Promise<void> } {
  const { local, publisher, subscriber } = deps;
  let wasUsable = false;
  /** Whether the cache may be used now; coming back from an outage empties it first. */
  const usable = () => {
    const now = publisher.isUp() && subscriber.isUp();
    if (now && !wasUsable) local.clear();
    wasUsable = now;
    return now;
  };
  subscriber.client.on('message', (channel: string, key: string) => {
    if (channel === CHANNEL) void local.delete(key);
  });
  subscriber.client.on('ready', () => {
    // Invalidations published while this node was cut off are lost: start empty.
    local.clear();
    void subscriber.client.subscribe(CHANNEL).catch(() => undefined);
  });

  return {
    async start() {
      if (subscriber.client.status === 'ready')
        await subscriber.client.subscribe(CHANNEL).catch(() => undefined);
    },
    async get(key) {
      return usable() ? local.get(key) : undefined;
    },
    async set(key, value, ttlMs, stamp) {
      if (usable()) await local.set(key, value, ttlMs, stamp);
    },
    // Deletions published by other nodes reach `local.delete` too, so a stamp covers them.
    stamp: () => local.stamp(),
    async delete(key) {
      await local.delete(key);
      // If Redis is down the others bypass their caches anyway, and empty them when it returns.
      await publisher.client.publish(CHANNEL, key).catch(() => undefined);
    },
  };
}
