import {
  CreateProductRequestSchema,
  ListProductsQuerySchema,
  listSchema,
  ProductIdSchema,
  ProductSchema,
  StockAdjustmentRequestSchema,
  StockAdjustmentSchema,
  UpdateProductRequestSchema,
} from '@tillpoint/sdk/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withProblems } from '../../http/openapi.js';
import type { ProductsService } from './products-service.js';

const IdParams = z.object({ id: ProductIdSchema });
const tags = ['products'];

/** `/v1/products`: the catalog. Anyone may read active products; admins manage them. */
export const productsRoutes: FastifyPluginAsyncZod<{ products: ProductsService }> = async (
  app,
  { products },
) => {
  app.post(
    '/v1/products',
    {
      config: { permission: 'products:write' },
      schema: {
        operationId: 'products.create',
        tags,
        summary: 'Create a product',
        body: CreateProductRequestSchema,
        response: withProblems({ 201: ProductSchema }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await products.create(request.body, request.idempotency?.commitWith(201))),
  );

  app.get(
    '/v1/products',
    {
      config: { permission: 'products:read' },
      schema: {
        operationId: 'products.list',
        tags,
        summary: 'List products',
        querystring: ListProductsQuerySchema,
        response: withProblems({ 200: listSchema(ProductSchema) }),
      },
    },
    async (request) => products.list(request.principal, request.query),
  );

  app.get(
    '/v1/products/:id',
    {
      config: { permission: 'products:read' },
      schema: {
        operationId: 'products.get',
        tags,
        summary: 'Get a product',
        params: IdParams,
        response: withProblems({ 200: ProductSchema }),
      },
    },
    async (request) => products.get(request.principal, request.params.id),
  );

  app.patch(
    '/v1/products/:id',
    {
      config: { permission: 'products:write' },
      schema: {
        operationId: 'products.update',
        tags,
        summary: 'Update a product',
        params: IdParams,
        body: UpdateProductRequestSchema,
        response: withProblems({ 200: ProductSchema }),
      },
    },
    async (request) => products.update(request.params.id, request.body),
  );

  app.delete(
    '/v1/products/:id',
    {
      config: { permission: 'products:write' },
      schema: {
        operationId: 'products.delete',
        tags,
        summary: 'Archive a product (it leaves the catalog; orders keep it)',
        params: IdParams,
        response: withProblems({ 200: ProductSchema }),
      },
    },
    async (request) => products.archive(request.params.id),
  );

  app.post(
    '/v1/products/:id/stock-adjustments',
    {
      config: { permission: 'products:write' },
      schema: {
        operationId: 'products.adjustStock',
        tags,
        summary: 'Change tracked stock by a signed amount, with a reason',
        params: IdParams,
        body: StockAdjustmentRequestSchema,
        response: withProblems({ 201: StockAdjustmentSchema }),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await products.adjustStock(
            request.principal,
            request.params.id,
            request.body,
            request.idempotency?.commitWith(201),
          ),
        ),
  );
};
