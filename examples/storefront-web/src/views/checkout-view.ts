import {
  type AddressInput,
  type Cart,
  type CartShippingOption,
  ConflictError,
  formatMoney,
  type OrderDetail,
} from '@tillpoint/sdk/storefront';
import { forgetCart, loadCart } from '../cart-session.js';
import { field, h, statusLine } from '../dom.js';
import { describeError } from '../errors.js';
import { type ShopRegion, shopRegion } from '../region.js';
import { navigate } from '../router.js';
import { shop } from '../shop.js';
import { breakdown, cartTotals } from './breakdown.js';

/** The test provider's card that succeeds (docs/payments.md lists the others). */
const TEST_CARD = '4242 4242 4242 4242';

/**
 * `#/checkout`, as a guest: email and shipping address, then a shipping method, then the card. The summary beside
 * it is the cart as the daemon priced it after each step. Paying completes the cart with the fingerprint of the
 * summary the shopper saw (so the total cannot change unseen), then pays the order.
 */
export async function checkoutView(): Promise<Node> {
  const [loaded, region] = await Promise.all([loadCart(), shopRegion()]);
  if (!loaded || loaded.lines.length === 0)
    return h(
      'p',
      { 'data-testid': 'cart-empty' },
      'Your cart is empty. ',
      h('a', { href: '#/' }, 'See the products'),
    );

  let cart: Cart = loaded;
  let order: OrderDetail | undefined;
  const summary = h('aside', { class: 'summary', 'data-testid': 'checkout-summary' });
  const shipping = h('section', { class: 'step', 'data-testid': 'shipping-step' });
  const payment = h('section', { class: 'step', 'data-testid': 'payment-step' });
  const status = statusLine('checkout-status');

  const show = (next: Cart) => {
    cart = next;
    summary.replaceChildren(h('h2', {}, 'Summary'), summaryLines(cart), breakdown(cartTotals(cart)));
  };
  const step = async (call: () => Promise<void>) => {
    status.clear();
    try {
      await call();
    } catch (error) {
      status.error(describeError(error));
    }
  };

  const drawPayment = () =>
    payment.replaceChildren(
      h('h2', {}, '3. Payment'),
      h(
        'form',
        { onsubmit: (event: Event) => step(() => pay(event)) },
        h(
          'label',
          {},
          'Card number ',
          h('input', { name: 'card', inputmode: 'numeric', placeholder: TEST_CARD, required: true }),
        ),
        h('p', { class: 'muted' }, `Test mode: ${TEST_CARD} is accepted, 4000 0000 0000 0002 is declined.`),
        h(
          'button',
          { type: 'submit', 'data-testid': 'pay' },
          `Pay ${formatMoney(cart.grandTotal, cart.currency)}`,
        ),
      ),
    );

  const drawShipping = async () => {
    const options = (await shop.carts.shippingOptions(cart.id)).data;
    shipping.replaceChildren(
      h('h2', {}, '2. Shipping method'),
      options.length === 0
        ? h('p', { class: 'status error' }, 'No shipping method ships this cart to that address.')
        : h('fieldset', {}, ...options.map((option) => shippingChoice(cart, option, choose))),
    );
    if (cart.shippingMethod?.available) drawPayment();
    else payment.replaceChildren();
  };
  const choose = (methodId: string) =>
    step(async () => {
      show(await shop.carts.setShippingMethod(cart.id, methodId));
      drawPayment();
    });

  const saveAddress = (event: Event) =>
    step(async () => {
      event.preventDefault();
      const form = event.target as HTMLFormElement;
      await shop.carts.setEmail(cart.id, field(form, 'email'));
      show(await shop.carts.setShippingAddress(cart.id, addressFrom(form)));
      await drawShipping();
    });

  // Completes once; a declined card leaves the order waiting for payment, and the next card pays that order.
  const pay = async (event: Event) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const button = form.querySelector('button');
    if (button?.disabled) return;
    button?.setAttribute('disabled', '');
    try {
      await placeAndPay(field(form, 'card'));
    } finally {
      button?.removeAttribute('disabled');
    }
  };
  const placeAndPay = async (card: string) => {
    if (!order) {
      try {
        order = (await shop.carts.complete(cart.id, { fingerprint: cart.fingerprint })).order;
      } catch (error) {
        const changed =
          error instanceof ConflictError ? (error.problem?.cart as Cart | undefined) : undefined;
        if (!changed) throw error;
        show(changed);
        drawPayment();
        status.error('Your cart changed since you saw it. Check the new total, then pay again.');
        return;
      }
      forgetCart();
      // The cart is an order now: its address and method are settled.
      for (const section of [addressForm, shipping]) section.setAttribute('inert', '');
    }
    try {
      await shop.payments.create(order.id, { provider: 'test', card: { number: card } });
    } catch (error) {
      status.error(`Order ${order.id} is placed but not paid: ${describeError(error)} Try another card.`);
      return;
    }
    navigate(`/orders/${encodeURIComponent(order.id)}`);
  };

  const addressForm = addressStep(cart, region, saveAddress);
  show(cart);
  if (cart.shippingAddress) await drawShipping();
  return h(
    'div',
    { class: 'checkout', 'data-testid': 'checkout' },
    h('div', { class: 'steps' }, h('h1', {}, 'Checkout'), addressForm, shipping, payment, status.element),
    summary,
  );
}

