import type { Clock } from '../clock.js';
import type { CounterState, CounterStore } from './counter-store.js';

/** Bound on tracked keys, so a flood of distinct keys (spoofed emails) cannot grow memory without limit. */
const MAX_KEYS = 100_000;

/** In-process counters for a single node. Expired windows are dropped lazily and when the map is full. */
export function createMemoryCounterStore(clock: Clock): CounterStore {
  const windows = new Map<string, CounterState>();

  function current(key: string): CounterState | undefined {
    const state = windows.get(key);
    if (state && state.resetAt <= clock.now().getTime()) {
      windows.delete(key);
      return undefined;
    }
    return state;
  }

  function evictExpired() {
    const now = clock.now().getTime();
    for (const [key, state] of windows) if (state.resetAt <= now) windows.delete(key);
    // Still full: drop the oldest insertion (Map keeps insertion order).
    while (windows.size >= MAX_KEYS) windows.delete(windows.keys().next().value as string);
  }

  return {
    async hit(key, windowMs) {
      const state = current(key);
      if (state) {
        state.count += 1;
        return { ...state };
      }
      if (windows.size >= MAX_KEYS) evictExpired();
      const fresh = { count: 1, resetAt: clock.now().getTime() + windowMs };
      windows.set(key, fresh);
      return { ...fresh };
    },
    async peek(key) {
      const state = current(key);
      return state ? { ...state } : undefined;
    },
    async reset(key) {
      windows.delete(key);
    },
  };
}
