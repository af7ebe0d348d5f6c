import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, ConflictError, type Product, Tillpoint } from '../src/index.js';
import { TillpointStorefront } from '../src/storefront/index.js';
import { createBrowserFetch } from './support/browser-fetch.js';
import { type SpawnedDaemon, startDaemon } from './support/daemon.js';
import { createRecordingLogger } from './support/test-server.js';

const PASSWORD = 'correct horse battery';

// A full guest checkout through the SDK against the real built daemon. Fails (never skips) when it is not built.
describe('guest checkout against a spawned tillpointd', () => {
  let daemon: SpawnedDaemon;
  let admin: Tillpoint;
  let product: Product;
  let methodId: string;
  const { lines, logger } = createRecordingLogger();
  const clientFor = () => new Tillpoint({ baseUrl: daemon.url, maxRetries: 0, logLevel: 'debug', logger });

  beforeAll(async () => {
    daemon = await startDaemon({ TILLPOINT_COOKIE_SECURE: 'false' });
    const setupToken = /setup_[A-Za-z0-9_-]+/.exec(daemon.output())?.[0];
    if (!setupToken) throw new Error(`The daemon logged no setup token:\n${daemon.output()}`);
    admin = clientFor();
    await admin.auth.setup({ setupToken, email: 'admin@example.com', password: PASSWORD, name: 'Admin' });
    const region = await admin.regions.create({ name: 'Germany', countries: ['DE'], currency: 'EUR' });
    await admin.taxRates.create({
      regionId: region.id,
      name: 'MwSt',
      rateBps: 1900,
      appliesToShipping: true,
    });
    methodId = (
      await admin.shippingMethods.create({
        regionId: region.id,
        name: 'DHL',
        rule: { type: 'flat', amount: 490 },
      })
    ).id;
    product = await admin.products.create({
      sku: `MUG-${randomUUID().slice(0, 8)}`,
      name: 'Mug',
      price: 1250,
      currency: 'EUR',
      stock: 5,
    });
  }, 30_000);
  afterAll(async () => {
    await daemon?.stop();
    expect(lines.filter((line) => line.text.includes('does not match'))).toEqual([]);
  });

  it('creates a cart, fills it, completes it and pays with the remembered tokens', async () => {
    const shopper = clientFor();
    const created = await shopper.carts.create();
    expect(created.cart_token).toMatch(/^tpc_/);
    expect(shopper.guestTokens.cartToken(created.id)).toBe(created.cart_token);
    await shopper.carts.addItem(created.id, { sku: product.variants[0]!.sku, quantity: 2 });
    await shopper.carts.setEmail(created.id, 'guest@example.com');
    await shopper.carts.setShippingAddress(created.id, {
      name: 'Ada',
      line1: 'Hauptstr. 1',
      city: 'Berlin',
      countryCode: 'de',
    });
    const options = await shopper.carts.shippingOptions(created.id);
    expect(options.data.map((o) => o.amount)).toEqual([490]);
    const cart = await shopper.carts.setShippingMethod(created.id, methodId);
    expect(cart).toMatchObject({ subtotal: 2500, taxTotal: 568, shippingTotal: 583, grandTotal: 3558 });

    // Another client without the token sees nothing.
    await expect(clientFor().carts.get(created.id)).rejects.toMatchObject({ status: 404 });
    // A stale fingerprint: 409 cart_changed with the cart as it is.
    const stale = await shopper.carts.complete(created.id, { fingerprint: 'stale' }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ConflictError);
    expect((stale as ConflictError).code).toBe('cart_changed');
    expect((stale as ConflictError).problem?.cart).toMatchObject({ fingerprint: cart.fingerprint });

    const done = await shopper.carts.complete(created.id, { fingerprint: cart.fingerprint });
    expect(done.order).toMatchObject({ total: 3558, email: 'guest@example.com', taxTotal: 568 });
    expect(shopper.guestTokens.orderToken(done.order.id)).toBe(done.order_token);
    expect((await shopper.orders.get(done.order.id)).id).toBe(done.order.id);
    const payment = await shopper.payments.create(done.order.id, {
      provider: 'test',
      card: { number: '4242424242424242' },
    });
    expect(payment).toMatchObject({ status: 'succeeded', amount: 3558 });
    await expect(clientFor().orders.get(done.order.id)).rejects.toMatchObject({ status: 404 });
  });

  it('a sign-in with { guestCart } merges that cart into the customer; a plain sign-in takes none', async () => {
    const shopper = clientFor();
    const other = await shopper.carts.create();
    const guestCart = await shopper.carts.create();
    await shopper.carts.addItem(guestCart.id, { sku: product.variants[0]!.sku, quantity: 1 });

    // A client serving several shoppers: a sign-in without the option brings no cart along.
    const bystander = `bystander.${randomUUID().slice(0, 8)}@example.com`;
    await shopper.auth.register({ email: bystander, password: PASSWORD });
    await shopper.auth.login({ email: bystander, password: PASSWORD });
    await expect(shopper.carts.mine()).rejects.toMatchObject({ status: 404, code: 'not_found' });
    await shopper.auth.logout();
    expect(
      (await clientFor().request('GET', `/v1/carts/${guestCart.id}`, {
        headers: { 'x-cart-token': guestCart.cart_token! },
      })) as { userId: string | null },
    ).toMatchObject({ userId: null });

    // No token held for that cart: refused before anything is sent.
    await expect(
      shopper.auth.login({ email: bystander, password: PASSWORD }, { guestCart: 'cart_unknown' }),
    ).rejects.toBeInstanceOf(TypeError);

    const email = `merge.${randomUUID().slice(0, 8)}@example.com`;
    await shopper.auth.register({ email, password: PASSWORD });
    const session = await shopper.auth.login({ email, password: PASSWORD }, { guestCart: guestCart.id });
    // The customer had no open cart: the guest cart became theirs.
    const mine = await shopper.carts.mine();
    expect(mine).toMatchObject({ id: guestCart.id, userId: session.user.id, lines: [{ quantity: 1 }] });
    expect(shopper.guestTokens.cartToken(other.id)).toBe(other.cart_token);
  });

  it('storefront on cookies: the guest cart token stays in its HttpOnly cookie, never in the client', async () => {
    const browser = createBrowserFetch(daemon.url);
    const shop = new TillpointStorefront({
      baseUrl: daemon.url,
      credentials: 'include',
      fetch: browser.fetch,
    });
    const created = await shop.carts.create();
    expect(browser.cookies.get(`tp_cart_${created.id}`)).toBe(created.cart_token);
    expect(shop.guestTokens.cartToken(created.id)).toBeUndefined();
    await shop.carts.addItem(created.id, { sku: product.variants[0]!.sku, quantity: 1 });
    await shop.carts.setEmail(created.id, 'cookie@example.com');
    await shop.carts.setShippingAddress(created.id, {
      name: 'Grace',
      line1: 'Hauptstr. 2',
      city: 'Berlin',
      countryCode: 'DE',
    });
    const cart = await shop.carts.setShippingMethod(created.id, methodId);
    expect(cart).toMatchObject({ subtotal: 1250, shippingTotal: 583 });
    // Without the cookie, the cart is out of reach: the cookie alone carried the token.
    const stranger = new TillpointStorefront({ baseUrl: daemon.url, maxRetries: 0 });
    await expect(stranger.carts.get(created.id)).rejects.toMatchObject({ status: 404 });

    const done = await shop.carts.complete(created.id, { fingerprint: cart.fingerprint });
    expect(shop.guestTokens.orderToken(done.order.id)).toBe(done.order_token);
    const payment = await shop.payments.create(done.order.id, {
      provider: 'test',
      card: { number: '4242424242424242' },
    });
    expect(payment).toMatchObject({ status: 'succeeded', amount: done.order.total });
    expect((await shop.orders.get(done.order.id)).status).toBe('paid');
    expect(browser.sent.length).toBeGreaterThanOrEqual(8);
    for (const request of browser.sent) {
      expect(request.credentials).toBe('include');
      expect(request.headers['x-cart-token']).toBeUndefined();
      expect(request.headers['user-agent']).toMatch(/^tillpoint-sdk\//);
    }
  });

  it('storefront on cookies: a customer session lives in the cookies and refreshes through them', async () => {
    const browser = createBrowserFetch(daemon.url);
    const shop = new TillpointStorefront({
      baseUrl: daemon.url,
      credentials: 'include',
      fetch: browser.fetch,
    });
    const guestCart = await shop.carts.create();
    await shop.carts.addItem(guestCart.id, { sku: product.variants[0]!.sku, quantity: 1 });
    const email = `cookie.${randomUUID().slice(0, 8)}@example.com`;
    await shop.auth.register({ email, password: PASSWORD });
    const session = await shop.auth.login({ email, password: PASSWORD });
    expect(session.accessToken).toEqual(expect.any(String));
    // The sign-in merged the guest cart and dropped its cookie.
    expect(browser.cookies.has(`tp_cart_${guestCart.id}`)).toBe(false);
    expect(browser.cookies.has('tp_access')).toBe(true);

    expect((await shop.me.get()).email).toBe(email);
    expect(browser.sent.at(-1)?.headers.authorization).toBeUndefined();
    // The access cookie is gone (expired): the next call refreshes through the refresh cookie and is retried.
    browser.cookies.delete('tp_access');
    expect((await shop.me.get()).email).toBe(email);
    expect(browser.sent.slice(-3).map((r) => new URL(r.url).pathname)).toEqual([
      '/v1/me',
      '/v1/auth/refresh',
      '/v1/me',
    ]);
    await shop.auth.logout();
    expect(browser.cookies.has('tp_access')).toBe(false);
    await expect(shop.me.get()).rejects.toBeInstanceOf(AuthenticationError);
  });
});
