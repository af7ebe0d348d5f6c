import type { OrderItemInput } from '@tillpoint/sdk';
import { CliFailure, EXIT } from '../output/describe-error.js';

/** `sku=qty` or `prd_…=qty` as an order line. */
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
  else line.sku = product;
  return line;
}
