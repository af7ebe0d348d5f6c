import { type Cart, formatMoney, type Order } from '@tillpoint/sdk/storefront';
import { h } from '../dom.js';

/** The amounts of a cart or an order that make up its total (minor units of `currency`). */
export interface Totals {
  currency: string;
  pricesIncludeTax: boolean | null;
  subtotal: number;
  discountTotal: number;
  shippingTotal: number;
  shippingName: string | null;
  taxTotal: number;
  total: number;
}

/**
 * Subtotal, discount, shipping, tax and total, as the daemon priced them: the page never adds amounts up itself.
 * Each value cell carries its amount in `data-amount`.
 */
export function breakdown(totals: Totals): HTMLElement {
  const row = (testId: string, label: string, amount: number) =>
    h(
      'tr',
      { 'data-testid': testId },
      h('th', { scope: 'row' }, label),
      h('td', { 'data-amount': amount }, formatMoney(amount, totals.currency)),
    );
  return h(
    'table',
    { class: 'breakdown', 'data-testid': 'breakdown' },
    h(
      'tbody',
      {},
      row('total-subtotal', 'Subtotal', totals.subtotal),
      row('total-discount', 'Discount', -totals.discountTotal),
      row(
        'total-shipping',
        totals.shippingName ? `Shipping (${totals.shippingName})` : 'Shipping',
        totals.shippingTotal,
      ),
      row('total-tax', totals.pricesIncludeTax ? 'Tax (included)' : 'Tax', totals.taxTotal),
      row('total-grand', 'Total', totals.total),
    ),
  );
}

/** A cart's totals: `grandTotal` is what completion will charge. */
export function cartTotals(cart: Cart): Totals {
  return {
    currency: cart.currency,
    pricesIncludeTax: cart.pricesIncludeTax,
    subtotal: cart.subtotal,
    discountTotal: cart.discountTotal,
    shippingTotal: cart.shippingTotal,
    shippingName: cart.shippingMethod?.name ?? null,
    taxTotal: cart.taxTotal,
    total: cart.grandTotal,
  };
}

/** An order's totals, as it was placed. */
export function orderTotals(order: Order): Totals {
  return {
    currency: order.currency,
    pricesIncludeTax: order.pricesIncludeTax,
    subtotal: order.subtotal,
    discountTotal: order.discountTotal,
    shippingTotal: order.shippingTotal,
    shippingName: order.shippingMethod?.name ?? null,
    taxTotal: order.taxTotal,
    total: order.total,
  };
}
