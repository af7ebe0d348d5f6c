// Event-stream fan-out: 200 SSE clients (admins, `order.created`) on one SQLite daemon while orders are created as
// fast as 16 connections can. Reports delivery latency (event createdAt → client receipt) p50/p99 and order
// throughput with and without the listeners, in one run.
// Usage: node bench/event-stream.mjs [seconds=8] [clients=200]
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Agent, request } from 'undici';
import {
  cleanEnv,
  DAEMON_BIN,
  figures,
  loadAverage,
  percentile,
  printTable,
  requireBuilt,
  round,
  signUp,
  startDaemon,
  uptime,
  writeResult,
} from './bench-support.mjs';

const SECONDS = Number(process.argv[2] ?? 8);
const CLIENTS = Number(process.argv[3] ?? 200);
const PASSWORD = 'bench-password-0123';
const ENV = {
  TILLPOINT_RATE_LIMIT_MAX: '1000000000',
  TILLPOINT_AUTH_RATE_LIMIT_MAX: '1000000000',
  TILLPOINT_BCRYPT_COST: '10',
};

requireBuilt(DAEMON_BIN, 'run `pnpm build` first');

const CREATED_AT = '"createdAt":"';
/**
 * The event's `createdAt` from one SSE frame, without parsing the whole event: the 200 clients run in this process,
 * on the daemon's two cores, and parsing every `order.created` payload (the order with its breakdown) 200 times over
 * cost this process more CPU than the fan-out costs the daemon. The event's own `createdAt` is its last key (after
 * `data`, which holds the order's), so the last occurrence is the one.
 */
function createdAtOf(frame) {
  const at = frame.lastIndexOf(CREATED_AT);
  return at === -1
    ? undefined
    : frame.slice(at + CREATED_AT.length, frame.indexOf('"', at + CREATED_AT.length));
}
const scratch = await mkdtemp(join(tmpdir(), 'tillpoint-bench-sse-'));
const dataDir = join(scratch, 'data');
const created = spawnSync(
  process.execPath,
  [DAEMON_BIN, 'admin', 'create', '--email', 'bench@example.com', '--password-stdin', '--data-dir', dataDir],
  {
    input: PASSWORD,
    env: cleanEnv(ENV),
    encoding: 'utf8',
  },
);
if (created.status !== 0) throw new Error(created.stderr);
const daemon = await startDaemon({ dataDir, readyFile: join(scratch, 'ready.json'), env: ENV });
const before = loadAverage();
try {
  const api = async (method, path, body, token) => {
    const response = await fetch(`${daemon.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return response.json();
  };
  const admin = (await api('POST', '/v1/auth/login', { email: 'bench@example.com', password: PASSWORD }))
    .accessToken;
  await api(
    'POST',
    '/v1/products',
    { sku: 'SSE', name: 'SSE', price: 100, currency: 'EUR', stock: 1_000_000_000 },
    admin,
  );
  const buyer = await signUp(api, 'buyer@example.com', PASSWORD);
  const orders = () =>
    autocannon({
      url: `${daemon.url}/v1/orders`,
      method: 'POST',
      connections: 16,
      duration: SECONDS,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${buyer}` },
      requests: [
        {
          method: 'POST',
          setupRequest(req) {
            req.headers['idempotency-key'] = randomUUID();
            req.body = JSON.stringify({ items: [{ sku: 'SSE', quantity: 1 }] });
            return req;
          },
        },
      ],
    });

  const alone = await orders();

  const latencies = [];
  const agent = new Agent({ connections: CLIENTS + 10 });
  const controllers = [];
  const readers = [];
  for (let i = 0; i < CLIENTS; i++) {
    const controller = new AbortController();
    controllers.push(controller);
    const response = await request(`${daemon.url}/v1/events/stream?types=order.created`, {
      dispatcher: agent,
      headers: { authorization: `Bearer ${admin}` },
      signal: controller.signal,
    });
    readers.push(
      (async () => {
        let buffer = '';
        try {
          for await (const chunk of response.body) {
            buffer += chunk.toString();
            let end = buffer.indexOf('\n\n');
            while (end !== -1) {
              const createdAt = createdAtOf(buffer.slice(0, end));
              if (createdAt) latencies.push(Date.now() - Date.parse(createdAt));
              buffer = buffer.slice(end + 2);
              end = buffer.indexOf('\n\n');
            }
          }
        } catch {
          // aborted at the end
        }
      })(),
    );
  }
  const withClients = await orders();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  for (const controller of controllers) controller.abort();
  await Promise.all(readers);
  await agent.close();

  const a = figures(alone);
  const b = figures(withClients);
  printTable(
    `Event stream fan-out: ${CLIENTS} SSE clients, POST /v1/orders with 16 connections, ${SECONDS} s`,
    ['phase', 'orders/s', 'p50 ms', 'p99 ms', 'non-2xx'],
    [
      ['no listeners', a.requestsPerSecond, a.latencyP50Ms, a.latencyP99Ms, a.non2xx],
      [`${CLIENTS} listeners`, b.requestsPerSecond, b.latencyP50Ms, b.latencyP99Ms, b.non2xx],
    ],
  );
  const delivery = {
    deliveries: latencies.length,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.reduce((max, value) => Math.max(max, value), 0),
  };
  process.stdout.write(
    `\ndelivery latency over ${delivery.deliveries} deliveries: p50 ${delivery.p50Ms} ms, p99 ${delivery.p99Ms} ms, max ${delivery.maxMs} ms\n` +
      `order throughput with listeners: ${round((b.requestsPerSecond / a.requestsPerSecond) * 100, 0)} % of without\n` +
      `load average ${before} → ${loadAverage()}\n`,
  );
  await writeResult('event-stream', {
    seconds: SECONDS,
    clients: CLIENTS,
    uptime: uptime(),
    alone: a,
    withClients: b,
    delivery,
  });
} finally {
  await daemon.stop();
  await rm(scratch, { recursive: true, force: true });
}
