import type { Cart } from '@tillpoint/sdk';
import { formatMoney } from '@tillpoint/sdk/money';
import type { Output } from './output.js';

/** A cart with its breakdown and lines, for `till carts …`. */
export function printCart(out: Output, cart: Cart): void {
  const money = (amount: number) => formatMoney(amount, cart.currency);
  out.keyValue([
    ['ID', cart.id],
    ['Status', cart.status],
    ['Owner', cart.userId ?? out.style.dim('(guest)')],
    ['Email', cart.email ?? out.style.dim('(none)')],
    ['Region', cart.regionId ?? out.style.dim('(none)')],
    ['Subtotal', money(cart.subtotal)],
    ['Discount', money(cart.discountTotal)],
    ['Shipping', money(cart.shippingTotal)],
    ['Tax', money(cart.taxTotal)],
    ['Total', money(cart.grandTotal)],
    ['Promotions', cart.promotions.map((p) => `${p.code ?? p.id} −${money(p.amount)}`).join(', ') || '-'],
    ['Fingerprint', cart.fingerprint],
    ...(cart.orderId ? [['Order', cart.orderId] as [string, string]] : []),
  ]);
  if (cart.lines.length) {
    out.line();
    out.table(cart.lines, [
      { header: 'LINE', get: (l) => l.id },
      { header: 'SKU', get: (l) => l.sku ?? '-' },
      { header: 'QTY', get: (l) => String(l.quantity) },
      { header: 'UNIT PRICE', get: (l) => money(l.unitPrice) },
      { header: 'DISCOUNT', get: (l) => money(l.discountTotal) },
      { header: 'TAX', get: (l) => money(l.taxTotal) },
      { header: 'TOTAL', get: (l) => money(l.total) },
      { header: 'PROBLEM', get: (l) => l.unavailable ?? '' },
    ]);
  }
}
