import type Stripe from 'stripe';

let library: Promise<typeof Stripe> | undefined;

/**
 * Stripe's official Node library, imported on first use: most shops never configure Stripe, and the daemon's idle
 * memory should not carry it for them.
 */
export function loadStripe(): Promise<typeof Stripe> {
  library ??= import('stripe').then((module) => module.default);
  return library;
}
