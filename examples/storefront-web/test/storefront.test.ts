import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Tillpoint } from '@tillpoint/sdk';
import { formatMoney } from '@tillpoint/sdk/money';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DAEMON_BIN,
  type SpawnedDaemon,
  spawnDaemon,
} from '../../../packages/daemon/test/support/spawn-daemon.js';
import { freePort } from '../../cluster/local-cluster.mjs';
import { STORE } from '../../storefront-checkout/store.mjs';
import { CHROMIUM, chromiumAvailability, ensureChromium } from './support/chromium.js';
import {
  assertSdkBuilt,
  buildStorefront,
  EXAMPLE_ROOT,
  runNode,
  serveStorefront,
} from './support/storefront-server.js';

/**
 * examples/storefront-web in a real Chromium (Debian's, driven by playwright-core) against the real built daemon:
 * a guest browses, fills a cart, enters a code, checks out and pays with the test card, and the page's totals are
 * the API's. A page on an origin the daemon does not allow can neither read nor change that cart. Screenshots of
 * each step go to examples/storefront-web/test-output/.
 */
const OUTPUT = resolve(EXAMPLE_ROOT, 'test-output');
const [BLACK_M, WHITE_L] = STORE.variants as [(typeof STORE.variants)[0], (typeof STORE.variants)[0]];
const CARD = '4242 4242 4242 4242';
const DECLINED_CARD = '4000 0000 0000 0002';

const availability = chromiumAvailability();
if (!availability.ok) console.warn(`examples/storefront-web browser test skipped: ${availability.reason}`);

interface Server {
  origin: string;
  close(): Promise<void>;
}

