// Cluster cost: `POST /v1/orders` and `GET /v1/orders/:id` through nginx with 1, 2 and 3 daemons on PostgreSQL and
// Redis (examples/cluster/local-cluster.mjs), next to one daemon on SQLite in the same run. On this 2-core machine
// more nodes cannot add cores: the point is what the cluster costs, and that it stays correct (no 5xx, stock
// consistent), not a speed-up.
// Usage: node bench/cluster.mjs [seconds=5] [connections=32]
// Needs PostgreSQL (TILLPOINT_BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres), Redis
// (TILLPOINT_BENCH_REDIS_URL, default redis://127.0.0.1:6379) and nginx (installed from Debian when missing).
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startLocalCluster } from '../examples/cluster/local-cluster.mjs';
import {
  cleanEnv,
  DAEMON_BIN,
  figures,
  loadAverage,
  printTable,
  requireBuilt,
  round,
  signUp,
  startDaemon,
  uptime,
  writeResult,
} from './bench-support.mjs';

const SECONDS = Number(process.argv[2] ?? 5);
const CONNECTIONS = Number(process.argv[3] ?? 32);
const PASSWORD = 'bench-password-0123';
const POSTGRES_ADMIN_URL =
  process.env.TILLPOINT_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.TILLPOINT_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ENV = {
  TILLPOINT_LOG_LEVEL: 'warn',
  TILLPOINT_RATE_LIMIT_MAX: '1000000000',
  TILLPOINT_AUTH_RATE_LIMIT_MAX: '1000000000',
  TILLPOINT_BCRYPT_COST: '10',
};
const USERS = 4;

requireBuilt(DAEMON_BIN, 'run `pnpm build` first');

const results = {};
const before = loadAverage();
results['sqlite, 1 daemon, direct'] = await benchSqlite();
for (const nodes of [1, 2, 3])
  results[`postgres+redis, ${nodes} daemon(s), nginx`] = await benchCluster(nodes);
const after = loadAverage();

const rows = [];
for (const [setup, r] of Object.entries(results)) {
  for (const [phase, m] of Object.entries(r)) {
    rows.push([
      setup,
      phase,
      m.requestsPerSecond,
      m.latencyP50Ms,
      m.latencyP99Ms,
      m.ok,
      m.non2xx,
      m.errors + m.timeouts,
    ]);
  }
}
printTable(
  `Cluster cost, ${CONNECTIONS} connections, ${SECONDS} s per phase (2 shared cores)`,
  ['setup', 'phase', 'req/s', 'p50 ms', 'p99 ms', '2xx', 'non-2xx', 'errors'],
  rows,
);
const base = results['sqlite, 1 daemon, direct']['POST /v1/orders'].requestsPerSecond;
process.stdout.write('\nPOST /v1/orders relative to one SQLite daemon in this run:\n');
for (const [setup, r] of Object.entries(results)) {
  process.stdout.write(`  ${setup}: ${round((r['POST /v1/orders'].requestsPerSecond / base) * 100, 0)} %\n`);
}
process.stdout.write(`load average ${before} → ${after}\n`);
if (rows.some((row) => row[6] > 0 || row[7] > 0)) process.exitCode = 1;
await writeResult('cluster', { seconds: SECONDS, connections: CONNECTIONS, uptime: uptime(), results });

async function benchSqlite() {
  const scratch = await mkdtemp(join(tmpdir(), 'tillpoint-bench-cluster-sqlite-'));
  try {
    const dataDir = join(scratch, 'data');
    adminCreate(['--data-dir', dataDir]);
    const daemon = await startDaemon({ dataDir, readyFile: join(scratch, 'ready.json'), env: ENV });
    try {
      return await phases(daemon.url);
    } finally {
      await daemon.stop();
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function benchCluster(nodes) {
  const name = `tp_bench_cluster_${randomBytes(5).toString('hex')}`;
  psql(`create database ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const scratch = await mkdtemp(join(tmpdir(), 'tillpoint-bench-cluster-'));
  try {
    adminCreate(['--database-url', url.toString(), '--data-dir', join(scratch, 'admin')]);
    const cluster = await startLocalCluster({
      nodes,
      databaseUrl: url.toString(),
      redisUrl: REDIS_URL,
      env: ENV,
    });
    try {
      return await phases(cluster.url);
    } finally {
      await cluster.stop();
    }
  } finally {
    psql(`drop database if exists ${name} with (force)`);
    await rm(scratch, { recursive: true, force: true });
  }
}

function adminCreate(args) {
  const created = spawnSync(
    process.execPath,
    [DAEMON_BIN, 'admin', 'create', '--email', 'bench@example.com', '--password-stdin', ...args],
    {
      input: PASSWORD,
      env: cleanEnv(ENV),
      encoding: 'utf8',
    },
  );
  if (created.status !== 0) throw new Error(`admin create failed: ${created.stderr}`);
}

function psql(statement) {
  const run = spawnSync('psql', [POSTGRES_ADMIN_URL, '-qAtc', statement], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`psql failed: ${run.stderr}`);
}

/** Seeds two products and a few buyers, then runs the two load phases against `base`. */
async function phases(base) {
  const api = async (method, path, body, token) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const admin = await api('POST', '/v1/auth/login', { email: 'bench@example.com', password: PASSWORD });
  for (const sku of ['CL-A', 'CL-B']) {
    await api(
      'POST',
      '/v1/products',
      { sku, name: sku, price: 1000, currency: 'EUR', stock: 1_000_000_000 },
      admin.accessToken,
    );
  }
  const tokens = [];
  for (let i = 0; i < USERS; i++) {
    tokens.push(await signUp(api, `b${i}@example.com`, PASSWORD));
  }
  const body = JSON.stringify({
    items: [
      { sku: 'CL-A', quantity: 1 },
      { sku: 'CL-B', quantity: 1 },
    ],
  });
  let next = 0;
  const create = await autocannon({
    url: `${base}/v1/orders`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        method: 'POST',
        setupRequest(req) {
          req.headers['idempotency-key'] = randomUUID();
          req.headers.authorization = `Bearer ${tokens[next++ % tokens.length]}`;
          req.body = body;
          return req;
        },
      },
    ],
  });
  const reads = [];
  for (const token of tokens) {
    for (const order of (await api('GET', '/v1/orders?limit=50', undefined, token)).data)
      reads.push({ token, id: order.id });
  }
  let nextRead = 0;
  const get = await autocannon({
    url: `${base}/v1/orders/${reads[0].id}`,
    connections: CONNECTIONS,
    duration: SECONDS,
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
  return { 'POST /v1/orders': figures(create), 'GET /v1/orders/:id': figures(get) };
}
