import type { OrderDetail, Payment, Product } from '@tillpoint/sdk/schemas';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { bearer } from './identity-fixtures.js';

let skuCounter = 0;

/** Creates a product through the API as an admin. */
export async function createProduct(
  app: FastifyInstance,
  adminToken: string,
  overrides: Record<string, unknown> = {},
): Promise<Product> {
  skuCounter += 1;
  const response = await app.inject({
    method: 'POST',
    url: '/v1/products',
    headers: bearer(adminToken),
    payload: {
      sku: `SKU-${Date.now()}-${skuCounter}`,
      name: `Product ${skuCounter}`,
      price: 1250,
      currency: 'EUR',
      stock: 100,
      ...overrides,
    },
  });
  if (response.statusCode !== 201)
    throw new Error(`create product failed: ${response.statusCode} ${response.body}`);
  return response.json() as Product;
}

export async function placeOrder(
  app: FastifyInstance,
  token: string,
  items: Array<{ sku?: string; productId?: string; quantity: number }>,
): Promise<OrderDetail> {
  const response = await app.inject({
    method: 'POST',
    url: '/v1/orders',
    headers: bearer(token),
    payload: { items },
  });
  if (response.statusCode !== 201) throw new Error(`order failed: ${response.statusCode} ${response.body}`);
  return response.json() as OrderDetail;
}

export const CARDS = {
  success: '4242424242424242',
  declined: '4000000000000002',
  insufficientFunds: '4000000000009995',
  requiresCapture: '4000000000003220',
  delayedSuccess: '4000000000000259',
} as const;

export async function payOrder(
  app: FastifyInstance,
  token: string,
  orderId: string,
  card: string = CARDS.success,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: `/v1/orders/${orderId}/payments`,
    headers: bearer(token),
    payload: { provider: 'test', card: { number: card } },
  });
}

export function paymentOf(response: { json(): unknown }): Payment {
  return response.json() as Payment;
}
