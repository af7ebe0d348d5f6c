// Authentication under load, on the real daemon (SQLite, `--log-level warn`, rate limits raised so they run but
// never trip). Two parts, each in one run so the ratios share the machine's load:
// 1. Login throughput: `POST /v1/auth/login` with correct passwords, spread over several accounts, at 50
//    connections. Each login is one bcrypt verify (cost 12 by default) on libuv's thread pool, so logins/s is
//    about bcrypt hashes/s. Meanwhile a second load generator with 1 connection times `GET /healthz`: the event
//    loop must stay responsive (target p99 < 20 ms). The same probe also runs alone first, as the baseline.
// 2. Authenticated `GET /v1/me` (bearer access token) against unauthenticated `GET /v1/meta`, same connections
//    and duration: target ≥ 70 % of the unauthenticated req/s.
// Every response status is counted; non-2xx responses are reported, never silently measured.
//    A third load generator times authenticated `GET /v1/me` during the logins: its token check waits for the
//    thread pool too.
// Usage: node bench/auth.mjs [seconds=10] [connections=50] [accounts=10] [login-seconds=30]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import {
  DAEMON_BIN,
  figures,
  jsonClient,
  loadAverage,
  printTable,
  requireBuilt,
  round,
  startDaemon,
  uptime,
  writeResult,
} from './bench-support.mjs';

const SECONDS = Number(process.argv[2] ?? 10);
const CONNECTIONS = Number(process.argv[3] ?? 50);
const ACCOUNTS = Number(process.argv[4] ?? 10);
// The login phase is longer than the others: at a few bcrypt verifies per second, 50 connections need about
// 50 / rate seconds before the first login answers (see docs/benchmarks.md).
const LOGIN_SECONDS = Number(process.argv[5] ?? 30);
const PROBE_CONNECTIONS = 1;
// Slow answers are measured, not dropped: autocannon's default 10 s timeout would discard every login.
const TIMEOUT_SECONDS = 60;
const HEALTHZ_P99_TARGET_MS = 20;
const RATIO_TARGET = 0.7;
const PASSWORD = 'bench-password-0123';

requireBuilt(DAEMON_BIN, 'run `pnpm --filter @tillpoint/daemon build` first');

const scratch = await mkdtemp(join(tmpdir(), 'tillpoint-bench-auth-'));
const daemon = await startDaemon({
  dataDir: join(scratch, 'data'),
  readyFile: join(scratch, 'ready.json'),
  logLevel: 'warn',
  env: {
    TILLPOINT_LOG_LEVEL: 'warn',
    TILLPOINT_LOG_FORMAT: 'json',
    TILLPOINT_RATE_LIMIT_MAX: '1000000000',
    TILLPOINT_AUTH_RATE_LIMIT_MAX: '1000000000',
  },
});
/** One JSON request to the daemon; throws on a non-2xx answer. */
const api = jsonClient(daemon.url);