describe.skipIf(!availability.ok)('examples/storefront-web in Chromium against a spawned tillpointd', () => {
  let daemon: SpawnedDaemon;
  let admin: Tillpoint;
  let outDir: string;
  let storefront: Server;
  let otherOrigin: Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** Every URL the browser asked for: all must be on 127.0.0.1. */
  const requested = new Set<string>();
  const started = Date.now();

  beforeAll(async () => {
    if (!existsSync(DAEMON_BIN))
      throw new Error(
        `${DAEMON_BIN} is missing: run \`pnpm build\` (or \`pnpm --filter @tillpoint/daemon build\`) first.`,
      );
    assertSdkBuilt();
    const { installed } = await ensureChromium();
    console.info(`chromium: ${installed ? 'installed by this test' : 'already installed'}`);
    await rm(OUTPUT, { recursive: true, force: true });
    await mkdir(OUTPUT, { recursive: true });

    // The storefront's origin must be known before the daemon starts: it is the one origin corsOrigins allows.
    const [port, otherPort] = [await freePort(), await freePort()];
    const allowed = `http://127.0.0.1:${port}`;
    daemon = await spawnDaemon({
      env: { TILLPOINT_CORS_ORIGINS: allowed, TILLPOINT_COOKIE_SECURE: 'false' },
    });
    admin = await adminOf(daemon);
    const key = await admin.apiKeys.create({ name: 'storefront-seed' });
    const seed = await runNode(['scripts/seed.mjs'], {
      TILLPOINT_URL: daemon.url,
      TILLPOINT_API_KEY: key.secret,
    });
    expect(seed.code, seed.output).toBe(0);
    expect(seed.output).toMatch(/media med_\w+: tee-white\.png \(480×480\)/);

    outDir = await mkdtemp(join(tmpdir(), 'tillpoint-storefront-web-'));
    await buildStorefront(daemon.url, outDir);
    storefront = await serveStorefront(outDir, port);
    otherOrigin = await serveStorefront(outDir, otherPort);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      timeout: 30_000,
      // Nothing leaves 127.0.0.1: other hosts resolve nowhere and go to a closed proxy port (loopback never uses
      // the proxy). Not route interception: with a route set, Playwright answers every CORS preflight itself with
      // "allowed", which would hide the daemon's own CORS answers that this test is about.
      args: [
        `--proxy-server=http://127.0.0.1:${await freePort()}`,
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      ],
    });
    context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    context.setDefaultTimeout(15_000);
    context.on('request', (request) => {
      requested.add(request.url());
    });
    page = await context.newPage();
  }, 600_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await storefront?.close();
    await otherOrigin?.close();
    await daemon?.stop();
    if (outDir) await rm(outDir, { recursive: true, force: true });
    console.info(`storefront-web browser test: ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
  });

  /** A full-page screenshot of the current step. */
  const shot = (name: string, of: Page = page) =>
    of.screenshot({ path: join(OUTPUT, `${name}.png`), fullPage: true });

  it('browses, adds two variants, enters a code, checks out as a guest and pays; the page shows the API totals', async () => {
    // The catalog: the seeded tee, its picture loaded from the daemon (another origin).
    await page.goto(`${storefront.origin}/`);
    const card = page.getByTestId('product-card');
    await card.waitFor();
    expect(await card.count()).toBe(1);
    expect(await card.textContent()).toContain(
      `${STORE.product.name}from ${formatMoney(BLACK_M.price, 'EUR')}`,
    );
    await page.waitForFunction(() =>
      [...document.images].every((image) => image.complete && image.naturalWidth > 0),
    );
    await shot('01-catalog');

    // The product page: the default variant, then the other colour (the picker moves Size along to L).
    await card.getByRole('link').click();
    await page.getByTestId('product-page').waitFor();
    await expectText(page.getByTestId('variant-sku'), BLACK_M.sku);
    await expectText(page.getByTestId('variant-price'), formatMoney(BLACK_M.price, 'EUR'));
    await page.getByTestId('add-to-cart').click();
    await expectText(page.getByTestId('add-status'), 'Added 1 × Storefront Tee (Black / M)');
    await page.getByTestId('option-Colour').getByLabel('White').check();
    await expectText(page.getByTestId('variant-sku'), WHITE_L.sku);
    await expectText(page.getByTestId('variant-price'), formatMoney(WHITE_L.price, 'EUR'));
    expect(await page.getByTestId('option-Size').getByLabel('L').isChecked()).toBe(true);
    await page.getByTestId('add-to-cart').click();
    await expectText(page.getByTestId('add-status'), 'Added 1 × Storefront Tee (White / L)');
    await expectText(page.getByTestId('cart-count'), /^2$/);
    await shot('02-product');

    // The cart: two of the black tee, then the code in lower case.
    await page.getByTestId('cart-link').click();
    const blackLine = page.locator(`[data-testid="cart-line"][data-sku="${BLACK_M.sku}"]`);
    await blackLine.getByRole('spinbutton').fill('2');
    await blackLine.getByRole('spinbutton').press('Tab');
    await expectText(page.getByTestId('cart-count'), /^3$/);
    await expectText(blackLine.getByTestId('line-total'), formatMoney(2 * BLACK_M.price, 'EUR'));
    await page.getByLabel('Promotion code').fill(STORE.code.toLowerCase());
    await page.getByRole('button', { name: 'Apply' }).click();
    await expectText(page.getByTestId('applied-code'), STORE.code);
    await shot('03-cart-with-code');

    // Only the cart's ID is in the page's storage; its token is an HttpOnly cookie scripts cannot see.
    const cartId = (await page.evaluate(() => localStorage.getItem('tillpoint.cartId'))) as string;
    expect(cartId).toMatch(/^crt_/);
    const pageStorage = await page.evaluate(() => ({
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
      cookie: document.cookie,
    }));
    expect(JSON.stringify(pageStorage)).not.toMatch(/tpc_|tp_cart_/);
    const cookie = (await context.cookies(`${daemon.url}/v1/carts/${cartId}`)).find(
      (c) => c.name === `tp_cart_${cartId}`,
    );
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/v1', domain: '127.0.0.1' });
    expect(cookie?.value).toMatch(/^tpc_/);
    expectTotals(await totalsOn(page.getByTestId('cart')), await admin.carts.get(cartId));

    // Checkout: address, the cheaper method, the card.
    await page.getByTestId('go-to-checkout').click();
    await page.getByLabel('Email').fill('guest@example.com');
    await page.getByLabel('Full name').fill('Erika Mustermann');
    await page.getByLabel('Street and number').fill('Heidestraße 17');
    await page.getByLabel('Postal code').fill('51147');
    await page.getByLabel('City').fill('Köln');
    await page.getByTestId('save-address').click();
    await page.getByLabel(/^Standard · /).check();
    const pay = page.getByTestId('pay');
    await pay.waitFor();
    const cart = await admin.carts.get(cartId);
    expect(cart.shippingMethod?.name).toBe('Standard');
    const summary = page.getByTestId('checkout-summary');
    await expectText(summary.getByTestId('total-shipping'), 'Shipping (Standard)');
    const checkoutTotals = await totalsOn(summary);
    expectTotals(checkoutTotals, cart);
    expect(await pay.textContent()).toBe(`Pay ${formatMoney(cart.grandTotal, 'EUR')}`);
    // A declined card first: the order is placed and waits; the next card pays that same order.
    await page.getByLabel('Card number').fill(DECLINED_CARD);
    await shot('04-checkout');
    await pay.click();
    await expectText(page.getByTestId('checkout-status'), /is placed but not paid: .*declined/i);
    await shot('05-checkout-declined');
    await page.getByLabel('Card number').fill(CARD);
    await pay.click();

    // The confirmation, and the order as the admin reads it through the API.
    const confirmation = page.getByTestId('confirmation');
    await confirmation.waitFor();
    await shot('06-confirmation');
    const orderId = (await page.getByTestId('order-id').textContent()) as string;
    expect(page.url()).toBe(`${storefront.origin}/#/orders/${orderId}`);
    const order = await admin.orders.get(orderId);
    expect(order).toMatchObject({
      status: 'paid',
      cartId,
      email: 'guest@example.com',
      subtotal: 2 * BLACK_M.price + WHITE_L.price,
      discountTotal: (2 * BLACK_M.price + WHITE_L.price) / STORE.codePercent,
      shippingMethod: { name: 'Standard' },
    });
    expect(order.amountPaid).toBe(order.total);
    expect(order.payments.map((payment) => payment.status)).toEqual(['failed', 'succeeded']);
    expect(order.total).toBe(cart.grandTotal);
    expect(order.items.map((item) => [item.sku, item.quantity])).toEqual([
      [BLACK_M.sku, 2],
      [WHITE_L.sku, 1],
    ]);
    await expectText(page.getByTestId('order-status'), /^paid$/);
    await expectText(page.getByTestId('order-paid'), `Paid: ${formatMoney(order.total, 'EUR')}`);
    const confirmed = await totalsOn(confirmation);
    expectTotals(confirmed, { ...order, grandTotal: order.total });
    expect(confirmed).toEqual(checkoutTotals);
    // The cart became the order: the page forgot its ID.
    expect(await page.evaluate(() => localStorage.getItem('tillpoint.cartId'))).toBeNull();
    await expectText(page.getByTestId('cart-count'), /^0$/);
  });

  it('lets only the allowed origin through: another origin can neither read nor change the cart', async () => {
    // A new guest cart on the storefront's own origin, with its cookie in this browser.
    await page.goto(`${storefront.origin}/`);
    await page.evaluate(() => localStorage.removeItem('tillpoint.cartId'));
    await page.getByTestId('product-card').getByRole('link').click();
    await page.getByTestId('add-to-cart').click();
    await expectText(page.getByTestId('add-status'), 'Added 1');
    const cartId = (await page.evaluate(() => localStorage.getItem('tillpoint.cartId'))) as string;
    expect((await admin.carts.get(cartId)).lines.map((line) => [line.sku, line.quantity])).toEqual([
      [BLACK_M.sku, 1],
    ]);

    // The allowed origin reads it by cookie (CORS with credentials) and changes it (the origin check passes).
    // An empty POST, which another origin may send without a preflight, gets past the origin check to validation.
    const own = await page.evaluate(
      async ({ api, id, sku }) => {
        const items = `${api}/v1/carts/${id}/items`;
        const read = await fetch(`${api}/v1/carts/${id}`, { credentials: 'include' });
        const add = await fetch(items, {
          method: 'POST',
          credentials: 'include',
          headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
          body: JSON.stringify({ sku, quantity: 1 }),
        });
        const empty = await fetch(items, { method: 'POST', credentials: 'include' });
        return {
          read: [read.status, (await read.json()).id],
          add: add.status,
          empty: [empty.status, (await empty.json()).code],
        };
      },
      { api: daemon.url, id: cartId, sku: BLACK_M.sku },
    );
    expect(own).toEqual({ read: [200, cartId], add: 200, empty: [422, 'validation_failed'] });
    const changed = await admin.carts.get(cartId);
    expect(changed.lines.map((line) => [line.sku, line.quantity])).toEqual([[BLACK_M.sku, 2]]);

    // The same storefront served from an origin that corsOrigins does not list: the browser sends the cookie
    // (same site), but the page can read nothing and change nothing.
    const other = await context.newPage();
    // What the daemon answered, read from the browser's network log (CDP): the page itself is not shown them.
    const network = await networkLog(other, `${daemon.url}/v1/carts/`);
    await other.goto(`${otherOrigin.origin}/`);
    await expectText(other.getByTestId('page-error'), `does its corsOrigins list ${otherOrigin.origin}?`);
    await shot('07-other-origin', other);
    const attempts = await other.evaluate(
      async ({ api, id, sku }) => {
        const attempt = async (call: () => Promise<Response>) => {
          try {
            const response = await call();
            return { type: response.type, status: response.status };
          } catch (error) {
            return { error: (error as Error).name };
          }
        };
        const items = `${api}/v1/carts/${id}/items`;
        return {
          read: await attempt(() => fetch(`${api}/v1/carts/${id}`, { credentials: 'include' })),
          addJson: await attempt(() =>
            fetch(items, {
              method: 'POST',
              credentials: 'include',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ sku, quantity: 5 }),
            }),
          ),
          // Requests a page may send without asking (no preflight): the daemon's own checks must refuse them.
          simplePost: await attempt(() =>
            fetch(items, { method: 'POST', mode: 'no-cors', credentials: 'include' }),
          ),
          formPost: await attempt(() =>
            fetch(items, {
              method: 'POST',
              mode: 'no-cors',
              credentials: 'include',
              body: new URLSearchParams({ sku, quantity: '5' }),
            }),
          ),
        };
      },
      { api: daemon.url, id: cartId, sku: BLACK_M.sku },
    );
    expect(attempts).toEqual({
      read: { error: 'TypeError' },
      addJson: { error: 'TypeError' },
      // Even an opaque answer is withheld: the daemon sends Cross-Origin-Resource-Policy: same-origin.
      simplePost: { error: 'TypeError' },
      formPost: { error: 'TypeError' },
    });
    // What the daemon answered, which the page was not shown: the cart (kept from the page by CORS); no CORS
    // headers to the preflight of the JSON POST, which therefore never left the browser; 403 (origin_not_allowed:
    // the same empty POST got past this check from the allowed origin) and 415 (a form body) to the simple POSTs.
    const seen = () => network.entries().map(({ method, status, blocked }) => ({ method, status, blocked }));
    await expect.poll(seen, { timeout: 5_000 }).toEqual(
      expect.arrayContaining([
        { method: 'GET', status: 200, blocked: 'MissingAllowOriginHeader' },
        { method: 'OPTIONS', status: 204, blocked: undefined },
        { method: 'POST', status: undefined, blocked: 'PreflightMissingAllowOriginHeader' },
        { method: 'POST', status: 403, blocked: 'corp-not-same-origin' },
        { method: 'POST', status: 415, blocked: 'corp-not-same-origin' },
      ]),
    );
    expect(seen()).toHaveLength(5);
    const after = await admin.carts.get(cartId);
    expect(after.lines).toEqual(changed.lines);
    expect(after.updatedAt).toBe(changed.updatedAt);
    await other.close();
  });

  it('sent nothing beyond 127.0.0.1', () => {
    expect(requested.size).toBeGreaterThan(0);
    expect([...requested].filter((url) => new URL(url).hostname !== '127.0.0.1')).toEqual([]);
  });
});

