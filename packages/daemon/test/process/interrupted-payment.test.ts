import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { type SpawnedDaemon, spawnDaemon } from '../support/spawn-daemon.js';
import { apiAt, createAdminOffline } from '../support/spawned-api.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/test-database.js';

const PASSWORD = 'correct horse battery';
const CARD = { number: '4242424242424242' };

/**
 * A daemon killed (SIGKILL, from the `payments.after-provider` fault point) after the provider answered a payment and
 * before the transaction recording that answer: the payment is left `pending` and its order claimed. What must follow
 * on the restarted daemon: the order cannot be paid twice meanwhile, an admin can void the payment, reconciliation
 * settles or voids it on the provider's real answer, and a voided or failed payment gives the order back.
 */
for (const dialect of DIALECTS) {
  describe(`payments interrupted by kill -9 between their two transactions on ${dialect}`, () => {
    it('are voided by an admin or by reconciliation, and their orders are released', async () => {
      const database = await createTestDatabase(dialect);
      const env: Record<string, string> = database.databaseUrl
        ? { TILLPOINT_DATABASE_URL: database.databaseUrl }
        : {};
      let daemon: SpawnedDaemon | undefined;
      try {
        createAdminOffline(database, 'ops@example.test', PASSWORD);
        daemon = await spawnDaemon({
          dataDir: database.dataDir,
          env: { ...env, TILLPOINT_FAULT_POINT: 'payments.after-provider' },
        });
        let call = apiAt(daemon.url);
        let admin = (await call('POST', '/v1/auth/login', { email: 'ops@example.test', password: PASSWORD }))
          .body.accessToken as string;
        const product = await call(
          'POST',
          '/v1/products',
          { sku: 'IP-1', name: 'Interrupted', price: 1250, currency: 'EUR', stock: 10 },
          admin,
        );
        expect(product.status).toBe(201);
        const placeOrder = async () => {
          const order = await call('POST', '/v1/orders', { items: [{ sku: 'IP-1', quantity: 1 }] }, admin);
          expect(order.status, JSON.stringify(order.body)).toBe(201);
          return order.body.id as string;
        };
        const orders = [await placeOrder(), await placeOrder(), await placeOrder()];

        // The first payment kills the daemon after the test provider said "succeeded".
        const exited = once(daemon.process, 'exit');
        await expect(
          call('POST', `/v1/orders/${orders[0]}/payments`, { provider: 'test', card: CARD }, admin),
        ).rejects.toThrow();
        const [, signal] = await exited;
        expect(signal).toBe('SIGKILL');
        daemon = await interruptAgain(database, env, orders[1]!, { provider: 'test', card: CARD });
        daemon = await interruptAgain(database, env, orders[2]!, { provider: 'manual' });

        daemon = await spawnDaemon({ dataDir: database.dataDir, env });
        call = apiAt(daemon.url);
        admin = (await call('POST', '/v1/auth/login', { email: 'ops@example.test', password: PASSWORD })).body
          .accessToken as string;
        const paymentOf = async (orderId: string) =>
          (await call('GET', `/v1/payments?orderId=${orderId}`, undefined, admin)).body.data[0];
        const stranded = await Promise.all(orders.map(paymentOf));
        expect(stranded.map((payment) => payment.status)).toEqual(['pending', 'pending', 'pending']);

        // Still claimed: paying again is refused instead of charging twice.
        const twice = await call(
          'POST',
          `/v1/orders/${orders[0]}/payments`,
          { provider: 'test', card: CARD },
          admin,
        );
        expect(twice.status).toBe(409);

        // An admin voids the first: the payment is canceled and the order can be paid.
        const voided = await call('POST', `/v1/payments/${stranded[0].id}/void`, undefined, admin);
        expect(voided.status, JSON.stringify(voided.body)).toBe(200);
        expect(voided.body.status).toBe('canceled');
        const paid = await call(
          'POST',
          `/v1/orders/${orders[0]}/payments`,
          { provider: 'test', card: CARD },
          admin,
        );
        expect(paid.status, JSON.stringify(paid.body)).toBe(201);
        expect(paid.body.status).toBe('succeeded');

        // Reconciliation asks each provider: the restarted test provider has no record of the second (no money
        // moved), the manual one can only say pending, so past the void setting it is voided.
        const job = await call(
          'POST',
          '/v1/jobs',
          { type: 'payments.reconcile', params: { olderThanMinutes: 0, voidAfterMinutes: 0 } },
          admin,
        );
        expect(job.status).toBe(201);
        const done = await waitForJob(call, admin, job.body.id);
        expect(done.result).toMatchObject({ checked: 2, unknownToProvider: 1, voided: 1, stillPending: 0 });
        const after = await Promise.all(orders.slice(1).map(paymentOf));
        expect(after.map((payment) => payment.status).sort()).toEqual(['canceled', 'failed']);

        // Both orders are free again: one is cancelled, the other paid.
        const cancelled = await call(
          'POST',
          `/v1/orders/${orders[2]}/cancel`,
          { reason: 'abandoned' },
          admin,
        );
        expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
        const repaid = await call(
          'POST',
          `/v1/orders/${orders[1]}/payments`,
          { provider: 'test', card: CARD },
          admin,
        );
        expect(repaid.body.status).toBe('succeeded');
        const events = await call('GET', `/v1/events?type=payment.canceled`, undefined, admin);
        expect(events.body.data.map((event: { subjectId: string }) => event.subjectId).sort()).toEqual(
          [stranded[0].id, stranded[2].id].sort(),
        );
      } finally {
        await daemon?.stop();
        await database.drop();
      }
    }, 120_000);
  });
}

/** Starts the daemon with the fault point armed and pays `orderId`, which kills it. */
async function interruptAgain(
  database: TestDatabase,
  env: Record<string, string>,
  orderId: string,
  payment: Record<string, unknown>,
): Promise<SpawnedDaemon> {
  const daemon = await spawnDaemon({
    dataDir: database.dataDir,
    env: { ...env, TILLPOINT_FAULT_POINT: 'payments.after-provider' },
  });
  const call = apiAt(daemon.url);
  const admin = (await call('POST', '/v1/auth/login', { email: 'ops@example.test', password: PASSWORD })).body
    .accessToken as string;
  const exited = once(daemon.process, 'exit');
  await expect(call('POST', `/v1/orders/${orderId}/payments`, payment, admin)).rejects.toThrow();
  const [, signal] = await exited;
  expect(signal).toBe('SIGKILL');
  return daemon;
}

async function waitForJob(call: ReturnType<typeof apiAt>, token: string, id: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const job = (await call('GET', `/v1/jobs/${id}?wait=5`, undefined, token)).body;
    if (['succeeded', 'dead', 'cancelled'].includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status}`);
    await sleep(50);
  }
}
