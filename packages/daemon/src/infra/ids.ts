import { randomBytes } from 'node:crypto';
import { ID_PREFIXES } from '@tillpoint/sdk/schemas';
import { monotonicFactory } from 'ulid';

/**
 * ulid's default source asks the OS for randomness once per character; drawing from a pooled
 * buffer gives the same cryptographic randomness at a fraction of the cost (IDs are minted per request).
 */
function pooledRandom(): () => number {
  let pool = randomBytes(4096);
  let offset = 0;
  return () => {
    if (offset + 4 > pool.length) {
      pool = randomBytes(4096);
      offset = 0;
    }
    const value = pool.readUInt32BE(offset) / 0x1_0000_0000;
    offset += 4;
    return value;
  };
}

// Monotonic: IDs minted in the same millisecond still sort in creation order, which cursor pagination relies on.
const nextUlid = monotonicFactory(pooledRandom());

/** A new prefixed, time-ordered ID, e.g. `newId('order')` → `ord_01JD…`. */
export function newId(kind: keyof typeof ID_PREFIXES): string {
  return `${ID_PREFIXES[kind]}_${nextUlid()}`;
}
