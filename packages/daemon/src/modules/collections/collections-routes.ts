import {
  CollectionMembershipRequestSchema,
  CollectionSchema,
  CreateCollectionRequestSchema,
  ListCollectionsQuerySchema,
  listSchema,
  ProductIdSchema,
  UpdateCollectionRequestSchema,
} from '@tillpoint/sdk/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withProblems } from '../../http/openapi.js';
import type { CollectionsService } from './collections-service.js';

/** `:id` takes the collection's ID or its handle. */
const Params = z.object({ id: z.string().trim().min(1).max(100).describe('Collection ID or handle') });
const MemberParams = Params.extend({ productId: ProductIdSchema });
const tags = ['collections'];

/** `/v1/collections`: anyone may read them; admins manage them. */
export const collectionsRoutes: FastifyPluginAsyncZod<{ collections: CollectionsService }> = async (
  app,
  { collections },
) => {
  app.get(
    '/v1/collections',
    {
      config: { permission: 'collections:read' },
      schema: {
        operationId: 'collections.list',
        tags,
        summary: 'List collections',
        querystring: ListCollectionsQuerySchema,
        response: withProblems({ 200: listSchema(CollectionSchema) }),
      },
    },
    async (request) => collections.list(request.query),
  );

  app.post(
    '/v1/collections',
    {
      config: { permission: 'collections:write' },
      schema: {
        operationId: 'collections.create',
        tags,
        summary: 'Create a collection',
        body: CreateCollectionRequestSchema,
        response: withProblems({ 201: CollectionSchema }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await collections.create(request.body, request.idempotency?.commitWith(201))),
  );

  app.get(
    '/v1/collections/:id',
    {
      config: { permission: 'collections:read' },
      schema: {
        operationId: 'collections.get',
        tags,
        summary: 'Get a collection',
        params: Params,
        response: withProblems({ 200: CollectionSchema }),
      },
    },
    async (request) => collections.get(request.params.id),
  );

  app.patch(
    '/v1/collections/:id',
    {
      config: { permission: 'collections:write' },
      schema: {
        operationId: 'collections.update',
        tags,
        summary: 'Update a collection',
        params: Params,
        body: UpdateCollectionRequestSchema,
        response: withProblems({ 200: CollectionSchema }),
      },
    },
    async (request) => collections.update(request.params.id, request.body),
  );

  app.delete(
    '/v1/collections/:id',
    {
      config: { permission: 'collections:write' },
      schema: {
        operationId: 'collections.delete',
        tags,
        summary: 'Delete a collection (its products stay in the catalog)',
        params: Params,
        response: withProblems({ 200: CollectionSchema }),
      },
    },
    async (request) => collections.remove(request.params.id),
  );

  app.put(
    '/v1/collections/:id/products/:productId',
    {
      config: { permission: 'collections:write' },
      schema: {
        operationId: 'collections.addProduct',
        tags,
        summary: 'Add a product to a collection, or move it, at a position',
        params: MemberParams,
        body: CollectionMembershipRequestSchema.optional(),
        response: withProblems({ 200: CollectionSchema }),
      },
    },
    async (request) =>
      collections.addProduct(
        request.principal,
        request.params.id,
        request.params.productId,
        request.body?.position,
      ),
  );

  app.delete(
    '/v1/collections/:id/products/:productId',
    {
      config: { permission: 'collections:write' },
      schema: {
        operationId: 'collections.removeProduct',
        tags,
        summary: 'Take a product out of a collection',
        params: MemberParams,
        response: withProblems({ 200: CollectionSchema }),
      },
    },
    async (request) => collections.removeProduct(request.params.id, request.params.productId),
  );
};
