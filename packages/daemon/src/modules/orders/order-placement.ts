import type { Address } from '@tillpoint/sdk/schemas';
import type { Executor } from '../../db/database-types.js';
import { type Clock, isoAfter } from '../../infra/clock.js';
import { newId } from '../../infra/ids.js';
import type { Totals } from '../../totals/index.js';
import type { Outbox } from '../events/outbox.js';
import { type OrderItemRow, type OrderRow, ordersRepository, toOrder } from './orders-repository.js';

/** One line of a completed cart, as the order keeps it; its amounts come from `totals.lines` by `id`. */
export interface PlacedLine {
  /** The cart line's ID: the key of its entry in `totals.lines`. */
  id: string;
  productId: string;
  variantId: string;
  sku: string;
  name: string;
  /** Whether the line took units of tracked stock (given back if the order is cancelled). */
  tracksStock: boolean;
}

/** Everything cart completion hands the orders module; the amounts are the totals engine's answer. */
export interface CartOrderInput {
  cartId: string;
  userId: string | null;
  email: string;
  /** SHA-256 of a guest order's token; null for a customer's order. */
  tokenHash: string | null;
  regionId: string | null;
  totals: Totals;
  lines: readonly PlacedLine[];
  shippingAddress: Address | null;
  billingAddress: Address | null;
  shippingMethod: { id: string; name: string } | null;
}

/**
 * For cart completion, inside its transaction: writes the order with the cart's breakdown (each line's discount,
 * tax rate, tax and total; shipping; the engine's `Totals` as JSON), its first history entry and `order.created`
 * carrying the breakdown. Stock and promotion usage are the caller's to take first.
 */
export async function placeOrderFromCart(
  trx: Executor,
  deps: { outbox: Outbox; clock: Clock; paymentTimeoutMinutes: number },
  input: CartOrderInput,
): Promise<OrderRow> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const orderId = newId('order');
  const amounts = new Map(input.totals.lines.map((line) => [line.id, line]));
  const items: OrderItemRow[] = input.lines.map((line) => {
    const totals = amounts.get(line.id)!;
    return {
      id: newId('orderItem'),
      order_id: orderId,
      product_id: line.productId,
      variant_id: line.variantId,
      sku: line.sku,
      name: line.name,
      unit_price: totals.unitPrice,
      quantity: totals.quantity,
      line_total: totals.subtotal,
      stock_reserved: line.tracksStock ? 1 : 0,
      discount_total: totals.discountTotal,
      tax_total: totals.taxTotal,
      tax_rate: totals.taxRate,
      total: totals.total,
    };
  });
  const { totals } = input;
  const row: OrderRow = {
    id: orderId,
    user_id: input.userId,
    status: 'pending',
    currency: totals.currency,
    total: totals.grandTotal,
    amount_paid: 0,
    amount_refunded: 0,
    payment_due_at: isoAfter(now, deps.paymentTimeoutMinutes * 60),
    active_payment_id: null,
    created_at: at,
    updated_at: at,
    email: input.email,
    token_hash: input.tokenHash,
    cart_id: input.cartId,
    region_id: input.regionId,
    subtotal: totals.subtotal,
    discount_total: totals.discountTotal,
    shipping_total: totals.shippingTotal,
    tax_total: totals.taxTotal,
    prices_include_tax: totals.pricesIncludeTax ? 1 : 0,
    shipping_address: input.shippingAddress ? JSON.stringify(input.shippingAddress) : null,
    billing_address: input.billingAddress ? JSON.stringify(input.billingAddress) : null,
    shipping_method_id: input.shippingMethod?.id ?? null,
    shipping_method_name: input.shippingMethod?.name ?? null,
    breakdown: JSON.stringify(totals),
  };
  const orders = ordersRepository(trx);
  await orders.insert(row, items);
  await orders.recordTransition(orderId, null, 'pending', null, at);
  await deps.outbox.append(
    trx,
    {
      type: 'order.created',
      subjectId: orderId,
      ownerId: input.userId,
      data: { ...toOrder(row, items), breakdown: totals },
    },
    at,
  );
  return row;
}
