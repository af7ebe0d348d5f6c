import {
  CreateVariantRequestSchema,
  ListVariantsQuerySchema,
  listSchema,
  ProductIdSchema,
  StockAdjustmentRequestSchema,
  StockAdjustmentSchema,
  UpdateVariantRequestSchema,
  VariantIdSchema,
  VariantSchema,
} from '@tillpoint/sdk/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withProblems } from '../../http/openapi.js';
import type { VariantsService } from './variants-service.js';

const ProductParams = z.object({ id: ProductIdSchema });
const VariantParams = z.object({ id: VariantIdSchema });
const tags = ['variants'];

/** `/v1/products/:id/variants` and `/v1/variants/:id`: anyone may read active variants; admins manage them. */
export const variantsRoutes: FastifyPluginAsyncZod<{ variants: VariantsService }> = async (
  app,
  { variants },
) => {
  app.get(
    '/v1/products/:id/variants',
    {
      config: { permission: 'products:read' },
      schema: {
        operationId: 'products.variants.list',
        tags,
        summary: "List a product's variants",
        params: ProductParams,
        querystring: ListVariantsQuerySchema,
        response: withProblems({ 200: listSchema(VariantSchema) }),
      },
    },
    async (request) => variants.list(request.principal, request.params.id, request.query),
  );

  app.post(
    '/v1/products/:id/variants',
    {
      config: { permission: 'products:write' },
      schema: {
        operationId: 'products.variants.create',
        tags,
        summary: 'Add a variant to a product',
        params: ProductParams,
        body: CreateVariantRequestSchema,
        response: withProblems({ 201: VariantSchema }),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await variants.create(request.params.id, request.body, request.idempotency?.commitWith(201))),
  );

  app.get(
    '/v1/variants/:id',
    {
      config: { permission: 'products:read' },
      schema: {
        operationId: 'variants.get',
        tags,
        summary: 'Get a variant',
        params: VariantParams,
        response: withProblems({ 200: VariantSchema }),
      },
    },
    async (request) => variants.get(request.principal, request.params.id),
  );

  app.patch(
    '/v1/variants/:id',
    {
      config: { permission: 'products:write' },
      schema: {
        operationId: 'variants.update',
        tags,
        summary: 'Update a variant (prices replace the whole list)',
        params: VariantParams,
        body: UpdateVariantRequestSchema,
        response: withProblems({ 200: VariantSchema }),
      },
    },
    async (request) => variants.update(request.params.id, request.body),
  );

  app.delete(
    '/v1/variants/:id',
    {
      config: { permission: 'products:write' },
      schema: {
        operationId: 'variants.delete',
        tags,
        summary: 'Remove a variant: archived when orders or stock adjustments name it, deleted otherwise',
        params: VariantParams,
        response: withProblems({ 200: VariantSchema }),
      },
    },
    async (request) => variants.remove(request.params.id),
  );

  app.post(
    '/v1/variants/:id/stock-adjustments',
    {
      config: { permission: 'products:write' },
      schema: {
        operationId: 'variants.adjustStock',
        tags,
        summary: "Change a variant's tracked stock by a signed amount, with a reason",
        params: VariantParams,
        body: StockAdjustmentRequestSchema,
        response: withProblems({ 201: StockAdjustmentSchema }),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await variants.adjustStock(
            request.principal,
            request.params.id,
            request.body,
            request.idempotency?.commitWith(201),
          ),
        ),
  );
};
