import {
  ApiKeyCreatedSchema,
  ApiKeyIdSchema,
  ApiKeySchema,
  CreateApiKeyRequestSchema,
  ListApiKeysQuerySchema,
  listSchema,
} from '@tillpoint/sdk/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withProblems } from '../../http/openapi.js';
import type { ApiKeysService } from './api-keys-service.js';

const IdParams = z.object({ id: ApiKeyIdSchema });
const tags = ['api-keys'];

/** `/v1/api-keys`: keys for CI and automation. Users manage their own; admins see all. */
export const apiKeysRoutes: FastifyPluginAsyncZod<{ apiKeys: ApiKeysService }> = async (app, { apiKeys }) => {
  app.post(
    '/v1/api-keys',
    {
      config: { permission: 'api-keys:create', idempotent: false },
      schema: {
        operationId: 'apiKeys.create',
        tags,
        summary: 'Create an API key; its secret is in this response only',
        body: CreateApiKeyRequestSchema,
        response: withProblems({ 201: ApiKeyCreatedSchema }),
      },
    },
    async (request, reply) => reply.status(201).send(await apiKeys.create(request.principal, request.body)),
  );

  app.get(
    '/v1/api-keys',
    {
      config: { permission: 'api-keys:read' },
      schema: {
        operationId: 'apiKeys.list',
        tags,
        summary: 'List API keys',
        querystring: ListApiKeysQuerySchema,
        response: withProblems({ 200: listSchema(ApiKeySchema) }),
      },
    },
    async (request) => apiKeys.list(request.principal, request.query),
  );

  app.get(
    '/v1/api-keys/:id',
    {
      config: { permission: 'api-keys:read' },
      schema: {
        operationId: 'apiKeys.get',
        tags,
        summary: 'Get an API key',
        params: IdParams,
        response: withProblems({ 200: ApiKeySchema }),
      },
    },
    async (request) => apiKeys.get(request.principal, request.params.id),
  );

  app.delete(
    '/v1/api-keys/:id',
    {
      config: { permission: 'api-keys:revoke' },
      schema: {
        operationId: 'apiKeys.revoke',
        tags,
        summary: 'Revoke an API key (it stops working at once)',
        params: IdParams,
        response: withProblems({ 200: ApiKeySchema }),
      },
    },
    async (request) => apiKeys.revoke(request.principal, request.params.id),
  );
};
