import type { OrderItemInput } from '@tillpoint/sdk';
import { CliFailure, EXIT } from '../output/describe-error.js';

/** `sku=qty`, `var_…=qty` (a variant) or `prd_…=qty` (a product with one variant) as an order line. */
export function parseItem(raw: string): OrderItemInput {
  const match = /^([^=\s]+)=(\d+)$/.exec(raw.trim());
  if (!match) {
    throw new CliFailure(`Invalid --item "${raw}": expected sku=quantity, e.g. MUG-01=2.`, 'usage_error', {
      exitCode: EXIT.usage,
    });
  }
  const [, product, quantity] = match as unknown as [string, string, string];
  const line: OrderItemInput = { quantity: Number(quantity) };
  if (/^prd_[0-9A-Z]{26}$/.test(product)) line.productId = product;
  else if (/^var_[0-9A-Z]{26}$/.test(product)) line.variantId = product;
  else line.sku = product;
  return line;
}
