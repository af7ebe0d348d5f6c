// Sells one product end to end with the SDK: create it, order it, pay with a test card, refund part.
// Needs a running daemon and an admin API key:
//   TILLPOINT_URL=http://127.0.0.1:7400 TILLPOINT_API_KEY=tp_… pnpm --filter @tillpoint/example-sdk-quickstart start
import { ConflictError, Tillpoint } from '@tillpoint/sdk';

const client = new Tillpoint({ apiKey: process.env.TILLPOINT_API_KEY });

const meta = await client.meta.get();
console.log(`tillpointd ${meta.version} (${meta.mode}, ${meta.database})`);

const product = await client.products.create({
  sku: `MUG-${Date.now()}`,
  name: 'Mug',
  price: 1250,
  currency: 'EUR',
  stock: 3,
});
console.log(
  `created ${product.sku}: ${product.price} minor units of ${product.currency}, ${product.stock} in stock`,
);

const order = await client.orders.create({ items: [{ sku: product.sku, quantity: 2 }] });
console.log(`order ${order.id}: ${order.status}, total ${order.total}`);

const payment = await client.payments.create(order.id, {
  provider: 'test',
  card: { number: '4242424242424242' },
});
console.log(`payment ${payment.id}: ${payment.status}`);

const refund = await client.payments.refund(payment.id, { amount: 500, reason: 'chipped handle' });
console.log(`refund ${refund.id}: ${refund.amount} ${refund.currency}`);

try {
  await client.orders.create({ items: [{ sku: product.sku, quantity: 5 }] });
} catch (error) {
  if (error instanceof ConflictError) console.log(`as expected: ${error.code} (request ${error.requestId})`);
  else throw error;
}

for await (const event of client.events.list({ subjectId: order.id })) console.log(`event ${event.type}`);
