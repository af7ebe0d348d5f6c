import type { WebhookDelivery, WebhookEndpoint } from '@tillpoint/sdk/schemas';
import type { Selectable, Updateable } from 'kysely';
import type { Executor, WebhookDeliveriesTable, WebhookEndpointsTable } from '../../db/database-types.js';
import { preparedQuery } from '../../db/prepared-query.js';

export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;

export function toWebhookEndpoint(row: WebhookEndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    object: 'webhook_endpoint',
    url: row.url,
    description: row.description,
    eventTypes: JSON.parse(row.event_types) as WebhookEndpoint['eventTypes'],
    status: row.status,
    disabledReason: row.disabled_reason,
    failingSince: row.failing_since,
    secretRotatedAt: row.secret_rotated_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toWebhookDelivery(row: WebhookDeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    object: 'webhook_delivery',
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type as WebhookDelivery['eventType'],
    status: row.status,
    attempts: row.attempts,
    responseStatus: row.response_status,
    latencyMs: row.latency_ms,
    responseBody: row.response_body,
    error: row.error,
    lastAttemptAt: row.last_attempt_at,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
  };
}

// Every outbox event's fan-out reads them, inside the change's transaction.
const endpointsEnabled = preparedQuery<Record<string, never>, WebhookEndpointRow>((db) =>
  db.selectFrom('webhook_endpoints').selectAll().where('status', '=', 'enabled'),
);

/** Endpoints and their deliveries (the delivery log). */
export function webhooksRepository(db: Executor) {
  return {
    insertEndpoint: (row: WebhookEndpointRow) => db.insertInto('webhook_endpoints').values(row).execute(),

    findEndpoint: (id: string) =>
      db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst(),

    enabledEndpoints: async () => (await endpointsEnabled.execute(db, {})).rows,

    async listEndpoints(limit: number, startingAfter?: string) {
      let query = db.selectFrom('webhook_endpoints').selectAll();
      if (startingAfter) query = query.where('id', '>', startingAfter);
      const rows = await query
        .orderBy('id')
        .limit(limit + 1)
        .execute();
      return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
    },

    updateEndpoint: (id: string, changes: Updateable<WebhookEndpointsTable>) =>
      db.updateTable('webhook_endpoints').set(changes).where('id', '=', id).executeTakeFirst(),

    /** Starts a failure streak unless one is running; returns the streak's start. */
    async markFailing(id: string, at: string): Promise<string> {
      await db
        .updateTable('webhook_endpoints')
        .set({ failing_since: at })
        .where('id', '=', id)
        .where('failing_since', 'is', null)
        .execute();
      const row = await db
        .selectFrom('webhook_endpoints')
        .select('failing_since')
        .where('id', '=', id)
        .executeTakeFirst();
      return row?.failing_since ?? at;
    },

    /** Disables an enabled endpoint; true when this call did it (so the admins are told once). */
    async disable(id: string, reason: string, at: string): Promise<boolean> {
      const result = await db
        .updateTable('webhook_endpoints')
        .set({ status: 'disabled', disabled_reason: reason, updated_at: at })
        .where('id', '=', id)
        .where('status', '=', 'enabled')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    deleteEndpoint: (id: string) =>
      db.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst(),

    insertDeliveries: (rows: WebhookDeliveryRow[]) =>
      db.insertInto('webhook_deliveries').values(rows).execute(),

    findDelivery: (id: string) =>
      db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst(),

    updateDelivery: (id: string, changes: Updateable<WebhookDeliveriesTable>) =>
      db.updateTable('webhook_deliveries').set(changes).where('id', '=', id).executeTakeFirst(),

    async listDeliveries(filters: {
      endpointId?: string | undefined;
      status?: string | undefined;
      eventType?: string | undefined;
      limit: number;
      startingAfter?: string | undefined;
    }) {
      let query = db.selectFrom('webhook_deliveries').selectAll();
      if (filters.endpointId) query = query.where('endpoint_id', '=', filters.endpointId);
      if (filters.status) query = query.where('status', '=', filters.status as WebhookDeliveryRow['status']);
      if (filters.eventType) query = query.where('event_type', '=', filters.eventType);
      if (filters.startingAfter) query = query.where('id', '<', filters.startingAfter);
      // Newest first: the log is read to see what just happened.
      const rows = await query
        .orderBy('id', 'desc')
        .limit(filters.limit + 1)
        .execute();
      return { rows: rows.slice(0, filters.limit), hasMore: rows.length > filters.limit };
    },
  };
}
