import {
  CreateWebhookEndpointRequestSchema,
  ListWebhookDeliveriesQuerySchema,
  listSchema,
  PageQuerySchema,
  RotateWebhookSecretRequestSchema,
  UpdateWebhookEndpointRequestSchema,
  WebhookDeliveryIdSchema,
  WebhookDeliverySchema,
  WebhookEndpointIdSchema,
  WebhookEndpointSchema,
  WebhookEndpointWithSecretSchema,
} from '@tillpoint/sdk/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NoContent, withProblems } from '../../http/openapi.js';
import type { WebhooksService } from './webhooks-service.js';

const EndpointParams = z.object({ id: WebhookEndpointIdSchema });
const DeliveryParams = z.object({ id: WebhookDeliveryIdSchema });
const tags = ['webhooks'];

/** `/v1/webhook-endpoints` and `/v1/webhook-deliveries` (admin): outbound webhooks and their delivery log. */
export const webhooksRoutes: FastifyPluginAsyncZod<{ webhooks: WebhooksService }> = async (
  app,
  { webhooks },
) => {
  app.post(
    '/v1/webhook-endpoints',
    {
      config: { permission: 'webhook-endpoints:write' },
      schema: {
        operationId: 'webhookEndpoints.create',
        tags,
        summary: 'Register an endpoint; its signing secret is in this response only',
        body: CreateWebhookEndpointRequestSchema,
        response: withProblems({ 201: WebhookEndpointWithSecretSchema }),
      },
    },
    async (request, reply) => reply.status(201).send(await webhooks.create(request.body)),
  );

  app.get(
    '/v1/webhook-endpoints',
    {
      config: { permission: 'webhook-endpoints:read' },
      schema: {
        operationId: 'webhookEndpoints.list',
        tags,
        summary: 'List endpoints',
        querystring: PageQuerySchema.strict(),
        response: withProblems({ 200: listSchema(WebhookEndpointSchema) }),
      },
    },
    async (request) => webhooks.list(request.query),
  );

  app.get(
    '/v1/webhook-endpoints/:id',
    {
      config: { permission: 'webhook-endpoints:read' },
      schema: {
        operationId: 'webhookEndpoints.get',
        tags,
        summary: 'Get an endpoint',
        params: EndpointParams,
        response: withProblems({ 200: WebhookEndpointSchema }),
      },
    },
    async (request) => webhooks.get(request.params.id),
  );

  app.patch(
    '/v1/webhook-endpoints/:id',
    {
      config: { permission: 'webhook-endpoints:write' },
      schema: {
        operationId: 'webhookEndpoints.update',
        tags,
        summary: 'Change an endpoint; `status: "enabled"` re-enables a disabled one',
        params: EndpointParams,
        body: UpdateWebhookEndpointRequestSchema,
        response: withProblems({ 200: WebhookEndpointSchema }),
      },
    },
    async (request) => webhooks.update(request.params.id, request.body),
  );

  app.delete(
    '/v1/webhook-endpoints/:id',
    {
      config: { permission: 'webhook-endpoints:write' },
      schema: {
        operationId: 'webhookEndpoints.delete',
        tags,
        summary: 'Delete an endpoint and its delivery log',
        params: EndpointParams,
        response: withProblems({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      await webhooks.remove(request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/webhook-endpoints/:id/rotate-secret',
    {
      config: { permission: 'webhook-endpoints:write' },
      schema: {
        operationId: 'webhookEndpoints.rotateSecret',
        tags,
        summary: 'New signing secret; the old one also signs during the grace period',
        params: EndpointParams,
        body: RotateWebhookSecretRequestSchema.optional().default({ graceHours: 24 }),
        response: withProblems({ 200: WebhookEndpointWithSecretSchema }),
      },
    },
    async (request) => webhooks.rotateSecret(request.params.id, request.body),
  );

  app.get(
    '/v1/webhook-deliveries',
    {
      config: { permission: 'webhook-deliveries:read' },
      schema: {
        operationId: 'webhookDeliveries.list',
        tags,
        summary: 'The delivery log, newest first',
        querystring: ListWebhookDeliveriesQuerySchema,
        response: withProblems({ 200: listSchema(WebhookDeliverySchema) }),
      },
    },
    async (request) => webhooks.listDeliveries(request.query),
  );

  app.get(
    '/v1/webhook-deliveries/:id',
    {
      config: { permission: 'webhook-deliveries:read' },
      schema: {
        operationId: 'webhookDeliveries.get',
        tags,
        summary: 'Get a delivery with its latest attempt',
        params: DeliveryParams,
        response: withProblems({ 200: WebhookDeliverySchema }),
      },
    },
    async (request) => webhooks.getDelivery(request.params.id),
  );

  app.post(
    '/v1/webhook-deliveries/:id/redeliver',
    {
      config: { permission: 'webhook-deliveries:write' },
      schema: {
        operationId: 'webhookDeliveries.redeliver',
        tags,
        summary: 'Send a delivery again now',
        params: DeliveryParams,
        response: withProblems({ 200: WebhookDeliverySchema }),
      },
    },
    async (request) => webhooks.redeliver(request.params.id),
  );
};
