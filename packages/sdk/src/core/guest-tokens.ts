/**
 * Secrets a client holds for guest checkout: the token of each guest cart it created (or was given) and of each
 * guest order it completed. The client sends them as `X-Cart-Token` on `/v1/carts/<id>…` and `X-Order-Token` on
 * `/v1/orders/<id>…`, so a storefront calls `client.carts.*`, `client.orders.get` and `client.payments.create` as
 * it would for a customer. They live only in this client instance: a server persists them itself and hands them
 * back with `remember…`. In a browser, use `credentials: 'include'` instead: a cart's token then stays in the
 * daemon's HttpOnly `tp_cart_<id>` cookie, out of reach of scripts (and of `localStorage`), and is never kept here.
 */
export class GuestTokens {
  readonly #carts = new Map<string, string>();
  readonly #orders = new Map<string, string>();

  /** Remembers a guest cart's token (from `carts.create`, or restored from storage). */
  rememberCartToken(cartId: string, token: string): void {
    this.#carts.set(cartId, token);
  }

  /** Remembers a guest order's token (from `carts.complete`, or restored from storage). */
  rememberOrderToken(orderId: string, token: string): void {
    this.#orders.set(orderId, token);
  }

  cartToken(cartId: string): string | undefined {
    return this.#carts.get(cartId);
  }

  orderToken(orderId: string): string | undefined {
    return this.#orders.get(orderId);
  }

  /** @internal The headers for a request to `path`: the token of the cart or order it addresses, if held. */
  headersFor(path: string): Record<string, string> {
    const match = /^\/v1\/(carts|orders)\/([^/?]+)/.exec(path);
    if (!match) return {};
    const id = decodeURIComponent(match[2]!);
    const token = match[1] === 'carts' ? this.#carts.get(id) : this.#orders.get(id);
    if (!token) return {};
    return match[1] === 'carts' ? { 'x-cart-token': token } : { 'x-order-token': token };
  }
}
