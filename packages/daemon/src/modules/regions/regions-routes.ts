import {
  CreateRegionRequestSchema,
  ListRegionsQuerySchema,
  listSchema,
  RegionIdSchema,
  RegionSchema,
  UpdateRegionRequestSchema,
} from '@tillpoint/sdk/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withProblems } from '../../http/openapi.js';
import type { RegionsService } from './regions-service.js';

const Params = z.object({ id: RegionIdSchema });
const tags = ['regions'];

/** `/v1/regions`: anyone may read them (storefronts pick a region by country); admins manage them. */
export const regionsRoutes: FastifyPluginAsyncZod<{ regions: RegionsService }> = async (app, { regions }) => {
  app.get(
    '/v1/regions',
    {
      config: { permission: 'regions:read' },
      schema: {
        tags,
        operationId: 'regions.list',

        summary: 'List regions',
        querystring: ListRegionsQuerySchema,
        response: withProblems({ 200: listSchema(RegionSchema) }),
      },
    },
    async (request) => regions.list(request.query),
  );

  app.post(
    '/v1/regions',
    {
      config: { permission: 'regions:write' },
      schema: {
        tags,
        operationId: 'regions.create',

        summary: 'Create a region',
        body: CreateRegionRequestSchema,
        response: withProblems({ 201: RegionSchema }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await regions.create(request.body, request.idempotency?.commitWith(201))),
  );

  app.get(
    '/v1/regions/:id',
    {
      config: { permission: 'regions:read' },
      schema: {
        tags,
        operationId: 'regions.get',

        summary: 'Get a region',
        params: Params,
        response: withProblems({ 200: RegionSchema }),
      },
    },
    async (request) => regions.get(request.params.id),
  );

  app.patch(
    '/v1/regions/:id',
    {
      config: { permission: 'regions:write' },
      schema: {
        tags,
        operationId: 'regions.update',

        summary: 'Update a region',
        params: Params,
        body: UpdateRegionRequestSchema,
        response: withProblems({ 200: RegionSchema }),
      },
    },
    async (request) => regions.update(request.params.id, request.body),
  );

  app.delete(
    '/v1/regions/:id',
    {
      config: { permission: 'regions:write' },
      schema: {
        tags,
        operationId: 'regions.delete',

        summary: 'Delete a region (409 region_in_use while tax rates or shipping methods belong to it)',
        params: Params,
        response: withProblems({ 200: RegionSchema }),
      },
    },
    async (request) => regions.remove(request.params.id),
  );
};
