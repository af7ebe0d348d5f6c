import { formatMoney, NotFoundError, type OrderDetail } from '@tillpoint/sdk/storefront';
import { h } from '../dom.js';
import { shop } from '../shop.js';
import { breakdown, orderTotals } from './breakdown.js';

/**
 * `#/orders/:id`: the confirmation. A guest reads the order with its order token, which the client keeps in memory
 * from `carts.complete` (the daemon sets no cookie for it), so only the tab that placed the order can show it.
 */
export async function orderView(id: string): Promise<Node> {
  let order: OrderDetail;
  try {
    order = await shop.orders.get(id);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    return h(
      'p',
      { 'data-testid': 'order-not-shown' },
      `Order ${id} can only be shown in the tab that placed it; its confirmation is on its way by email.`,
    );
  }
  const to = order.shippingAddress;
  return h(
    'section',
    { class: 'confirmation', 'data-testid': 'confirmation' },
    h('h1', {}, order.status === 'paid' ? 'Thank you for your order' : 'Your order'),
    h(
      'p',
      {},
      'Order ',
      h('strong', { 'data-testid': 'order-id' }, order.id),
      ' is ',
      h('strong', { 'data-testid': 'order-status' }, order.status),
      order.email ? ` · confirmation to ${order.email}` : '',
    ),
    h(
      'ul',
      { class: 'summary-lines', 'data-testid': 'order-items' },
      ...order.items.map((item) =>
        h(
          'li',
          { 'data-sku': item.sku },
          `${item.quantity} × ${item.name}`,
          h('span', {}, formatMoney(item.total, order.currency)),
        ),
      ),
    ),
    breakdown(orderTotals(order)),
    h('p', { 'data-testid': 'order-paid' }, `Paid: ${formatMoney(order.amountPaid, order.currency)}`),
    to
      ? h('p', {}, `Ships to ${to.name}, ${to.line1}, ${to.postalCode ?? ''} ${to.city}, ${to.countryCode}`)
      : null,
    h('p', {}, h('a', { href: '#/' }, 'Continue shopping')),
  );
}
