import type { PaymentProvider } from '@tillpoint/sdk/schemas';

/** What a provider needs to take a payment. */
export interface AuthorizeRequest {
  paymentId: string;
  amount: number;
  currency: string;
  captureMethod: 'automatic' | 'manual';
  card?: { number: string } | undefined;
  paymentMethod?: string | undefined;
  reference?: string | undefined;
}

/** The provider's answer. `pending` means the outcome arrives later through a webhook. */
export type AuthorizeResult =
  | { status: 'succeeded'; reference: string | null; amountCaptured: number }
  | { status: 'requires_capture'; reference: string | null }
  | { status: 'pending'; reference: string | null }
  | { status: 'failed'; reference: string | null; failureCode: string; failureMessage: string };

/**
 * The answer to voiding a payment: `canceled` when the provider cancelled it (or never had it, so nothing can move),
 * else the outcome the payment reached at the provider before the void could land (it succeeded meanwhile, say).
 */
export type CancelResult = { status: 'canceled'; reference: string | null } | AuthorizeResult;

/** An outcome the provider reports later, by webhook (or, for the test provider, by itself). */
export interface ProviderEvent {
  provider: PaymentProvider;
  /** The provider's event ID: each is processed once. */
  eventId: string;
  reference: string;
  /** Our payment ID when the provider echoes it (Stripe metadata), for events that beat the reference into the database. */
  paymentId?: string;
  outcome: 'succeeded' | 'failed';
  amountCaptured?: number;
  failureCode?: string;
  failureMessage?: string;
}

/**
 * The interface every payment provider implements. Calls may go over the network: they run
 * outside database transactions, and the idempotency keys given make retries safe.
 */
export interface PaymentProviderAdapter {
  readonly name: PaymentProvider;
  authorize(request: AuthorizeRequest): Promise<AuthorizeResult>;
  capture(reference: string | null, amount: number, paymentId: string): Promise<{ amountCaptured: number }>;
  refund(reference: string | null, amount: number, refundId: string): Promise<{ reference: string | null }>;
  /**
   * Asks the provider what became of a payment whose answer was lost (reconciliation). `undefined`: the provider
   * has no record of it, so no money moved. Providers whose outcomes only an admin records answer `pending`.
   */
  lookup(reference: string | null, paymentId: string): Promise<AuthorizeResult | undefined>;
  /**
   * Voids a payment that has not settled (pending, or authorized and not captured), so no money can move for it any
   * more. Retrying with the same payment ID is safe.
   */
  cancel(reference: string | null, paymentId: string): Promise<CancelResult>;
}

/** The provider did not answer or answered with a server error: the outcome is unknown. */
export class ProviderUnavailableError extends Error {
  override name = 'ProviderUnavailableError';
}

/** The provider answered and refused (a 4xx that is not a card decline): the outcome is known, nothing moved. */
export class ProviderRejectedError extends Error {
  override name = 'ProviderRejectedError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}
