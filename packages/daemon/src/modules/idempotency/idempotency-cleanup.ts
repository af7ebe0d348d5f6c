import type { Executor } from '../../db/database-types.js';
import { idempotencyRepository } from './idempotency-repository.js';

/** Removes idempotency records past their 24 h replay window; returns how many. */
export function deleteExpiredIdempotencyRecords(db: Executor, at: string): Promise<number> {
  return idempotencyRepository(db).deleteExpired(at);
}
