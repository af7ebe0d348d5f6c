import { actingUserId, type Principal } from '../../core/principal.js';
import { safeEqual, sha256Hex } from '../../infra/secrets.js';
import type { OrderLinkTokens } from './order-link-tokens.js';
import type { OrderRow } from './orders-repository.js';

/**
 * Whether a caller may see (and pay) an order: admins any, a user their own, and anyone holding a guest order's
 * token (`X-Order-Token`: the order token, compared as SHA-256 digests in constant time, or the link token from
 * its confirmation email). Callers answer 404 otherwise, never a hint that the order exists.
 */
export function mayAccessOrder(
  row: Pick<OrderRow, 'id' | 'user_id' | 'token_hash'>,
  principal: Principal,
  orderToken: string | null | undefined,
  links: Pick<OrderLinkTokens, 'verify'>,
): boolean {
  if (principal.role === 'admin') return true;
  const userId = actingUserId(principal);
  if (userId !== null && row.user_id === userId) return true;
  if (!row.token_hash || !orderToken) return false;
  return safeEqual(sha256Hex(orderToken), row.token_hash) || links.verify(row.id, orderToken);
}
