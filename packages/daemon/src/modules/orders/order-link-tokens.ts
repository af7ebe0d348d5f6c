import { createHmac, hkdfSync } from 'node:crypto';
import type { KeyMaterial } from '../../infra/secret-box.js';
import { safeEqual } from '../../infra/secrets.js';

const PREFIX = 'tpl_';

/**
 * Link-ready tokens for a guest's order, printed in its confirmation email: `tpl_` + an HMAC-SHA256 of the order
 * ID under a key derived (HKDF, its own label) from the daemon's key ring. Nothing is stored, so no token sits in
 * the database or in a queued email job; the email job computes it when it renders. It opens the order like the
 * order token (`X-Order-Token`), and stops working when its key leaves the ring (`jwtPreviousSecrets`).
 */
export function createOrderLinkTokens(material: KeyMaterial[]) {
  const keys = material.map(({ secret }) =>
    Buffer.from(hkdfSync('sha256', secret, 'tillpoint', 'order-link v1', 32)),
  );
  const tokenFor = (key: Buffer, orderId: string) =>
    PREFIX + createHmac('sha256', key).update(orderId).digest('base64url');
  return {
    mint: (orderId: string): string => tokenFor(keys[0]!, orderId),
    verify: (orderId: string, token: string): boolean =>
      token.startsWith(PREFIX) && keys.some((key) => safeEqual(tokenFor(key, orderId), token)),
  };
}

export type OrderLinkTokens = ReturnType<typeof createOrderLinkTokens>;
