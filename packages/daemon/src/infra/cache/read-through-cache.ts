import type { Cache } from './cache.js';

/** One kind of cached entry, read through to its source on a miss. */
export interface ReadThroughCache<T> {
  /** The entry under `key`, loaded with `load` (and kept) when the cache has none. */
  read(key: string, load: () => Promise<T>): Promise<T>;
  /** Drops the entry on every node: call once the transaction that changed its source has committed. */
  forget(key: string): Promise<void>;
}

/**
 * A read-through view of the mode's cache for data that is read on every request and written rarely (a region's
 * tax rates and shipping methods). Whoever writes the source calls `forget` after the commit; `ttlMs` bounds what a
 * lost invalidation (or a read that raced the write) can cost. `ttlMs` 0 turns the cache off.
 */
export function readThroughCache<T>(cache: Cache, namespace: string, ttlMs: number): ReadThroughCache<T> {
  const keyOf = (key: string) => `${namespace}:${key}`;
  return {
    async read(key, load) {
      if (ttlMs === 0) return load();
      const cached = await cache.get<T>(keyOf(key));
      if (cached !== undefined) return cached;
      const stamp = cache.stamp();
      const value = await load();
      await cache.set(keyOf(key), value, ttlMs, stamp);
      return value;
    },
    async forget(key) {
      if (ttlMs > 0) await cache.delete(keyOf(key));
    },
  };
}
