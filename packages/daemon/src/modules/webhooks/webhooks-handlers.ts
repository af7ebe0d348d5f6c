import { isIP } from 'node:net';
import { WEBHOOK_RETRY_DELAYS_SECONDS } from '@tillpoint/sdk/schemas';
import { Webhook } from 'standardwebhooks';
import { z } from 'zod';
import type { Database } from '../../db/database-types.js';
import type { Clock } from '../../infra/clock.js';
import type { Metrics } from '../../infra/metrics.js';
import { type LazyAgent, loadUndici } from '../../infra/net/outbound-http.js';
import { assertPublicHost } from '../../infra/net/ssrf-guard.js';
import type { SecretBox } from '../../infra/secret-box.js';
import type { JobQueue } from '../../queue/job-queue.js';
import { defineJobType } from '../../queue/job-types.js';
import { findEvent } from '../events/event-lookup.js';
import { type WebhookEndpointRow, webhooksRepository } from './webhooks-repository.js';

/** A day of nothing but failures disables an endpoint. */
const DISABLE_AFTER_MS = 24 * 3_600_000;
/** How much of a response the delivery log keeps. */
const MAX_LOGGED_BODY = 1024;

/**
 * `webhooks.deliver`: POSTs one event to one endpoint, signed per Standard Webhooks (`webhook-id` is the delivery's
 * ID, stable across retries, so receivers can dedupe). Any 2xx is success. Failures retry on the published schedule
 * (`WEBHOOK_RETRY_DELAYS_SECONDS`); after a day of failures the endpoint is disabled and the admins are emailed.
 */
