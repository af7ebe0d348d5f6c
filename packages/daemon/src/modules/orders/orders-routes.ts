import {
  CreateOrderRequestSchema,
  CreatePaymentRequestSchema,
  ListOrdersQuerySchema,
  listSchema,
  OrderDetailSchema,
  OrderIdSchema,
  OrderSchema,
  OrderTransitionRequestSchema,
  PaymentSchema,
} from '@tillpoint/sdk/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withProblems } from '../../http/openapi.js';
import type { PaymentsService } from '../payments/payments-service.js';
import type { OrdersService } from './orders-service.js';

const IdParams = z.object({ id: OrderIdSchema });

/** A guest order's secret token, shown once when its cart was completed. */
const OrderTokenHeaders = z.looseObject({
  'x-order-token': z.string().max(200).optional().describe("A guest order's token (from cart completion)"),
});
const tags = ['orders'];

/** `/v1/orders`: placing, reading and moving orders, and paying them. */
export const ordersRoutes: FastifyPluginAsyncZod<{
  orders: OrdersService;
  payments: PaymentsService;
}> = async (app, { orders, payments }) => {
  app.post(
    '/v1/orders',
    {
      config: { permission: 'orders:create' },
      schema: {
        operationId: 'orders.create',
        tags,
        summary: 'Place an order: prices come from the catalog, tracked stock is reserved',
        body: CreateOrderRequestSchema,
        response: withProblems({ 201: OrderDetailSchema }),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await orders.create(request.principal, request.body, request.idempotency?.commitWith(201))),
  );

  app.get(
    '/v1/orders',
    {
      config: { permission: 'orders:read' },
      schema: {
        operationId: 'orders.list',
        tags,
        summary: 'List orders (your own; admins see all)',
        querystring: ListOrdersQuerySchema,
        response: withProblems({ 200: listSchema(OrderSchema) }),
      },
    },
    async (request) => orders.list(request.principal, request.query),
  );

  app.get(
    '/v1/orders/:id',
    {
      config: { permission: 'orders:read-one' },
      schema: {
        operationId: 'orders.get',
        tags,
        summary: 'Get an order with its payments, refunds and history (a guest: with X-Order-Token)',
        params: IdParams,
        headers: OrderTokenHeaders,
        response: withProblems({ 200: OrderDetailSchema }),
      },
    },
    async (request) =>
      orders.get(request.principal, request.params.id, request.headers['x-order-token'] ?? null),
  );

  const moves = [
    ['cancel', 'orders:cancel', 'Cancel a pending order and release its stock', orders.cancel],
    ['fulfill', 'orders:fulfill', 'Mark a paid order fulfilled', orders.fulfill],
    ['complete', 'orders:fulfill', 'Mark a fulfilled order completed', orders.complete],
  ] as const;
  for (const [action, permission, summary, move] of moves) {
    app.post(
      `/v1/orders/:id/${action}`,
      {
        config: { permission },
        schema: {
          operationId: `orders.${action}`,
          tags,
          summary,
          params: IdParams,
          body: OrderTransitionRequestSchema.nullish(),
          response: withProblems({ 200: OrderDetailSchema }),
        },
      },
      async (request) =>
        move(
          request.principal,
          request.params.id,
          request.body?.reason,
          request.idempotency?.commitWith(200),
        ),
    );
  }

  app.post(
    '/v1/orders/:id/payments',
    {
      config: { permission: 'payments:create' },
      schema: {
        operationId: 'orders.payments.create',
        tags: ['payments'],
        summary: 'Pay an order with a provider (a guest: with X-Order-Token); 402 when declined',
        params: IdParams,
        headers: OrderTokenHeaders,
        body: CreatePaymentRequestSchema,
        response: withProblems({ 201: PaymentSchema }),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await payments.create(
            request.principal,
            request.params.id,
            request.body,
            request.idempotency?.commitWith(201),
            request.headers['x-order-token'] ?? null,
          ),
        ),
  );
};
