// The order benchmarks' daemon and load: a seeded daemon (an admin, two tracked-stock products with huge stock,
// a few buyers) and `POST /v1/orders` load with a fresh `Idempotency-Key` per request, shared by orders.mjs and
// orders-floor.mjs so both measure the same thing.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cleanEnv, DAEMON_BIN, jsonClient, postLoad, signUp, startDaemon } from './bench-support.mjs';

export const ORDER_SKUS = ['BENCH-A', 'BENCH-B'];
export const ORDER_STOCK = 1_000_000_000;
/** Two lines, one unit each: every order takes one unit of each product. */
export const ORDER_BODY = JSON.stringify({ items: ORDER_SKUS.map((sku) => ({ sku, quantity: 1 })) });
export const PASSWORD = 'bench-password-0123';
export const ADMIN_EMAIL = 'bench-admin@example.com';
/** Rate limits raised so the limiters run on every request but never answer 429. */
export const BASE_ENV = {
  TILLPOINT_LOG_LEVEL: 'warn',
  TILLPOINT_LOG_FORMAT: 'json',
  TILLPOINT_RATE_LIMIT_MAX: '1000000000',
  TILLPOINT_AUTH_RATE_LIMIT_MAX: '1000000000',
};

/**
 * Through the API of a daemon whose admin exists: the two order products (`ORDER_SKUS`, stock `ORDER_STOCK`) and
 * `users` signed-up buyers. Answers the admin's session, the products and the buyers' access tokens.
 */
export async function seedOrderShop(api, users) {
  const admin = await api('POST', '/v1/auth/login', { email: ADMIN_EMAIL, password: PASSWORD });
  const products = [];
  for (const [i, sku] of ORDER_SKUS.entries()) {
    products.push(
      await api(
        'POST',
        '/v1/products',
        { sku, name: `Bench product ${sku}`, price: 1000 + i * 250, currency: 'EUR', stock: ORDER_STOCK },
        admin.accessToken,
      ),
    );
  }
  const tokens = [];
  for (let i = 0; i < users; i++) tokens.push(await signUp(api, `bench-${i}@example.com`, PASSWORD));
  return { admin, products, tokens };
}

/**
 * Spawns a daemon on a fresh data dir (SQLite unless `env` names another database), creates the admin offline,
 * then the two products and `users` buyers through the API. `stop()` stops the daemon and removes the data dir.
 */
export async function startOrdersDaemon({ name, users, env = {} }) {
  const scratch = await mkdtemp(join(tmpdir(), `tillpoint-bench-${name}-`));
  const dataDir = join(scratch, 'data');
  const fullEnv = { ...BASE_ENV, ...env };
  // The admin who creates the products: `tillpointd admin create` straight into the database, before serving.
  const created = spawnSync(
    process.execPath,
    [DAEMON_BIN, 'admin', 'create', '--email', ADMIN_EMAIL, '--password-stdin', '--data-dir', dataDir],
    { input: PASSWORD, env: cleanEnv(fullEnv), encoding: 'utf8', timeout: 60_000 },
  );
  if (created.status !== 0) throw new Error(`admin create failed: ${created.stderr}`);
  const daemon = await startDaemon({
    dataDir,
    readyFile: join(scratch, 'ready.json'),
    logLevel: 'warn',
    env: fullEnv,
  });
  const stop = async () => {
    await daemon.stop();
    await rm(scratch, { recursive: true, force: true });
  };
  try {
    const api = jsonClient(daemon.url);
    const { admin, products, tokens } = await seedOrderShop(api, users);
    return {
      url: daemon.url,
      api,
      tokens,
      /** The admin's access token (valid an hour), for a benchmark that seeds more than the two products. */
      adminToken: admin.accessToken,
      /** The stock left of each product, in `ORDER_SKUS` order. */
      async stocks() {
        const stocks = [];
        for (const product of products) {
          stocks.push((await api('GET', `/v1/products/${product.id}`, undefined, admin.accessToken)).stock);
        }
        return stocks;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * `POST <url>` with `ORDER_BODY`, a fresh `Idempotency-Key` per request and the buyers' tokens in turn, so every
 * server measured gets the same requests.
 */
export function orderLoad({ url, tokens, connections, duration }) {
  let next = 0;
  return postLoad({
    url,
    body: ORDER_BODY,
    connections,
    duration,
    perRequest: () => ({
      'idempotency-key': randomUUID(),
      authorization: `Bearer ${tokens[next++ % tokens.length]}`,
    }),
  });
}

/**
 * Every 201 took one unit of each product and nothing else took any. Requests still in flight when a load phase
 * stops are not counted by autocannon but do complete: at most one per connection per phase.
 */
export function checkStock({ stocks, answered, connections, phases }) {
  const reserved = stocks.map((stock) => ORDER_STOCK - stock);
  const inFlightBound = phases * connections;
  const ok = reserved.every(
    (units) => units === reserved[0] && units >= answered && units - answered <= inFlightBound,
  );
  return {
    ok,
    text: `${ok ? 'ok' : 'MISMATCH'}: ${answered} orders answered 201, units reserved per product ${reserved.join(', ')} (at most ${inFlightBound} more expected from requests in flight when a phase stopped)`,
  };
}

/**
 * The stock once the orders still in flight when the load stopped have landed: reads until two reads 250 ms apart
 * agree (autocannon returns without waiting for its last answers, which can take a second on a saturated server).
 */
export async function settledStocks(read, { timeoutMs = 30_000 } = {}) {
  const deadline = performance.now() + timeoutMs;
  let previous = await read();
  for (;;) {
    await sleep(250);
    const current = await read();
    if (current.every((stock, i) => stock === previous[i]) || performance.now() > deadline) return current;
    previous = current;
  }
}
