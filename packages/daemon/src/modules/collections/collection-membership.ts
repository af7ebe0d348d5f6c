import type { Executor } from '../../db/database-types.js';
import { preparedQuery } from '../../db/prepared-query.js';

const membershipOf = preparedQuery<
  { productIds: readonly string[] },
  { product_id: string; collection_id: string }
>((db, _param, list) =>
  db
    .selectFrom('collection_products')
    .select(['product_id', 'collection_id'])
    .where('product_id', 'in', list('productIds')),
);

/**
 * For carts (promotions that target collections): the collections each product belongs to. Products in none are
 * absent from the map.
 */
export async function collectionsOfProducts(
  trx: Executor,
  productIds: readonly string[],
): Promise<Map<string, string[]>> {
  const byProduct = new Map<string, string[]>();
  if (productIds.length === 0) return byProduct;
  const { rows } = await membershipOf.execute(trx, { productIds });
  for (const row of rows)
    byProduct.set(row.product_id, [...(byProduct.get(row.product_id) ?? []), row.collection_id]);
  return byProduct;
}
