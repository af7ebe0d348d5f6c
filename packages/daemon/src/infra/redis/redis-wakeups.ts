import type { RedisConnection } from './redis-connection.js';

const CHANNEL = 'tp:jobs:wake';

/**
 * Cross-node wake-ups over Redis pub/sub: a node that enqueues publishes the queue's name, and every node wakes its
 * workers for it. Only a latency optimisation: jobs are in PostgreSQL, and workers poll while Redis is down.
 */
export function createRedisWakeups(deps: {
  publisher: RedisConnection;
  subscriber: RedisConnection;
  onWake: (queue: string) => void;
}) {
  deps.subscriber.client.on('message', (channel: string, queue: string) => {
    if (channel === CHANNEL) deps.onWake(queue);
  });
  deps.subscriber.client.on(
    'ready',
    () => void deps.subscriber.client.subscribe(CHANNEL).catch(() => undefined),
  );
  return {
    async start() {
      if (deps.subscriber.client.status === 'ready')
        await deps.subscriber.client.subscribe(CHANNEL).catch(() => undefined);
    },
    publish(queue: string) {
      if (deps.publisher.isUp()) void deps.publisher.client.publish(CHANNEL, queue).catch(() => undefined);
    },
  };
}
