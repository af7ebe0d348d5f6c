import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminDaemon } from './support/admin-daemon.js';
import { ANSI, runTill } from './support/run-till.js';

let session: Awaited<ReturnType<typeof startAdminDaemon>>;
const till = (args: string[], input?: string) => session.till(args, input);
const tillJson = <T = Record<string, unknown>>(args: string[], input?: string) =>
  session.tillJson<T>(args, input);

const errorOf = (stderr: string) => (JSON.parse(stderr) as { error: Record<string, unknown> }).error;

interface List<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
}

beforeAll(async () => {
  session = await startAdminDaemon();
});

afterAll(async () => {
  await session?.stop();
});

describe('till commerce commands', () => {
  const sku = `MUG-${randomUUID().slice(0, 8)}`;
  let productId: string;
  let paidOrderId: string;
  let paymentId: string;

  it('products create and list --json', async () => {
    const product = await tillJson<{ id: string; sku: string }>([
      'products',
      'create',
      '--sku',
      sku,
      '--name',
      'Mug',
      '--price',
      '1250',
      '--currency',
      'eur',
      '--stock',
      '100',
      '--metadata',
      'colour=blue',
    ]);
    expect(product).toMatchObject({
      object: 'product',
      sku,
      price: 1250,
      currency: 'EUR',
      stock: 100,
      active: true,
      metadata: { colour: 'blue' },
    });
    productId = product.id;

    const list = await tillJson<List<{ id: string }>>(['products', 'list', '--all']);
    expect(list.object).toBe('list');
    expect(list.has_more).toBe(false);
    expect(list.data.map((p) => p.id)).toContain(productId);

    const limited = await tillJson<List<{ id: string }>>(['products', 'list', '--limit', '1']);
    expect(limited.data).toHaveLength(1);
  });

  it('products list prints a table with money for humans, without ANSI codes off a TTY', async () => {
    const result = await runTill(['products', 'list'], {
      env: { TILLPOINT_CONFIG_DIR: session.configDir, TILLPOINT_URL: session.daemon.url, CI: '1' },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/ID\s+SKU\s+NAME\s+PRICE/);
    expect(result.stdout).toContain('12.50 EUR');
    expect(result.stdout).not.toMatch(ANSI);
  });

  it('products adjust-stock, update and get', async () => {
    const adjustment = await tillJson([
      'products',
      'adjust-stock',
      productId,
      '--delta=-2',
      '--reason',
      'broken',
    ]);
    expect(adjustment).toMatchObject({ object: 'stock_adjustment', delta: -2, stockAfter: 98 });
    expect(await tillJson(['products', 'update', productId, '--name', 'Blue mug'])).toMatchObject({
      name: 'Blue mug',
    });
    expect(await tillJson(['products', 'get', productId])).toMatchObject({ id: productId, stock: 98 });
  });

  it('orders create with --item', async () => {
    const order = await tillJson<{ id: string; items: unknown[] }>([
      'orders',
      'create',
      '--item',
      `${sku}=2`,
    ]);
    expect(order).toMatchObject({ object: 'order', status: 'pending', currency: 'EUR', total: 2500 });
    expect(order.items).toEqual([expect.objectContaining({ sku, quantity: 2, lineTotal: 2500 })]);
    paidOrderId = order.id;
  });

  it('orders create with --from-file, from a file and from stdin', async () => {
    const file = join(session.configDir, 'order.json');
    await writeFile(file, JSON.stringify({ items: [{ productId, quantity: 1 }] }));
    const fromFile = await tillJson(['orders', 'create', '--from-file', file]);
    expect(fromFile).toMatchObject({ object: 'order', total: 1250 });

    const fromStdin = await tillJson(
      ['orders', 'create', '--from-file', '-'],
      JSON.stringify({ items: [{ sku, quantity: 3 }] }),
    );
    expect(fromStdin).toMatchObject({ object: 'order', total: 3750 });

    const bad = await till([
      'orders',
      'create',
      '--from-file',
      join(session.configDir, 'missing.json'),
      '--json',
    ]);
    expect(bad.code).toBe(1);
    expect(errorOf(bad.stderr).code).toBe('invalid_input');
  });

  it('payments create with the test card pays the order', async () => {
    const payment = await tillJson<{ id: string }>([
      'payments',
      'create',
      paidOrderId,
      '--provider',
      'test',
      '--card',
      '4242424242424242',
    ]);
    expect(payment).toMatchObject({
      object: 'payment',
      orderId: paidOrderId,
      status: 'succeeded',
      amount: 2500,
    });
    paymentId = payment.id;
    expect(await tillJson(['orders', 'get', paidOrderId])).toMatchObject({
      status: 'paid',
      amountPaid: 2500,
    });

    const human = await till(['orders', 'get', paidOrderId]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('25.00 EUR');
    expect(human.stdout).toContain(paymentId);
  });

  it('payments refund needs --yes off a TTY, then refunds part', async () => {
    const refused = await till(['payments', 'refund', paymentId, '--amount', '500']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');

    const refund = await tillJson([
      'payments',
      'refund',
      paymentId,
      '--amount',
      '500',
      '--reason',
      'chipped',
      '--yes',
    ]);
    expect(refund).toMatchObject({ object: 'refund', paymentId, amount: 500, reason: 'chipped' });
    expect(await tillJson(['orders', 'get', paidOrderId])).toMatchObject({
      status: 'partially_refunded',
      amountRefunded: 500,
    });
    const payments = await tillJson<List<{ id: string }>>(['payments', 'list', '--order', paidOrderId]);
    expect(payments.data.map((p) => p.id)).toEqual([paymentId]);

    const badLine = await till(['payments', 'refund', paymentId, '--line', 'two-of-those', '--yes']);
    expect(badLine.code).toBe(2);
    expect(badLine.stderr).toContain('<line ID>:<units>');
    // An order placed without a cart has no lines to refund: the daemon says so, naming the field.
    const item = (await tillJson<{ items: Array<{ id: string }> }>(['orders', 'get', paidOrderId])).items[0]!;
    const byLine = await till(['payments', 'refund', paymentId, '--line', `${item.id}:1`, '--yes', '--json']);
    expect(byLine.code).toBe(1);
    expect(JSON.parse(byLine.stdout || byLine.stderr)).toMatchObject({
      error: { code: 'validation_failed', errors: [expect.objectContaining({ path: 'body.lines' })] },
    });
  });

  it('events list filters by --type and --subject', async () => {
    const created = await tillJson<List<{ type: string; subjectId: string }>>([
      'events',
      'list',
      '--type',
      'order.created',
      '--subject',
      paidOrderId,
    ]);
    expect(created.data).toEqual([
      expect.objectContaining({ type: 'order.created', subjectId: paidOrderId }),
    ]);
    const all = await tillJson<List<{ type: string }>>(['events', 'list', '--subject', paidOrderId, '--all']);
    expect(all.data.map((e) => e.type)).toEqual(expect.arrayContaining(['order.created', 'order.paid']));
  });

  it('--idempotency-key replays: the same orders create twice returns the same order', async () => {
    const key = `till-test-${randomUUID()}`;
    const args = ['orders', 'create', '--item', `${sku}=1`, '--idempotency-key', key];
    const first = await tillJson<{ id: string }>(args);
    const second = await tillJson<{ id: string }>(args);
    expect(second.id).toBe(first.id);
    const other = await tillJson<{ id: string }>(['orders', 'create', '--item', `${sku}=1`]);
    expect(other.id).not.toBe(first.id);
  });

  it('a declined card exits 1 with payment_failed (402) on stderr', async () => {
    const order = await tillJson<{ id: string }>(['orders', 'create', '--item', `${sku}=1`]);
    const result = await till([
      'payments',
      'create',
      order.id,
      '--provider',
      'test',
      '--card',
      '4000000000000002',
      '--json',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(errorOf(result.stderr)).toMatchObject({
      code: 'payment_failed',
      status: 402,
      requestId: expect.any(String),
    });
    const cancelled = await tillJson(['orders', 'cancel', order.id, '--reason', 'declined', '--yes']);
    expect(cancelled).toMatchObject({ status: 'cancelled' });
  });

  it('payments void cancels an authorization and frees the order to be paid again', async () => {
    const order = await tillJson<{ id: string }>(['orders', 'create', '--item', `${sku}=1`]);
    const held = await tillJson<{ id: string; status: string }>([
      'payments',
      'create',
      order.id,
      '--provider',
      'test',
      '--card',
      '4000000000003220',
    ]);
    expect(held.status).toBe('requires_capture');
    const voided = await tillJson<{ id: string; status: string }>(['payments', 'void', held.id]);
    expect(voided).toMatchObject({ id: held.id, status: 'canceled' });
    const again = await till(['payments', 'void', held.id, '--json']);
    expect(again.code).toBe(1);
    expect(errorOf(again.stderr)).toMatchObject({ code: 'invalid_transition', status: 409 });
    const paid = await tillJson<{ status: string }>([
      'payments',
      'create',
      order.id,
      '--provider',
      'test',
      '--card',
      '4242424242424242',
    ]);
    expect(paid.status).toBe('succeeded');
  });

  it('ordering more than the stock exits 1 with out_of_stock', async () => {
    const result = await till(['orders', 'create', '--item', `${sku}=1000`, '--json']);
    expect(result.code).toBe(1);
    expect(errorOf(result.stderr)).toMatchObject({ code: 'out_of_stock', status: 409 });
  });

  it('usage errors exit 2: no items, a malformed --item, the test provider without a card', async () => {
    expect((await till(['orders', 'create', '--json'])).code).toBe(2);
    const malformed = await till(['orders', 'create', '--item', 'MUG', '--json']);
    expect(malformed.code).toBe(2);
    expect(errorOf(malformed.stderr).code).toBe('usage_error');
    expect((await till(['payments', 'create', paidOrderId, '--provider', 'test', '--json'])).code).toBe(2);
  });

  it('products archive hides it from the shop', async () => {
    expect(await tillJson(['products', 'archive', productId])).toMatchObject({
      id: productId,
      active: false,
    });
    const active = await tillJson<List<{ id: string }>>(['products', 'list', '--active', '--all']);
    expect(active.data.map((p) => p.id)).not.toContain(productId);
  });
});
