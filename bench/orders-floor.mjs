// The floor of our own stack (issue 13): `POST /v1/orders` on the daemon (`--log-level warn`, rate limits raised so
// they run but never trip) against a bare Fastify 5 server doing the same durable work (bench/floor/
// orders-floor-server.mjs: per line a guarded stock update; the order, its lines, its first history entry,
// `order.created` and the idempotency record, in one transaction), in one run, one after the other, each in its own
// child process with the same requests (2 lines, a fresh `Idempotency-Key` each, the same bearer tokens, which the
// floor ignores), connections and duration, so every figure is a ratio to something measured beside it.
// - sqlite: the daemon on SQLite against better-sqlite3 (WAL, `synchronous=FULL`) once with a commit per order and
//   once with group commit. Targets: ≥ 40 % of the group-commit floor's orders/s, p99 < 30 ms.
// - postgres: the daemon and a bare Fastify + `pg` (the daemon's default pool of 10), each on a throwaway database
//   (`tp_bench_<random>` on TILLPOINT_BENCH_POSTGRES_URL, dropped at the end). Target (issue 13, absolute):
//   ≥ 1,500 orders/s with p99 < 50 ms; the floor says what this machine allows any server built on `pg`, and, when
//   `pgbench` is installed, PostgreSQL alone runs the floor's transaction (bench/floor/orders-pgbench.sql).
// Every status is counted; afterwards each server's stock must have dropped by the orders it created.
// Usage: node bench/orders-floor.mjs [seconds=10] [connections=64] [database=sqlite|postgres]
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  DAEMON_BIN,
  figures,
  jsonClient,
  loadAverage,
  POSTGRES_ADMIN_URL,
  printTable,
  ROOT,
  requireBuilt,
  round,
  startServerProcess,
  throwawayPostgresDatabase,
  uptime,
  writeResult,
} from './bench-support.mjs';
import { checkStock, ORDER_SKUS, orderLoad, settledStocks, startOrdersDaemon } from './orders-fixture.mjs';

const SECONDS = Number(process.argv[2] ?? 10);
const CONNECTIONS = Number(process.argv[3] ?? 64);
const DATABASE = process.argv[4] ?? 'sqlite';
const WARMUP_SECONDS = 2;
const USERS = 8;
const FLOOR_SERVER = join(ROOT, 'bench/floor/orders-floor-server.mjs');
const PGBENCH_SCRIPT = join(ROOT, 'bench/floor/orders-pgbench.sql');
const PLANS = {
  sqlite: {
    title: 'SQLite',
    floors: [
      ['perOrder', 'per-order', 'floor, a commit per order'],
      ['group', 'group', 'floor, group commit'],
    ],
    targets: { daemonOverGroupFloor: 0.4, daemonP99Ms: 30 },
  },
  postgres: {
    title: 'PostgreSQL',
    floors: [['pg', 'postgres', 'floor, Fastify + pg']],
    targets: { daemonOrdersPerSecond: 1500, daemonP99Ms: 50 },
  },
};
const plan = PLANS[DATABASE];
if (!plan) throw new Error(`unknown database ${DATABASE}: use sqlite or postgres`);
const DAEMON_NAME = `tillpointd POST /v1/orders (${plan.title})`;

requireBuilt(DAEMON_BIN, 'run `pnpm build` first');

const loadBefore = loadAverage();
const servers = {};
const names = {};
const databases = [];
/** PostgreSQL alone doing the floor's transaction (pgbench), when pgbench is installed. */
let ceiling;
try {
  const daemon = await startOrdersDaemon({
    name: 'orders-floor',
    users: USERS,
    env: DATABASE === 'postgres' ? { TILLPOINT_DATABASE_URL: throwaway().url } : {},
  });
  const tokens = daemon.tokens;
  servers[DAEMON_NAME] = await measure(`${daemon.url}/v1/orders`, daemon, tokens);
  for (const [key, mode, name] of plan.floors) {
    names[key] = name;
    const env = mode === 'postgres' ? { FLOOR_POSTGRES_URL: throwaway().url } : undefined;
    const floor = await startServerProcess(FLOOR_SERVER, [mode, ORDER_SKUS.join(',')], { env });
    const base = `http://127.0.0.1:${floor.port}`;
    const api = jsonClient(base);
    servers[name] = await measure(
      `${base}/orders`,
      { stocks: async () => Object.values(await api('GET', '/stock')), stop: floor.stop },
      tokens,
    );
    if (env) ceiling = pgbenchCeiling(env.FLOOR_POSTGRES_URL);
  }
} finally {
  for (const database of databases) database.drop();
}
const loadAfter = loadAverage();

/**
 * The floor's transaction run by pgbench on the floor's database (its tables and products are there), with as many
 * connections as the daemon's pool and one thread per core of this machine: PostgreSQL's ceiling for this work here.
 */
function pgbenchCeiling(url) {
  const run = spawnSync(
    'pgbench',
    ['-n', '-M', 'prepared', '-c', '10', '-j', '2', '-T', String(SECONDS), '-f', PGBENCH_SCRIPT, url],
    { encoding: 'utf8', timeout: (SECONDS + 60) * 1000 },
  );
  if (run.error || run.status !== 0) return { skipped: String(run.error?.message ?? run.stderr).trim() };
  const tps = Number(/tps = ([\d.]+)/.exec(run.stdout)?.[1]);
  const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(run.stdout)?.[1]);
  return { transactionsPerSecond: round(tps, 0), latencyAverageMs: round(latencyMs, 1), connections: 10 };
}

