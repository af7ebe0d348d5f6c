import type { Cart, CreatedCart, Product, Region } from '@tillpoint/sdk/schemas';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createRegion } from './checkout-fixtures.js';
import { createProduct } from './commerce-fixtures.js';
import { bearer } from './identity-fixtures.js';

/** A region with a 20 % default tax rate (also on shipping) and a flat 500 shipping method. */
export interface Shop {
  region: Region;
  country: string;
  taxRateId: string;
  shippingMethodId: string;
}

/** A fresh region (spare country, EUR, prices without tax), its tax rate and one shipping method. */
export async function createShop(app: FastifyInstance, admin: string): Promise<Shop> {
  const region = await createRegion(app, admin);
  const rate = await app.inject({
    method: 'POST',
    url: '/v1/tax-rates',
    headers: bearer(admin),
    payload: { regionId: region.id, name: 'VAT', rateBps: 2000, appliesToShipping: true },
  });
  if (rate.statusCode !== 201) throw new Error(`tax rate: ${rate.body}`);
  const method = await app.inject({
    method: 'POST',
    url: '/v1/shipping-methods',
    headers: bearer(admin),
    payload: { regionId: region.id, name: 'Standard', rule: { type: 'flat', amount: 500 } },
  });
  if (method.statusCode !== 201) throw new Error(`shipping method: ${method.body}`);
  return {
    region,
    country: region.countries[0]!,
    taxRateId: (rate.json() as { id: string }).id,
    shippingMethodId: (method.json() as { id: string }).id,
  };
}

/** Calls cart routes as a guest holding `token` (or as `auth`'s bearer). */
export function cartClient(app: FastifyInstance, id: string, access: { token?: string; bearer?: string }) {
  const headers = {
    ...(access.token ? { 'x-cart-token': access.token } : {}),
    ...(access.bearer ? bearer(access.bearer) : {}),
  };
  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, payload?: unknown) =>
    app.inject({
      method,
      url: `/v1/carts/${id}${path}`,
      headers,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  return {
    call,
    get: () => call('GET', ''),
    addItem: (sku: string, quantity = 1) => call('POST', '/items', { sku, quantity }),
    setEmail: (email: string) => call('PUT', '/email', { email }),
    setShippingAddress: (countryCode: string) =>
      call('PUT', '/shipping-address', { name: 'Ada', line1: 'Main St 1', city: 'Town', countryCode }),
    setShippingMethod: (shippingMethodId: string) => call('PUT', '/shipping-method', { shippingMethodId }),
    applyPromotion: (code: string) => call('POST', '/promotions', { code }),
    complete: (fingerprint: string, key?: string) =>
      app.inject({
        method: 'POST',
        url: `/v1/carts/${id}/complete`,
        headers: { ...headers, ...(key ? { 'idempotency-key': key } : {}) },
        payload: { fingerprint },
      }),
  };
}

/** Expects a 2xx cart answer. */
export function cartOf(response: LightMyRequestResponse): Cart {
  if (response.statusCode >= 300) throw new Error(`cart call: ${response.statusCode} ${response.body}`);
  return response.json() as Cart;
}

/**
 * A guest cart ready to complete: `quantity` of `product`, an email, an address in the shop's country and its
 * shipping method. Answers the cart (with its fingerprint) and the client holding its token.
 */
export async function readyGuestCart(
  app: FastifyInstance,
  shop: Shop,
  product: Pick<Product, 'sku'>,
  options: { quantity?: number; email?: string; code?: string } = {},
) {
  const created = await app.inject({
    method: 'POST',
    url: '/v1/carts',
    payload: { regionId: shop.region.id },
  });
  if (created.statusCode !== 201) throw new Error(`create cart: ${created.body}`);
  const { id, cart_token } = created.json() as CreatedCart;
  const client = cartClient(app, id, { token: cart_token! });
  cartOf(await client.addItem(product.sku, options.quantity ?? 1));
  cartOf(await client.setEmail(options.email ?? `guest-${id.slice(-8).toLowerCase()}@example.com`));
  cartOf(await client.setShippingAddress(shop.country));
  let cart = cartOf(await client.setShippingMethod(shop.shippingMethodId));
  if (options.code) cart = cartOf(await client.applyPromotion(options.code));
  return { id, token: cart_token!, client, cart };
}

/** A product priced in EUR with tracked stock. */
export const eurProduct = (app: FastifyInstance, admin: string, overrides: Record<string, unknown> = {}) =>
  createProduct(app, admin, { price: 1000, stock: 1000, ...overrides });
