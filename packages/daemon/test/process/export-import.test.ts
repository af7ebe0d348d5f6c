import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CARDS, createProduct, payOrder, placeOrder } from '../support/commerce-fixtures.js';
import { bearer, createAdmin, registerUser } from '../support/identity-fixtures.js';
import { runJob } from '../support/job-fixtures.js';
import { DAEMON_BIN } from '../support/spawn-daemon.js';
import { createTestApp } from '../support/test-app.js';
import { createTestDatabase } from '../support/test-database.js';

const run = promisify(execFile);

/** Runs the built `tillpointd` with a clean TILLPOINT_* environment. */
async function tillpointd(args: string[]) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('TILLPOINT_')),
  );
  return run(process.execPath, [DAEMON_BIN, ...args], { env: { ...env, TILLPOINT_LOG_LEVEL: 'warn' } });
}

/** The rows of a dump, without its header (which names the source dialect and time). */
const body = async (file: string) => (await readFile(file, 'utf8')).split('\n').slice(1).join('\n');

describe('tillpointd export / import', () => {
  it('round-trips SQLite → PostgreSQL → SQLite into identical exports, with counts and money totals', async () => {
    const source = await createTestApp('sqlite', { startWorkers: true });
    const admin = (await createAdmin(source)).accessToken;
    const buyer = (await registerUser(source.app)).accessToken;
    const product = await createProduct(source.app, admin, { price: 1999, stock: 50 });
    for (let i = 0; i < 3; i++) {
      const order = await placeOrder(source.app, buyer, [{ productId: product.id, quantity: i + 1 }]);
      const paid = await payOrder(source.app, buyer, order.id, CARDS.success);
      if (i === 0) {
        await source.app.inject({
          method: 'POST',
          url: `/v1/payments/${paid.json().id}/refunds`,
          headers: bearer(admin),
          payload: { amount: 500 },
        });
      }
    }
    await source.app.inject({
      method: 'POST',
      url: '/v1/schedules',
      headers: bearer(admin),
      payload: { name: 'nightly', cron: '0 2 * * *', jobType: 'system.probe' },
    });
    await runJob(source.app, admin, 'system.probe');
    // Checkout admin data: booleans, JSON rules, money per currency and the three-column keys of promotions.
    const post = (url: string, payload: Record<string, unknown>) =>
      source.app.inject({ method: 'POST', url, headers: bearer(admin), payload }).then((r) => r.json());
    const region = await post('/v1/regions', {
      name: 'EU',
      countries: ['DE', 'AT'],
      currency: 'EUR',
      pricesIncludeTax: true,
    });
    await post('/v1/tax-rates', { regionId: region.id, name: 'VAT', rateBps: 1900, appliesToShipping: true });
    await post('/v1/shipping-methods', {
      regionId: region.id,
      name: 'Post',
      rule: { type: 'flat', amount: 495 },
      maxSubtotal: 100_000,
    });
    const promo = await post('/v1/promotions', {
      code: 'DUMP',
      name: 'Dump',
      discount: {
        type: 'fixed',
        amounts: [
          { currency: 'EUR', amount: 500 },
          { currency: 'USD', amount: 600 },
        ],
      },
      target: { type: 'items', productIds: [product.id], variantIds: [product.variants[0]!.id] },
      minimumSubtotal: [{ currency: 'EUR', amount: 1000 }],
      usageLimit: 5,
    });
    await source.database.db
      .transaction()
      .execute((trx) => source.services.promotions.consumeUsage(trx, promo.id, 'email:a@example.com'));
    // The address book: two addresses (boolean default flags) and the book row that counts them.
    for (const city of ['Berlin', 'Wien']) {
      await source.app.inject({
        method: 'POST',
        url: '/v1/me/addresses',
        headers: bearer(buyer),
        payload: {
          address: { name: 'Ada', line1: 'Hauptstr. 1', city, countryCode: city === 'Wien' ? 'AT' : 'DE' },
        },
      });
    }
    const sourceDir = source.testDatabase.dataDir;
    await source.services.close();
    await source.database.close();

    const dir = sourceDir;
    const pg = await createTestDatabase('postgres');
    const back = await createTestDatabase('sqlite');
    try {
      const first = await tillpointd([
        'export',
        '--data-dir',
        sourceDir,
        '--out',
        join(dir, 'a.jsonl'),
        '--json',
      ]);
      const summary = JSON.parse(first.stdout).tables as Record<
        string,
        { rows: number; money: Record<string, number> }
      >;
      expect(summary.orders).toEqual({
        rows: 3,
        // Orders placed without a cart store no breakdown (the API shows their subtotal as their total).
        money: {
          total: 1999 * 6,
          amount_paid: 1999 * 6,
          amount_refunded: 500,
          subtotal: 0,
          discount_total: 0,
          shipping_total: 0,
          tax_total: 0,
        },
      });
      expect(summary.refunds!.money.amount).toBe(500);
      expect(summary.users!.rows).toBe(2);
      expect(summary.region_countries!.rows).toBe(2);
      expect(summary.shipping_methods).toEqual({
        rows: 1,
        money: { min_subtotal: 0, max_subtotal: 100_000 },
      });
      expect(summary.promotion_amounts).toEqual({ rows: 3, money: { amount: 2100 } });
      expect(summary.promotion_targets!.rows).toBe(2);
      expect(summary.promotion_usages!.rows).toBe(1);
      expect(summary.saved_addresses!.rows).toBe(2);
      expect(summary.address_books!.rows).toBe(1);
      expect(first.stderr).toContain('exported orders: 3 rows');

      const imported = await tillpointd([
        'import',
        '--database-url',
        pg.databaseUrl!,
        '--data-dir',
        pg.dataDir,
        '--in',
        join(dir, 'a.jsonl'),
        '--json',
      ]);
      expect(JSON.parse(imported.stdout).tables).toEqual(summary);
      await tillpointd([
        'export',
        '--database-url',
        pg.databaseUrl!,
        '--data-dir',
        pg.dataDir,
        '--out',
        join(dir, 'p.jsonl'),
      ]);
      await tillpointd(['import', '--data-dir', back.dataDir, '--in', join(dir, 'p.jsonl')]);
      await tillpointd(['export', '--data-dir', back.dataDir, '--out', join(dir, 'b.jsonl')]);

      const original = await body(join(dir, 'a.jsonl'));
      expect(original.split('\n').length).toBeGreaterThan(30);
      expect(await body(join(dir, 'p.jsonl'))).toBe(original);
      expect(await body(join(dir, 'b.jsonl'))).toBe(original);

      // A second import into the now-full database is refused, and changes nothing.
      const again = tillpointd(['import', '--data-dir', back.dataDir, '--in', join(dir, 'a.jsonl')]);
      await expect(again).rejects.toMatchObject({ stderr: expect.stringContaining('not empty') });
    } finally {
      await pg.drop();
      await back.drop();
      await source.testDatabase.drop();
    }
  }, 120_000);

  it('refuses a truncated or foreign file without writing anything', async () => {
    const source = await createTestDatabase('sqlite');
    const target = await createTestDatabase('sqlite');
    try {
      await tillpointd(['migrate', '--data-dir', source.dataDir]);
      const dump = join(source.dataDir, 'dump.jsonl');
      await tillpointd(['export', '--data-dir', source.dataDir, '--out', dump]);
      const lines = (await readFile(dump, 'utf8')).trim().split('\n');
      await writeFile(dump, `${lines.slice(0, -1).join('\n')}\n`);
      await expect(tillpointd(['import', '--data-dir', target.dataDir, '--in', dump])).rejects.toMatchObject({
        stderr: expect.stringContaining('truncated'),
      });
      await writeFile(dump, '{"hello":"world"}\n');
      await expect(tillpointd(['import', '--data-dir', target.dataDir, '--in', dump])).rejects.toMatchObject({
        stderr: expect.stringContaining('not a tillpoint dump'),
      });
    } finally {
      await source.drop();
      await target.drop();
    }
  }, 60_000);
});
