import { createHmac } from 'node:crypto';
import { safeEqual } from '../../infra/secrets.js';

/** Stripe's default tolerance for the signed timestamp. */
export const STRIPE_SIGNATURE_TOLERANCE_SECONDS = 300;

/** Signs a payload the way Stripe does: `t=<unix>,v1=<hex HMAC-SHA256 of "t.payload">`. */
export function signStripePayload(payload: string, secret: string, timestamp: number): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

/**
 * Verifies a `Stripe-Signature` header against the raw body: the timestamp must be within the
 * tolerance, and one of the `v1` signatures must match (compared in constant time).
 */
export function verifyStripeSignature(
  payload: string,
  header: string | undefined,
  secret: string,
  nowSeconds: number,
  toleranceSeconds = STRIPE_SIGNATURE_TOLERANCE_SECONDS,
): boolean {
  if (!header || header.length > 2048) return false;
  const parts = header.split(',').map((part) => part.trim().split('='));
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1]);
  const signatures = parts.filter(([key]) => key === 'v1').map(([, value]) => value ?? '');
  if (!Number.isInteger(timestamp) || signatures.length === 0) return false;
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return signatures.some((signature) => safeEqual(signature, expected));
}
