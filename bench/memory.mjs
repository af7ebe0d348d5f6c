// The daemon's memory (issue 13, item 7): resident set size (VmRSS in /proc/<pid>/status) of `tillpointd serve` on
// a fresh SQLite data dir, idle and after a load, to see what a small shop's box pays for it and whether memory
// comes back after a burst of traffic. Linux only (reads /proc).
// 1. Node's own floor, for scale: `node -e "setTimeout(()=>{},6000)"`, RSS 5 s after spawn.
// 2. Idle: the daemon (admin created offline beforehand, nothing else; `--log-level warn`) at ready, ready + 5 s
//    and ready + 15 s, without a single request. Target: < 100 MB at ready + 5 s.
// 3. Then the two products of orders-fixture.mjs and 8 buyers through the API, and a mixed load by 16 clients in
//    a closed loop over undici (16 connections), each turn: GET /v1/meta, GET /v1/products, POST /v1/orders (two
//    lines, a fresh Idempotency-Key), GET /v1/orders/:id of that order; rate limits raised so they never answer
//    429. 5 s warm-up, then the warm baseline (RSS once the warm-up's last answer is in), then SOAK seconds of the
//    same load, then IDLE seconds without requests (the client's connections closed). RSS sampled every second
//    throughout. Target: RSS at the end of the idle period within 20 % of the warm baseline. The idle period's
//    length matters: in the first runs RSS stayed flat for 50-54 s of idle, then fell by about 50 MB at once (V8
//    giving back heap), so a short idle period (`node bench/memory.mjs 10 10`) misses the fall; the report says
//    after how many idle seconds RSS came within the target for good.
// Reported: every figure above, the soak's peak, VmHWM (the kernel's high-water mark), the samples, the requests
// by route and status (non-2xx answers and errors are listed and make the exit code 1: the figures would then
// measure failures), and the load average, since other processes on the box move these figures.
// Usage: node bench/memory.mjs [soak seconds=60] [idle seconds=60]   (about 2.5 min by default)
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import {
  cleanEnv,
  DAEMON_BIN,
  jsonClient,
  loadAverage,
  printTable,
  requireBuilt,
  round,
  startDaemon,
  uptime,
  writeResult,
} from './bench-support.mjs';
import { ADMIN_EMAIL, BASE_ENV as ENV, ORDER_BODY, PASSWORD, seedOrderShop } from './orders-fixture.mjs';

const SOAK_SECONDS = Number(process.argv[2] ?? 60);
const IDLE_SECONDS = Number(process.argv[3] ?? 60);
const WARMUP_SECONDS = 5;
const CONNECTIONS = 16;
const USERS = 8;
const TARGETS = { idleRssMb: 100, endOverWarmRatio: 1.2 };
const ROUTES = ['GET /v1/meta', 'GET /v1/products', 'POST /v1/orders', 'GET /v1/orders/:id'];

requireBuilt(DAEMON_BIN, 'run `pnpm build` first');
if (!existsSync(`/proc/${process.pid}/status`)) {
  process.stderr.write('bench: memory.mjs reads /proc/<pid>/status and runs on Linux only\n');
  process.exit(2);
}

/** VmRSS, VmHWM, RssAnon and RssFile of a process, in MB (undefined once it has exited). */
function memoryOf(pid) {
  let status;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (field) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? Number.NaN);
  const mb = (field) => round(kb(field) / 1024);
  return { rssMb: mb('VmRSS'), hwmMb: mb('VmHWM'), anonMb: mb('RssAnon'), fileMb: mb('RssFile') };
}

// --- 1. Node's own floor: a process that does nothing for 6 s, sampled at 5 s.
const nodeBaseline = await new Promise((resolveBaseline, reject) => {
  const child = spawn(process.execPath, ['-e', 'setTimeout(()=>{},6000)'], {
    env: cleanEnv(),
    stdio: 'ignore',
  });
  let sample;
  const timer = setTimeout(() => {
    sample = memoryOf(child.pid);
  }, 5000);
  child.once('error', reject);
  child.once('exit', () => {
    clearTimeout(timer);
    if (sample) resolveBaseline(sample);
    else reject(new Error('node -e "setTimeout(()=>{},6000)" exited before its 5 s sample'));
  });
});

const scratch = await mkdtemp(join(tmpdir(), 'tillpoint-bench-memory-'));
let result;
try {
  result = await measure();
} finally {
  await rm(scratch, { recursive: true, force: true });
}

