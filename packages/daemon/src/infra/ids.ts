import { ID_PREFIXES } from '@tillpoint/sdk/schemas';
import { monotonicFactory } from 'ulid';

// Monotonic: IDs minted in the same millisecond still sort in creation order, which cursor pagination relies on.
const nextUlid = monotonicFactory();

/** A new prefixed, time-ordered ID, e.g. `newId('order')` → `ord_01JD…`. */
export function newId(kind: keyof typeof ID_PREFIXES): string {
  return `${ID_PREFIXES[kind]}_${nextUlid()}`;
}
