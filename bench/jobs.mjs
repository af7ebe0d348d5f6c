// The job queue against the two queues people reach for, in one run on this machine:
// - Tillpoint's queue, through its HTTP API (auth, validation, one durable SQL row per job, workers in the daemon),
//   on SQLite;
// - BullMQ 6 on the local Redis, used in-process as a library;
// - pg-boss 10 (the last major for Node 20) on a throwaway PostgreSQL database, in-process.
// Each: N no-op jobs enqueued by 16 concurrent producers (enqueue rate), time until all are done (end to end), and
// the latency of single jobs on an idle queue (enqueue → done, 30 in a row). Workers: 8 at a time everywhere.
// Tillpoint pays for HTTP and auth on every enqueue; the others do not. Read the ratios with that in mind. Tillpoint
// runs twice on SQLite: one HTTP request per job, then batched (POST /v1/jobs/batch, 1,000 jobs per request, as
// `client.jobs.enqueueMany()` sends them); `batched-pg` runs the batched form on a throwaway PostgreSQL database
// (`tp_bench_<random>` on TILLPOINT_BENCH_POSTGRES_URL, dropped at the end), beside pg-boss on the same server.
// Usage: node bench/jobs.mjs [jobs=2000] [which=tillpoint,batched,batched-pg,bullmq,pg-boss]  (a subset, to profile one)
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents, Worker } from 'bullmq';
import PgBoss from 'pg-boss';
import {
  cleanEnv,
  DAEMON_BIN,
  percentile,
  printTable,
  requireBuilt,
  round,
  startDaemon,
  throwawayPostgresDatabase,
  uptime,
  writeResult,
} from './bench-support.mjs';

const N = Number(process.argv[2] ?? 2000);
const WHICH = new Set((process.argv[3] ?? 'tillpoint,batched,batched-pg,bullmq,pg-boss').split(','));
const PRODUCERS = 16;
const SINGLES = 30;
const REDIS = { host: '127.0.0.1', port: 6379 };
const POSTGRES_ADMIN_URL =
  process.env.TILLPOINT_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
requireBuilt(DAEMON_BIN, 'run `pnpm build` first');

/** Runs `task(i)` for i < count with `width` in flight; returns the elapsed ms. */
async function timed(count, width, task) {
  const began = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await task(next++);
    }),
  );
  return performance.now() - began;
}
async function until(check, what, timeoutMs = 300_000, everyMs = 5) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
const summary = (name, enqueueMs, totalMs, singles) => ({
  name,
  enqueuePerSecond: round((N / enqueueMs) * 1000, 0),
  endToEndPerSecond: round((N / totalMs) * 1000, 0),
  singleP50Ms: round(percentile(singles, 50), 1),
  singleP99Ms: round(percentile(singles, 99), 1),
});

/** The batch size of `POST /v1/jobs/batch`. */
const BATCH = 1_000;

