import { z } from 'zod';
import { idSchema, PageQuerySchema, TimestampSchema } from './common.js';

/** Domain event types written by the outbox, one per state change. */
export const EVENT_TYPES = [
  'user.created',
  'product.created',
  'product.updated',
  'product.archived',
  'product.stock_adjusted',
  'product.media_added',
  'product.media_updated',
  'product.media_removed',
  'variant.created',
  'variant.updated',
  'variant.archived',
  'variant.stock_adjusted',
  'collection.created',
  'collection.updated',
  'collection.deleted',
  'region.created',
  'region.updated',
  'region.deleted',
  'tax_rate.created',
  'tax_rate.updated',
  'tax_rate.deleted',
  'shipping_method.created',
  'shipping_method.updated',
  'shipping_method.deleted',
  'promotion.created',
  'promotion.updated',
  'promotion.deleted',
  'promotion.exhausted',
  'cart.completed',
  'order.created',
  'order.paid',
  'order.fulfilled',
  'order.completed',
  'order.cancelled',
  'order.refunded',
  'payment.succeeded',
  'payment.failed',
  'payment.requires_capture',
  'payment.refunded',
  'payment.canceled',
] as const;
export const EventTypeSchema = z.enum(EVENT_TYPES).meta({ id: 'EventType' });
export type EventType = z.infer<typeof EventTypeSchema>;

/** A domain event: what changed, with the resource as it was right after the change (payload version 1). */
export const EventSchema = z
  .object({
    id: idSchema('evt'),
    object: z.literal('event'),
    type: EventTypeSchema,
    version: z.literal(1),
    subjectId: z.string().describe('ID of the resource the event is about'),
    data: z.record(z.string(), z.unknown()),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'Event' });
export type Event = z.infer<typeof EventSchema>;

export const ListEventsQuerySchema = PageQuerySchema.extend({
  type: EventTypeSchema.optional(),
  subjectId: z.string().max(64).optional(),
}).strict();
export type ListEventsQuery = z.input<typeof ListEventsQuerySchema>;

/**
 * `GET /v1/events/stream` (Server-Sent Events): `types` is a comma-separated filter; `lastEventId` (or the
 * `Last-Event-ID` header a reconnecting EventSource sends) resumes after that event.
 */
export const StreamEventsQuerySchema = z.strictObject({
  types: z
    .string()
    .max(2000)
    .transform((value) =>
      value
        .split(',')
        .map((type) => type.trim())
        .filter(Boolean),
    )
    .pipe(z.array(EventTypeSchema).max(50))
    .optional(),
  lastEventId: idSchema('evt').optional(),
});
export type StreamEventsQuery = z.input<typeof StreamEventsQuerySchema>;