export function webhooksJobTypes(deps: {
  db: Database;
  clock: Clock;
  box: SecretBox;
  agent: LazyAgent;
  queue: () => JobQueue;
  timeoutMs: number;
  allowPrivateTargets: boolean;
  metrics?: Metrics;
}) {
  const { db, clock } = deps;
  return [
    defineJobType({
      type: 'webhooks.deliver',
      queue: 'webhooks',
      params: z.strictObject({ deliveryId: z.string().max(64) }),
      maxAttempts: WEBHOOK_RETRY_DELAYS_SECONDS.length + 1,
      timeoutMs: deps.timeoutMs + 5_000,
      retryDelayMs: (attempt) =>
        (WEBHOOK_RETRY_DELAYS_SECONDS[attempt - 1] ?? WEBHOOK_RETRY_DELAYS_SECONDS.at(-1)!) * 1000,
      async handler({ deliveryId }, context) {
        const repo = webhooksRepository(db);
        const delivery = await repo.findDelivery(deliveryId);
        if (!delivery) return { delivered: false, reason: 'delivery deleted with its endpoint' };
        const endpoint = await repo.findEndpoint(delivery.endpoint_id);
        if (endpoint?.status !== 'enabled') {
          await repo.updateDelivery(deliveryId, {
            status: 'failed',
            error: 'endpoint disabled',
            next_attempt_at: null,
          });
          return { delivered: false, reason: 'endpoint disabled' };
        }
        const event = await findEvent(db, delivery.event_id);
        if (!event) throw new Error(`event ${delivery.event_id} is missing`);
        const payload = JSON.stringify({ type: event.type, timestamp: event.createdAt, data: event });
        const outcome = await send(endpoint, deliveryId, payload, context.signal);
        deps.metrics?.webhookDeliveries.inc({ outcome: outcome.ok ? 'succeeded' : 'failed' });
        const at = clock.now();
        const last = context.attempt >= context.maxAttempts;
        await repo.updateDelivery(deliveryId, {
          status: outcome.ok ? 'succeeded' : last ? 'failed' : 'pending',
          attempts: delivery.attempts + 1,
          response_status: outcome.status,
          latency_ms: outcome.latencyMs,
          response_body: outcome.body,
          error: outcome.error,
          last_attempt_at: at.toISOString(),
          next_attempt_at:
            outcome.ok || last
              ? null
              : new Date(
                  at.getTime() + WEBHOOK_RETRY_DELAYS_SECONDS[context.attempt - 1]! * 1000,
                ).toISOString(),
        });
        if (outcome.ok) {
          if (endpoint.failing_since) await repo.updateEndpoint(endpoint.id, { failing_since: null });
          return { delivered: true, status: outcome.status, latencyMs: outcome.latencyMs };
        }
        const failingSince = await repo.markFailing(endpoint.id, at.toISOString());
        if (at.getTime() - Date.parse(failingSince) >= DISABLE_AFTER_MS) {
          await disableAndTellAdmins(endpoint, failingSince, at.toISOString());
          deps.metrics?.webhookDeliveries.inc({ outcome: 'disabled' });
          await repo.updateDelivery(deliveryId, { status: 'failed', next_attempt_at: null });
          return { delivered: false, reason: 'endpoint disabled after a day of failures' };
        }
        throw new Error(outcome.error ?? `endpoint answered ${outcome.status}`);
      },
    }),
  ];

  async function send(
    endpoint: WebhookEndpointRow,
    deliveryId: string,
    payload: string,
    signal: AbortSignal,
  ) {
    const url = new URL(endpoint.url);
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      // Hostnames are checked by the agent's lookup on every connection; IP literals never reach a lookup.
      if (isIP(url.hostname.replace(/^\[|\]$/g, '')))
        await assertPublicHost(url.hostname, deps.allowPrivateTargets);
      const { request } = await loadUndici();
      const response = await request(url, {
        method: 'POST',
        dispatcher: await deps.agent.get(),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'tillpointd-webhooks/1',
          ...sign(endpoint, deliveryId, payload),
        },
        body: payload,
        signal: AbortSignal.any([signal, AbortSignal.timeout(deps.timeoutMs)]),
      });
      const body = await readPrefix(response.body);
      const ok = response.statusCode >= 200 && response.statusCode < 300;
      return {
        ok,
        status: response.statusCode,
        latencyMs: elapsed(),
        body,
        error: ok ? null : `endpoint answered ${response.statusCode}`,
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, status: null, latencyMs: elapsed(), body: null, error: message.slice(0, 500) };
    }
  }

  /** Standard Webhooks headers; during a rotation's grace period the old secret adds a second signature. */
  function sign(endpoint: WebhookEndpointRow, id: string, payload: string): Record<string, string> {
    const timestamp = deps.clock.now();
    const secrets = [deps.box.open(endpoint.secret_sealed)];
    if (
      endpoint.previous_secret_sealed &&
      endpoint.previous_secret_expires_at &&
      endpoint.previous_secret_expires_at > timestamp.toISOString()
    ) {
      secrets.push(deps.box.open(endpoint.previous_secret_sealed));
    }
    const signatures = secrets.map((secret) => new Webhook(secret).sign(id, timestamp, payload));
    return {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signatures.join(' '),
    };
  }

  async function disableAndTellAdmins(endpoint: WebhookEndpointRow, failingSince: string, at: string) {
    await db.transaction().execute(async (trx) => {
      const disabledNow = await webhooksRepository(trx).disable(
        endpoint.id,
        `every delivery failed since ${failingSince}`,
        at,
      );
      if (!disabledNow) return;
      const admins = await trx
        .selectFrom('users')
        .select('id')
        .where('role', '=', 'admin')
        .where('disabled_at', 'is', null)
        .where('deleted_at', 'is', null)
        .execute();
      for (const admin of admins) {
        await deps.queue().enqueue(trx, {
          type: 'email.send',
          params: {
            template: 'webhook_endpoint_disabled',
            userId: admin.id,
            data: { endpointId: endpoint.id, url: endpoint.url, failingSince },
          },
        });
      }
    });
    deps.queue().wake('email');
  }
}

/** Reads at most the first KiB of a body and discards the rest without buffering it. */
async function readPrefix(body: AsyncIterable<Buffer> & { destroy?(): void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size < MAX_LOGGED_BODY) {
      chunks.push(chunk);
      size += chunk.length;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_LOGGED_BODY).toString('utf8');
}
