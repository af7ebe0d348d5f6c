import { AppError } from '../../core/app-error.js';
import type { CounterState, CounterStore } from '../counters/counter-store.js';
import type { RedisConnection } from './redis-connection.js';

/** INCR and, for a new window, PEXPIRE, in one atomic step; returns [count, milliseconds left]. */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) ttl = tonumber(ARGV[1]) end
return {count, ttl}`;

/**
 * Fixed-window counters in Redis, shared by every node (login throttling). Fails closed: while Redis is down a hit
 * throws 503 `service_unavailable`, so a brute-force run cannot slip through an outage.
 */
export function createRedisCounterStore(redis: RedisConnection, prefix = 'tp:counter:'): CounterStore {
  async function guarded<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw new AppError('service_unavailable', {
        detail:
          'Sign-in is briefly unavailable (its throttling store is down). Retry after the time in `Retry-After`.',
        headers: { 'retry-after': '5' },
        cause: error,
      });
    }
  }
  return {
    hit: (key, windowMs) =>
      guarded(async () => {
        const [count, ttl] = (await redis.client.eval(HIT_SCRIPT, 1, prefix + key, String(windowMs))) as [
          number,
          number,
        ];
        return { count, resetAt: Date.now() + ttl };
      }),
    peek: (key) =>
      guarded(async (): Promise<CounterState | undefined> => {
        const [count, ttl] = await Promise.all([
          redis.client.get(prefix + key),
          redis.client.pttl(prefix + key),
        ]);
        return count === null || ttl < 0 ? undefined : { count: Number(count), resetAt: Date.now() + ttl };
      }),
    reset: (key) =>
      guarded(async () => {
        await redis.client.del(prefix + key);
      }),
  };
}
