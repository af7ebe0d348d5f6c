// A guest checkout with nothing but the SDK: no API key and no account. The only secrets are the cart and order
// tokens the daemon hands out, which the client keeps in `client.guestTokens` and sends by itself.
// Fills a cart with two variants, sets the address, picks the cheapest shipping, enters a code, completes the
// cart, pays with the test card 4242 4242 4242 4242 and prints the receipt. Run setup.mjs once first.
//   TILLPOINT_URL=http://127.0.0.1:7400 node checkout.mjs
import { Tillpoint } from '@tillpoint/sdk';
import { formatMoney } from '@tillpoint/sdk/money';
import { STORE } from './store.mjs';

const client = new Tillpoint(); // a guest: TILLPOINT_URL (or 127.0.0.1:7400), no credentials

// The region that sells to the shopper's country decides currency, tax and shipping.
const [region] = (await client.regions.list({ country: STORE.country })).data;
if (!region) throw new Error(`no region sells to ${STORE.country}: run setup.mjs first`);

// 1. A guest cart; its token is remembered by the client and sent as X-Cart-Token from now on.
let cart = await client.carts.create({ regionId: region.id, email: 'guest@example.com' });
console.log(`cart ${cart.id} (${cart.currency}, guest token kept by the client)`);

// 2. Two variants: two of the first, one of the second.
const [first, second] = STORE.variants;
cart = await client.carts.addItem(cart.id, { sku: first.sku, quantity: 2 });
cart = await client.carts.addItem(cart.id, { sku: second.sku, quantity: 1 });

// 3. Where it goes: the shipping address also decides the tax rates.
cart = await client.carts.setShippingAddress(cart.id, {
  name: 'Erika Mustermann',
  line1: 'Heidestraße 17',
  city: 'Köln',
  postalCode: '51147',
  countryCode: STORE.country,
});

// 4. The cheapest method that ships this cart (the daemon lists them cheapest first; sorting says so here too).
const options = (await client.carts.shippingOptions(cart.id)).data.toSorted((a, b) => a.amount - b.amount);
if (options.length === 0) throw new Error('no shipping method ships this cart');
for (const option of options) console.log(`  shipping option ${option.method.name}: ${money(option.amount)}`);
cart = await client.carts.setShippingMethod(cart.id, options[0].method.id);

// 5. The code.
cart = await client.carts.applyPromotion(cart.id, STORE.code.toLowerCase());
console.log(`cart total with ${STORE.code}: ${money(cart.grandTotal)}`);

// 6. Complete with the fingerprint of the cart the shopper saw: the order, and its token (kept by the client).
const { order } = await client.carts.complete(cart.id, { fingerprint: cart.fingerprint });
console.log(`order ${order.id}: ${order.status}`);

// 7. Pay with the test provider's card that succeeds.
const payment = await client.payments.create(order.id, {
  provider: 'test',
  card: { number: '4242 4242 4242 4242' },
});
console.log(`payment ${payment.id}: ${payment.status}`);

// 8. The receipt, from the order as the daemon now has it (read with the order token).
const paid = await client.orders.get(order.id);
printReceipt(paid);

function money(amount) {
  return formatMoney(amount, cart.currency);
}

function printReceipt(o) {
  const fmt = (amount) => formatMoney(amount, o.currency);
  const width = 56;
  const row = (label, amount) => `${label.padEnd(width - 16)}${fmt(amount).padStart(16)}`;
  const rule = '-'.repeat(width);
  const out = ['', 'RECEIPT', `Order ${o.id}`, `Status ${o.status}`, `Email ${o.email}`, rule];
  for (const item of o.items) {
    out.push(row(`${item.quantity} × ${item.name}`, item.lineTotal));
    out.push(`    ${item.sku}, ${fmt(item.unitPrice)} each`);
    if (item.discountTotal > 0) out.push(row('    discount', -item.discountTotal));
    out.push(row(`    incl. tax ${item.taxRate / 100} %`, item.taxTotal));
    out.push(row('    line total', item.total));
  }
  out.push(rule);
  out.push(row('Subtotal', o.subtotal));
  out.push(row('Discount', -o.discountTotal));
  out.push(row(`Shipping (${o.shippingMethod?.name ?? 'none'})`, o.shippingTotal));
  out.push(row(o.pricesIncludeTax ? 'Tax (included)' : 'Tax', o.taxTotal));
  out.push(row('Total', o.total));
  out.push(row('Paid', o.amountPaid));
  out.push(rule);
  const to = o.shippingAddress;
  if (to) out.push(`Ship to ${to.name}, ${to.line1}, ${to.postalCode ?? ''} ${to.city}, ${to.countryCode}`);
  console.log(out.join('\n'));
}