function summaryLines(cart: Cart): HTMLElement {
  return h(
    'ul',
    { class: 'summary-lines' },
    ...cart.lines.map((line) =>
      h(
        'li',
        {},
        `${line.quantity} × ${line.name ?? line.sku}`,
        h('span', {}, formatMoney(line.total, cart.currency)),
      ),
    ),
  );
}

function addressStep(cart: Cart, region: ShopRegion, onsubmit: (event: Event) => void): HTMLElement {
  const address = cart.shippingAddress;
  const input = (label: string, name: string, value: string | null | undefined, extra = {}) =>
    h('label', {}, `${label} `, h('input', { name, value: value ?? '', required: true, ...extra }));
  return h(
    'section',
    { class: 'step', 'data-testid': 'address-step' },
    h('h2', {}, '1. Contact and shipping address'),
    h(
      'form',
      { onsubmit },
      input('Email', 'email', cart.email, { type: 'email', autocomplete: 'email' }),
      input('Full name', 'name', address?.name, { autocomplete: 'name' }),
      input('Street and number', 'line1', address?.line1, { autocomplete: 'address-line1' }),
      input('Postal code', 'postalCode', address?.postalCode, { autocomplete: 'postal-code' }),
      input('City', 'city', address?.city, { autocomplete: 'address-level2' }),
      h(
        'label',
        {},
        'Country ',
        h(
          'select',
          { name: 'countryCode' },
          ...region.countries.map((code) =>
            h('option', { value: code, selected: address?.countryCode === code }, code),
          ),
        ),
      ),
      h('button', { type: 'submit', 'data-testid': 'save-address' }, 'Continue to shipping'),
    ),
  );
}

function addressFrom(form: HTMLFormElement): AddressInput {
  return {
    name: field(form, 'name'),
    line1: field(form, 'line1'),
    postalCode: field(form, 'postalCode'),
    city: field(form, 'city'),
    countryCode: field(form, 'countryCode'),
  };
}

function shippingChoice(
  cart: Cart,
  option: CartShippingOption,
  choose: (methodId: string) => void,
): HTMLElement {
  return h(
    'label',
    { class: 'choice' },
    h('input', {
      type: 'radio',
      name: 'shippingMethod',
      value: option.method.id,
      checked: cart.shippingMethod?.id === option.method.id,
      onchange: () => choose(option.method.id),
    }),
    `${option.method.name} · ${formatMoney(option.amount, cart.currency)}`,
  );
}
