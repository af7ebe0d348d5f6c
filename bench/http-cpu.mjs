// The daemon's CPU time per request: utime + stime of `tillpointd serve` (from /proc/<pid>/stat, in clock ticks)
// over a fixed number of requests, after a warm-up. Unlike requests per second, this hardly moves when other
// processes share the box, so it is the figure to compare two builds with on a busy machine (ADR-063). Routes:
// `GET /v1/meta` (anonymous) and `GET /v1/me` (a signed-in customer: bearer token, session check, one read).
// autocannon runs in this process at 50 connections; rate limits are raised so every answer is a 200.
// Linux only. Usage: node bench/http-cpu.mjs [requests per route=200000] [runs=3]
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import {
  cpuSeconds,
  DAEMON_BIN,
  jsonClient,
  loadAverage,
  printTable,
  requireBuilt,
  round,
  signUp,
  startDaemon,
  writeResult,
} from './bench-support.mjs';

const REQUESTS = Number(process.argv[2] ?? 200_000);
const RUNS = Number(process.argv[3] ?? 3);
const CONNECTIONS = 50;

requireBuilt(DAEMON_BIN, 'run `pnpm build` first');
if (!existsSync(`/proc/${process.pid}/stat`)) {
  process.stderr.write('bench: http-cpu.mjs reads /proc/<pid>/stat and runs on Linux only\n');
  process.exit(2);
}

/** Sends `amount` requests; answers the daemon's CPU µs per request and the non-2xx count. */
async function measure(daemon, path, token, amount) {
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  const before = cpuSeconds(daemon.pid);
  const result = await autocannon({ url: `${daemon.url}${path}`, connections: CONNECTIONS, amount, headers });
  const used = cpuSeconds(daemon.pid) - before;
  return { microseconds: (used * 1e6) / amount, failures: result.non2xx + result.errors };
}

const scratch = await mkdtemp(join(tmpdir(), 'tp-bench-cpu-'));
const before = loadAverage();
const daemon = await startDaemon({
  dataDir: join(scratch, 'd'),
  readyFile: join(scratch, 'ready.json'),
  env: { TILLPOINT_RATE_LIMIT_MAX: '1000000000', TILLPOINT_AUTH_RATE_LIMIT_MAX: '1000000' },
});
const samples = { 'GET /v1/meta': [], 'GET /v1/me': [] };
let failures = 0;
try {
  const token = await signUp(jsonClient(daemon.url), 'cpu@example.com', 'bench-password-0123');
  const routes = [
    ['GET /v1/meta', '/v1/meta', undefined],
    ['GET /v1/me', '/v1/me', token],
  ];
  for (const [, path, credential] of routes) await measure(daemon, path, credential, REQUESTS / 4); // warm-up
  for (let run = 0; run < RUNS; run++) {
    for (const [name, path, credential] of routes) {
      const { microseconds, failures: failed } = await measure(daemon, path, credential, REQUESTS);
      samples[name].push(round(microseconds, 2));
      failures += failed;
    }
  }
} finally {
  await daemon.stop();
  await rm(scratch, { recursive: true, force: true });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
printTable(
  `tillpointd CPU per request (user + system), ${REQUESTS} requests per run, ${CONNECTIONS} connections`,
  ['route', 'median µs', 'runs µs'],
  Object.entries(samples).map(([name, values]) => [name, median(values), values.join(' / ')]),
);
process.stdout.write(
  `\nnon-2xx answers and errors: ${failures}; load average ${before} → ${loadAverage()}\n`,
);
await writeResult('http-cpu', {
  requests: REQUESTS,
  runs: RUNS,
  connections: CONNECTIONS,
  samples,
  failures,
});
if (failures > 0) process.exit(1);
