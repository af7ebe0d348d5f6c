import type { RequestOptions } from '../core/api-client.js';
import { type APIPromise, tapData } from '../core/api-promise.js';
import { APIResource } from '../core/resource.js';
import type { AddressInput } from '../schemas/addresses.js';
import type {
  AddCartItemRequest,
  Cart,
  CartShippingOption,
  CompleteCartRequest,
  CompletedCart,
  CreateCartRequest,
  CreatedCart,
} from '../schemas/carts.js';

/** The URL of one cart, its ID URL-encoded. */
const path = (id: string) => `/v1/carts/${encodeURIComponent(id)}`;

/**
 * Carts, from creation to the order. In a browser with `credentials: 'include'` a guest cart's token stays in the
 * daemon's HttpOnly `tp_cart_<id>` cookie, out of reach of scripts: keep only the cart's ID (e.g. in
 * `localStorage`) and every call works with the cookie. Otherwise `create` keeps the token in this client
 * (`guestTokens`) and sends it as `X-Cart-Token`. Wrong or missing tokens get 404.
 */
export class StorefrontCartsResource extends APIResource {
  /** `POST /v1/carts` (201): a guest cart's `cart_token` is kept by the client, unless a cookie holds it. */
  create(body: CreateCartRequest = {}, options?: RequestOptions): APIPromise<CreatedCart> {
    const request = this.client.request<CreatedCart>('POST', '/v1/carts', { ...options, body });
    return tapData(request, (cart) => this.client._keepCartToken(cart.id, cart.cart_token));
  }

  /** `GET /v1/carts/:id`: the cart priced now. */
  get(id: string, options?: RequestOptions): APIPromise<Cart> {
    return this.client.request('GET', path(id), options);
  }

  /**
   * `GET /v1/me/cart`: the signed-in customer's open cart. After `auth.login()` merged a guest cart into a cart
   * the customer already had, this is where its lines went. 404 `not_found` when there is none.
   */
  mine(options?: RequestOptions): APIPromise<Cart> {
    return this.client.request('GET', '/v1/me/cart', options);
  }

  /** `POST /v1/carts/:id/items`: adds a variant by `sku` or `variantId`; again adds to its quantity. */
  addItem(id: string, body: AddCartItemRequest, options?: RequestOptions): APIPromise<Cart> {
    return this.client.request('POST', `${path(id)}/items`, { ...options, body });
  }

  /** `PATCH /v1/carts/:id/items/:itemId`: a new quantity (≥ 1; use `removeItem` to drop the line). */
  updateItem(
    id: string,
    itemId: string,
    body: { quantity: number },
    options?: RequestOptions,
  ): APIPromise<Cart> {
    return this.client.request('PATCH', `${path(id)}/items/${encodeURIComponent(itemId)}`, {
      ...options,
      body,
    });
  }

  /** `DELETE /v1/carts/:id/items/:itemId`. */
  removeItem(id: string, itemId: string, options?: RequestOptions): APIPromise<Cart> {
    return this.client.request('DELETE', `${path(id)}/items/${encodeURIComponent(itemId)}`, options);
  }

  /** `PUT /v1/carts/:id/email`. */
  setEmail(id: string, email: string, options?: RequestOptions): APIPromise<Cart> {
    return this.client.request('PUT', `${path(id)}/email`, { ...options, body: { email } });
  }

  /** `PUT /v1/carts/:id/shipping-address`: 422 `region_mismatch` or `country_not_served`. */
  setShippingAddress(id: string, address: AddressInput, options?: RequestOptions): APIPromise<Cart> {
    return this.client.request('PUT', `${path(id)}/shipping-address`, { ...options, body: address });
  }

  /** `PUT /v1/carts/:id/billing-address`. */
  setBillingAddress(id: string, address: AddressInput, options?: RequestOptions): APIPromise<Cart> {
    return this.client.request('PUT', `${path(id)}/billing-address`, { ...options, body: address });
  }

  /** `GET /v1/carts/:id/shipping-options`: the methods that ship the cart, with their prices. */
  shippingOptions(id: string, options?: RequestOptions): APIPromise<{ data: CartShippingOption[] }> {
    return this.client.request('GET', `${path(id)}/shipping-options`, options);
  }

  /** `PUT /v1/carts/:id/shipping-method`: 422 `shipping_method_unavailable`. */
  setShippingMethod(id: string, shippingMethodId: string, options?: RequestOptions): APIPromise<Cart> {
    return this.client.request('PUT', `${path(id)}/shipping-method`, {
      ...options,
      body: { shippingMethodId },
    });
  }

  /** `POST /v1/carts/:id/promotions`: enters a code (any case); 422 with the promotion's reason. */
  applyPromotion(id: string, code: string, options?: RequestOptions): APIPromise<Cart> {
    return this.client.request('POST', `${path(id)}/promotions`, { ...options, body: { code } });
  }

  /** `DELETE /v1/carts/:id/promotions/:code`. */
  removePromotion(id: string, code: string, options?: RequestOptions): APIPromise<Cart> {
    return this.client.request('DELETE', `${path(id)}/promotions/${encodeURIComponent(code)}`, options);
  }

  /**
   * `POST /v1/carts/:id/complete` (201) with the `fingerprint` last seen: the order, and a guest's `order_token`
   * (kept by the client for `orders.get` and `payments.create`). 409 `cart_changed` carries the new cart in the
   * error's `problem.cart`; 422 `cart_incomplete` lists what is missing.
   */
  complete(id: string, body: CompleteCartRequest, options?: RequestOptions): APIPromise<CompletedCart> {
    const request = this.client.request<CompletedCart>('POST', `${path(id)}/complete`, { ...options, body });
    return tapData(request, (done) => this.client._keepOrderToken(done.order.id, done.order_token));
  }
}
