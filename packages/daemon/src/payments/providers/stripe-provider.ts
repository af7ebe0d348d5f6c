import type { Config } from '../../config.js';
import { loadUndici } from '../../infra/net/outbound-http.js';
import {
  type AuthorizeResult,
  type PaymentProviderAdapter,
  ProviderRejectedError,
  ProviderUnavailableError,
} from '../payment-provider.js';

/** How long one Stripe call may take. */
const STRIPE_TIMEOUT_MS = 15_000;

interface StripeError {
  error?: {
    type?: string;
    code?: string;
    decline_code?: string;
    message?: string;
    payment_intent?: StripeIntent;
  };
}
interface StripeIntent {
  id: string;
  status: string;
  amount: number;
  amount_received?: number;
  last_payment_error?: { code?: string; decline_code?: string; message?: string } | null;
}

/**
 * `stripe`: PaymentIntents and Refunds over Stripe's REST API (form-encoded, bearer key,
 * `Idempotency-Key` set to our payment or refund ID so a retried call never charges twice).
 */
export function createStripeProvider(
  config: Pick<Config, 'stripeSecretKey' | 'stripeApiBase'>,
): PaymentProviderAdapter {
  const base = config.stripeApiBase.replace(/\/$/, '');

  async function call<T>(
    path: string,
    form: Record<string, string>,
    idempotencyKey: string,
  ): Promise<{ status: number; body: T }> {
    if (!config.stripeSecretKey)
      throw new ProviderUnavailableError('stripe is not configured (TILLPOINT_STRIPE_SECRET_KEY)');
    try {
      const { request } = await loadUndici();
      const response = await request(`${base}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${config.stripeSecretKey}`,
          'content-type': 'application/x-www-form-urlencoded',
          'idempotency-key': idempotencyKey,
        },
        body: new URLSearchParams(form).toString(),
        headersTimeout: STRIPE_TIMEOUT_MS,
        bodyTimeout: STRIPE_TIMEOUT_MS,
      });
      const body = (await response.body.json()) as T;
      if (response.statusCode >= 500 || response.statusCode === 429) {
        throw new ProviderUnavailableError(`stripe answered ${response.statusCode}`);
      }
      return { status: response.statusCode, body };
    } catch (error) {
      if (error instanceof ProviderUnavailableError) throw error;
      throw new ProviderUnavailableError(`stripe unreachable: ${(error as Error).message}`);
    }
  }

  async function get<T>(path: string): Promise<{ status: number; body: T }> {
    if (!config.stripeSecretKey)
      throw new ProviderUnavailableError('stripe is not configured (TILLPOINT_STRIPE_SECRET_KEY)');
    try {
      const { request } = await loadUndici();
      const response = await request(`${base}${path}`, {
        headers: { authorization: `Bearer ${config.stripeSecretKey}` },
        headersTimeout: STRIPE_TIMEOUT_MS,
        bodyTimeout: STRIPE_TIMEOUT_MS,
      });
      const body = (await response.body.json()) as T;
      if (response.statusCode >= 500 || response.statusCode === 429) {
        throw new ProviderUnavailableError(`stripe answered ${response.statusCode}`);
      }
      return { status: response.statusCode, body };
    } catch (error) {
      if (error instanceof ProviderUnavailableError) throw error;
      throw new ProviderUnavailableError(`stripe unreachable: ${(error as Error).message}`);
    }
  }

  async function findIntent(reference: string | null, paymentId: string): Promise<StripeIntent | undefined> {
    if (reference) {
      const { status, body } = await get<StripeIntent>(
        `/v1/payment_intents/${encodeURIComponent(reference)}`,
      );
      return status === 200 ? body : undefined;
    }
    const query = `metadata['tillpoint_payment_id']:'${paymentId}'`;
    const { status, body } = await get<{ data: StripeIntent[] }>(
      `/v1/payment_intents/search?query=${encodeURIComponent(query)}`,
    );
    return status === 200 ? body.data[0] : undefined;
  }

  function fromIntent(intent: StripeIntent): AuthorizeResult {
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

  return {
    name: 'stripe',
    async authorize(input) {
      const { status, body } = await call<StripeIntent & StripeError>(
        '/v1/payment_intents',
        {
          amount: String(input.amount),
          currency: input.currency.toLowerCase(),
          confirm: 'true',
          capture_method: input.captureMethod,
          ...(input.paymentMethod ? { payment_method: input.paymentMethod } : {}),
          'metadata[tillpoint_payment_id]': input.paymentId,
        },
        input.paymentId,
      );
      if (status === 200) return fromIntent(body);
      // A card error (402) still names the intent and why it failed.
      const error = body.error;
      return {
        status: 'failed',
        reference: error?.payment_intent?.id ?? null,
        failureCode: error?.decline_code ?? error?.code ?? 'stripe_error',
        failureMessage: error?.message ?? `stripe answered ${status}`,
      };
    },
    async capture(reference, amount, paymentId) {
      const { status, body } = await call<StripeIntent & StripeError>(
        `/v1/payment_intents/${encodeURIComponent(reference ?? '')}/capture`,
        { amount_to_capture: String(amount) },
        `capture_${paymentId}`,
      );
      if (status !== 200) {
        const message = body.error?.message ?? `stripe capture answered ${status}`;
        throw new ProviderRejectedError(message, body.error?.code ?? 'stripe_error');
      }
      return { amountCaptured: body.amount_received ?? amount };
    },
    /** By intent ID when we have it, else by the payment ID in the intent's metadata (Stripe's search API). */
    async lookup(reference, paymentId) {
      const intent = await findIntent(reference, paymentId);
      return intent ? fromIntent(intent) : undefined;
    },
    /**
     * `POST /v1/payment_intents/:id/cancel`. An intent that reached a final state first cannot be cancelled (Stripe
     * answers 400 with the intent): its real outcome is returned instead. No intent at all means nothing can move.
     */
    async cancel(reference, paymentId) {
      const intentId = reference ?? (await findIntent(null, paymentId))?.id;
      if (!intentId) return { status: 'canceled', reference: null };
      const { status, body } = await call<StripeIntent & StripeError>(
        `/v1/payment_intents/${encodeURIComponent(intentId)}/cancel`,
        { cancellation_reason: 'abandoned' },
        `cancel_${paymentId}`,
      );
      const intent =
        status === 200 ? body : (body.error?.payment_intent ?? (await findIntent(intentId, paymentId)));
      if (!intent) {
        throw new ProviderRejectedError(
          body.error?.message ?? `stripe cancel answered ${status}`,
          body.error?.code ?? 'stripe_error',
        );
      }
      return intent.status === 'canceled' ? { status: 'canceled', reference: intent.id } : fromIntent(intent);
    },
    async refund(reference, amount, refundId) {
      const { status, body } = await call<{ id: string } & StripeError>(
        '/v1/refunds',
        { payment_intent: reference ?? '', amount: String(amount) },
        refundId,
      );
      if (status !== 200) {
        const message = body.error?.message ?? `stripe refund answered ${status}`;
        throw new ProviderRejectedError(message, body.error?.code ?? 'stripe_error');
      }
      return { reference: body.id };
    },
  };
}
