/**
 * A read-through cache for hot, rarely written entities (products). Writers delete the entry in
 * the same request that changed it. Single node: memory; cluster: Redis with invalidation fan-out.
 */
export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}
