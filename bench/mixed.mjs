// Mixed load against the real daemon (issue 13, item 8: the seed's API SLO), on SQLite and on a throwaway
// PostgreSQL database. `--log-level warn`, rate limits raised so the limiters run but never answer 429.
// Every connection is one client in a closed loop (its next request when the last one is answered), running a
// fixed turn of ten requests from its own starting point, so the whole load is, request for request:
//   70 % reads:    30 % GET /v1/products?limit=20 (pages 1 and 2 in turn, anonymous, as a storefront lists)
//                  20 % GET /v1/products/:id (cycling over the 50 products, anonymous)
//                  20 % GET /v1/orders/:id (one of the orders this client created, with its owner's token)
//   20 % POST /v1/orders (two lines, one unit each of two tracked-stock products, a fresh Idempotency-Key)
//   10 % POST /v1/orders/:id/payments (test provider, card 4242424242424242, a fresh Idempotency-Key) on the
//        oldest order this client created and has not paid yet.
// 16 buyers (connection i signs in as buyer i mod 16); the catalogue is the two order products
// (orders-fixture.mjs) plus 48 products with two variants and two prices each. 5 s warm-up with the same
// load, then the measured window: a request counts when it started inside the window, and its latency runs
// from sending it to having read its whole body, measured in this process (which shares the machine's cores
// with the daemon).
// Reported per route: count, req/s, p50/p95/p99/max; every non-2xx answer and every request without an
// answer, by phase, route, status and problem code, with a sample body. Targets: p95 < 200 ms on both
// databases (the seed's SLO) and p95 < 50 ms on SQLite, for every route and for all requests together.
// Afterwards: the stock of both order products must have dropped by exactly the orders answered 201 (no
// request is left in flight: every client waits for its last answer), and the orders in status `paid` must
// number the payments answered 201.
// PostgreSQL: `tp_bench_<random>` on TILLPOINT_BENCH_POSTGRES_URL (default
// postgres://postgres@127.0.0.1:5432/postgres), dropped at the end. By default both databases run when that
// server is reachable, SQLite alone (with a note) when not; `--dialect postgres` or `--dialect both` on an
// unreachable server exits 1.
// Usage: node bench/mixed.mjs [seconds=60] [connections=64] [--dialect sqlite|postgres|both]
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import {
  DAEMON_BIN,
  loadAverage,
  POSTGRES_ADMIN_URL,
  percentile,
  printTable,
  requireBuilt,
  round,
  throwawayPostgresDatabase,
  uptime,
  writeResult,
} from './bench-support.mjs';
import { checkStock, ORDER_BODY, startOrdersDaemon } from './orders-fixture.mjs';

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: { dialect: { type: 'string' } },
});
const SECONDS = Number(positionals[0] ?? 60);
const CONNECTIONS = Number(positionals[1] ?? 64);
const DIALECT = options.dialect;
if (DIALECT !== undefined && !['sqlite', 'postgres', 'both'].includes(DIALECT)) {
  process.stderr.write(`bench: --dialect must be sqlite, postgres or both, not ${DIALECT}\n`);
  process.exit(2);
}
const WARMUP_SECONDS = 5;
const USERS = 16;
const CATALOGUE_PRODUCTS = 48;
const TARGETS = { p95Ms: 200, sqliteP95Ms: 50 };
const ROUTES = {
  list: 'GET /v1/products',
  product: 'GET /v1/products/:id',
  order: 'GET /v1/orders/:id',
  create: 'POST /v1/orders',
  pay: 'POST /v1/orders/:id/payments',
};
/** One client's turn of ten requests: 3 lists, 2 product reads, 2 order reads, 2 orders, 1 payment. */
const TURN = ['create', 'list', 'product', 'order', 'list', 'pay', 'product', 'create', 'order', 'list'];
/** How many of its latest orders a client reads back in turn. */
const ORDERS_KEPT = 32;
const PAYMENT_BODY = JSON.stringify({ provider: 'test', card: { number: '4242424242424242' } });

requireBuilt(DAEMON_BIN, 'run `pnpm build` first');

