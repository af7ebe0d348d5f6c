import { APIClient, type ClientOptions } from '../core/api-client.js';
import { StorefrontAuthResource } from './storefront-auth.js';
import { StorefrontCartsResource } from './storefront-carts.js';
import { StorefrontCollectionsResource } from './storefront-collections.js';
import { StorefrontMeResource } from './storefront-me.js';
import { StorefrontMediaResource } from './storefront-media.js';
import { StorefrontOrdersResource } from './storefront-orders.js';
import { StorefrontPaymentsResource } from './storefront-payments.js';
import { StorefrontProductsResource } from './storefront-products.js';
import { StorefrontVariantsResource } from './storefront-variants.js';

/**
 * The client a shop's pages use (`@tillpoint/sdk/storefront`): the catalog, carts, guest checkout and payment, and
 * customer sign-in, on the platform's `fetch`, with the same retries, timeouts, idempotency keys and errors as
 * {@link Tillpoint}. It carries no zod and no admin resources, so a browser bundle stays small; responses are
 * typed but not checked against the schemas.
 *
 * ```ts
 * const shop = new TillpointStorefront({ baseUrl: 'https://api.example.com', credentials: 'include' });
 * const cart = await shop.carts.create();
 * ```
 */
export class TillpointStorefront extends APIClient {
  /** `/v1/products`: active products with their variants and media. */
  readonly products: StorefrontProductsResource;
  /** `/v1/variants/:id`: one variant. */
  readonly variants: StorefrontVariantsResource;
  /** `/v1/collections`: named, ordered sets of products. */
  readonly collections: StorefrontCollectionsResource;
  /** Image URLs for `<img src>`. */
  readonly media: StorefrontMediaResource;
  /** `/v1/carts`: guest and customer carts, priced on every answer, completed into orders. */
  readonly carts: StorefrontCartsResource;
  /** `/v1/orders`: a guest's order by its token, a customer's own orders. */
  readonly orders: StorefrontOrdersResource;
  /** Paying an order. */
  readonly payments: StorefrontPaymentsResource;
  /** `/v1/auth/*`: customer sign-up, sign-in and out, password reset. */
  readonly auth: StorefrontAuthResource;
  /** `/v1/me`: the signed-in customer. */
  readonly me: StorefrontMeResource;

  constructor(options: ClientOptions = {}) {
    super(options);
    this.products = new StorefrontProductsResource(this);
    this.variants = new StorefrontVariantsResource(this);
    this.collections = new StorefrontCollectionsResource(this);
    this.media = new StorefrontMediaResource(this);
    this.carts = new StorefrontCartsResource(this);
    this.orders = new StorefrontOrdersResource(this);
    this.payments = new StorefrontPaymentsResource(this);
    this.auth = new StorefrontAuthResource(this);
    this.me = new StorefrontMeResource(this);
  }
}
