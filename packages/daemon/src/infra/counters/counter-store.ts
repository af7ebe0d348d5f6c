/** A fixed-window hit counter: how many times a key was hit in the current window, and when it resets. */
export interface CounterState {
  count: number;
  resetAt: number;
}

/**
 * Counters shared by whatever must count across requests (login throttling). Single node: memory;
 * cluster: Redis, behind this same interface.
 */
export interface CounterStore {
  /** Adds one hit to `key` and returns the window's state. */
  hit(key: string, windowMs: number): Promise<CounterState>;
  /** The window's state without adding a hit. */
  peek(key: string): Promise<CounterState | undefined>;
  reset(key: string): Promise<void>;
}
