import type { Cache } from './cache.js';

/** Bound on entries; the oldest insertion is dropped first. */
const MAX_ENTRIES = 10_000;
/** Deletions are remembered per bucket of keys (bounded memory); a shared bucket only makes a `set` skip more often. */
const STAMP_BUCKETS = 4096;

function bucketOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % STAMP_BUCKETS;
}

/** In-process cache for a single node. Values are stored as given: callers must not mutate them. */
export function createMemoryCache(now: () => number = Date.now): Cache & { clear(): void } {
  const entries = new Map<string, { value: unknown; expiresAt: number }>();
  /** Deletions are numbered; per bucket, the number of its latest (0: none), and of the latest `clear`. */
  let deletions = 0;
  const lastDeletion = new Float64Array(STAMP_BUCKETS);
  let lastClear = 0;
  return {
    stamp: () => deletions,
    async get<T>(key: string) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value as T;
    },
    async set(key, value, ttlMs, since) {
      if (since !== undefined && (lastClear > since || (lastDeletion[bucketOf(key)] ?? 0) > since)) return;
      if (entries.size >= MAX_ENTRIES && !entries.has(key))
        entries.delete(entries.keys().next().value as string);
      entries.set(key, { value, expiresAt: now() + ttlMs });
    },
    async delete(key) {
      entries.delete(key);
      deletions += 1;
      lastDeletion[bucketOf(key)] = deletions;
    },
    clear() {
      entries.clear();
      deletions += 1;
      lastClear = deletions;
    },
  };
}
