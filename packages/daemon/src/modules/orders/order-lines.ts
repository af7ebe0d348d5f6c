import type { Executor } from '../../db/database-types.js';
import { ordersRepository } from './orders-repository.js';

/** Whether any order line names the variant (the products module asks before it deletes one). */
export function orderLinesReferenceVariant(trx: Executor, variantId: string): Promise<boolean> {
  return ordersRepository(trx).anyLineOfVariant(variantId);
}