async function tillpoint({ batched, postgres = false }) {
  const scratch = await mkdtemp(join(tmpdir(), 'tillpoint-bench-jobs-'));
  const throwaway = postgres ? throwawayPostgresDatabase() : undefined;
  if (throwaway?.error) throw new Error(`cannot create a PostgreSQL database: ${throwaway.error}`);
  const env = {
    TILLPOINT_RATE_LIMIT_MAX: '1000000000',
    TILLPOINT_WORKER_CONCURRENCY: '8',
    TILLPOINT_SCHEDULER: 'false',
    ...(throwaway ? { TILLPOINT_DATABASE_URL: throwaway.url } : {}),
  };
  const made = spawnSync(
    process.execPath,
    [
      DAEMON_BIN,
      'admin',
      'create',
      '--email',
      'b@example.com',
      '--password-stdin',
      '--data-dir',
      join(scratch, 'd'),
    ],
    {
      input: 'bench-password-0123',
      env: cleanEnv(env),
      encoding: 'utf8',
    },
  );
  if (made.status !== 0) {
    throwaway?.drop();
    throw new Error(made.stderr);
  }
  const daemon = await startDaemon({
    dataDir: join(scratch, 'd'),
    readyFile: join(scratch, 'ready.json'),
    env,
  });
  try {
    const call = async (method, path, body, token) => {
      const response = await fetch(`${daemon.url}${path}`, {
        method,
        headers: {
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      return response.json();
    };
    const token = (
      await call('POST', '/v1/auth/login', { email: 'b@example.com', password: 'bench-password-0123' })
    ).accessToken;
    // The newest job (ids sort by creation): the drain waits on it with a long poll, then confirms the queue is empty.
    let newest = '';
    const note = (id) => {
      if (id > newest) newest = id;
    };
    const began = performance.now();
    const enqueueMs = batched
      ? await timed(Math.ceil(N / BATCH), PRODUCERS, async (i) => {
          const answer = await call(
            'POST',
            '/v1/jobs/batch',
            {
              jobs: Array.from({ length: Math.min(BATCH, N - i * BATCH) }, () => ({
                type: 'system.probe',
                params: {},
              })),
            },
            token,
          );
          for (const entry of answer.data) note(entry.job.id);
        })
      : await timed(N, PRODUCERS, async () =>
          note((await call('POST', '/v1/jobs', { type: 'system.probe', params: {} }, token)).id),
        );
    // Polling the queue counts every few ms costs the daemon more than the jobs do (each count reads the whole
    // backlog); BullMQ's drain is a counter in this process. So: a long poll on the newest job (FIFO: it is among
    // the last to run), then the counts until both are zero.
    await call('GET', `/v1/jobs/${newest}?wait=60`, undefined, token);
    await until(
      async () => {
        const queue = (await call('GET', '/v1/queues', undefined, token)).data.find(
          (q) => q.name === 'data-processing',
        );
        return queue.pending === 0 && queue.running === 0;
      },
      'tillpoint drain',
      300_000,
      20,
    );
    const totalMs = performance.now() - began;
    const singles = [];
    for (let i = 0; i < SINGLES; i++) {
      const start = performance.now();
      const job = await call('POST', '/v1/jobs', { type: 'system.probe', params: {} }, token);
      const done = await call('GET', `/v1/jobs/${job.id}?wait=10`, undefined, token);
      if (done.status !== 'succeeded') throw new Error(`job ${job.id} ${done.status}`);
      singles.push(performance.now() - start);
    }
    const database = postgres ? 'PostgreSQL' : 'SQLite';
    return summary(
      batched ? `tillpoint batched (HTTP, ${database})` : `tillpoint (HTTP, ${database})`,
      enqueueMs,
      totalMs,
      singles,
    );
  } finally {
    await daemon.stop();
    throwaway?.drop();
    await rm(scratch, { recursive: true, force: true });
  }
}

async function bullmq() {
  const name = `bench-${randomBytes(4).toString('hex')}`;
  const queue = new Queue(name, { connection: REDIS });
  const events = new QueueEvents(name, { connection: REDIS });
  await events.waitUntilReady();
  let completed = 0;
  const worker = new Worker(name, async () => ({ ok: true }), { connection: REDIS, concurrency: 8 });
  worker.on('completed', () => completed++);
  try {
    const began = performance.now();
    const enqueueMs = await timed(N, PRODUCERS, (i) => queue.add('probe', { i }, { removeOnComplete: true }));
    await until(async () => completed >= N, 'bullmq drain');
    const totalMs = performance.now() - began;
    const singles = [];
    for (let i = 0; i < SINGLES; i++) {
      const start = performance.now();
      const job = await queue.add('probe', { single: i });
      await job.waitUntilFinished(events, 10_000);
      singles.push(performance.now() - start);
    }
    return summary('BullMQ 6 (Redis, in-process)', enqueueMs, totalMs, singles);
  } finally {
    await worker.close();
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
  }
}

async function pgBoss() {
  const db = `tp_bench_pgboss_${randomBytes(4).toString('hex')}`;
  const psql = (sql) => spawnSync('psql', [POSTGRES_ADMIN_URL, '-qAtc', sql], { encoding: 'utf8' });
  if (psql(`create database ${db}`).status !== 0) throw new Error('cannot create the pg-boss database');
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${db}`;
  const boss = new PgBoss({ connectionString: url.toString(), max: 10 });
  boss.on('error', () => {});
  try {
    await boss.start();
    await boss.createQueue('probe');
    const done = new Set();
    await boss.work('probe', { batchSize: 8, pollingIntervalSeconds: 0.5 }, async (jobs) => {
      for (const job of jobs) done.add(job.id);
    });
    const began = performance.now();
    const enqueueMs = await timed(N, PRODUCERS, (i) => boss.send('probe', { i }));
    await until(async () => done.size >= N, 'pg-boss drain');
    const totalMs = performance.now() - began;
    const singles = [];
    for (let i = 0; i < SINGLES; i++) {
      const start = performance.now();
      const id = await boss.send('probe', { single: i });
      await until(async () => done.has(id), 'pg-boss single', 10_000);
      singles.push(performance.now() - start);
    }
    return summary('pg-boss 10 (PostgreSQL, in-process)', enqueueMs, totalMs, singles);
  } finally {
    await boss.stop({ graceful: false, close: true }).catch(() => {});
    psql(`drop database if exists ${db} with (force)`);
  }
}

const runs = {
  tillpoint: () => tillpoint({ batched: false }),
  batched: () => tillpoint({ batched: true }),
  'batched-pg': () => tillpoint({ batched: true, postgres: true }),
  bullmq,
  'pg-boss': pgBoss,
};
const results = [];
for (const [name, run] of Object.entries(runs)) if (WHICH.has(name)) results.push(await run());
printTable(
  `Job queues: ${N} no-op jobs, ${PRODUCERS} producers, 8 workers; ${SINGLES} single jobs on an idle queue`,
  ['queue', 'enqueue/s', 'end-to-end jobs/s', 'single p50 ms', 'single p99 ms'],
  results.map((r) => [r.name, r.enqueuePerSecond, r.endToEndPerSecond, r.singleP50Ms, r.singleP99Ms]),
);
await writeResult('jobs', { jobs: N, producers: PRODUCERS, uptime: uptime(), results });
