/**
 * A read-through cache for hot, rarely written entities (products). Writers delete the entry in
 * the same request that changed it. Single node: memory; cluster: Redis with invalidation fan-out.
 */
export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  /** Stores the value; with a `stamp`, only if the key has not been deleted since the stamp was taken. */
  set<T>(key: string, value: T, ttlMs: number, stamp?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * The cache's deletions so far. Take it before reading the values to cache (even before knowing their keys) and
   * pass it to `set`: a write that committed, and deleted a key, while its value was being read then keeps the older
   * value out of the cache.
   */
  stamp(): number;
}
