import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminDaemon } from './support/admin-daemon.js';
import { ANSI, runTill } from './support/run-till.js';

// Carts through the built `till` against a spawned daemon, and `till orders get` showing the order's breakdown.

let session: Awaited<ReturnType<typeof startAdminDaemon>>;
const tillJson = <T = Record<string, unknown>>(args: string[]) => session.tillJson<T>(args);
const api = async <T = Record<string, unknown>>(method: string, path: string, body: unknown) => {
  const result = await session.till(['api', method, path, '--input', '-'], JSON.stringify(body));
  if (result.code !== 0) throw new Error(`till api ${method} ${path}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
};

beforeAll(async () => {
  session = await startAdminDaemon();
});

afterAll(async () => {
  await session?.stop();
});

describe('till carts and till orders get', () => {
  it('builds a cart, completes it, and shows the order breakdown', async () => {
    const region = await api<{ id: string }>('POST', '/v1/regions', {
      name: 'AT',
      countries: ['AT'],
      currency: 'EUR',
    });
    await api('POST', '/v1/tax-rates', {
      regionId: region.id,
      name: 'USt',
      rateBps: 2000,
      appliesToShipping: true,
    });
    const method = await api<{ id: string }>('POST', '/v1/shipping-methods', {
      regionId: region.id,
      name: 'Post',
      rule: { type: 'flat', amount: 500 },
    });
    await api('POST', '/v1/products', {
      sku: 'CLI-CART-1',
      name: 'Cup',
      price: 1000,
      currency: 'EUR',
      stock: 5,
    });

    const cart = await tillJson<{ id: string; cart_token: string | null }>([
      'carts',
      'create',
      '--region',
      region.id,
    ]);
    expect(cart.cart_token).toBeNull();
    const filled = await tillJson<{ subtotal: number; lines: Array<{ id: string }> }>([
      'carts',
      'add-item',
      cart.id,
      '--sku',
      'CLI-CART-1',
      '--quantity',
      '2',
    ]);
    expect(filled.subtotal).toBe(2000);
    const addressed = await tillJson<{ shippingAddress: { countryCode: string; city: string } }>([
      'carts',
      'set-shipping-address',
      cart.id,
      '--name',
      'A',
      '--line1',
      'B 1',
      '--city',
      'Wien',
      '--country',
      'at',
    ]);
    expect(addressed.shippingAddress).toMatchObject({ countryCode: 'AT', city: 'Wien' });
    const options = await tillJson<Array<{ method: { id: string }; amount: number }>>([
      'carts',
      'shipping-options',
      cart.id,
    ]);
    expect(options.map((option) => [option.method.id, option.amount])).toEqual([[method.id, 500]]);
    const shipped = await tillJson<{ shippingMethod: { id: string } | null; shippingTotal: number }>([
      'carts',
      'set-shipping-method',
      cart.id,
      '--method',
      method.id,
    ]);
    expect(shipped.shippingMethod?.id).toBe(method.id);
    const shown = await tillJson<{ grandTotal: number; fingerprint: string }>(['carts', 'get', cart.id]);
    expect(shown.grandTotal).toBe(3000);
    // The signed-in account's own open cart is the one it created.
    expect((await tillJson<{ id: string }>(['carts', 'mine'])).id).toBe(cart.id);
    const done = await tillJson<{ order: { id: string; total: number } }>([
      'carts',
      'complete',
      cart.id,
      '--fingerprint',
      shown.fingerprint,
    ]);
    expect(done.order.total).toBe(3000);
    // Completed, it is no longer open: not_found, as JSON on stderr.
    const none = await session.till(['carts', 'mine', '--json']);
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stderr)).toMatchObject({ error: { code: 'not_found', status: 404 } });

    const json = await tillJson<Record<string, unknown>>(['orders', 'get', done.order.id]);
    expect(json).toMatchObject({
      subtotal: 2000,
      discountTotal: 0,
      shippingTotal: 600,
      taxTotal: 500,
      total: 3000,
    });
    const plain = await runTill(['orders', 'get', done.order.id], {
      env: { TILLPOINT_CONFIG_DIR: session.configDir, TILLPOINT_URL: session.daemon.url, CI: '1' },
    });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).not.toMatch(ANSI);
    for (const label of ['Subtotal', 'Discount', 'Shipping', 'Tax', 'Total'])
      expect(plain.stdout).toContain(label);
    expect(plain.stdout).toMatch(
      /Shipping\s+€6\.00 \(Post\)|Shipping\s+6\.00 EUR \(Post\)|Shipping\s+.*6[.,]00.*\(Post\)/,
    );
    expect(plain.stdout).toMatch(/Tax\s+.*5[.,]00/);
  }, 60_000);

  it('sets the email and billing address, enters and removes a code, and refuses a code that does not apply', async () => {
    const region = await api<{ id: string }>('POST', '/v1/regions', {
      name: 'BE',
      countries: ['BE'],
      currency: 'EUR',
    });
    await api('POST', '/v1/products', { sku: 'CLI-CART-2', name: 'Plate', price: 4000, currency: 'EUR' });
    await api('POST', '/v1/promotions', {
      code: 'CLI10',
      name: '10 % off',
      discount: { type: 'percentage', bps: 1000 },
    });
    await api('POST', '/v1/promotions', {
      code: 'BIG50',
      name: '50 off above 100',
      discount: { type: 'percentage', bps: 5000 },
      minimumSubtotal: [{ currency: 'EUR', amount: 10_000 }],
    });
    const cart = await tillJson<{ id: string }>(['carts', 'create', '--region', region.id]);
    await tillJson(['carts', 'add-item', cart.id, '--sku', 'CLI-CART-2']);

    const emailed = await tillJson<{ email: string }>([
      'carts',
      'set-email',
      cart.id,
      '--email',
      'ada@example.com',
    ]);
    expect(emailed.email).toBe('ada@example.com');
    const billed = await tillJson<{ billingAddress: { countryCode: string; postalCode: string } }>([
      'carts',
      'set-billing-address',
      cart.id,
      '--name',
      'Ada',
      '--line1',
      'Rue 1',
      '--postal-code',
      '1000',
      '--city',
      'Bruxelles',
      '--country',
      'BE',
    ]);
    expect(billed.billingAddress).toMatchObject({ countryCode: 'BE', postalCode: '1000' });

    // 40.00 in the cart, the code needs 100.00: refused with the reason a storefront shows.
    const refused = await session.till(['carts', 'apply-promotion', cart.id, '--code', 'BIG50', '--json']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stderr)).toMatchObject({ error: { code: 'minimum_not_met', status: 422 } });
    const discounted = await tillJson<{ discountTotal: number; promotions: Array<{ code: string }> }>([
      'carts',
      'apply-promotion',
      cart.id,
      '--code',
      'cli10',
    ]);
    expect(discounted.discountTotal).toBe(400);
    expect(discounted.promotions.map((promotion) => promotion.code)).toEqual(['CLI10']);
    const removed = await tillJson<{ discountTotal: number; promotions: unknown[] }>([
      'carts',
      'remove-promotion',
      cart.id,
      '--code',
      'CLI10',
    ]);
    expect(removed).toMatchObject({ discountTotal: 0, promotions: [] });

    // Its region has no shipping method: an empty list, and a sentence in the plain output.
    expect(await tillJson(['carts', 'shipping-options', cart.id])).toEqual([]);
    const plain = await runTill(['carts', 'shipping-options', cart.id], {
      env: { TILLPOINT_CONFIG_DIR: session.configDir, TILLPOINT_URL: session.daemon.url, CI: '1' },
    });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain('No shipping method ships this cart');
  }, 60_000);
});
