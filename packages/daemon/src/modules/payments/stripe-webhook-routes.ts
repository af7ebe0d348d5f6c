import { StripeEventSchema, StripeWebhookAckSchema } from '@tillpoint/sdk/schemas';
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../config.js';
import { AppError } from '../../core/app-error.js';
import { withProblems } from '../../http/openapi.js';
import type { Clock } from '../../infra/clock.js';
import { verifyStripeSignature } from '../../payments/providers/stripe-signature.js';
import type { PaymentsService } from './payments-service.js';

interface StripeEvent {
  id?: string;
  type?: string;
  data?: {
    object?: {
      id?: string;
      metadata?: { tillpoint_payment_id?: string };
      amount_received?: number;
      last_payment_error?: { code?: string; decline_code?: string; message?: string };
    };
  };
}

/**
 * `POST /v1/webhooks/stripe`: Stripe's signed event calls. The signature is checked against the
 * raw body (this plugin keeps bodies as strings), each event ID is processed once, and events we
 * do not act on are acknowledged so Stripe stops resending them.
 */
export const stripeWebhookRoutes: FastifyPluginAsync<{
  payments: PaymentsService;
  config: Config;
  clock: Clock;
}> = async (app, { payments, config, clock }) => {
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );

  app.post(
    '/v1/webhooks/stripe',
    {
      config: {
        permission: 'webhooks:receive',
        idempotent: false,
        rateLimit: false,
        openapiBody: {
          mediaTypes: ['application/json'],
          schema: StripeEventSchema,
        },
      },
      schema: {
        operationId: 'webhooks.stripe.receive',
        tags: ['webhooks'],
        summary: 'Stripe webhook endpoint (verified by Stripe-Signature)',
        response: withProblems({ 200: StripeWebhookAckSchema }),
      },
    },
    async (request) => {
      const raw = typeof request.body === 'string' ? request.body : '';
      const secret = config.stripeWebhookSecret;
      const signature = request.headers['stripe-signature'];
      if (
        !secret ||
        !(await verifyStripeSignature(
          raw,
          typeof signature === 'string' ? signature : undefined,
          secret,
          clock.now().getTime(),
        ))
      ) {
        throw new AppError('invalid_signature');
      }
      let event: StripeEvent;
      try {
        event = JSON.parse(raw) as StripeEvent;
      } catch (error) {
        throw new AppError('invalid_json', { cause: error });
      }
      const intent = event.data?.object;
      if (!event.id || !intent?.id) throw new AppError('bad_request', { detail: 'Not a Stripe event.' });
      const outcome =
        event.type === 'payment_intent.succeeded'
          ? await payments.applyProviderEvent({
              provider: 'stripe',
              eventId: event.id,
              reference: intent.id,
              ...(intent.metadata?.tillpoint_payment_id
                ? { paymentId: intent.metadata.tillpoint_payment_id }
                : {}),
              outcome: 'succeeded',
              ...(intent.amount_received === undefined ? {} : { amountCaptured: intent.amount_received }),
            })
          : event.type === 'payment_intent.payment_failed'
            ? await payments.applyProviderEvent({
                provider: 'stripe',
                eventId: event.id,
                reference: intent.id,
                ...(intent.metadata?.tillpoint_payment_id
                  ? { paymentId: intent.metadata.tillpoint_payment_id }
                  : {}),
                outcome: 'failed',
                failureCode:
                  intent.last_payment_error?.decline_code ?? intent.last_payment_error?.code ?? 'failed',
                failureMessage: intent.last_payment_error?.message ?? 'payment failed',
              })
            : 'ignored';
      return { received: true, outcome };
    },
  );
};
