// Orders under load, on the real daemon (`--log-level warn`, rate limits raised so they run but never trip),
// first on SQLite, then on PostgreSQL. For each database, in one run:
// 1. `POST /v1/orders` with 2 items (two tracked-stock products with huge stock), a fresh `Idempotency-Key` per
//    request and, automatically, an outbox event per order; 64 connections, over several user accounts.
//    Target on SQLite: ≥ 2,000 orders/s with p99 < 50 ms.
// 2. `GET /v1/orders/:id` (cycling over created orders, each read by its owner) against `GET /v1/meta`, same
//    connections and duration: target ≥ 70 % of the `/v1/meta` req/s.
// Every response status is counted and non-2xx responses are reported. Afterwards the stock of both products
// must have dropped by the number of orders created (201 responses, plus those in flight when a phase stopped).
// PostgreSQL: a throwaway database `tp_bench_<random>` on TILLPOINT_BENCH_POSTGRES_URL (default
// postgres://postgres@127.0.0.1:5432/postgres), dropped at the end; skipped with a note when unreachable.
// Usage: node bench/orders.mjs [seconds=10] [connections=64] [databases=sqlite,postgres]
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import {
  cleanEnv,
  DAEMON_BIN,
  figures,
  loadAverage,
  printTable,
  requireBuilt,
  round,
  startDaemon,
  uptime,
  writeResult,
} from './bench-support.mjs';

const SECONDS = Number(process.argv[2] ?? 10);
const CONNECTIONS = Number(process.argv[3] ?? 64);
const DATABASES = (process.argv[4] ?? 'sqlite,postgres').split(',');
const USERS = 8;
const STOCK = 1_000_000_000;
const PASSWORD = 'bench-password-0123';
const TARGETS = { sqliteOrdersPerSecond: 2000, sqliteP99Ms: 50, getOverMetaRatio: 0.7 };
const POSTGRES_ADMIN_URL =
  process.env.TILLPOINT_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BASE_ENV = {
  TILLPOINT_LOG_LEVEL: 'warn',
  TILLPOINT_LOG_FORMAT: 'json',
  TILLPOINT_RATE_LIMIT_MAX: '1000000000',
  TILLPOINT_AUTH_RATE_LIMIT_MAX: '1000000000',
};

requireBuilt(DAEMON_BIN, 'run `pnpm --filter @tillpoint/daemon build` first');

const results = {};
const notes = [];
for (const database of DATABASES) {
  if (database === 'sqlite') results.sqlite = await benchDatabase('sqlite', {});
  else if (database === 'postgres') {
    const name = `tp_bench_${randomBytes(6).toString('hex')}`;
    const created = psql(`create database ${name}`);
    if (!created.ok) {
      notes.push(`postgres skipped: could not create a database on ${POSTGRES_ADMIN_URL}: ${created.error}`);
      continue;
    }
    try {
      const url = new URL(POSTGRES_ADMIN_URL);
      url.pathname = `/${name}`;
      results.postgres = await benchDatabase('postgres', { TILLPOINT_DATABASE_URL: url.toString() });
    } finally {
      const dropped = psql(`drop database if exists ${name} with (force)`);
      if (!dropped.ok) notes.push(`could not drop database ${name}: ${dropped.error}`);
    }
  } else throw new Error(`unknown database ${database}: use sqlite and/or postgres`);
}

