import type Stripe from 'stripe';
import type { Config } from '../../config.js';
import {
  type AuthorizeResult,
  type PaymentProviderAdapter,
  ProviderRejectedError,
  ProviderUnavailableError,
} from '../payment-provider.js';
import { loadStripe } from './stripe-library.js';

/** How long one Stripe call may take. */
const STRIPE_TIMEOUT_MS = 15_000;

/**
 * `stripe`: PaymentIntents and Refunds through Stripe's official Node library, with `Idempotency-Key` set to our
 * payment or refund ID so a retried call never charges twice. The library is loaded on the first call, so a daemon
 * that never uses Stripe does not carry it.
 */
export function createStripeProvider(
  config: Pick<Config, 'stripeSecretKey' | 'stripeApiBase'>,
): PaymentProviderAdapter {
  let client: Promise<Stripe> | undefined;

  /**
   * Network failures, timeouts, 429 and 5xx mean the outcome is unknown: the payment flow records it as pending and
   * reconciles. The library makes no retries of its own (`maxNetworkRetries: 0`) beyond the one it always makes, with
   * the same idempotency key, when a connection closes before an answer.
   */
  async function stripe<T>(call: (stripe: Stripe) => Promise<T>): Promise<T> {
    if (!config.stripeSecretKey)
      throw new ProviderUnavailableError('stripe is not configured (TILLPOINT_STRIPE_SECRET_KEY)');
    client ??= loadStripe().then((Library) => new Library(config.stripeSecretKey!, clientOptions(config)));
    try {
      return await call(await client);
    } catch (error) {
      if (isUnknownOutcome(error)) throw new ProviderUnavailableError(`stripe: ${(error as Error).message}`);
      throw error;
    }
  }

  /** By intent ID when we have it, else by the payment ID in the intent's metadata (Stripe's search API). */
  async function findIntent(
    reference: string | null,
    paymentId: string,
  ): Promise<Stripe.PaymentIntent | undefined> {
    // A refusal (no such intent, a key without the right) finds nothing; an unknown outcome is thrown.
    try {
      if (reference) return await stripe((api) => api.paymentIntents.retrieve(reference));
      const found = await stripe((api) =>
        api.paymentIntents.search({ query: `metadata['tillpoint_payment_id']:'${paymentId}'` }),
      );
      return found.data[0];
    } catch (error) {
      if (stripeErrorOf(error)) return undefined;
      throw error;
    }
  }

  return {
    name: 'stripe',
    async authorize(input) {
      try {
        const intent = await stripe((api) =>
          api.paymentIntents.create(
            {
              amount: input.amount,
              currency: input.currency.toLowerCase(),
              confirm: true,
              capture_method: input.captureMethod,
              ...(input.paymentMethod ? { payment_method: input.paymentMethod } : {}),
              metadata: { tillpoint_payment_id: input.paymentId },
            },
            { idempotencyKey: input.paymentId },
          ),
        );
        return fromIntent(intent);
      } catch (error) {
        const refused = stripeErrorOf(error);
        if (!refused) throw error;
        // A card error (402) still names the intent and why it failed.
        return {
          status: 'failed',
          reference: refused.payment_intent?.id ?? null,
          // The library gives a card error without a decline code an empty one.
          failureCode: refused.decline_code || refused.code || 'stripe_error',
          failureMessage: messageOf(refused),
        };
      }
    },
    async capture(reference, amount, paymentId) {
      const intent = await refusedAsRejection(() =>
        stripe((api) =>
          api.paymentIntents.capture(
            reference ?? '',
            { amount_to_capture: amount },
            { idempotencyKey: `capture_${paymentId}` },
          ),
        ),
      );
      return { amountCaptured: intent.amount_received ?? amount };
    },
    async lookup(reference, paymentId) {
      const intent = await findIntent(reference, paymentId);
      return intent ? fromIntent(intent) : undefined;
    },
    /**
     * An intent that reached a final state first cannot be cancelled (Stripe answers 400 with the intent): its real
     * outcome is returned instead. No intent at all means nothing can move.
     */
    async cancel(reference, paymentId) {
      const intentId = reference ?? (await findIntent(null, paymentId))?.id;
      if (!intentId) return { status: 'canceled', reference: null };
      let intent: Stripe.PaymentIntent | undefined;
      try {
        intent = await stripe((api) =>
          api.paymentIntents.cancel(
            intentId,
            { cancellation_reason: 'abandoned' },
            { idempotencyKey: `cancel_${paymentId}` },
          ),
        );
      } catch (error) {
        const refused = stripeErrorOf(error);
        if (!refused) throw error;
        intent = refused.payment_intent ?? (await findIntent(intentId, paymentId));
        if (!intent) throw new ProviderRejectedError(messageOf(refused), refused.code || 'stripe_error');
      }
      return intent.status === 'canceled' ? { status: 'canceled', reference: intent.id } : fromIntent(intent);
    },
    async refund(reference, amount, refundId) {
      const refund = await refusedAsRejection(() =>
        stripe((api) =>
          api.refunds.create({ payment_intent: reference ?? '', amount }, { idempotencyKey: refundId }),
        ),
      );
      return { reference: refund.id };
    },
  };
}