// --- Report.
const { idle, warmBaselineMb, soak, idleAfter, requests, failures } = result;
const idleRss = idle.ready5s.rssMb;
const endRss = idleAfter.end.rssMb;
const ratio = round(endRss / warmBaselineMb, 3);
const verdicts = {
  idleRss: idleRss < TARGETS.idleRssMb ? 'met' : 'MISSED',
  endOverWarm: ratio <= TARGETS.endOverWarmRatio ? 'met' : 'MISSED',
};
printTable(
  `tillpointd serve memory (RSS, MB), SQLite, ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up, ${SOAK_SECONDS} s soak, ${IDLE_SECONDS} s idle`,
  ['moment', 'RSS MB', 'anon MB', 'file MB', 'target'],
  [
    [
      'node -e "setTimeout(…, 6000)" at 5 s (for scale)',
      nodeBaseline.rssMb,
      nodeBaseline.anonMb,
      nodeBaseline.fileMb,
      '',
    ],
    ['daemon idle at ready', idle.ready.rssMb, idle.ready.anonMb, idle.ready.fileMb, ''],
    [
      'daemon idle at ready + 5 s',
      idle.ready5s.rssMb,
      idle.ready5s.anonMb,
      idle.ready5s.fileMb,
      `< ${TARGETS.idleRssMb}: ${verdicts.idleRss}`,
    ],
    ['daemon idle at ready + 15 s', idle.ready15s.rssMb, idle.ready15s.anonMb, idle.ready15s.fileMb, ''],
    ['warm baseline (after the warm-up load)', warmBaselineMb, '', '', ''],
    [`peak during the ${SOAK_SECONDS} s soak`, soak.peakMb, '', '', ''],
    ['at the end of the soak', soak.end.rssMb, soak.end.anonMb, soak.end.fileMb, ''],
    [
      `after ${IDLE_SECONDS} s idle`,
      endRss,
      idleAfter.end.anonMb,
      idleAfter.end.fileMb,
      `≤ ${round(TARGETS.endOverWarmRatio * 100, 0)} % of warm: ${verdicts.endOverWarm}`,
    ],
  ],
);
printTable(
  `Load (warm-up and soak), ${CONNECTIONS} clients in a closed loop, ${USERS} buyers`,
  ['route', 'requests', 'req/s in soak', 'non-2xx', 'errors'],
  ROUTES.map((route) => [
    route,
    requests[route].total,
    round(requests[route].soak / SOAK_SECONDS, 0),
    requests[route].non2xx,
    requests[route].errors,
  ]),
);
const lines = [
  '',
  `idle RSS 5 s after ready: ${idleRss} MB (target < ${TARGETS.idleRssMb} MB: ${verdicts.idleRss}); Node alone: ${nodeBaseline.rssMb} MB`,
  `after soak and idle: ${endRss} MB / warm baseline ${warmBaselineMb} MB = ${round(ratio * 100, 1)} % (target ≤ ${round(TARGETS.endOverWarmRatio * 100, 0)} %: ${verdicts.endOverWarm})`,
  `within ${round((TARGETS.endOverWarmRatio - 1) * 100, 0)} % of the warm baseline for good after: ${
    idleAfter.withinTargetAfterS === null
      ? `not within the ${IDLE_SECONDS} s idle period`
      : `${idleAfter.withinTargetAfterS} s idle`
  }`,
  `soak: min ${soak.minMb} MB, peak ${soak.peakMb} MB; idle period: min ${idleAfter.minMb} MB, max ${idleAfter.maxMb} MB; VmHWM at the end ${idleAfter.end.hwmMb} MB`,
  `load average (1, 5, 15 min) ${result.loadAverage.before} → ${result.loadAverage.after}`,
];
if (failures.length > 0) {
  process.exitCode = 1; // the figures measure failures, not the daemon's memory under its normal load
  lines.push('NON-2XX ANSWERS AND ERRORS (warm-up included):');
  for (const f of failures) lines.push(`  ${f.route}: ${f.status} × ${f.count}, e.g. ${f.sample}`);
} else lines.push('no non-2xx answer and no error, warm-up included');
process.stdout.write(`${lines.join('\n')}\n`);
await writeResult('memory', {
  soakSeconds: SOAK_SECONDS,
  idleSeconds: IDLE_SECONDS,
  warmupSeconds: WARMUP_SECONDS,
  connections: CONNECTIONS,
  users: USERS,
  uptime: uptime(),
  targets: TARGETS,
  verdicts,
  nodeBaseline,
  idleRssMb: idleRss,
  warmBaselineMb,
  soakPeakMb: soak.peakMb,
  endRssMb: endRss,
  endOverWarmRatio: ratio,
  ...result,
});

/** Seconds into `samples` from which every sample is at most `limitMb`, or null when the last one is over it. */
function settledAt(samples, limitMb) {
  let at = null;
  for (const { s, mb } of samples) {
    if (mb > limitMb) at = null;
    else at ??= s;
  }
  return at;
}

