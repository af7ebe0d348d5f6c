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
// PostgreSQL settings to compare in one sitting: BENCH_PG_POOL_MAX (pgPoolMax), BENCH_PG_NAMED_STATEMENTS=false.
import autocannon from 'autocannon';
import {
  DAEMON_BIN,
  figures,
  loadAverage,
  POSTGRES_ADMIN_URL,
  printTable,
  requireBuilt,
  round,
  throwawayPostgresDatabase,
  uptime,
  writeResult,
} from './bench-support.mjs';
import { checkStock, orderLoad, startOrdersDaemon } from './orders-fixture.mjs';

const SECONDS = Number(process.argv[2] ?? 10);
const CONNECTIONS = Number(process.argv[3] ?? 64);
const DATABASES = (process.argv[4] ?? 'sqlite,postgres').split(',');
const USERS = 8;
const TARGETS = { sqliteOrdersPerSecond: 2000, sqliteP99Ms: 50, getOverMetaRatio: 0.7 };

requireBuilt(DAEMON_BIN, 'run `pnpm --filter @tillpoint/daemon build` first');

const results = {};
const notes = [];
for (const database of DATABASES) {
  if (database === 'sqlite') results.sqlite = await benchDatabase('sqlite', {});
  else if (database === 'postgres') {
    const throwaway = throwawayPostgresDatabase();
    if (throwaway.error) {
      notes.push(
        `postgres skipped: could not create a database on ${POSTGRES_ADMIN_URL}: ${throwaway.error}`,
      );
      continue;
    }
    try {
      results.postgres = await benchDatabase('postgres', {
        TILLPOINT_DATABASE_URL: throwaway.url,
        ...(process.env.BENCH_PG_POOL_MAX ? { TILLPOINT_PG_POOL_MAX: process.env.BENCH_PG_POOL_MAX } : {}),
        ...(process.env.BENCH_PG_NAMED_STATEMENTS
          ? { TILLPOINT_PG_NAMED_STATEMENTS: process.env.BENCH_PG_NAMED_STATEMENTS }
          : {}),
      });
    } finally {
      const dropped = throwaway.drop();
      if (!dropped.ok) notes.push(`could not drop database ${throwaway.name}: ${dropped.error}`);
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
  const daemon = await startOrdersDaemon({ name: `orders-${dialect}`, users: USERS, env });
  const { api, tokens } = daemon;
  try {
    // Phase 1: order creation.
    const createOrders = (duration) =>
      orderLoad({ url: `${daemon.url}/v1/orders`, tokens, connections: CONNECTIONS, duration });
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
    const stock = checkStock({
      stocks: await daemon.stocks(),
      answered: (warmCreate['2xx'] ?? 0) + (create['2xx'] ?? 0),
      connections: CONNECTIONS,
      phases: 2,
    });

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
      stockCheck: stock.text,
      phases,
    };
  } finally {
    await daemon.stop();
  }
}