/** The library's options: the API's address from `stripeApiBase` (a local server in tests), our timeout, no retries. */
function clientOptions(config: Pick<Config, 'stripeApiBase'>): Stripe.StripeConfig {
  const base = new URL(config.stripeApiBase);
  const protocol = base.protocol === 'http:' ? 'http' : 'https';
  return {
    host: base.hostname,
    port: base.port || (protocol === 'http' ? 80 : 443),
    protocol,
    timeout: STRIPE_TIMEOUT_MS,
    maxNetworkRetries: 0,
    // Request timings are otherwise reported to Stripe on later calls.
    telemetry: false,
  };
}

function fromIntent(intent: Stripe.PaymentIntent): AuthorizeResult {
  switch (intent.status) {
    case 'succeeded':
      return {
        status: 'succeeded',
        reference: intent.id,
        amountCaptured: intent.amount_received ?? intent.amount,
      };
    case 'requires_capture':
      return { status: 'requires_capture', reference: intent.id };
    case 'processing':
      return { status: 'pending', reference: intent.id };
    default: {
      const failure = intent.last_payment_error;
      return {
        status: 'failed',
        reference: intent.id,
        failureCode: failure?.decline_code ?? failure?.code ?? intent.status,
        failureMessage: failure?.message ?? `payment intent is ${intent.status}`,
      };
    }
  }
}

/** Stripe's answer to a request it refused (a 4xx other than 429), as the library raises it. */
interface StripeRefusal {
  statusCode?: number;
  code?: string;
  decline_code?: string;
  message: string;
  raw?: { message?: string };
  payment_intent?: Stripe.PaymentIntent;
}

/** Stripe's own message (the library prefixes its request ID to `message`), or the status when it gave none. */
function messageOf(refused: StripeRefusal): string {
  return refused.raw?.message || `stripe answered ${refused.statusCode ?? 'an error'}`;
}

function stripeErrorOf(error: unknown): StripeRefusal | undefined {
  const candidate = error as { type?: unknown; statusCode?: unknown } | null;
  if (!candidate || typeof candidate.type !== 'string' || !candidate.type.startsWith('Stripe'))
    return undefined;
  return candidate as StripeRefusal;
}

/** Whether Stripe may or may not have acted: no answer, a timeout, 429 or a 5xx. */
function isUnknownOutcome(error: unknown): boolean {
  const refusal = stripeErrorOf(error);
  if (!refusal) return true;
  const status = refusal.statusCode;
  return status === undefined || status === 429 || status >= 500;
}

/** A refusal (capture or refund Stripe will not do) as our {@link ProviderRejectedError}. */
async function refusedAsRejection<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const refused = stripeErrorOf(error);
    if (!refused) throw error;
    throw new ProviderRejectedError(messageOf(refused), refused.code || 'stripe_error');
  }
}
