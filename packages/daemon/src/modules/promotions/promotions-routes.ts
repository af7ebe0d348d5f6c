import {
  CreatePromotionRequestSchema,
  ListPromotionsQuerySchema,
  listSchema,
  PromotionIdSchema,
  PromotionSchema,
  UpdatePromotionRequestSchema,
} from '@tillpoint/sdk/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withProblems } from '../../http/openapi.js';
import type { PromotionsService } from './promotions-service.js';

const Params = z.object({ id: PromotionIdSchema });
const tags = ['promotions'];

/** `/v1/promotions`: admins only. Shoppers meet promotions through their carts, never by listing them. */
export const promotionsRoutes: FastifyPluginAsyncZod<{ promotions: PromotionsService }> = async (
  app,
  { promotions },
) => {
  app.get(
    '/v1/promotions',
    {
      config: { permission: 'promotions:read' },
      schema: {
        tags,
        operationId: 'promotions.list',

        summary: 'List promotions',
        querystring: ListPromotionsQuerySchema,
        response: withProblems({ 200: listSchema(PromotionSchema) }),
      },
    },
    async (request) => promotions.list(request.query),
  );

  app.post(
    '/v1/promotions',
    {
      config: { permission: 'promotions:write' },
      schema: {
        tags,
        operationId: 'promotions.create',

        summary: 'Create a promotion',
        body: CreatePromotionRequestSchema,
        response: withProblems({ 201: PromotionSchema }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await promotions.create(request.body, request.idempotency?.commitWith(201))),
  );

  app.get(
    '/v1/promotions/:id',
    {
      config: { permission: 'promotions:read' },
      schema: {
        tags,
        operationId: 'promotions.get',

        summary: 'Get a promotion',
        params: Params,
        response: withProblems({ 200: PromotionSchema }),
      },
    },
    async (request) => promotions.get(request.params.id),
  );

  app.patch(
    '/v1/promotions/:id',
    {
      config: { permission: 'promotions:write' },
      schema: {
        tags,
        operationId: 'promotions.update',

        summary: 'Update a promotion',
        params: Params,
        body: UpdatePromotionRequestSchema,
        response: withProblems({ 200: PromotionSchema }),
      },
    },
    async (request) => promotions.update(request.params.id, request.body),
  );

  app.delete(
    '/v1/promotions/:id',
    {
      config: { permission: 'promotions:write' },
      schema: {
        tags,
        operationId: 'promotions.delete',

        summary: 'Delete a promotion (409 promotion_in_use once used: deactivate it instead)',
        params: Params,
        response: withProblems({ 200: PromotionSchema }),
      },
    },
    async (request) => promotions.remove(request.params.id),
  );
};