/** Signs in the first admin with the setup token the daemon logged, as `till setup` would. */
async function adminOf(daemon: SpawnedDaemon): Promise<Tillpoint> {
  const setupToken = /setup_[A-Za-z0-9_-]+/.exec(daemon.output())?.[0];
  if (!setupToken) throw new Error(`The daemon logged no setup token:\n${daemon.output()}`);
  const admin = new Tillpoint({ baseUrl: daemon.url, maxRetries: 0 });
  await admin.auth.setup({
    setupToken,
    email: 'admin@example.com',
    password: 'correct horse battery',
    name: 'Admin',
  });
  return admin;
}

/** Waits until the element's text contains `text` (or matches it). */
async function expectText(locator: Locator, text: string | RegExp): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor();
}

/** The breakdown a page shows: each row's text and the amount it was drawn from. */
async function totalsOn(scope: Locator) {
  const row = async (testId: string) => {
    const cell = scope.getByTestId(testId).locator('td');
    return { text: await cell.textContent(), amount: Number(await cell.getAttribute('data-amount')) };
  };
  return {
    subtotal: await row('total-subtotal'),
    discount: await row('total-discount'),
    shipping: await row('total-shipping'),
    tax: await row('total-tax'),
    total: await row('total-grand'),
  };
}

/** The page's breakdown is the API's amounts, formatted. */
function expectTotals(
  shown: Awaited<ReturnType<typeof totalsOn>>,
  api: {
    currency: string;
    subtotal: number;
    discountTotal: number;
    shippingTotal: number;
    taxTotal: number;
    grandTotal: number;
  },
): void {
  const cell = (amount: number) => ({ text: formatMoney(amount, api.currency), amount });
  expect(shown).toEqual({
    subtotal: cell(api.subtotal),
    discount: cell(-api.discountTotal),
    shipping: cell(api.shippingTotal),
    tax: cell(api.taxTotal),
    total: cell(api.grandTotal),
  });
}