/** Spawns the daemon, samples it idle, loads it, lets it idle again; always stops it. */
async function measure() {
  const dataDir = join(scratch, 'data');
  const readyFile = join(scratch, 'ready.json');
  // The admin who creates the products: `tillpointd admin create` straight into the database, before serving,
  // so the serving process has seen no request at all when it is sampled idle.
  const created = spawnSync(
    process.execPath,
    [DAEMON_BIN, 'admin', 'create', '--email', ADMIN_EMAIL, '--password-stdin', '--data-dir', dataDir],
    { input: PASSWORD, env: cleanEnv(ENV), encoding: 'utf8', timeout: 60_000 },
  );
  if (created.status !== 0) throw new Error(`admin create failed: ${created.stderr}`);

  const before = loadAverage();
  const daemon = await startDaemon({ dataDir, readyFile, logLevel: 'warn', env: ENV });
  const readyAt = performance.now();
  const agent = new Agent({ connections: CONNECTIONS, keepAliveTimeout: 30_000 });
  let agentClosed = false;
  try {
    // The ready file carries the daemon's pid (startDaemon returns only its URL).
    const { pid } = JSON.parse(await readFile(readyFile, 'utf8'));
    const sample = () => {
      const memory = memoryOf(pid);
      if (!memory) throw new Error(`tillpointd (pid ${pid}) is gone`);
      return memory;
    };

    // --- 2. Idle: no request yet.
    const atReady = sample();
    await sleep(Math.max(0, readyAt + 5000 - performance.now()));
    const at5s = sample();
    await sleep(Math.max(0, readyAt + 15_000 - performance.now()));
    const at15s = sample();

    // --- 3. Fixtures: the two order products and the buyers.
    const api = jsonClient(daemon.url);
    const { tokens } = await seedOrderShop(api, USERS);
    const afterFixtures = sample();

    // The load: every client a closed loop of the four requests, counted by route and status.
    const requests = Object.fromEntries(
      ROUTES.map((route) => [route, { total: 0, soak: 0, non2xx: 0, errors: 0 }]),
    );
    const failures = new Map();
    let phase = 'warm-up';
    const send = async (route, method, path, { token, body } = {}) => {
      const counts = requests[route];
      counts.total++;
      if (phase === 'soak') counts.soak++;
      const headers = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['idempotency-key'] = randomUUID();
      }
      let status;
      let text;
      try {
        const response = await request(`${daemon.url}${path}`, { method, headers, body, dispatcher: agent });
        status = response.statusCode;
        text = await response.body.text();
      } catch (error) {
        counts.errors++;
        status = `error ${error.code ?? error.name}`;
        text = String(error.message);
      }
      if (typeof status === 'number' && status >= 200 && status < 300)
        return text ? JSON.parse(text) : undefined;
      if (typeof status === 'number') counts.non2xx++;
      const id = `${route} ${status}`;
      const known = failures.get(id);
      if (known) known.count++;
      else failures.set(id, { route, status, count: 1, sample: text.slice(0, 300) });
      return undefined;
    };
    const client = async (index, stopAt) => {
      const token = tokens[index % tokens.length];
      while (performance.now() < stopAt) {
        await send('GET /v1/meta', 'GET', '/v1/meta');
        await send('GET /v1/products', 'GET', '/v1/products');
        const order = await send('POST /v1/orders', 'POST', '/v1/orders', { token, body: ORDER_BODY });
        if (order?.id) await send('GET /v1/orders/:id', 'GET', `/v1/orders/${order.id}`, { token });
      }
    };
    const load = (seconds) => {
      const stopAt = performance.now() + seconds * 1000;
      return Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => client(i, stopAt)));
    };
    /** Samples RSS every second until `stop()`, which returns the samples (seconds since start, MB). */
    const sampler = () => {
      const began = performance.now();
      const samples = [];
      // Never throws (a timer's exception would skip the clean-up): a daemon gone leaves a gap, and the next
      // sample() outside the timer reports it.
      const take = () => {
        const memory = memoryOf(pid);
        if (memory) samples.push({ s: round((performance.now() - began) / 1000), mb: memory.rssMb });
      };
      take();
      const timer = setInterval(take, 1000);
      return () => {
        clearInterval(timer);
        take();
        return samples;
      };
    };

    // Warm-up, then the warm baseline once every client has had its last answer.
    await load(WARMUP_SECONDS);
    const warm = sample();

    // Soak.
    phase = 'soak';
    const stopSoakSampler = sampler();
    await load(SOAK_SECONDS);
    const soakSamples = stopSoakSampler();
    const soakEnd = sample();

    // Idle again: the client's connections closed, nothing sent.
    phase = 'idle';
    await agent.close();
    agentClosed = true;
    const stopIdleSampler = sampler();
    await sleep(IDLE_SECONDS * 1000);
    const idleSamples = stopIdleSampler();
    const idleEnd = sample();

    const mbs = (samples) => samples.map((s) => s.mb);
    return {
      loadAverage: { before, after: loadAverage() },
      pid,
      idle: { ready: atReady, ready5s: at5s, ready15s: at15s },
      afterFixtures,
      warm,
      warmBaselineMb: warm.rssMb,
      soak: {
        peakMb: Math.max(...mbs(soakSamples)),
        minMb: Math.min(...mbs(soakSamples)),
        end: soakEnd,
        samples: soakSamples,
      },
      idleAfter: {
        // When RSS came back within the target of the warm baseline for good (null: not within the idle period).
        withinTargetAfterS: settledAt(idleSamples, warm.rssMb * TARGETS.endOverWarmRatio),
        minMb: Math.min(...mbs(idleSamples)),
        maxMb: Math.max(...mbs(idleSamples)),
        end: idleEnd,
        samples: idleSamples,
      },
      requests,
      failures: [...failures.values()],
    };
  } finally {
    if (!agentClosed) await agent.destroy();
    await daemon.stop();
  }
}