try {
  // Accounts: registered once (each registration is a bcrypt hash), then logged in by the load.
  const accounts = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const email = `bench-${i}@example.com`;
    await api('POST', '/v1/auth/register', { email, password: PASSWORD });
    accounts.push({ email, password: PASSWORD });
  }
  const { accessToken } = await api('POST', '/v1/auth/login', accounts[0]);

  // --- Part 1: logins, with /healthz probed alongside.
  const probeAlone = await load({ path: '/healthz', connections: PROBE_CONNECTIONS, duration: 3 });
  const loadBeforeLogin = loadAverage();
  let next = 0;
  const loginBodies = accounts.map((account) => JSON.stringify(account));
  const bearer = { authorization: `Bearer ${accessToken}` };
  const [loginRun, probeUnderLoad, meProbeUnderLoad] = await Promise.all([
    loadTimed({
      path: '/v1/auth/login',
      method: 'POST',
      connections: CONNECTIONS,
      duration: LOGIN_SECONDS,
      setupRequest(req) {
        req.body = loginBodies[next++ % loginBodies.length];
        return req;
      },
    }),
    load({ path: '/healthz', connections: PROBE_CONNECTIONS, duration: LOGIN_SECONDS }),
    load({ path: '/v1/me', connections: PROBE_CONNECTIONS, duration: LOGIN_SECONDS, headers: bearer }),
  ]);
  const logins = loginRun.result;
  const firstLoginMs = loginRun.times.length > 0 ? Math.round(loginRun.times[0] - loginRun.began) : null;
  const loadAfterLogin = loadAverage();
  // The daemon keeps working through the logins still queued when the load stops; wait for them, or they
  // would slow the next phase. One authenticated request queues behind them (see docs/benchmarks.md).
  const drainBegan = performance.now();
  await api('GET', '/v1/me', undefined, accessToken);
  const drainMs = Math.round(performance.now() - drainBegan);
  // Answers come in bursts (each login's token signing queues behind the other logins' bcrypt on the thread
  // pool), so count work done: every login sent was verified by the end of the drain.
  const loginsPerSecond = round(logins.requests.sent / (LOGIN_SECONDS + drainMs / 1000), 1);

  // --- Part 2: authenticated /v1/me against unauthenticated /v1/meta.
  await load({ path: '/v1/meta', connections: CONNECTIONS, duration: 2 }); // warm-up; not counted
  await load({ path: '/v1/me', connections: CONNECTIONS, duration: 2, headers: bearer });
  const loadBeforeMe = loadAverage();
  const meta = await load({ path: '/v1/meta', connections: CONNECTIONS, duration: SECONDS });
  const me = await load({ path: '/v1/me', connections: CONNECTIONS, duration: SECONDS, headers: bearer });
  const loadAfterMe = loadAverage();

  // --- Report.
  const rows = {
    'POST /v1/auth/login': logins,
    'GET /healthz alone': probeAlone,
    'GET /healthz during logins': probeUnderLoad,
    'GET /v1/me during logins': meProbeUnderLoad,
    'GET /v1/meta (no auth)': meta,
    'GET /v1/me (bearer)': me,
  };
  const measured = Object.fromEntries(Object.entries(rows).map(([name, r]) => [name, figures(r)]));
  printTable(
    `Authentication, 127.0.0.1, ${SECONDS} s per phase (logins ${LOGIN_SECONDS} s, over ${ACCOUNTS} accounts)`,
    ['phase', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'max ms', '2xx', 'non-2xx', 'errors'],
    Object.entries(measured).map(([name, m]) => [
      name,
      m.connections,
      m.requestsPerSecond,
      m.latencyP50Ms,
      m.latencyP99Ms,
      m.latencyMaxMs,
      m.ok,
      m.non2xx,
      m.errors,
    ]),
  );
  const healthzP99 = measured['GET /healthz during logins'].latencyP99Ms;
  const ratio =
    measured['GET /v1/me (bearer)'].requestsPerSecond / measured['GET /v1/meta (no auth)'].requestsPerSecond;
  const verdicts = {
    healthzP99DuringLogins: healthzP99 < HEALTHZ_P99_TARGET_MS ? 'met' : 'MISSED',
    meOverMeta: ratio >= RATIO_TARGET ? 'met' : 'MISSED',
  };
  process.stdout.write(
    [
      '',
      `logins/s ≈ bcrypt verifies/s (logins sent / (phase + drain)): ${loginsPerSecond}; answered within the phase: ${round(logins['2xx'] / LOGIN_SECONDS, 1)}/s; first login answered after ${firstLoginMs} ms`,
      `GET /healthz p99 during logins = ${healthzP99} ms (target < ${HEALTHZ_P99_TARGET_MS} ms: ${verdicts.healthzP99DuringLogins})`,
      `GET /v1/me / GET /v1/meta = ${round(ratio * 100, 1)} % (target ≥ ${RATIO_TARGET * 100} %: ${verdicts.meOverMeta})`,
      `after the login load stopped, one GET /v1/me took ${drainMs} ms (queued logins draining)`,
      `load average (1, 5, 15 min): logins ${loadBeforeLogin} → ${loadAfterLogin}; me/meta ${loadBeforeMe} → ${loadAfterMe}`,
      '',
    ].join('\n'),
  );
  // A probe that got no answer within the phase has no latency figures: say so rather than print zeros.
  for (const [name, m] of Object.entries(measured)) {
    if (m.requests === 0) process.stdout.write(`warning: ${name}: no response completed within the phase\n`);
  }
  const unexpected = Object.entries(measured).filter(([, m]) => m.non2xx > 0 || m.errors > 0);
  for (const [name, m] of unexpected) {
    process.stdout.write(
      `warning: ${name}: status codes ${JSON.stringify(m.statusCodes)}, ${m.errors} errors\n`,
    );
  }
  await writeResult('auth', {
    seconds: SECONDS,
    connections: CONNECTIONS,
    accounts: ACCOUNTS,
    bcryptCost: 12,
    uptime: uptime(),
    loadAverage: {
      beforeLogins: loadBeforeLogin,
      afterLogins: loadAfterLogin,
      beforeMeMeta: loadBeforeMe,
      afterMeMeta: loadAfterMe,
    },
    targets: { healthzP99Ms: HEALTHZ_P99_TARGET_MS, meOverMetaRatio: RATIO_TARGET },
    verdicts,
    ratioMeOverMeta: round(ratio, 3),
    drainAfterLoginsMs: drainMs,
    loginSeconds: LOGIN_SECONDS,
    loginsPerSecond,
    loginsSent: logins.requests.sent,
    firstLoginMs,
    phases: measured,
  });
  if (unexpected.length > 0) process.exitCode = 1;
} finally {
  await daemon.stop();
  await rm(scratch, { recursive: true, force: true });
}

function load({ path, method = 'GET', connections, duration, headers = {}, setupRequest }, callback) {
  return autocannon(
    {
      url: `${daemon.url}${path}`,
      method,
      connections,
      duration,
      timeout: TIMEOUT_SECONDS,
      headers: method === 'POST' ? { 'content-type': 'application/json', ...headers } : headers,
      ...(setupRequest ? { requests: [{ method, setupRequest }] } : {}),
    },
    callback,
  );
}

/** `load`, plus the time of every answer, so a rate can be taken over part of the phase. */
function loadTimed(options) {
  return new Promise((resolveRun, reject) => {
    const began = performance.now();
    const times = [];
    const instance = load(options, (error, result) =>
      error ? reject(error) : resolveRun({ result, times, began, ended: performance.now() }),
    );
    instance.on('response', () => times.push(performance.now()));
  });
}