/** One request the page made, with the status the server answered (even when the page was not shown it). */
interface LoggedRequest {
  method: string;
  url: string;
  type: string | undefined;
  status: number | undefined;
  blocked: string | undefined;
}

/**
 * The requests a page sends to URLs under `prefix`, from Chromium's own network log (CDP): unlike Playwright's
 * response events, it has the status of answers that CORS or CORP kept from the page. The events of one request
 * may come in any order, so they are joined when read.
 */
async function networkLog(page: Page, prefix: string): Promise<{ entries(): LoggedRequest[] }> {
  const cdp = await page.context().newCDPSession(page);
  const sent = new Map<string, { method: string; url: string; type: string | undefined }>();
  const statuses = new Map<string, number>();
  const failures = new Map<string, string>();
  cdp.on('Network.requestWillBeSent', (event) => {
    if (event.request.url.startsWith(prefix))
      sent.set(event.requestId, { method: event.request.method, url: event.request.url, type: event.type });
  });
  cdp.on('Network.responseReceivedExtraInfo', (event) => {
    statuses.set(event.requestId, event.statusCode);
  });
  cdp.on('Network.loadingFailed', (event) => {
    failures.set(event.requestId, event.corsErrorStatus?.corsError ?? event.blockedReason ?? event.errorText);
  });
  await cdp.send('Network.enable');
  return {
    entries: () =>
      [...sent].map(([id, request]) => ({ ...request, status: statuses.get(id), blocked: failures.get(id) })),
  };
}
