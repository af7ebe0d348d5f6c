import { z } from 'zod';
import {
  idSchema,
  NO_CONTROL_CHARACTERS,
  NO_CONTROL_CHARACTERS_MESSAGE,
  PageQuerySchema,
  TimestampSchema,
} from './common.js';
import { EventTypeSchema } from './events.js';

export const WebhookEndpointIdSchema = idSchema('whe');
export const WebhookDeliveryIdSchema = idSchema('whd');

/** An event type an endpoint receives, or `*` for all of them. */
export const WebhookEventFilterSchema = z.union([EventTypeSchema, z.literal('*')]);

export const WEBHOOK_ENDPOINT_STATUSES = ['enabled', 'disabled'] as const;
export const WebhookEndpointStatusSchema = z
  .enum(WEBHOOK_ENDPOINT_STATUSES)
  .meta({ id: 'WebhookEndpointStatus' });

/** The target of outbound webhooks: events matching `eventTypes` are delivered here, signed by Standard Webhooks. */
export const WebhookEndpointSchema = z
  .object({
    id: WebhookEndpointIdSchema,
    object: z.literal('webhook_endpoint'),
    url: z.string(),
    description: z.string().nullable(),
    eventTypes: z.array(WebhookEventFilterSchema),
    status: WebhookEndpointStatusSchema,
    disabledReason: z
      .string()
      .nullable()
      .describe('Why the daemon disabled it, e.g. after a day of failures'),
    failingSince: TimestampSchema.nullable().describe(
      'First failure since the last success; null when healthy',
    ),
    secretRotatedAt: TimestampSchema.nullable(),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'WebhookEndpoint' });
export type WebhookEndpoint = z.infer<typeof WebhookEndpointSchema>;

/** The endpoint with its signing secret (`whsec_…`): returned once, by create and by rotate-secret. */
export const WebhookEndpointWithSecretSchema = WebhookEndpointSchema.extend({
  secret: z
    .string()
    .describe('Signing secret, shown only now; verify deliveries with a Standard Webhooks library'),
}).meta({ id: 'WebhookEndpointWithSecret' });
export type WebhookEndpointWithSecret = z.infer<typeof WebhookEndpointWithSecretSchema>;

const WebhookUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .max(2000);
const DescriptionSchema = z.string().max(500).regex(NO_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS_MESSAGE);

/** `POST /v1/webhook-endpoints` (admin). The target address must pass the SSRF guard. */
export const CreateWebhookEndpointRequestSchema = z
  .strictObject({
    url: WebhookUrlSchema,
    description: DescriptionSchema.optional(),
    eventTypes: z.array(WebhookEventFilterSchema).min(1).max(50).default(['*']),
  })
  .meta({ id: 'CreateWebhookEndpointRequest' });
export type CreateWebhookEndpointRequest = z.input<typeof CreateWebhookEndpointRequestSchema>;

/** `PATCH /v1/webhook-endpoints/:id`. Setting `status: "enabled"` clears a disablement and its failure streak. */
export const UpdateWebhookEndpointRequestSchema = z
  .strictObject({
    url: WebhookUrlSchema.optional(),
    description: DescriptionSchema.nullable().optional(),
    eventTypes: z.array(WebhookEventFilterSchema).min(1).max(50).optional(),
    status: WebhookEndpointStatusSchema.optional(),
  })
  .meta({ id: 'UpdateWebhookEndpointRequest' });
export type UpdateWebhookEndpointRequest = z.input<typeof UpdateWebhookEndpointRequestSchema>;

/** `POST /v1/webhook-endpoints/:id/rotate-secret`: the old secret keeps signing (as a second signature) for the grace period. */
export const RotateWebhookSecretRequestSchema = z
  .strictObject({
    graceHours: z.number().int().min(0).max(168).default(24),
  })
  .meta({ id: 'RotateWebhookSecretRequest' });
export type RotateWebhookSecretRequest = z.input<typeof RotateWebhookSecretRequestSchema>;

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export const WebhookDeliveryStatusSchema = z
  .enum(WEBHOOK_DELIVERY_STATUSES)
  .meta({ id: 'WebhookDeliveryStatus' });

/** One event sent (or being sent) to one endpoint, with what its latest attempt got back. */
export const WebhookDeliverySchema = z
  .object({
    id: WebhookDeliveryIdSchema,
    object: z.literal('webhook_delivery'),
    endpointId: WebhookEndpointIdSchema,
    eventId: idSchema('evt'),
    eventType: EventTypeSchema,
    status: WebhookDeliveryStatusSchema.describe(
      'failed: every retry was used, or the endpoint was disabled',
    ),
    attempts: z.number().int(),
    responseStatus: z.number().int().nullable(),
    latencyMs: z.number().int().nullable(),
    responseBody: z.string().nullable().describe('The first 1 KiB of the latest response body'),
    error: z.string().nullable().describe('Network error or timeout of the latest attempt'),
    lastAttemptAt: TimestampSchema.nullable(),
    nextAttemptAt: TimestampSchema.nullable(),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

export const ListWebhookDeliveriesQuerySchema = PageQuerySchema.extend({
  endpointId: WebhookEndpointIdSchema.optional(),
  status: WebhookDeliveryStatusSchema.optional(),
  eventType: EventTypeSchema.optional(),
}).strict();
export type ListWebhookDeliveriesQuery = z.input<typeof ListWebhookDeliveriesQuerySchema>;

/**
 * Outbound retry schedule, in seconds after the first attempt fails (Standard Webhooks' suggestion): 5 s, 5 min,
 * 30 min, 2 h, 5 h, 10 h, 10 h — about 28 h in all.
 */
export const WEBHOOK_RETRY_DELAYS_SECONDS = [5, 300, 1800, 7200, 18_000, 36_000, 36_000] as const;
