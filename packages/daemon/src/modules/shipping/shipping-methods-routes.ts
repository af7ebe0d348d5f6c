import {
  CreateShippingMethodRequestSchema,
  ListShippingMethodsQuerySchema,
  listSchema,
  ShippingMethodIdSchema,
  ShippingMethodSchema,
  UpdateShippingMethodRequestSchema,
} from '@tillpoint/sdk/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withProblems } from '../../http/openapi.js';
import type { ShippingMethodsService } from './shipping-methods-service.js';

const Params = z.object({ id: ShippingMethodIdSchema });
const tags = ['shipping-methods'];

/** `/v1/shipping-methods`: anyone may read the active ones (storefronts show them); admins manage them. */
export const shippingMethodsRoutes: FastifyPluginAsyncZod<{
  shippingMethods: ShippingMethodsService;
}> = async (app, { shippingMethods }) => {
  app.get(
    '/v1/shipping-methods',
    {
      config: { permission: 'shipping-methods:read' },
      schema: {
        tags,
        operationId: 'shippingMethods.list',

        summary: 'List shipping methods',
        querystring: ListShippingMethodsQuerySchema,
        response: withProblems({ 200: listSchema(ShippingMethodSchema) }),
      },
    },
    async (request) => shippingMethods.list(request.principal, request.query),
  );

  app.post(
    '/v1/shipping-methods',
    {
      config: { permission: 'shipping-methods:write' },
      schema: {
        tags,
        operationId: 'shippingMethods.create',

        summary: 'Create a shipping method',
        body: CreateShippingMethodRequestSchema,
        response: withProblems({ 201: ShippingMethodSchema }),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await shippingMethods.create(request.body, request.idempotency?.commitWith(201))),
  );

  app.get(
    '/v1/shipping-methods/:id',
    {
      config: { permission: 'shipping-methods:read' },
      schema: {
        tags,
        operationId: 'shippingMethods.get',

        summary: 'Get a shipping method',
        params: Params,
        response: withProblems({ 200: ShippingMethodSchema }),
      },
    },
    async (request) => shippingMethods.get(request.principal, request.params.id),
  );

  app.patch(
    '/v1/shipping-methods/:id',
    {
      config: { permission: 'shipping-methods:write' },
      schema: {
        tags,
        operationId: 'shippingMethods.update',

        summary: 'Update a shipping method',
        params: Params,
        body: UpdateShippingMethodRequestSchema,
        response: withProblems({ 200: ShippingMethodSchema }),
      },
    },
    async (request) => shippingMethods.update(request.params.id, request.body),
  );

  app.delete(
    '/v1/shipping-methods/:id',
    {
      config: { permission: 'shipping-methods:write' },
      schema: {
        tags,
        operationId: 'shippingMethods.delete',

        summary: 'Delete a shipping method',
        params: Params,
        response: withProblems({ 200: ShippingMethodSchema }),
      },
    },
    async (request) => shippingMethods.remove(request.params.id),
  );
};
