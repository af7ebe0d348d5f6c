import type { Cache } from './cache.js';

/** Bound on entries; the oldest insertion is dropped first. */
const MAX_ENTRIES = 10_000;

/** In-process cache for a single node. Values are stored as given: callers must not mutate them. */
export function createMemoryCache(now: () => number = Date.now): Cache & { clear(): void } {
  const entries = new Map<string, { value: unknown; expiresAt: number }>();
  return {
    async get<T>(key: string) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value as T;
    },
    async set(key, value, ttlMs) {
      if (entries.size >= MAX_ENTRIES && !entries.has(key))
        entries.delete(entries.keys().next().value as string);
      entries.set(key, { value, expiresAt: now() + ttlMs });
    },
    async delete(key) {
      entries.delete(key);
    },
    clear() {
      entries.clear();
    },
  };
}