// Which databases: both by default when PostgreSQL is reachable.
const results = {};
const notes = [];
if (DIALECT !== 'postgres') results.sqlite = await benchDatabase('sqlite', {});
if (DIALECT !== 'sqlite') {
  const throwaway = throwawayPostgresDatabase();
  if (throwaway.error) {
    notes.push(`postgres skipped: could not create a database on ${POSTGRES_ADMIN_URL}: ${throwaway.error}`);
    if (DIALECT !== undefined) process.exitCode = 1; // asked for by name: the run did not measure it
  } else {
    try {
      results.postgres = await benchDatabase('postgres', { TILLPOINT_DATABASE_URL: throwaway.url });
    } finally {
      const dropped = throwaway.drop();
      if (!dropped.ok) notes.push(`could not drop database ${throwaway.name}: ${dropped.error}`);
    }
  }
}

// --- Report.
const verdicts = {};
const lines = [];
for (const [dialect, r] of Object.entries(results)) {
  const limits = dialect === 'sqlite' ? [TARGETS.p95Ms, TARGETS.sqliteP95Ms] : [TARGETS.p95Ms];
  const rows = [...Object.keys(ROUTES), 'all'].map((key) => {
    const s = r.routes[key];
    return [
      key === 'all' ? 'all requests' : ROUTES[key],
      `${s.sharePercent} %`,
      s.n,
      s.requestsPerSecond,
      s.p50Ms,
      s.p95Ms,
      s.p99Ms,
      s.maxMs,
      s.non2xx,
      s.errors,
      ...limits.map((limit) => (s.p95Ms < limit ? 'met' : 'MISSED')),
    ];
  });
  printTable(
    `Mixed load, ${dialect}, 127.0.0.1, ${CONNECTIONS} connections, ${SECONDS} s measured after ${WARMUP_SECONDS} s warm-up, ${USERS} buyers`,
    [
      'route',
      'share',
      'n',
      'req/s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'max ms',
      'non-2xx',
      'errors',
      ...limits.map((limit) => `p95 < ${limit} ms`),
    ],
    rows,
  );
  for (const limit of limits) {
    const name = `${dialect}P95Under${limit}Ms`;
    verdicts[name] = verdict(r.routes, limit);
    lines.push(`${dialect}: p95 < ${limit} ms on every route: ${verdicts[name]}`);
  }
  lines.push(
    `${dialect}: stock check: ${r.stockCheck}`,
    `${dialect}: payment check: ${r.paymentCheck}`,
    `${dialect}: load average (1, 5, 15 min) ${r.loadAverage.before} → ${r.loadAverage.after}`,
  );
  if (r.failures.length > 0) {
    process.exitCode = 1; // the figures measure failures, not the feature
    lines.push(`${dialect}: NON-2XX ANSWERS AND ERRORS (warm-up included):`);
    for (const f of r.failures) {
      lines.push(
        `  ${f.phase}: ${f.route}: ${f.status} ${f.code} × ${f.count}${f.sample ? `, e.g. ${f.sample}` : ''}`,
      );
    }
  } else lines.push(`${dialect}: no non-2xx answer and no error, warm-up included`);
  if (!r.stockCheck.startsWith('ok') || !r.paymentCheck.startsWith('ok')) process.exitCode = 1;
}
process.stdout.write(`\n${[...lines, ...notes].join('\n')}\n`);
await writeResult('mixed', {
  seconds: SECONDS,
  warmupSeconds: WARMUP_SECONDS,
  connections: CONNECTIONS,
  users: USERS,
  turn: TURN.map((key) => ROUTES[key]),
  uptime: uptime(),
  targets: TARGETS,
  verdicts,
  notes,
  databases: results,
});

/** `met`, or `MISSED` with the routes over the limit and by how much. */
function verdict(routes, limit) {
  const over = Object.entries(routes)
    .filter(([, s]) => s.p95Ms >= limit)
    .map(
      ([key, s]) =>
        `${key === 'all' ? 'all requests' : ROUTES[key]} p95 ${s.p95Ms} ms (+${round(s.p95Ms - limit)} ms, ${round(s.p95Ms / limit, 2)}×)`,
    );
  return over.length === 0 ? 'met' : `MISSED: ${over.join('; ')}`;
}

