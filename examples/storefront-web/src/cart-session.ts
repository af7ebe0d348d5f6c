import { type Cart, NotFoundError } from '@tillpoint/sdk/storefront';
import { shopRegion } from './region.js';
import { shop } from './shop.js';

/**
 * The shopper's open cart. Only its ID is kept in localStorage: the token that opens it is the daemon's HttpOnly
 * `tp_cart_<id>` cookie, which the browser sends by itself and no script can read.
 */
const CART_ID_KEY = 'tillpoint.cartId';

/** The open cart, priced now, or null when there is none (or it was completed or is gone). */
export async function loadCart(): Promise<Cart | null> {
  const id = localStorage.getItem(CART_ID_KEY);
  if (!id) return null;
  try {
    const cart = await shop.carts.get(id);
    if (cart.status === 'open') return showCount(cart);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  forgetCart();
  return null;
}

/** The open cart, started on the first add. */
export async function cartForAdding(): Promise<Cart> {
  const open = await loadCart();
  if (open) return open;
  const cart = await shop.carts.create({ regionId: (await shopRegion()).id });
  localStorage.setItem(CART_ID_KEY, cart.id);
  return cart;
}

/** Once the cart became an order: the next add starts a new one. */
export function forgetCart(): void {
  localStorage.removeItem(CART_ID_KEY);
  showCount(null);
}

/** Updates the header's item count; returns the cart for chaining. */
export function showCount<T extends Cart | null>(cart: T): T {
  const count = cart ? cart.lines.reduce((sum, line) => sum + line.quantity, 0) : 0;
  const badge = document.querySelector('[data-testid="cart-count"]');
  if (badge) badge.textContent = String(count);
  return cart;
}