// --- Report.
const rows = [];
for (const [database, r] of Object.entries(results)) {
  for (const [phase, m] of Object.entries(r.phases)) {
    rows.push([
      `${database}: ${phase}`,
      m.requestsPerSecond,
      m.latencyP50Ms,
      m.latencyP99Ms,
      m.latencyMaxMs,
      m.ok,
      m.non2xx,
      m.errors + m.timeouts,
    ]);
  }
}
printTable(
  `Orders, 127.0.0.1, ${CONNECTIONS} connections, ${SECONDS} s per phase, ${USERS} users`,
  ['phase', 'req/s', 'p50 ms', 'p99 ms', 'max ms', '2xx', 'non-2xx', 'errors'],
  rows,
);
const lines = [''];
const verdicts = {};
for (const [database, r] of Object.entries(results)) {
  const create = r.phases['POST /v1/orders'];
  if (database === 'sqlite') {
    verdicts.sqliteOrdersPerSecond =
      create.requestsPerSecond >= TARGETS.sqliteOrdersPerSecond && create.non2xx === 0 ? 'met' : 'MISSED';
    verdicts.sqliteP99 = create.latencyP99Ms < TARGETS.sqliteP99Ms ? 'met' : 'MISSED';
    lines.push(
      `sqlite: ${create.requestsPerSecond} orders/s (target ≥ ${TARGETS.sqliteOrdersPerSecond}: ${verdicts.sqliteOrdersPerSecond}), p99 ${create.latencyP99Ms} ms (target < ${TARGETS.sqliteP99Ms} ms: ${verdicts.sqliteP99})`,
    );
  }
  verdicts[`${database}GetOverMeta`] = r.ratioGetOverMeta >= TARGETS.getOverMetaRatio ? 'met' : 'MISSED';
  lines.push(
    `${database}: GET /v1/orders/:id / GET /v1/meta = ${round(r.ratioGetOverMeta * 100, 1)} % (target ≥ ${
      TARGETS.getOverMetaRatio * 100
    } %: ${verdicts[`${database}GetOverMeta`]})`,
    `${database}: stock check: ${r.stockCheck}`,
    `${database}: load average (1, 5, 15 min) ${r.loadAverage.before} → ${r.loadAverage.after}`,
  );
  for (const [phase, m] of Object.entries(r.phases)) {
    if (m.non2xx > 0 || m.errors > 0 || m.timeouts > 0) {
      process.exitCode = 1; // the figures measure failures, not the feature
      lines.push(
        `warning: ${database}: ${phase}: status codes ${JSON.stringify(m.statusCodes)}, ${m.errors} errors, ${m.timeouts} timeouts`,
      );
    }
  }
}
process.stdout.write(`${[...lines, ...notes].join('\n')}\n`);
await writeResult('orders', {
  seconds: SECONDS,
  connections: CONNECTIONS,
  users: USERS,
  uptime: uptime(),
  targets: TARGETS,
  verdicts,
  notes,
  databases: results,
});