/** Spawns a seeded daemon on one database, runs the warm-up and the measured window, checks, and stops it. */
async function benchDatabase(dialect, env) {
  const daemon = await startOrdersDaemon({ name: `mixed-${dialect}`, users: USERS, env });
  const agent = new Agent({ connections: CONNECTIONS, keepAliveTimeout: 30_000 });
  try {
    const { api, adminToken } = daemon;
    // The rest of the catalogue: products with two variants and two prices each, as a shop lists them.
    for (let i = 0; i < CATALOGUE_PRODUCTS; i++) {
      await api(
        'POST',
        '/v1/products',
        {
          name: `Mixed bench product ${i}`,
          description: 'A product of the mixed benchmark, with two sizes.',
          options: [{ name: 'Size', values: ['S', 'M'] }],
          variants: ['S', 'M'].map((size, position) => ({
            sku: `MIXED-${i}-${size}`,
            options: { Size: size },
            prices: [
              { currency: 'EUR', amount: 1500 + i * 10 + position * 100 },
              { currency: 'USD', amount: 1700 + i * 10 + position * 100 },
            ],
            stock: 100,
          })),
        },
        adminToken,
      );
    }
    const page1 = await api('GET', '/v1/products?limit=20');
    const productIds = [];
    for (let page = page1; ; ) {
      productIds.push(...page.data.map((product) => product.id));
      if (!page.has_more) break;
      page = await api('GET', `/v1/products?limit=100&starting_after=${page.data.at(-1).id}`);
    }
    const listPaths = [
      '/v1/products?limit=20',
      `/v1/products?limit=20&starting_after=${page1.data.at(-1).id}`,
    ];

    const measure = Object.fromEntries(Object.keys(ROUTES).map((key) => [key, { ms: [], statuses: {} }]));
    const failures = new Map();
    let created = 0; // orders answered 201, warm-up included: the stock check's figure
    let paid = 0; // payments answered 201 with status succeeded, warm-up included
    let phase = 'warm-up';
    let productTurn = 0;
    let listTurn = 0;

    const fail = (at, key, status, code, sample) => {
      const id = `${at} ${key} ${status} ${code}`;
      const known = failures.get(id);
      if (known) known.count++;
      else failures.set(id, { phase: at, route: ROUTES[key], status, code, count: 1, sample });
    };

    /** One request; records its latency and status in the phase in which it started. */
    const send = async (key, method, path, { token, body, idempotent = false } = {}) => {
      const at = phase;
      const headers = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (idempotent) headers['idempotency-key'] = randomUUID();
      const began = performance.now();
      let status;
      let text;
      try {
        const response = await request(`${daemon.url}${path}`, { method, headers, body, dispatcher: agent });
        status = response.statusCode;
        text = await response.body.text();
      } catch (error) {
        // No answer (a reset or refused connection): counted apart, never as a latency.
        if (at === 'measured') measure[key].statuses.error = (measure[key].statuses.error ?? 0) + 1;
        fail(at, key, 'error', error.code ?? error.name, String(error.message).slice(0, 300));
        return undefined;
      }
      const ms = performance.now() - began;
      if (at === 'measured') {
        measure[key].ms.push(ms);
        measure[key].statuses[status] = (measure[key].statuses[status] ?? 0) + 1;
      }
      let json;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      if (status < 200 || status >= 300) {
        fail(at, key, status, json?.code ?? 'no problem code', text.slice(0, 300));
        return undefined;
      }
      return json;
    };

    /** One client: its own buyer, the orders it created, and those it has not paid yet (oldest first). */
    const client = async (index, stopAt) => {
      const token = daemon.tokens[index % daemon.tokens.length];
      const orders = [];
      const unpaid = [];
      for (let turn = index % TURN.length; performance.now() < stopAt; turn++) {
        let key = TURN[turn % TURN.length];
        // Nothing to read or pay yet (only at the start of the warm-up): place an order instead.
        if ((key === 'order' && orders.length === 0) || (key === 'pay' && unpaid.length === 0))
          key = 'create';
        if (key === 'list') {
          await send(key, 'GET', listPaths[listTurn++ % listPaths.length]);
        } else if (key === 'product') {
          await send(key, 'GET', `/v1/products/${productIds[productTurn++ % productIds.length]}`);
        } else if (key === 'order') {
          await send(key, 'GET', `/v1/orders/${orders[turn % orders.length]}`, { token });
        } else if (key === 'create') {
          const order = await send(key, 'POST', '/v1/orders', { token, body: ORDER_BODY, idempotent: true });
          if (order) {
            created++;
            orders.push(order.id);
            if (orders.length > ORDERS_KEPT) orders.shift();
            unpaid.push(order.id);
          }
        } else {
          const at = phase;
          const payment = await send(key, 'POST', `/v1/orders/${unpaid.shift()}/payments`, {
            token,
            body: PAYMENT_BODY,
            idempotent: true,
          });
          if (payment?.status === 'succeeded') paid++;
          else if (payment)
            fail(at, key, 201, `payment ${payment.status}`, JSON.stringify(payment).slice(0, 300));
        }
      }
    };

    const before = loadAverage();
    const start = performance.now();
    const stopAt = start + (WARMUP_SECONDS + SECONDS) * 1000;
    const clients = Array.from({ length: CONNECTIONS }, (_, i) => client(i, stopAt));
    await new Promise((done) => setTimeout(done, WARMUP_SECONDS * 1000));
    phase = 'measured';
    await Promise.all(clients);
    const after = loadAverage();

    // Consistency: every 201 order took one unit of each order product and nothing else took any; every 201
    // payment (and nothing else) paid its order.
    const stock = checkStock({
      stocks: await daemon.stocks(),
      answered: created,
      connections: CONNECTIONS,
      phases: 0,
    });
    let paidOrders = 0;
    for (let cursor = ''; ; ) {
      const page = await api('GET', `/v1/orders?status=paid&limit=100${cursor}`, undefined, adminToken);
      paidOrders += page.data.length;
      if (!page.has_more) break;
      cursor = `&starting_after=${page.data.at(-1).id}`;
    }
    const paymentCheck = `${paidOrders === paid ? 'ok' : 'MISMATCH'}: ${paid} payments answered 201 succeeded, ${paidOrders} orders paid`;

    const total = Object.values(measure).reduce((sum, m) => sum + m.ms.length + (m.statuses.error ?? 0), 0);
    const summary = (m) => {
      const n = m.ms.length + (m.statuses.error ?? 0);
      const non2xx = Object.entries(m.statuses)
        .filter(([status]) => status !== 'error' && (Number(status) < 200 || Number(status) >= 300))
        .reduce((sum, [, count]) => sum + count, 0);
      return {
        n,
        sharePercent: round((100 * n) / total),
        requestsPerSecond: round(n / SECONDS, 0),
        p50Ms: m.ms.length ? round(percentile(m.ms, 50)) : null,
        p95Ms: m.ms.length ? round(percentile(m.ms, 95)) : null,
        p99Ms: m.ms.length ? round(percentile(m.ms, 99)) : null,
        maxMs: m.ms.length ? round(Math.max(...m.ms)) : null,
        non2xx,
        errors: m.statuses.error ?? 0,
        statuses: m.statuses,
      };
    };
    const routes = Object.fromEntries(Object.entries(measure).map(([key, m]) => [key, summary(m)]));
    const all = { ms: Object.values(measure).flatMap((m) => m.ms), statuses: {} };
    for (const m of Object.values(measure)) {
      for (const [status, count] of Object.entries(m.statuses))
        all.statuses[status] = (all.statuses[status] ?? 0) + count;
    }
    routes.all = summary(all);
    return {
      dialect,
      loadAverage: { before, after },
      products: productIds.length,
      ordersCreated: created,
      paymentsSucceeded: paid,
      stockCheck: stock.text,
      paymentCheck,
      failures: [...failures.values()],
      routes,
    };
  } finally {
    await agent.close();
    await daemon.stop();
  }
}
