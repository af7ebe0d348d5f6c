import type { Executor } from '../../db/database-types.js';
import type { Clock } from '../../infra/clock.js';
import { newId } from '../../infra/ids.js';
import type { JobQueue } from '../../queue/job-queue.js';
import type { EventReaction } from '../events/outbox.js';
import { webhooksRepository } from './webhooks-repository.js';

/**
 * Outbox reaction: every event becomes one delivery per enabled endpoint that subscribes to its type, written with
 * its delivery job in the transaction that wrote the event. After a crash nothing is half-sent.
 */
export function webhookFanout(deps: { queue: JobQueue; clock: Clock }): EventReaction {
  return async (trx: Executor, event) => {
    const repo = webhooksRepository(trx);
    const endpoints = (await repo.enabledEndpoints()).filter((endpoint) => {
      const types = JSON.parse(endpoint.event_types) as string[];
      return types.includes('*') || types.includes(event.type);
    });
    if (endpoints.length === 0) return;
    const at = deps.clock.now().toISOString();
    const rows = endpoints.map((endpoint) => ({
      id: newId('webhookDelivery'),
      endpoint_id: endpoint.id,
      event_id: event.id,
      event_type: event.type,
      status: 'pending' as const,
      attempts: 0,
      response_status: null,
      latency_ms: null,
      response_body: null,
      error: null,
      last_attempt_at: null,
      next_attempt_at: at,
      created_at: at,
    }));
    await repo.insertDeliveries(rows);
    for (const row of rows) {
      await deps.queue.enqueue(trx, {
        type: 'webhooks.deliver',
        params: { deliveryId: row.id },
        uniqueKey: `webhook-delivery:${row.id}`,
      });
    }
    deps.queue.wake('webhooks');
  };
}
