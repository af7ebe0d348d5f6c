import type { IdPrefix } from '@tillpoint/sdk/schemas';
import { monotonicFactory } from 'ulid';

// Monotonic: IDs minted in the same millisecond still sort in creation order, which cursor pagination relies on.
const nextUlid = monotonicFactory();

/** A new prefixed, time-ordered ID, e.g. `newId('ord')` → `ord_01JD…`. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${nextUlid()}`;
}
