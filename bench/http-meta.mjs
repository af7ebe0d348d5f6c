// Throughput of `GET /v1/meta` on the real daemon (request IDs, zod serialization, error handling,
// logging at warn) against a bare Fastify hello-world, in the same run with the same load.
// Both servers run in their own child process; the load generator (autocannon) runs here.
// Target: the daemon serves at least 60 % of the bare server's requests per second.
// Usage: node bench/http-meta.mjs [seconds=10] [connections=50]
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import {
  DAEMON_BIN,
  printTable,
  ROOT,
  requireBuilt,
  round,
  startDaemon,
  startServerProcess,
  writeResult,
} from './bench-support.mjs';

if (process.argv[2] === '--bare-server') {
  // Child mode: a bare Fastify 5 (the daemon's own copy) answering one JSON route, no logger.
  const require = createRequire(join(ROOT, 'packages/daemon/package.json'));
  const Fastify = require('fastify');
  const app = Fastify({ logger: false });
  app.get('/', async () => ({ hello: 'world' }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`${app.server.address().port}\n`);
  process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
} else {
  await main();
}

async function main() {
  const seconds = Number(process.argv[2] ?? 10);
  const connections = Number(process.argv[3] ?? 50);
  const targetRatio = 0.6;
  requireBuilt(DAEMON_BIN, 'run `pnpm --filter @tillpoint/daemon build` first');

  const scratch = await mkdtemp(join(tmpdir(), 'tillpoint-bench-http-'));
  const daemon = await startDaemon({
    dataDir: join(scratch, 'data'),
    readyFile: join(scratch, 'ready.json'),
    logLevel: 'warn',
    // The per-principal rate limit (default 1000 requests per hour) would turn a load test into 429s:
    // raise it so the limiter still runs on every request but never trips.
    env: { TILLPOINT_RATE_LIMIT_MAX: '1000000000' },
  });
  const bare = await startServerProcess(fileURLToPath(import.meta.url), ['--bare-server']);
  try {
    const measured = {};
    for (const [name, url] of [
      ['tillpointd GET /v1/meta', `${daemon.url}/v1/meta`],
      ['bare fastify GET /', `http://127.0.0.1:${bare.port}/`],
    ]) {
      await load(url, 2, connections); // warm-up (JIT, connection set-up); not counted
      const result = await load(url, seconds, connections);
      if (result.non2xx > 0 || result.errors > 0) {
        throw new Error(`${name}: ${result.non2xx} non-2xx responses and ${result.errors} errors`);
      }
      measured[name] = {
        requestsPerSecond: round(result.requests.average, 0),
        latencyP50Ms: result.latency.p50,
        latencyP99Ms: result.latency.p99,
        requests: result.requests.total,
      };
    }
    const [ours, theirs] = Object.values(measured);
    const ratio = ours.requestsPerSecond / theirs.requestsPerSecond;
    printTable(
      `HTTP throughput, ${connections} connections, ${seconds} s each, 127.0.0.1`,
      ['server', 'req/s', 'p50 ms', 'p99 ms', 'requests'],
      Object.entries(measured).map(([name, m]) => [
        name,
        m.requestsPerSecond,
        m.latencyP50Ms,
        m.latencyP99Ms,
        m.requests,
      ]),
    );
    process.stdout.write(
      `\ntillpointd / bare fastify = ${round(ratio * 100, 1)} % (target ≥ ${targetRatio * 100} %: ${
        ratio >= targetRatio ? 'met' : 'MISSED'
      })\n`,
    );
    await writeResult('http-meta', {
      seconds,
      connections,
      targetRatio,
      ratio: round(ratio, 3),
      servers: measured,
    });
  } finally {
    await bare.stop();
    await daemon.stop();
    await rm(scratch, { recursive: true, force: true });
  }
}

function load(url, duration, connections) {
  return autocannon({ url, duration, connections });
}
