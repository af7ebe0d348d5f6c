import { type Cart, type CartLine, formatMoney } from '@tillpoint/sdk/storefront';
import { loadCart, showCount } from '../cart-session.js';
import { field, h, statusLine } from '../dom.js';
import { describeError } from '../errors.js';
import { shop } from '../shop.js';
import { breakdown, cartTotals } from './breakdown.js';

/** `#/cart`: the lines with their quantities, a promotion code, the breakdown and the way to checkout. */
export async function cartView(): Promise<Node> {
  const cart = await loadCart();
  if (!cart || cart.lines.length === 0) return emptyCart();
  const panel = h('section', { class: 'cart', 'data-testid': 'cart' });
  const status = statusLine('cart-status');
  // Every change answers the cart priced anew: the panel is drawn again from that answer.
  const change = async (call: () => Promise<Cart>) => {
    status.clear();
    try {
      const next = showCount(await call());
      panel.replaceChildren(...(next.lines.length > 0 ? cartContents(next, change, status) : [emptyCart()]));
    } catch (error) {
      status.error(describeError(error));
    }
  };
  panel.replaceChildren(...cartContents(cart, change, status));
  return panel;
}

type Change = (call: () => Promise<Cart>) => Promise<void>;

function emptyCart(): HTMLElement {
  return h(
    'p',
    { 'data-testid': 'cart-empty' },
    'Your cart is empty. ',
    h('a', { href: '#/' }, 'See the products'),
  );
}

function cartContents(cart: Cart, change: Change, status: ReturnType<typeof statusLine>): Node[] {
  return [
    h('h1', {}, 'Your cart'),
    h(
      'table',
      { class: 'lines', 'data-testid': 'cart-lines' },
      h(
        'thead',
        {},
        h('tr', {}, h('th', {}, 'Item'), h('th', {}, 'Price'), h('th', {}, 'Quantity'), h('th', {}, 'Total')),
      ),
      h('tbody', {}, ...cart.lines.map((line) => lineRow(cart, line, change))),
    ),
    promotionForm(cart, change),
    breakdown(cartTotals(cart)),
    status.element,
    h('p', {}, h('a', { class: 'button', href: '#/checkout', 'data-testid': 'go-to-checkout' }, 'Checkout')),
  ];
}

function lineRow(cart: Cart, line: CartLine, change: Change): HTMLElement {
  const quantity = h('input', {
    type: 'number',
    min: 1,
    max: 10000,
    value: line.quantity,
    'aria-label': `Quantity of ${line.name ?? line.sku}`,
    onchange: (event: Event) => {
      const value = Number((event.target as HTMLInputElement).value);
      if (Number.isInteger(value) && value >= 1)
        void change(() => shop.carts.updateItem(cart.id, line.id, { quantity: value }));
    },
  });
  const remove = h(
    'button',
    { type: 'button', class: 'link', onclick: () => change(() => shop.carts.removeItem(cart.id, line.id)) },
    'Remove',
  );
  return h(
    'tr',
    { 'data-testid': 'cart-line', 'data-sku': line.sku ?? '' },
    h(
      'td',
      {},
      h('strong', {}, line.name ?? 'Unknown item'),
      h('br'),
      h('span', { class: 'muted' }, line.sku ?? ''),
      line.unavailable
        ? h('span', { class: 'status error' }, ` · cannot be bought: ${line.unavailable}`)
        : null,
    ),
    h('td', {}, formatMoney(line.unitPrice, cart.currency)),
    h('td', {}, quantity, ' ', remove),
    h('td', { 'data-testid': 'line-total' }, formatMoney(line.total, cart.currency)),
  );
}

function promotionForm(cart: Cart, change: Change): HTMLElement {
  const applied = cart.promotions.filter((promotion) => promotion.code !== null);
  return h(
    'div',
    { class: 'promotions' },
    h(
      'form',
      {
        'data-testid': 'promotion-form',
        onsubmit: (event: Event) => {
          event.preventDefault();
          const code = field(event.target as HTMLFormElement, 'code');
          if (code) void change(() => shop.carts.applyPromotion(cart.id, code));
        },
      },
      h('label', {}, 'Promotion code ', h('input', { name: 'code', autocomplete: 'off', required: true })),
      h('button', { type: 'submit' }, 'Apply'),
    ),
    ...applied.map((promotion) =>
      h(
        'p',
        { class: 'applied-code', 'data-testid': 'applied-code' },
        `${promotion.code}: −${formatMoney(promotion.amount, cart.currency)} `,
        h(
          'button',
          {
            type: 'button',
            class: 'link',
            onclick: () => change(() => shop.carts.removePromotion(cart.id, promotion.code as string)),
          },
          'Remove',
        ),
      ),
    ),
    ...cart.rejectedCodes.map((rejected) =>
      h('p', { class: 'status error' }, `${rejected.code} no longer applies (${rejected.reason}).`),
    ),
  );
}
