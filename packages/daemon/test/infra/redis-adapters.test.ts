import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/app-error.js';
import { createMemoryCache } from '../../src/infra/cache/memory-cache.js';
import { createLogger } from '../../src/infra/logger.js';
import { createRedisConnection, type RedisConnection } from '../../src/infra/redis/redis-connection.js';
import { createRedisCounterStore } from '../../src/infra/redis/redis-counter-store.js';
import { createRedisInvalidatedCache } from '../../src/infra/redis/redis-invalidated-cache.js';
import { eventually } from '../support/job-fixtures.js';
import { startPrivateRedis } from '../support/private-redis.js';

const logger = createLogger({ logLevel: 'silent', logFormat: 'json' });

describe('Redis adapters when Redis goes away and comes back', () => {
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  let commands: RedisConnection;
  let subscriber: RedisConnection;
  let peerCommands: RedisConnection;
  let peerSubscriber: RedisConnection;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    commands = createRedisConnection(redis.url, logger, 'a');
    subscriber = createRedisConnection(redis.url, logger, 'a-sub');
    peerCommands = createRedisConnection(redis.url, logger, 'b');
    peerSubscriber = createRedisConnection(redis.url, logger, 'b-sub');
    await eventually(
      async () => (commands.isUp() && subscriber.isUp() && peerSubscriber.isUp() ? true : undefined),
      'redis',
    );
  });
  afterAll(async () => {
    for (const connection of [commands, subscriber, peerCommands, peerSubscriber]) await connection?.close();
    await redis?.stop();
  });

  it('counts atomically across nodes, fails closed while down, and recovers', async () => {
    const a = createRedisCounterStore(commands);
    const b = createRedisCounterStore(peerCommands);
    const key = `login:${Date.now()}`;
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).hit(key, 60_000)));
    expect((await a.peek(key))?.count).toBe(20);

    await redis.stop();
    await eventually(async () => (commands.isUp() ? undefined : true), 'redis to be seen down');
    const refused = await a.hit(key, 60_000).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'service_unavailable', headers: { 'retry-after': '5' } });

    await redis.start();
    await eventually(async () => (commands.isUp() ? true : undefined), 'redis to be back', 15_000);
    expect((await a.hit(`${key}:after`, 60_000)).count).toBe(1);
  }, 30_000);

  it('drops an entry on every node when one node deletes it, and bypasses the cache while Redis is down', async () => {
    await eventually(
      async () => (subscriber.isUp() && peerSubscriber.isUp() ? true : undefined),
      'subscribers',
      15_000,
    );
    const nodeA = createRedisInvalidatedCache({
      local: createMemoryCache(),
      publisher: commands,
      subscriber,
    });
    const nodeB = createRedisInvalidatedCache({
      local: createMemoryCache(),
      publisher: peerCommands,
      subscriber: peerSubscriber,
    });
    await nodeA.start();
    await nodeB.start();
    await nodeB.set('product:1', { price: 1000 }, 60_000);
    expect(await nodeB.get('product:1')).toEqual({ price: 1000 });
    await nodeA.delete('product:1');
    await eventually(
      async () => ((await nodeB.get('product:1')) === undefined ? true : undefined),
      'invalidation on B',
    );

    await nodeB.set('product:2', { price: 5 }, 60_000);
    await redis.stop();
    await eventually(async () => (peerCommands.isUp() ? undefined : true), 'redis to be seen down');
    expect(await nodeB.get('product:2')).toBeUndefined();
    await nodeB.set('product:3', { price: 7 }, 60_000);
    expect(await nodeB.get('product:3')).toBeUndefined();
    await redis.start();
    await eventually(
      async () => (peerCommands.isUp() && peerSubscriber.isUp() ? true : undefined),
      'redis back',
      15_000,
    );
    // Invalidations sent while it was cut off are lost: the cache starts empty again.
    expect(await nodeB.get('product:2')).toBeUndefined();
  }, 30_000);

  it('resubscribes after Redis restarts, and a node closing during that reconnect leaves no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const own = await startPrivateRedis();
    const publisher = createRedisConnection(own.url, logger, 'c');
    const listener = createRedisConnection(own.url, logger, 'c-sub');
    try {
      const cache = createRedisInvalidatedCache({
        local: createMemoryCache(),
        publisher,
        subscriber: listener,
      });
      await eventually(async () => (publisher.isUp() && listener.isUp() ? true : undefined), 'redis');
      await cache.start();
      await own.stop();
      await eventually(async () => (listener.isUp() ? undefined : true), 'redis to be seen down');
      await own.start();
      await eventually(
        async () => (publisher.isUp() && listener.isUp() ? true : undefined),
        'redis back',
        15_000,
      );
      // Only a subscription renewed after the restart carries the deletion to this cache.
      await eventually(async () => {
        await cache.set('product:9', { price: 9 }, 60_000);
        await publisher.client.publish('tp:cache:invalidate', 'product:9');
        await new Promise((resolve) => setTimeout(resolve, 50));
        return (await cache.get('product:9')) === undefined ? true : undefined;
      }, 'invalidation after the restart');

      // A node shutting down while its subscriber reconnects: closed right after the reconnect's ready check (INFO)
      // is written, so INFO's answer arrives on a stream that can no longer be written to.
      const closing = createRedisConnection(own.url, logger, 'closing');
      createRedisInvalidatedCache({ local: createMemoryCache(), publisher, subscriber: closing });
      await eventually(async () => (closing.isUp() ? true : undefined), 'subscriber up');
      await closing.client.subscribe('tp:cache:invalidate');
      await own.stop();
      await eventually(async () => (closing.isUp() ? undefined : true), 'redis to be seen down');
      let closedAfterInfo = false;
      closing.client.once('connect', () => {
        const stream = closing.client.stream;
        const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
        stream.write = ((chunk: unknown, ...rest: unknown[]) => {
          const written = write(chunk, ...rest);
          if (!closedAfterInfo && /\binfo\b/i.test(String(chunk))) {
            closedAfterInfo = true;
            void closing.close();
          }
          return written;
        }) as typeof stream.write;
      });
      await own.start();
      await eventually(async () => (closedAfterInfo ? true : undefined), 'closed after INFO', 15_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await publisher.close();
      await listener.close();
      await own.stop();
    }
  }, 60_000);
});
