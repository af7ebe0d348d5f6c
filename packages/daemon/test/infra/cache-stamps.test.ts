import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/infra/cache/memory-cache.js';

// A value read before a write committed must not be cached after the write deleted its key (ADR-055).
describe('cache stamps', () => {
  it('keeps a value out when its key was deleted after the stamp was taken', async () => {
    const cache = createMemoryCache();
    const stamp = cache.stamp();
    await cache.delete('product:a');
    await cache.set('product:a', { name: 'older' }, 60_000, stamp);
    expect(await cache.get('product:a')).toBeUndefined();
    // A stamp taken after the deletion stores it.
    await cache.set('product:a', { name: 'newer' }, 60_000, cache.stamp());
    expect(await cache.get('product:a')).toEqual({ name: 'newer' });
  });

  it('stores values whose keys were not deleted since, and always without a stamp', async () => {
    const cache = createMemoryCache();
    const stamp = cache.stamp();
    await cache.delete('product:a');
    // Another key (almost always in another bucket; one in the same bucket would only be skipped, never wrong).
    const other = ['product:b', 'product:c', 'product:d'];
    for (const key of other) await cache.set(key, key, 60_000, stamp);
    const stored = await Promise.all(other.map((key) => cache.get(key)));
    expect(stored.filter((value) => value !== undefined).length).toBeGreaterThanOrEqual(2);
    await cache.set('product:a', 'unstamped', 60_000);
    expect(await cache.get('product:a')).toBe('unstamped');
  });

  it('keeps everything stamped before a clear out of the cache', async () => {
    const cache = createMemoryCache();
    const stamp = cache.stamp();
    cache.clear();
    await cache.set('product:e', 'older', 60_000, stamp);
    expect(await cache.get('product:e')).toBeUndefined();
  });
});
