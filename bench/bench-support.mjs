// Helpers shared by the benchmarks: paths, spawning the built daemon, statistics, tables, result files.
// Benchmarks are run on purpose (`pnpm bench`), never by the test suite.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DAEMON_BIN = join(ROOT, 'packages/daemon/dist/main.js');
export const CLI_BIN = join(ROOT, 'packages/cli/bin/run.js');
export const RESULTS_DIR = join(ROOT, 'bench/results');
/** The PostgreSQL server on which benchmarks create (and drop) their throwaway databases. */
export const POSTGRES_ADMIN_URL =
  process.env.TILLPOINT_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Stops with a hint when a built artefact the benchmark needs is missing. */
export function requireBuilt(file, hint) {
  if (!existsSync(file)) {
    process.stderr.write(`bench: ${file} does not exist; ${hint}\n`);
    process.exit(2);
  }
}

/** process.env without TILLPOINT_* settings, so the operator's own settings never leak into a run. */
export function cleanEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('TILLPOINT_')) env[key] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ; 100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system, every thread) a process has used so far, from /proc/<pid>/stat; null off Linux. On
 * this shared box it moves far less between runs than requests per second, so it is the figure to compare builds by.
 */
export function cpuSeconds(pid) {
  if (!existsSync(`/proc/${pid}/stat`)) return null;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/**
 * Spawns `tillpointd serve` on 127.0.0.1 with a free port and resolves once its ready file exists.
 * Returns the elapsed milliseconds from spawn to the ready file, the URL and a `stop()`.
 */
export async function startDaemon({ dataDir, readyFile, logLevel = 'warn', env = {}, timeoutMs = 20_000 }) {
  const began = performance.now();
  const child = spawn(
    process.execPath,
    [
      // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the daemon under the benchmark's load.
      ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      DAEMON_BIN,
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--ready-file',
      readyFile,
      '--log-level',
      logLevel,
      '--log-format',
      'json',
    ],
    { env: cleanEnv(env), stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk.toString();
  });
  const exited = new Promise((resolveExit) =>
    child.once('exit', (code, signal) => resolveExit(code ?? `killed by ${signal}`)),
  );
  const deadline = began + timeoutMs;
  while (!existsSync(readyFile)) {
    if (child.exitCode !== null) throw new Error(`tillpointd exited with ${child.exitCode}:\n${stderr}`);
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`tillpointd not ready within ${timeoutMs} ms:\n${stderr}`);
    }
    await sleep(2);
  }
  const readyMs = performance.now() - began;
  const info = JSON.parse(await readFile(readyFile, 'utf8'));
  return {
    readyMs,
    url: info.url,
    port: info.port,
    pid: child.pid,
    /** SIGTERM, then the exit code, or `killed by <signal>` when the daemon had no handler installed yet. */
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await Promise.race([exited, sleep(15_000).then(() => 'timeout')]);
      if (code === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
      return code;
    },
  };
}

/**
 * Spawns `node <script> ...args`, a server of the benchmark's own (e.g. a bare Fastify to compare against), and
 * resolves with the port it prints as the first line of its stdout, and a `stop()` that resolves on its exit.
 */
export function startServerProcess(script, args = [], { timeoutMs = 10_000, env } = {}) {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: env ? { ...process.env, ...env } : process.env,
    });
    const exited = new Promise((resolveExit) =>
      child.once('exit', (code, signal) => resolveExit(code ?? signal)),
    );
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not print its port within ${timeoutMs} ms`));
    }, timeoutMs);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before printing its port`));
    });
    child.stdout.once('data', (chunk) => {
      clearTimeout(timer);
      resolveStart({
        port: Number(String(chunk).trim().split('\n')[0]),
        stop() {
          if (child.exitCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    });
  });
}

/**
 * autocannon POSTs of one JSON body; `perRequest()` gives the headers that change with every request (an
 * `Idempotency-Key`, the caller's token).
 */
export function postLoad({ url, body, connections, duration, perRequest = () => ({}) }) {
  return autocannon({
    url,
    method: 'POST',
    connections,
    duration,
    headers: { 'content-type': 'application/json' },
    body,
    requests: [
      {
        method: 'POST',
        setupRequest(req) {
          Object.assign(req.headers, perRequest());
          req.body = body;
          return req;
        },
      },
    ],
  });
}

/** Nearest-rank percentile of a list of numbers. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function summarize(values) {
  return {
    n: values.length,
    min: round(Math.min(...values)),
    p50: round(percentile(values, 50)),
    max: round(Math.max(...values)),
  };
}

export function round(value, digits = 1) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Prints rows (arrays of cells) as an aligned text table with a header row. */
export function printTable(title, header, rows) {
  const all = [header, ...rows].map((row) => row.map((cell) => String(cell)));
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  const line = (row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])));
  process.stdout.write(`\n${title}\n`);
  process.stdout.write(`${line(all[0]).join('  ')}\n`);
  process.stdout.write(`${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const row of all.slice(1)) process.stdout.write(`${line(row).join('  ')}\n`);
}

/** The facts every result file carries, so figures can be compared across machines. */
export function machine() {
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    totalMemoryMb: Math.round(os.totalmem() / 1024 / 1024),
  };
}

/** Writes `bench/results/<name>.json` (gitignored) and returns its path. */
export async function writeResult(name, result) {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.json`);
  await writeFile(file, `${JSON.stringify({ benchmark: name, ...machine(), ...result }, null, 2)}\n`);
  process.stdout.write(`\nresult written to ${file}\n`);
  return file;
}

/** The figures of one autocannon run worth keeping: throughput, latency and every status seen. */
export function figures(result) {
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count]),
  );
  return {
    connections: result.connections,
    requestsPerSecond: round(result.requests.average, 0),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    requests: result.requests.total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}

/** `uptime`'s line, or "unknown" where the command is missing. */
export function uptime() {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** The 1, 5 and 15 minute load averages, as `uptime` prints them. */
export function loadAverage() {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');
}

/** A JSON client for the daemon; throws on a non-2xx answer. */
export function jsonClient(baseUrl) {
  return async (method, path, body, token) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/**
 * Signs a new customer up and in, as a storefront does: registration answers 202 without a session (it never says
 * whether the address was new), so the access token comes from the login that follows.
 */
export async function signUp(api, email, password) {
  await api('POST', '/v1/auth/register', { email, password });
  return (await api('POST', '/v1/auth/login', { email, password })).accessToken;
}

/**
 * Creates a throwaway database `<prefix>_<random>` on `POSTGRES_ADMIN_URL` with psql. Returns its `name`, a `url`
 * for `TILLPOINT_DATABASE_URL` and `drop()`, or `{ error }` when the server is unreachable or refuses; never
 * throws, so a benchmark can skip PostgreSQL with a note. `drop()` returns `{ ok, error }` too.
 */
export function throwawayPostgresDatabase(prefix = 'tp_bench') {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const created = psql(`create database ${name}`);
  if (!created.ok) return { error: created.error };
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => psql(`drop database if exists ${name} with (force)`) };
}

/** Runs one statement as the PostgreSQL admin; never throws. */
function psql(sql) {
  try {
    execFileSync('psql', [POSTGRES_ADMIN_URL, '-v', 'ON_ERROR_STOP=1', '-qc', sql], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 30_000,
    });
    return { ok: true };
  } catch (error) {
    return { ok: false, error: String(error.stderr ?? error.message).trim() };
  }
}
