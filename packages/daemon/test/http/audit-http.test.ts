import type { AuditEntry } from '@tillpoint/sdk/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionOf, redactDetails } from '../../src/modules/audit/audit-service.js';
import { CARDS, createProduct, payOrder, placeOrder } from '../support/commerce-fixtures.js';
import { bearer, createAdmin, registerUser } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

describe('audit actions', () => {
  it('name routes by resource and verb', () => {
    expect(actionOf('PATCH', '/v1/users/:id')).toBe('users.update');
    expect(actionOf('POST', '/v1/api-keys')).toBe('api-keys.create');
    expect(actionOf('POST', '/v1/payments/:id/refunds')).toBe('payments.refunds');
    expect(actionOf('POST', '/v1/schedules/:id/pause')).toBe('schedules.pause');
    expect(actionOf('DELETE', '/v1/schedules/:id')).toBe('schedules.delete');
  });

  it('never keep secrets', () => {
    expect(
      redactDetails({
        name: 'x',
        password: 'p',
        nested: { apiKey: 'k', secret: 's' },
        card: { number: '4242' },
      }),
    ).toEqual({
      name: 'x',
      password: '[redacted]',
      nested: { apiKey: '[redacted]', secret: '[redacted]' },
      card: '[redacted]',
    });
  });

  it('keep five levels of a body and truncate the rest, so nothing deeper escapes redaction or overflows', () => {
    const deep = { a: { b: { c: { d: { e: { f: { password: 'hunter2' } } } } } } };
    expect(JSON.stringify(redactDetails(deep))).not.toContain('hunter2');
    expect(redactDetails(deep)).toEqual({ a: { b: { c: { d: { e: { f: '[truncated]' } } } } } });
    let nested: unknown = 1;
    for (let level = 0; level < 100_000; level += 1) nested = [nested];
    expect(() => JSON.stringify(redactDetails({ params: nested }))).not.toThrow();
    const wide = Object.fromEntries(Array.from({ length: 200 }, (_, index) => [`k${index}`, index]));
    expect(Object.keys(redactDetails(wide) as object)).toHaveLength(50);
  });
});

for (const dialect of DIALECTS) {
  describe(`audit log on ${dialect}`, () => {
    let t: TestApp;
    let admin: string;
    let adminId: string;
    const log = async (query = '') =>
      (await t.app.inject({ url: `/v1/audit-log?limit=100${query}`, headers: bearer(admin) })).json()
        .data as AuditEntry[];

    beforeAll(async () => {
      t = await createTestApp(dialect);
      const session = await createAdmin(t);
      admin = session.accessToken;
      adminId = session.user.id;
    });
    afterAll(async () => t?.close());

    it('records role changes, refunds, API keys and schedule changes with who, what, when, where and the request ID', async () => {
      const user = await registerUser(t.app);
      const promoted = await t.app.inject({
        method: 'PATCH',
        url: `/v1/users/${user.user.id}`,
        headers: { ...bearer(admin), 'x-request-id': 'req-audit-1' },
        payload: { role: 'admin' },
      });
      expect(promoted.statusCode).toBe(200);
      const buyer = await registerUser(t.app);
      const product = await createProduct(t.app, admin);
      const order = await placeOrder(t.app, buyer.accessToken, [{ productId: product.id, quantity: 1 }]);
      const payment = (await payOrder(t.app, buyer.accessToken, order.id, CARDS.success)).json();
      await t.app.inject({
        method: 'POST',
        url: `/v1/payments/${payment.id}/refunds`,
        headers: bearer(admin),
        payload: { amount: 100 },
      });
      await t.app.inject({
        method: 'POST',
        url: '/v1/api-keys',
        headers: bearer(buyer.accessToken),
        payload: { name: 'ci', role: 'user' },
      });
      await t.app.inject({
        method: 'POST',
        url: '/v1/schedules/maintenance-cleanup/pause',
        headers: bearer(admin),
      });

      // Statuses are filled in after each answer is sent (onResponse): the last one may land just after inject resolves.
      await expect
        .poll(async () => (await log()).some((e) => e.action === 'schedules.pause'), { timeout: 5_000 })
        .toBe(true);
      const entries = await log();
      const role = entries.find((e) => e.action === 'users.update')!;
      expect(role).toMatchObject({
        actorId: adminId,
        actorKind: 'user',
        actorRole: 'admin',
        targetId: user.user.id,
        method: 'PATCH',
        path: '/v1/users/:id',
        status: 200,
        details: { role: 'admin' },
        requestId: 'req-audit-1',
      });
      expect(role.ip).toBeTruthy();
      expect(entries.find((e) => e.action === 'payments.refunds')).toMatchObject({
        targetId: payment.id,
        details: { amount: 100 },
      });
      expect(entries.find((e) => e.action === 'api-keys.create')).toMatchObject({
        actorId: buyer.user.id,
        actorRole: 'user',
      });
      expect(entries.find((e) => e.action === 'schedules.pause')).toMatchObject({
        targetId: 'maintenance-cleanup',
      });
      // Payments by customers are not admin actions.
      expect(entries.some((e) => e.path === '/v1/orders/:id/payments')).toBe(false);
      expect((await log('&action=users.update')).every((e) => e.action === 'users.update')).toBe(true);
    });

    it('writes the entry in the transaction of the change: a change that commits before a failed answer is logged', async () => {
      const buyer = await registerUser(t.app);
      const product = await createProduct(t.app, admin);
      const order = await placeOrder(t.app, buyer.accessToken, [{ productId: product.id, quantity: 1 }]);
      // The payment row commits first; the card is declined after that, and the answer is 402.
      const declined = await payOrder(t.app, admin, order.id, CARDS.declined);
      expect(declined.statusCode).toBe(402);
      const requestId = declined.headers['x-request-id'] as string;
      await expect
        .poll(async () => (await log()).find((e) => e.requestId === requestId)?.status, { timeout: 5_000 })
        .toBe(402);
      const entries = (await log()).filter((e) => e.requestId === requestId);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ action: 'orders.payments', targetId: order.id, actorId: adminId });
      // A change refused before anything committed leaves no entry.
      const refused = await t.app.inject({
        method: 'PATCH',
        url: '/v1/users/usr_00000000000000000000000000',
        headers: bearer(admin),
        payload: { role: 'admin' },
      });
      expect(refused.statusCode).toBe(404);
      expect((await log()).some((e) => e.requestId === refused.headers['x-request-id'])).toBe(false);
    });

    it('is read-only for admins and closed to everyone else', async () => {
      const user = await registerUser(t.app);
      expect(
        (await t.app.inject({ url: '/v1/audit-log', headers: bearer(user.accessToken) })).statusCode,
      ).toBe(403);
      const del = await t.app.inject({ method: 'DELETE', url: '/v1/audit-log', headers: bearer(admin) });
      expect(del.statusCode).toBe(405);
    });
  });
}
