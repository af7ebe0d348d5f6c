import type {
  CreateWebhookEndpointRequestSchema,
  ListWebhookDeliveriesQuerySchema,
  PageQuery,
  RotateWebhookSecretRequestSchema,
  UpdateWebhookEndpointRequestSchema,
  WebhookEndpointWithSecret,
} from '@tillpoint/sdk/schemas';
import type { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import type { Database } from '../../db/database-types.js';
import type { Clock } from '../../infra/clock.js';
import { newId } from '../../infra/ids.js';
import { assertPublicHost, BlockedAddressError } from '../../infra/net/ssrf-guard.js';
import type { SecretBox } from '../../infra/secret-box.js';
import { newSecret } from '../../infra/secrets.js';
import type { JobQueue } from '../../queue/job-queue.js';
import { toWebhookDelivery, toWebhookEndpoint, webhooksRepository } from './webhooks-repository.js';

/** Standard Webhooks secrets are `whsec_` + base64 of 24–64 random bytes. */
const newSigningSecret = () => `whsec_${Buffer.from(newSecret('', 32), 'base64url').toString('base64')}`;

/** Admin management of outbound webhooks: endpoints (with their one-time secrets) and the delivery log. */
export function createWebhooksService(deps: {
  db: Database;
  clock: Clock;
  box: SecretBox;
  queue: JobQueue;
  allowPrivateTargets: boolean;
}) {
  const { db, clock, box } = deps;
  const repo = webhooksRepository(db);
  const now = () => clock.now().toISOString();

  async function mustFindEndpoint(id: string) {
    const row = await repo.findEndpoint(id);
    if (!row) throw new AppError('not_found', { detail: `No webhook endpoint ${id}.` });
    return row;
  }

  async function checkTarget(url: string) {
    try {
      await assertPublicHost(new URL(url).hostname, deps.allowPrivateTargets);
    } catch (error) {
      const detail =
        error instanceof BlockedAddressError
          ? `${error.message}. An operator can allow private targets with --webhook-allow-private-targets.`
          : `The host of ${url} could not be resolved.`;
      throw new AppError('url_not_allowed', { detail, errors: [{ path: 'body.url', message: detail }] });
    }
  }

  return {
    async create(
      input: z.output<typeof CreateWebhookEndpointRequestSchema>,
    ): Promise<WebhookEndpointWithSecret> {
      await checkTarget(input.url);
      const secret = newSigningSecret();
      const at = now();
      const row = {
        id: newId('webhookEndpoint'),
        url: input.url,
        description: input.description ?? null,
        event_types: JSON.stringify(input.eventTypes),
        status: 'enabled' as const,
        disabled_reason: null,
        failing_since: null,
        secret_sealed: box.seal(secret),
        previous_secret_sealed: null,
        previous_secret_expires_at: null,
        secret_rotated_at: null,
        created_at: at,
        updated_at: at,
      };
      await repo.insertEndpoint(row);
      return { ...toWebhookEndpoint(row), secret };
    },

    async list(query: PageQuery) {
      const { rows, hasMore } = await repo.listEndpoints(query.limit, query.starting_after);
      return { object: 'list' as const, data: rows.map(toWebhookEndpoint), has_more: hasMore };
    },

    get: async (id: string) => toWebhookEndpoint(await mustFindEndpoint(id)),

    async update(id: string, input: z.output<typeof UpdateWebhookEndpointRequestSchema>) {
      await mustFindEndpoint(id);
      if (input.url !== undefined) await checkTarget(input.url);
      await repo.updateEndpoint(id, {
        ...(input.url === undefined ? {} : { url: input.url }),
        ...(input.description === undefined ? {} : { description: input.description }),
        ...(input.eventTypes === undefined ? {} : { event_types: JSON.stringify(input.eventTypes) }),
        ...(input.status === undefined
          ? {}
          : input.status === 'enabled'
            ? { status: 'enabled', disabled_reason: null, failing_since: null }
            : { status: 'disabled', disabled_reason: 'disabled by an admin' }),
        updated_at: now(),
      });
      return toWebhookEndpoint(await mustFindEndpoint(id));
    },

    async remove(id: string) {
      await mustFindEndpoint(id);
      await repo.deleteEndpoint(id);
    },

    /** A new secret signs from now; the old one also signs (a second signature) until the grace period ends. */
    async rotateSecret(
      id: string,
      input: z.output<typeof RotateWebhookSecretRequestSchema>,
    ): Promise<WebhookEndpointWithSecret> {
      const row = await mustFindEndpoint(id);
      const secret = newSigningSecret();
      const at = clock.now();
      await repo.updateEndpoint(id, {
        secret_sealed: box.seal(secret),
        previous_secret_sealed: input.graceHours > 0 ? row.secret_sealed : null,
        previous_secret_expires_at:
          input.graceHours > 0 ? new Date(at.getTime() + input.graceHours * 3_600_000).toISOString() : null,
        secret_rotated_at: at.toISOString(),
        updated_at: at.toISOString(),
      });
      return { ...toWebhookEndpoint(await mustFindEndpoint(id)), secret };
    },

    async listDeliveries(query: z.output<typeof ListWebhookDeliveriesQuerySchema>) {
      const { rows, hasMore } = await repo.listDeliveries({
        endpointId: query.endpointId,
        status: query.status,
        eventType: query.eventType,
        limit: query.limit,
        startingAfter: query.starting_after,
      });
      return { object: 'list' as const, data: rows.map(toWebhookDelivery), has_more: hasMore };
    },

    async getDelivery(id: string) {
      const row = await repo.findDelivery(id);
      if (!row) throw new AppError('not_found', { detail: `No webhook delivery ${id}.` });
      return toWebhookDelivery(row);
    },

    /** Sends a delivery again now, whatever its state; the receiver sees the same `webhook-id`. */
    async redeliver(id: string) {
      const row = await repo.findDelivery(id);
      if (!row) throw new AppError('not_found', { detail: `No webhook delivery ${id}.` });
      const endpoint = await mustFindEndpoint(row.endpoint_id);
      if (endpoint.status !== 'enabled') {
        throw new AppError('invalid_transition', {
          detail: `Endpoint ${endpoint.id} is disabled; enable it first.`,
        });
      }
      await db.transaction().execute(async (trx) => {
        await webhooksRepository(trx).updateDelivery(id, { status: 'pending', next_attempt_at: now() });
        const { job, created } = await deps.queue.enqueue(trx, {
          type: 'webhooks.deliver',
          params: { deliveryId: id },
          uniqueKey: `webhook-delivery:${id}`,
        });
        // A retry already waiting out its backoff is the same work: run it now instead of adding another.
        if (!created) await deps.queue.runNow(trx, job.id);
      });
      deps.queue.wake('webhooks');
      return toWebhookDelivery((await repo.findDelivery(id))!);
    },
  };
}

export type WebhooksService = ReturnType<typeof createWebhooksService>;
