import type { WebhookDelivery, WebhookEndpoint, WebhookEndpointWithSecret } from '@tillpoint/sdk/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/infra/clock.js';
import { createProduct } from '../support/commerce-fixtures.js';
import { bearer, codeOf, createAdmin } from '../support/identity-fixtures.js';
import { eventually } from '../support/job-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

for (const dialect of DIALECTS) {
  describe(`outbound webhooks on ${dialect}`, () => {
    let t: TestApp;
    let admin: string;
    let receiver: WebhookReceiver;
    const clock = createManualClock(new Date());

    const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
      t.app.inject({
        method,
        url,
        headers: bearer(admin),
        ...(payload === undefined ? {} : { payload: payload as object }),
      });

    async function createEndpoint(body: Record<string, unknown>) {
      const response = await api('POST', '/v1/webhook-endpoints', { url: receiver.url, ...body });
      expect(response.statusCode).toBe(201);
      return response.json() as WebhookEndpointWithSecret;
    }

    async function deliveriesOf(endpointId: string) {
      return (await api('GET', `/v1/webhook-deliveries?endpointId=${endpointId}`)).json()
        .data as WebhookDelivery[];
    }

    beforeAll(async () => {
      receiver = await startWebhookReceiver();
      t = await createTestApp(dialect, {
        startWorkers: true,
        clock,
        config: { webhookAllowPrivateTargets: true, webhookTimeoutMs: 2000 },
      });
      admin = (await createAdmin(t)).accessToken;
    });
    afterAll(async () => {
      await t?.close();
      await receiver?.close();
    });

    it('delivers matching events signed per Standard Webhooks, verified by the standardwebhooks package', async () => {
      const endpoint = await createEndpoint({ eventTypes: ['product.created'], description: 'catalog sync' });
      expect(endpoint.secret).toMatch(/^whsec_/);
      receiver.state.secrets = [endpoint.secret];
      const product = await createProduct(t.app, admin);

      const delivery = await eventually(async () => {
        const [found] = await deliveriesOf(endpoint.id);
        return found?.status === 'succeeded' ? found : undefined;
      }, 'a succeeded delivery');
      expect(delivery).toMatchObject({
        eventType: 'product.created',
        responseStatus: 200,
        responseBody: 'ok',
        attempts: 1,
      });
      expect(delivery.latencyMs).toBeGreaterThanOrEqual(0);

      const got = receiver.received.find((r) => r.headers['webhook-id'] === delivery.id)!;
      expect(got.verifiedWith).toEqual([endpoint.secret]);
      expect(got.verified).toBe(true);
      const payload = JSON.parse(got.body) as {
        type: string;
        data: { subjectId: string; data: { sku: string } };
      };
      expect(payload.type).toBe('product.created');
      expect(payload.data.subjectId).toBe(product.id);
      expect(payload.data.data.sku).toBe(product.sku);
    });

    it('never shows the secret again and keeps it sealed at rest', async () => {
      const endpoint = await createEndpoint({ eventTypes: ['order.paid'] });
      const read = (await api('GET', `/v1/webhook-endpoints/${endpoint.id}`)).json() as Record<
        string,
        unknown
      >;
      expect(read.secret).toBeUndefined();
      const row = await t.database.db
        .selectFrom('webhook_endpoints')
        .select('secret_sealed')
        .where('id', '=', endpoint.id)
        .executeTakeFirstOrThrow();
      expect(row.secret_sealed).not.toContain(endpoint.secret.slice(6));
    });

    it('does not deliver events the endpoint did not subscribe to', async () => {
      const endpoint = await createEndpoint({ eventTypes: ['order.refunded'] });
      await createProduct(t.app, admin);
      // The product event reached the earlier endpoint; this one stays empty.
      await eventually(async () => (receiver.received.length >= 2 ? true : undefined), 'other deliveries');
      expect(await deliveriesOf(endpoint.id)).toEqual([]);
    });

    it('signs with both secrets during a rotation grace period, then only the new one', async () => {
      const endpoint = await createEndpoint({ eventTypes: ['product.updated'] });
      const rotated = await api('POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, {
        graceHours: 1,
      });
      expect(rotated.statusCode).toBe(200);
      const { secret } = rotated.json() as WebhookEndpointWithSecret;
      expect(secret).not.toBe(endpoint.secret);
      receiver.state.secrets = [endpoint.secret, secret];

      const product = await createProduct(t.app, admin);
      await api('PATCH', `/v1/products/${product.id}`, { name: 'Renamed during grace' });
      const during = await eventually(async () => {
        const [found] = await deliveriesOf(endpoint.id);
        return found?.status === 'succeeded' ? found : undefined;
      }, 'delivery during grace');
      const signedDuring = receiver.received.find((r) => r.headers['webhook-id'] === during.id)!;
      expect(signedDuring.verifiedWith.sort()).toEqual([endpoint.secret, secret].sort());

      clock.advance(2 * 3_600_000);
      // Access tokens live an hour of this clock too.
      admin = (await createAdmin(t)).accessToken;
      await api('PATCH', `/v1/products/${product.id}`, { name: 'Renamed after grace' });
      const after = await eventually(async () => {
        const found = (await deliveriesOf(endpoint.id)).find((d) => d.id !== during.id);
        return found?.status === 'succeeded' ? found : undefined;
      }, 'delivery after grace');
      const signedAfter = receiver.received.find((r) => r.headers['webhook-id'] === after.id)!;
      expect(signedAfter.verifiedWith).toEqual([secret]);
      expect(String(signedAfter.headers['webhook-signature']).split(' ')).toHaveLength(1);
    });

    it('logs a failing attempt, schedules a retry, and redelivers by hand with the same webhook-id', async () => {
      const endpoint = await createEndpoint({ eventTypes: ['product.archived'] });
      receiver.state.status = 503;
      receiver.state.body = 'x'.repeat(5000);
      const product = await createProduct(t.app, admin);
      await api('DELETE', `/v1/products/${product.id}`);
      const failed = await eventually(async () => {
        const [found] = await deliveriesOf(endpoint.id);
        return found && found.attempts >= 1 ? found : undefined;
      }, 'a failed attempt');
      expect(failed).toMatchObject({ status: 'pending', responseStatus: 503 });
      expect(failed.responseBody).toHaveLength(1024);
      expect(Date.parse(failed.nextAttemptAt!)).toBeGreaterThan(Date.parse(failed.lastAttemptAt!));

      receiver.state.status = 204;
      receiver.state.body = '';
      const redeliver = await api('POST', `/v1/webhook-deliveries/${failed.id}/redeliver`);
      expect(redeliver.statusCode).toBe(200);
      const done = await eventually(async () => {
        const found = (await api('GET', `/v1/webhook-deliveries/${failed.id}`)).json() as WebhookDelivery;
        return found.status === 'succeeded' ? found : undefined;
      }, 'redelivered');
      expect(done.attempts).toBe(2);
      const ids = receiver.received.map((r) => r.headers['webhook-id']).filter((id) => id === failed.id);
      expect(ids.length).toBeGreaterThanOrEqual(2);
      receiver.state.status = 200;
    });

    it('disables an endpoint after a day of failures and emails the admins', async () => {
      const endpoint = await createEndpoint({ eventTypes: ['product.stock_adjusted'] });
      receiver.state.status = 500;
      const product = await createProduct(t.app, admin);
      const adjust = () =>
        api('POST', `/v1/products/${product.id}/stock-adjustments`, { delta: 1, reason: 'count' });
      await adjust();
      await eventually(
        async () => ((await deliveriesOf(endpoint.id))[0]?.attempts ? true : undefined),
        'first failure',
      );
      clock.advance(25 * 3_600_000);
      admin = (await createAdmin(t)).accessToken;
      await adjust();
      const disabled = await eventually(async () => {
        const found = (await api('GET', `/v1/webhook-endpoints/${endpoint.id}`)).json() as WebhookEndpoint;
        return found.status === 'disabled' ? found : undefined;
      }, 'auto-disable');
      expect(disabled.disabledReason).toMatch(/every delivery failed since/);
      const emails = await t.database.db
        .selectFrom('jobs')
        .select('params')
        .where('type', '=', 'email.send')
        .execute();
      expect(
        emails.some(
          (job) => job.params.includes('webhook_endpoint_disabled') && job.params.includes(endpoint.id),
        ),
      ).toBe(true);

      const enabled = await api('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { status: 'enabled' });
      expect(enabled.json()).toMatchObject({ status: 'enabled', failingSince: null, disabledReason: null });
      receiver.state.status = 200;
    });

    it('validates input with clear errors', async () => {
      const bad = await api('POST', '/v1/webhook-endpoints', {
        url: 'ftp://example.test/x',
        eventTypes: ['nope'],
      });
      expect(bad.statusCode).toBe(422);
      expect(codeOf(bad)).toBe('validation_failed');
      const paths = (bad.json() as { errors: Array<{ path: string }> }).errors.map((e) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['body.url', 'body.eventTypes.0']));
      expect((await api('GET', '/v1/webhook-endpoints/whe_01J0000000000000000000000A')).statusCode).toBe(404);
    });
  });
}

describe('SSRF guard', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    admin = (await createAdmin(t)).accessToken;
  });
  afterAll(async () => t?.close());

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://[::1]/hook',
    'http://10.1.2.3/hook',
    'http://192.168.0.10/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://100.64.0.1/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://0.0.0.0/hook',
  ])('refuses %s unless private targets are allowed', async (url) => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/webhook-endpoints',
      headers: bearer(admin),
      payload: { url },
    });
    expect(response.statusCode).toBe(422);
    expect(codeOf(response)).toBe('url_not_allowed');
  });
});
