import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The package folder of the CLI. */
export const CLI_ROOT = resolve(import.meta.dirname, '../..');
/** The built `till` bin; tests drive it as a user would, after `pnpm build`. */
export const TILL_BIN = join(CLI_ROOT, 'bin/run.js');

/** Throws a clear message when the CLI (or the daemon) was not built before the tests. */
export function assertBuilt(): void {
  for (const file of [join(CLI_ROOT, 'dist/commands/status.js'), join(CLI_ROOT, 'oclif.manifest.json')]) {
    if (!existsSync(file))
      throw new Error(`${file} is missing: run \`pnpm --filter @tillpoint/cli build\` first.`);
  }
}

export interface TillResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunTillOptions {
  /** Environment over a copy of process.env without TILLPOINT_*, colour or CI variables. */
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed. */
  input?: string;
}

/** A clean environment: no TILLPOINT_*, NO_COLOR, FORCE_COLOR or CI leaking in from the test runner. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || key.startsWith('TILLPOINT_')) continue;
    if (['NO_COLOR', 'FORCE_COLOR', 'CI', 'NODE_OPTIONS', 'VITEST', 'VITEST_MODE', 'NODE_ENV'].includes(key))
      continue;
    env[key] = value;
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Runs `node bin/run.js ...args` and collects its exit code and output. */
export function runTill(args: string[], options: RunTillOptions = {}): Promise<TillResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [TILL_BIN, ...args], {
      env: cleanEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** A fresh config dir for one test file; `cleanup()` removes it. */
export async function tempConfigDir(): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'till-config-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Parses stdout as exactly one JSON document (JSON.parse rejects trailing text). */
export function parseSingleJson(text: string): unknown {
  return JSON.parse(text);
}

/** Matches any ANSI escape sequence. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting escape codes is the point.
export const ANSI = /\u001b[[\]]/;

/** A URL where nothing listens: a port from a server that was opened and closed again. */
export async function closedPortUrl(): Promise<string> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 1;
  await new Promise<void>((done) => server.close(() => done()));
  return `http://127.0.0.1:${port}`;
}
