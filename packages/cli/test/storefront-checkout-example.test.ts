import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { formatMoney } from '@tillpoint/sdk/money';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminDaemon } from './support/admin-daemon.js';
import { cleanEnv } from './support/run-till.js';

/** examples/storefront-checkout, run as its README says against a spawned daemon: setup as admin, checkout as a guest. */
const EXAMPLE = resolve(import.meta.dirname, '../../../examples/storefront-checkout');

let admin: Awaited<ReturnType<typeof startAdminDaemon>>;

beforeAll(async () => {
  admin = await startAdminDaemon();
});

afterAll(async () => {
  await admin?.stop();
});

/** Runs one script of the example to its end; resolves with its exit code and output. */
async function run(script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [resolve(EXAMPLE, script)], {
    cwd: EXAMPLE,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('examples/storefront-checkout', () => {
  it('sets up the shop with an API key, then checks out and pays as a guest and prints the receipt', async () => {
    const key = await admin.tillJson<{ secret: string }>(['api-keys', 'create', '--name', 'storefront']);
    const url = admin.daemon.url;

    const setup = await run('setup.mjs', { TILLPOINT_URL: url, TILLPOINT_API_KEY: key.secret });
    expect(setup.code, setup.stderr).toBe(0);
    expect(setup.stdout).toMatch(/promotion pro_\w+: WELCOME10/);
    // Run again: it reuses what is there instead of failing.
    const again = await run('setup.mjs', { TILLPOINT_URL: url, TILLPOINT_API_KEY: key.secret });
    expect(again.code, again.stderr).toBe(0);

    // The guest has no API key: only the URL.
    const checkout = await run('checkout.mjs', { TILLPOINT_URL: url });
    expect(checkout.code, checkout.stderr).toBe(0);
    const { stdout } = checkout;
    expect(stdout).toMatch(/payment pay_\w+: succeeded/);
    const orderId = /^Order (ord_\w+)$/m.exec(stdout)?.[1];
    expect(orderId, stdout).toBeDefined();
    const receiptTotal = /^Total\s+(.+)$/m.exec(stdout)?.[1]?.trim();

    // The order as the admin reads it through the API.
    const response = await fetch(`${url}/v1/orders/${orderId}`, {
      headers: { authorization: `Bearer ${key.secret}` },
    });
    expect(response.status).toBe(200);
    const order = (await response.json()) as {
      status: string;
      total: number;
      amountPaid: number;
      currency: string;
      subtotal: number;
      discountTotal: number;
      shippingTotal: number;
      taxTotal: number;
      shippingMethod: { name: string } | null;
      items: { sku: string; quantity: number; discountTotal: number; taxRate: number }[];
    };
    expect(order.status).toBe('paid');
    expect(order.amountPaid).toBe(order.total);
    expect(receiptTotal).toBe(formatMoney(order.total, order.currency));
    expect(stdout).toContain(`Status paid`);

    // What the receipt shows is what the example set up: two variants, the cheaper method, the code and 19 % VAT.
    expect(order.items.map((item) => [item.sku, item.quantity, item.taxRate])).toEqual([
      ['STOREFRONT-TEE-BLACK-M', 2, 1900],
      ['STOREFRONT-TEE-WHITE-L', 1, 1900],
    ]);
    expect(order.shippingMethod?.name).toBe('Standard');
    expect(order.subtotal).toBe(2 * 2500 + 2900);
    expect(order.discountTotal).toBe(790); // 10 % of 79.00
    expect(order.total).toBe(order.subtotal - order.discountTotal + order.shippingTotal);
    expect(order.taxTotal).toBeGreaterThan(0);
    for (const [label, amount] of [
      ['Subtotal', order.subtotal],
      ['Discount', -order.discountTotal],
      ['Tax \\(included\\)', order.taxTotal],
    ] as const) {
      expect(stdout).toMatch(new RegExp(`^${label}\\s+${formatMoney(amount, order.currency)}$`, 'm'));
    }
  });
});
