// The floor of our own stack (issue 13): `POST /v1/orders` on the daemon (SQLite, `--log-level warn`, rate limits
// raised so they run but never trip) against a bare Fastify 5 + better-sqlite3 server doing the same durable work
// (bench/floor/orders-floor-server.mjs: per line a guarded stock update; the order, its lines, its first history
// entry, `order.created` and the idempotency record, in one transaction; WAL, `synchronous=FULL`), once with a
// commit per order and once with group commit. All three in one run, one after the other, each in its own child
// process with the same requests (2 lines, a fresh `Idempotency-Key` each, the same bearer tokens, which the floor
// ignores), connections and duration, so every figure is a ratio to something measured beside it.
// Targets: the daemon serves ≥ 40 % of the group-commit floor's orders/s, with p99 < 30 ms.
// Every status is counted; afterwards each server's stock must have dropped by the orders it created.
// Usage: node bench/orders-floor.mjs [seconds=10] [connections=64]
import { join } from 'node:path';
import {
  DAEMON_BIN,
  figures,
  jsonClient,
  loadAverage,
  printTable,
  ROOT,
  requireBuilt,
  round,
  startServerProcess,
  uptime,
  writeResult,
} from './bench-support.mjs';
import { checkStock, ORDER_SKUS, orderLoad, settledStocks, startOrdersDaemon } from './orders-fixture.mjs';

const SECONDS = Number(process.argv[2] ?? 10);
const CONNECTIONS = Number(process.argv[3] ?? 64);
const WARMUP_SECONDS = 2;
const USERS = 8;
const TARGETS = { daemonOverGroupFloor: 0.4, daemonP99Ms: 30 };
const FLOOR_SERVER = join(ROOT, 'bench/floor/orders-floor-server.mjs');
const NAMES = {
  daemon: 'tillpointd POST /v1/orders',
  perOrder: 'floor, a commit per order',
  group: 'floor, group commit',
};

requireBuilt(DAEMON_BIN, 'run `pnpm build` first');

const loadBefore = loadAverage();
const servers = {};
const daemon = await startOrdersDaemon({ name: 'orders-floor', users: USERS });
const tokens = daemon.tokens;
servers[NAMES.daemon] = await measure(`${daemon.url}/v1/orders`, daemon);
for (const [key, mode] of [
  ['perOrder', 'per-order'],
  ['group', 'group'],
]) {
  const floor = await startServerProcess(FLOOR_SERVER, [mode, ORDER_SKUS.join(',')]);
  const base = `http://127.0.0.1:${floor.port}`;
  const api = jsonClient(base);
  servers[NAMES[key]] = await measure(`${base}/orders`, {
    stocks: async () => Object.values(await api('GET', '/stock')),
    stop: floor.stop,
  });
}
const loadAfter = loadAverage();

// --- Report.
printTable(
  `POST orders, SQLite, 127.0.0.1, ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s each`,
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
const ours = servers[NAMES.daemon];
const ratios = {
  daemonOverPerOrderFloor: round(ours.requestsPerSecond / servers[NAMES.perOrder].requestsPerSecond, 3),
  daemonOverGroupFloor: round(ours.requestsPerSecond / servers[NAMES.group].requestsPerSecond, 3),
  groupOverPerOrderFloor: round(
    servers[NAMES.group].requestsPerSecond / servers[NAMES.perOrder].requestsPerSecond,
    3,
  ),
};
const verdicts = {
  daemonOverGroupFloor: ratios.daemonOverGroupFloor >= TARGETS.daemonOverGroupFloor ? 'met' : 'MISSED',
  daemonP99: ours.latencyP99Ms < TARGETS.daemonP99Ms ? 'met' : 'MISSED',
};
const percent = (ratio) => `${round(ratio * 100, 1)} %`;
const lines = [
  '',
  `daemon / floor with a commit per order = ${percent(ratios.daemonOverPerOrderFloor)}`,
  `daemon / floor with group commit = ${percent(ratios.daemonOverGroupFloor)} (target ≥ ${percent(
    TARGETS.daemonOverGroupFloor,
  )}: ${verdicts.daemonOverGroupFloor})`,
  `daemon p99 ${ours.latencyP99Ms} ms (target < ${TARGETS.daemonP99Ms} ms: ${verdicts.daemonP99})`,
  `floor: group commit / a commit per order = ${round(ratios.groupOverPerOrderFloor, 2)}×`,
];
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
await writeResult('orders-floor', {
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
});

/** Warms `url` up, measures it, checks its stock and stops its server. */
async function measure(url, server) {
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
