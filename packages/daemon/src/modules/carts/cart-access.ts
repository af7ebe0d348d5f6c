import { AppError } from '../../core/app-error.js';
import { actingUserId, type Principal } from '../../core/principal.js';
import { newSecret, safeEqual, sha256Hex } from '../../infra/secrets.js';
import type { CartRow } from './carts-repository.js';

/** The cookie that carries a guest cart's token for browsers: `tp_cart_<cartId>`. */
export const cartCookieName = (cartId: string) => `tp_cart_${cartId}`;

/** A new guest cart token (256 random bits, base64url) and its stored digest. */
export function mintCartToken(): { token: string; hash: string } {
  const token = newSecret('tpc_');
  return { token, hash: sha256Hex(token) };
}

/** A new guest order token, shown once at completion; only its digest is stored on the order. */
export function mintOrderToken(): { token: string; hash: string } {
  const token = newSecret('tpo_');
  return { token, hash: sha256Hex(token) };
}

/**
 * Whether a caller may use a cart: a guest cart with its token (compared as SHA-256 digests in constant time), a
 * customer's cart by that customer, any cart by an admin. A completed guest cart keeps its token, so the shopper
 * still reads it (and its `orderId`) and gets 409 `cart_completed` for changes.
 */
export function mayUseCart(row: CartRow, principal: Principal, token: string | null | undefined): boolean {
  if (principal.role === 'admin') return true;
  if (row.user_id !== null) return row.user_id === actingUserId(principal);
  return Boolean(row.token_hash && token && safeEqual(sha256Hex(token), row.token_hash));
}

/** The cart if the caller may use it; otherwise 404, exactly as for a cart that does not exist. */
export function assertCartAccess(
  row: CartRow | undefined,
  principal: Principal,
  token: string | null | undefined,
  id: string,
): CartRow {
  if (!row || !mayUseCart(row, principal, token))
    throw new AppError('not_found', { detail: `No cart ${id}.` });
  return row;
}
