import type { Executor } from '../../db/database-types.js';
import type { PaidBreakdown } from '../../totals/index.js';
import { ordersRepository } from './orders-repository.js';

/**
 * What an order paid line by line, the basis the totals engine plans refunds against (`planRefund`): each line's
 * total and tax as stored at completion, and shipping with its tax (the order's tax less its lines'). Null for an
 * order placed without a cart, which has no breakdown to plan against.
 */
export async function paidBreakdownOf(trx: Executor, orderId: string): Promise<PaidBreakdown | null> {
  const orders = ordersRepository(trx);
  const order = await orders.findById(orderId);
  if (!order?.breakdown) return null;
  // Lines written by cart completion always carry their total; `?? 0` only satisfies the column's type.
  const items = await orders.itemsOf([orderId]);
  const lineTax = items.reduce((sum, item) => sum + item.tax_total, 0);
  return {
    lines: items.map((item) => ({
      id: item.id,
      quantity: item.quantity,
      total: item.total ?? 0,
      taxTotal: item.tax_total,
    })),
    shippingTotal: order.shipping_total,
    shippingTaxTotal: order.tax_total - lineTax,
  };
}