/** Spawns a daemon on the given database, seeds it, runs the phases and stops it. */
async function benchDatabase(dialect, env) {
  const scratch = await mkdtemp(join(tmpdir(), `tillpoint-bench-orders-${dialect}-`));
  const dataDir = join(scratch, 'data');
  const fullEnv = { ...BASE_ENV, ...env };
  // The admin who creates the products: `tillpointd admin create` straight into the database, before serving.
  const adminEmail = 'bench-admin@example.com';
  const created = spawnSync(
    process.execPath,
    [DAEMON_BIN, 'admin', 'create', '--email', adminEmail, '--password-stdin', '--data-dir', dataDir],
    { input: PASSWORD, env: cleanEnv(fullEnv), encoding: 'utf8', timeout: 60_000 },
  );
  if (created.status !== 0) throw new Error(`admin create failed: ${created.stderr}`);
  const daemon = await startDaemon({
    dataDir,
    readyFile: join(scratch, 'ready.json'),
    logLevel: 'warn',
    env: fullEnv,
  });
  const api = client(daemon.url);
  try {
    const admin = await api('POST', '/v1/auth/login', { email: adminEmail, password: PASSWORD });
    const skus = ['BENCH-A', 'BENCH-B'];
    const products = [];
    for (const [i, sku] of skus.entries()) {
      products.push(
        await api(
          'POST',
          '/v1/products',
          { sku, name: `Bench product ${sku}`, price: 1000 + i * 250, currency: 'EUR', stock: STOCK },
          admin.accessToken,
        ),
      );
    }
    const tokens = [];
    for (let i = 0; i < USERS; i++) {
      const session = await api('POST', '/v1/auth/register', {
        email: `bench-${i}@example.com`,
        password: PASSWORD,
      });
      tokens.push(session.accessToken);
    }

    // Phase 1: order creation.
    const orderBody = JSON.stringify({ items: skus.map((sku) => ({ sku, quantity: 1 })) });
    let nextUser = 0;
    const createOrders = (duration) =>
      autocannon({
        url: `${daemon.url}/v1/orders`,
        method: 'POST',
        connections: CONNECTIONS,
        duration,
        headers: { 'content-type': 'application/json' },
        body: orderBody,
        requests: [
          {
            method: 'POST',
            setupRequest(req) {
              req.headers['idempotency-key'] = randomUUID();
              req.headers.authorization = `Bearer ${tokens[nextUser++ % tokens.length]}`;
              req.body = orderBody;
              return req;
            },
          },
        ],
      });
    const before = loadAverage();
    const warmCreate = await createOrders(2); // warm-up; not counted, but its orders count for the stock check
    const create = await createOrders(SECONDS);

    // The orders to read back: each user's most recent ones, read with that user's token.
    const reads = [];
    for (const token of tokens) {
      const page = await api('GET', '/v1/orders?limit=50', undefined, token);
      for (const order of page.data ?? []) reads.push({ token, id: order.id });
    }
    if (reads.length === 0) throw new Error('no orders to read back');

    // Phase 2: GET /v1/orders/:id against GET /v1/meta.
    let nextRead = 0;
    const readOrders = (duration) =>
      autocannon({
        url: `${daemon.url}/v1/orders/${reads[0].id}`,
        connections: CONNECTIONS,
        duration,
        requests: [
          {
            method: 'GET',
            setupRequest(req) {
              const read = reads[nextRead++ % reads.length];
              req.path = `/v1/orders/${read.id}`;
              req.headers.authorization = `Bearer ${read.token}`;
              return req;
            },
          },
        ],
      });
    const readMeta = (duration) =>
      autocannon({ url: `${daemon.url}/v1/meta`, connections: CONNECTIONS, duration });
    await readMeta(2); // warm-up; not counted
    await readOrders(2); // warm-up; not counted
    const meta = await readMeta(SECONDS);
    const get = await readOrders(SECONDS);
    const after = loadAverage();

    // Consistency: every 201 reserved one unit of each product, nothing else did.
    const createdOrders = (warmCreate['2xx'] ?? 0) + (create['2xx'] ?? 0);
    const stocks = [];
    for (const product of products) {
      stocks.push((await api('GET', `/v1/products/${product.id}`, undefined, admin.accessToken)).stock);
    }
    const reserved = stocks.map((stock) => STOCK - stock);
    // Requests still in flight when a load phase stops are not counted by autocannon but do complete:
    // at most one per connection per creating phase (2 phases).
    const inFlightBound = 2 * CONNECTIONS;
    const consistent = reserved.every(
      (units) => units === reserved[0] && units >= createdOrders && units - createdOrders <= inFlightBound,
    );
    const stockCheck = `${consistent ? 'ok' : 'MISMATCH'}: ${createdOrders} orders answered 201, units reserved per product ${reserved.join(', ')} (at most ${inFlightBound} more expected from requests in flight when a phase stopped)`;

    const phases = {
      'POST /v1/orders': figures(create),
      'GET /v1/meta': figures(meta),
      'GET /v1/orders/:id': figures(get),
    };
    return {
      dialect,
      loadAverage: { before, after },
      ordersRead: reads.length,
      ratioGetOverMeta: round(
        phases['GET /v1/orders/:id'].requestsPerSecond / phases['GET /v1/meta'].requestsPerSecond,
        3,
      ),
      stockCheck,
      phases,
    };
  } finally {
    await daemon.stop();
    await rm(scratch, { recursive: true, force: true });
  }
}

/** A JSON client for the daemon; throws on a non-2xx answer. */
function client(baseUrl) {
  return async (method, path, body, token) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/** Runs one statement as the PostgreSQL admin; never throws. */
function psql(sql) {
  try {
    execFileSync('psql', [POSTGRES_ADMIN_URL, '-v', 'ON_ERROR_STOP=1', '-qc', sql], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 30_000,
    });
    return { ok: true };
  } catch (error) {
    return { ok: false, error: String(error.stderr ?? error.message).trim() };
  }
}
