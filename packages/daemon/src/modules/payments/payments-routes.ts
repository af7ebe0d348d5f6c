import {
  CapturePaymentRequestSchema,
  CreateRefundRequestSchema,
  ListPaymentsQuerySchema,
  listSchema,
  PaymentIdSchema,
  PaymentSchema,
  RefundSchema,
} from '@tillpoint/sdk/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withProblems } from '../../http/openapi.js';
import type { PaymentsService } from './payments-service.js';

const IdParams = z.object({ id: PaymentIdSchema });
const tags = ['payments'];

/** `/v1/payments`: reading payments, capturing authorizations, refunding. */
export const paymentsRoutes: FastifyPluginAsyncZod<{ payments: PaymentsService }> = async (
  app,
  { payments },
) => {
  app.get(
    '/v1/payments',
    {
      config: { permission: 'payments:read' },
      schema: {
        operationId: 'payments.list',
        tags,
        summary: 'List payments (of your orders; admins see all)',
        querystring: ListPaymentsQuerySchema,
        response: withProblems({ 200: listSchema(PaymentSchema) }),
      },
    },
    async (request) => payments.list(request.principal, request.query),
  );

  app.get(
    '/v1/payments/:id',
    {
      config: { permission: 'payments:read' },
      schema: {
        operationId: 'payments.get',
        tags,
        summary: 'Get a payment',
        params: IdParams,
        response: withProblems({ 200: PaymentSchema }),
      },
    },
    async (request) => payments.get(request.principal, request.params.id),
  );

  app.post(
    '/v1/payments/:id/capture',
    {
      config: { permission: 'payments:capture' },
      schema: {
        operationId: 'payments.capture',
        tags,
        summary: 'Capture an authorized payment',
        params: IdParams,
        body: CapturePaymentRequestSchema.nullish(),
        response: withProblems({ 200: PaymentSchema }),
      },
    },
    async (request) =>
      payments.capture(
        request.principal,
        request.params.id,
        request.body?.amount,
        request.idempotency?.commitWith(200),
      ),
  );

  app.post(
    '/v1/payments/:id/void',
    {
      config: { permission: 'payments:void' },
      schema: {
        operationId: 'payments.void',
        tags,
        summary: 'Void a payment that has not settled (pending or requires_capture); its order is released',
        params: IdParams,
        response: withProblems({ 200: PaymentSchema }),
      },
    },
    async (request) =>
      payments.void(request.principal, request.params.id, request.idempotency?.commitWith(200)),
  );

  app.post(
    '/v1/payments/:id/refunds',
    {
      config: { permission: 'payments:refund' },
      schema: {
        operationId: 'payments.refunds.create',
        tags,
        summary: 'Refund part or all of a payment (never more than was captured)',
        params: IdParams,
        body: CreateRefundRequestSchema.nullish(),
        response: withProblems({ 201: RefundSchema }),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await payments.refund(
            request.principal,
            request.params.id,
            request.body ?? {},
            request.idempotency?.commitWith(201),
          ),
        ),
  );
};
