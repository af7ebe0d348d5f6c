import { type ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Path of the built daemon bin. Tests that spawn it run after `pnpm build`. */
export const DAEMON_BIN = resolve(import.meta.dirname, '../../dist/main.js');

/** What `--ready-file` holds once the daemon listens. */
export interface ReadyInfo {
  url: string;
  host: string;
  port: number;
  pid: number;
}

export interface SpawnedDaemon extends ReadyInfo {
  process: ChildProcess;
  dataDir: string;
  /** Everything the daemon wrote to stdout and stderr so far. */
  output(): string;
  /** Sends SIGTERM, waits for exit and removes the data dir. Returns the exit code. */
  stop(): Promise<number | null>;
}

export interface SpawnDaemonOptions {
  /** Extra CLI arguments after `serve`. */
  args?: string[];
  /** Extra environment (merged over a clean TILLPOINT_* free copy of process.env). */
  env?: Record<string, string>;
  /** Reuse a data dir instead of a fresh temp one (it is then not removed on stop). */
  dataDir?: string;
  /** How long to wait for readiness, default 20 s. */
  timeoutMs?: number;
  /** An installed `tillpointd` executable to run instead of the workspace build (`node dist/main.js`). */
  bin?: string;
  /** Send the daemon's stdout (its log) to this file instead of a pipe, as an operator redirecting it would. */
  stdoutFile?: string;
}

/**
 * Spawns the real built `tillpointd serve` on a free port with its own temporary data dir
 * and resolves once its ready file appears. The database is the data dir's SQLite file unless
 * `env.TILLPOINT_DATABASE_URL` says otherwise.
 */
export async function spawnDaemon(options: SpawnDaemonOptions = {}): Promise<SpawnedDaemon> {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'tillpoint-test-')));
  const readyFile = join(dataDir, `ready-${process.pid}-${Date.now()}.json`);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('TILLPOINT_')) env[key] = value;
  }
  // Suites sign many users in from 127.0.0.1; the one auth budget per IP is tested in-process (rate-limit-http).
  Object.assign(
    env,
    { TILLPOINT_LOG_LEVEL: 'warn', NO_COLOR: '1', TILLPOINT_AUTH_RATE_LIMIT_MAX: '100000' },
    options.env,
  );
  const [command, ...prefix] = options.bin ? [options.bin] : [process.execPath, DAEMON_BIN];
  const child = spawn(
    command as string,
    [
      ...prefix,
      'serve',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--ready-file',
      readyFile,
      ...(options.args ?? []),
    ],
    { env, stdio: ['ignore', options.stdoutFile ? openSync(options.stdoutFile, 'a') : 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  // 'close', not 'exit': by then its stdout and stderr are drained too, so `output()` after `stop()` is complete.
  const exited = new Promise<number | null>((resolveExit) =>
    child.once('close', (code) => resolveExit(code)),
  );

  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let ready: ReadyInfo | undefined;
  while (!ready) {
    if (child.exitCode !== null)
      throw new Error(`tillpointd exited with ${child.exitCode} before ready:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`tillpointd not ready in time:\n${output}`);
    }
    ready = await readFile(readyFile, 'utf8').then(
      (text) => JSON.parse(text) as ReadyInfo,
      () => undefined,
    );
    if (!ready) await sleep(25);
  }

  return {
    ...ready,
    process: child,
    dataDir,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
