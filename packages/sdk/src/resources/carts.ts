import type { RequestOptions } from '../client.js';
import { type APIPromise, tapData } from '../core/api-promise.js';
import { APIResource } from '../core/resource.js';
import type { AddressInput } from '../schemas/addresses.js';
import {
  type AddCartItemRequest,
  type Cart,
  CartSchema,
  type CartShippingOption,
  CartShippingOptionsSchema,
  type CompleteCartRequest,
  type CompletedCart,
  CompletedCartSchema,
  type CreateCartRequest,
  type CreatedCart,
  CreatedCartSchema,
} from '../schemas/carts.js';

/** The URL of one cart, its ID URL-encoded. */
const path = (id: string) => `/v1/carts/${encodeURIComponent(id)}`;

/**
 * Carts. A guest cart is reached with its token: `create` remembers it in this client (`client.guestTokens`) and
 * sends it as `X-Cart-Token` on later calls for that cart; give a stored one back with
 * `client.guestTokens.rememberCartToken(id, token)`. With `credentials: 'include'` the browser's HttpOnly
 * `tp_cart_<id>` cookie carries it instead and the client keeps none. Every answer carries the full breakdown and a
 * `fingerprint` to pass to `complete`. Wrong or missing tokens get 404.
 */
export class CartsResource extends APIResource {
  /** `POST /v1/carts` (201): a guest cart's `cart_token` is shown once and remembered by this client. */
  create(body: CreateCartRequest = {}, options?: RequestOptions): APIPromise<CreatedCart> {
    const request = this.client.request('POST', '/v1/carts', { ...options, body }, CreatedCartSchema);
    return tapData(request, (cart) => this.client._keepCartToken(cart.id, cart.cart_token));
  }

  /** `GET /v1/carts/:id`: the cart priced now. */
  get(id: string, options?: RequestOptions): APIPromise<Cart> {
    return this.client.request('GET', path(id), options, CartSchema);
  }

  /**
   * `GET /v1/me/cart`: the signed-in customer's open cart. After `auth.login()` merged a guest cart into a cart
   * the customer already had, this is where its lines went. 404 `not_found` when there is none.
   */
  mine(options?: RequestOptions): APIPromise<Cart> {
    return this.client.request('GET', '/v1/me/cart', options, CartSchema);
  }

  /** `POST /v1/carts/:id/items`: adds a variant by `sku` or `variantId`; again adds to its quantity. */
  addItem(id: string, body: AddCartItemRequest, options?: RequestOptions): APIPromise<Cart> {
    return this.client.request('POST', `${path(id)}/items`, { ...options, body }, CartSchema);
  }

  /** `PATCH /v1/carts/:id/items/:itemId`: a new quantity (≥ 1; use `removeItem` to drop the line). */
  updateItem(
    id: string,
    itemId: string,
    body: { quantity: number },
    options?: RequestOptions,
  ): APIPromise<Cart> {
    return this.client.request(
      'PATCH',
      `${path(id)}/items/${encodeURIComponent(itemId)}`,
      { ...options, body },
      CartSchema,
    );
  }

  /** `DELETE /v1/carts/:id/items/:itemId`. */
  removeItem(id: string, itemId: string, options?: RequestOptions): APIPromise<Cart> {
    return this.client.request(
      'DELETE',
      `${path(id)}/items/${encodeURIComponent(itemId)}`,
      options,
      CartSchema,
    );
  }

  /** `PUT /v1/carts/:id/email`. */
  setEmail(id: string, email: string, options?: RequestOptions): APIPromise<Cart> {
    return this.client.request('PUT', `${path(id)}/email`, { ...options, body: { email } }, CartSchema);
  }

  /** `PUT /v1/carts/:id/shipping-address`: 422 `region_mismatch` or `country_not_served`. */
  setShippingAddress(id: string, address: AddressInput, options?: RequestOptions): APIPromise<Cart> {
    return this.client.request(
      'PUT',
      `${path(id)}/shipping-address`,
      { ...options, body: address },
      CartSchema,
    );
  }

  /** `PUT /v1/carts/:id/billing-address`. */
  setBillingAddress(id: string, address: AddressInput, options?: RequestOptions): APIPromise<Cart> {
    return this.client.request(
      'PUT',
      `${path(id)}/billing-address`,
      { ...options, body: address },
      CartSchema,
    );
  }

  /** `GET /v1/carts/:id/shipping-options`: the methods that ship the cart, with their prices. */
  shippingOptions(id: string, options?: RequestOptions): APIPromise<{ data: CartShippingOption[] }> {
    return this.client.request('GET', `${path(id)}/shipping-options`, options, CartShippingOptionsSchema);
  }

  /** `PUT /v1/carts/:id/shipping-method`: 422 `shipping_method_unavailable`. */
  setShippingMethod(id: string, shippingMethodId: string, options?: RequestOptions): APIPromise<Cart> {
    return this.client.request(
      'PUT',
      `${path(id)}/shipping-method`,
      { ...options, body: { shippingMethodId } },
      CartSchema,
    );
  }

  /** `POST /v1/carts/:id/promotions`: enters a code (any case); 422 with the promotion's reason. */
  applyPromotion(id: string, code: string, options?: RequestOptions): APIPromise<Cart> {
    return this.client.request('POST', `${path(id)}/promotions`, { ...options, body: { code } }, CartSchema);
  }

  /** `DELETE /v1/carts/:id/promotions/:code`. */
  removePromotion(id: string, code: string, options?: RequestOptions): APIPromise<Cart> {
    return this.client.request(
      'DELETE',
      `${path(id)}/promotions/${encodeURIComponent(code)}`,
      options,
      CartSchema,
    );
  }

  /**
   * `POST /v1/carts/:id/complete` (201) with the `fingerprint` last seen: the order, and a guest's `order_token`
   * (remembered by this client for `orders.get` and `payments.create`). 409 `cart_changed` carries the new cart
   * in the error's `problem.cart`; 422 `cart_incomplete` lists what is missing.
   */
  complete(id: string, body: CompleteCartRequest, options?: RequestOptions): APIPromise<CompletedCart> {
    const request = this.client.request(
      'POST',
      `${path(id)}/complete`,
      { ...options, body },
      CompletedCartSchema,
    );
    return tapData(request, (done) => this.client._keepOrderToken(done.order.id, done.order_token));
  }
}
