import { loadStripe } from './stripe-library.js';

/** Stripe's default tolerance for the signed timestamp. */
export const STRIPE_SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Verifies a `Stripe-Signature` header against the raw body with Stripe's own library: one of the `v1` signatures
 * must be the HMAC-SHA256 of `t.payload` (compared in constant time), and the timestamp no older than the tolerance
 * at `nowMs` (the daemon's clock).
 */
export async function verifyStripeSignature(
  payload: string,
  header: string | undefined,
  secret: string,
  nowMs: number,
  toleranceSeconds = STRIPE_SIGNATURE_TOLERANCE_SECONDS,
): Promise<boolean> {
  if (!header || header.length > 2048) return false;
  const { webhooks } = await loadStripe();
  try {
    return (
      webhooks.signature?.verifyHeader(payload, header, secret, toleranceSeconds, undefined, nowMs) === true
    );
  } catch {
    return false;
  }
}