/** A fresh PostgreSQL database, dropped when the run ends. */
function throwaway() {
  const database = throwawayPostgresDatabase();
  if (database.error) throw new Error(`cannot create a database on ${POSTGRES_ADMIN_URL}: ${database.error}`);
  databases.push(database);
  return database;
}

// --- Report.
printTable(
  `POST orders, ${plan.title}, 127.0.0.1, ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s each`,
  ['server', 'req/s', 'p50 ms', 'p99 ms', 'max ms', '2xx', 'non-2xx', 'errors'],
  Object.entries(servers).map(([name, m]) => [
    name,
    m.requestsPerSecond,
    m.latencyP50Ms,
    m.latencyP99Ms,
    m.latencyMaxMs,
    m.ok,
    m.non2xx,
    m.errors + m.timeouts,
  ]),
);
const ours = servers[DAEMON_NAME];
const rate = (key) => servers[names[key]].requestsPerSecond;
const percent = (ratio) => `${round(ratio * 100, 1)} %`;
const verdict = (met) => (met ? 'met' : 'MISSED');
const TARGETS = plan.targets;
const lines = [''];
let ratios;
let verdicts;
if (DATABASE === 'sqlite') {
  ratios = {
    daemonOverPerOrderFloor: round(ours.requestsPerSecond / rate('perOrder'), 3),
    daemonOverGroupFloor: round(ours.requestsPerSecond / rate('group'), 3),
    groupOverPerOrderFloor: round(rate('group') / rate('perOrder'), 3),
  };
  verdicts = {
    daemonOverGroupFloor: verdict(ratios.daemonOverGroupFloor >= TARGETS.daemonOverGroupFloor),
    daemonP99: verdict(ours.latencyP99Ms < TARGETS.daemonP99Ms),
  };
  lines.push(
    `daemon / floor with a commit per order = ${percent(ratios.daemonOverPerOrderFloor)}`,
    `daemon / floor with group commit = ${percent(ratios.daemonOverGroupFloor)} (target ≥ ${percent(
      TARGETS.daemonOverGroupFloor,
    )}: ${verdicts.daemonOverGroupFloor})`,
    `floor: group commit / a commit per order = ${round(ratios.groupOverPerOrderFloor, 2)}×`,
  );
} else {
  ratios = { daemonOverFloor: round(ours.requestsPerSecond / rate('pg'), 3) };
  verdicts = {
    daemonOrdersPerSecond: verdict(ours.requestsPerSecond >= TARGETS.daemonOrdersPerSecond),
    floorOrdersPerSecond: verdict(rate('pg') >= TARGETS.daemonOrdersPerSecond),
    daemonP99: verdict(ours.latencyP99Ms < TARGETS.daemonP99Ms),
  };
  lines.push(
    `daemon ${ours.requestsPerSecond} orders/s (target ≥ ${TARGETS.daemonOrdersPerSecond}: ${verdicts.daemonOrdersPerSecond})`,
    `daemon / floor (Fastify + pg) = ${percent(ratios.daemonOverFloor)}; the floor itself ${rate('pg')} orders/s (${
      verdicts.floorOrdersPerSecond === 'met' ? 'reaches' : 'does not reach'
    } the target)`,
    ceiling?.transactionsPerSecond
      ? `PostgreSQL alone, the floor's transaction from pgbench (C client, no HTTP, ${ceiling.connections} connections): ${ceiling.transactionsPerSecond} per s, latency average ${ceiling.latencyAverageMs} ms`
      : `PostgreSQL alone (pgbench): not measured: ${ceiling?.skipped ?? 'no floor database'}`,
  );
}
lines.push(`daemon p99 ${ours.latencyP99Ms} ms (target < ${TARGETS.daemonP99Ms} ms: ${verdicts.daemonP99})`);
for (const [name, m] of Object.entries(servers)) {
  lines.push(
    `${name}: stock check: ${m.stockCheck}; load average ${m.loadAverage.before} → ${m.loadAverage.after}`,
  );
  if (m.non2xx > 0 || m.errors > 0 || m.timeouts > 0 || !m.stockCheck.startsWith('ok')) {
    process.exitCode = 1; // the figures measure failures, not the work
    lines.push(
      `warning: ${name}: status codes ${JSON.stringify(m.statusCodes)}, ${m.errors} errors, ${m.timeouts} timeouts`,
    );
  }
}
lines.push(`load average (1, 5, 15 min) ${loadBefore} → ${loadAfter}`);
process.stdout.write(`${lines.join('\n')}\n`);
await writeResult(DATABASE === 'sqlite' ? 'orders-floor' : 'orders-floor-postgres', {
  database: DATABASE,
  seconds: SECONDS,
  warmupSeconds: WARMUP_SECONDS,
  connections: CONNECTIONS,
  users: USERS,
  uptime: uptime(),
  loadAverage: { before: loadBefore, after: loadAfter },
  targets: TARGETS,
  verdicts,
  ratios,
  servers,
  ...(ceiling ? { postgresAlone: ceiling } : {}),
});

/** Warms `url` up, measures it, checks its stock and stops its server. */
async function measure(url, server, tokens) {
  try {
    const before = loadAverage();
    const load = (duration) => orderLoad({ url, tokens, connections: CONNECTIONS, duration });
    const warm = await load(WARMUP_SECONDS); // not counted, but its orders count for the stock check
    const run = await load(SECONDS);
    const after = loadAverage();
    const stock = checkStock({
      stocks: await settledStocks(server.stocks),
      answered: (warm['2xx'] ?? 0) + (run['2xx'] ?? 0),
      connections: CONNECTIONS,
      phases: 2,
    });
    return { ...figures(run), stockCheck: stock.text, loadAverage: { before, after } };
  } finally {
    await server.stop();
  }
}
