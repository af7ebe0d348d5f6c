import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedDaemon, spawnDaemon } from '../../daemon/test/support/spawn-daemon.js';
import {
  ANSI,
  assertBuilt,
  cleanEnv,
  closedPortUrl,
  parseSingleJson,
  runTill,
  TILL_BIN,
  tempConfigDir,
} from './support/run-till.js';

let daemon: SpawnedDaemon;
let config: Awaited<ReturnType<typeof tempConfigDir>>;
let env: Record<string, string>;

beforeAll(async () => {
  assertBuilt();
  daemon = await spawnDaemon();
  config = await tempConfigDir();
  env = { TILLPOINT_CONFIG_DIR: config.dir, TILLPOINT_URL: daemon.url };
});

afterAll(async () => {
  await daemon?.stop();
  await config?.cleanup();
});

describe('till status', () => {
  it('prints health, readiness, version, mode, database and URL for humans', async () => {
    const result = await runTill(['status'], { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`tillpointd`);
    expect(result.stdout).toContain(daemon.url);
    expect(result.stdout).toMatch(/Ready\s+ready/);
    expect(result.stdout).toMatch(/Mode\s+single/);
    expect(result.stdout).toMatch(/Database\s+sqlite/);
    expect(result.stdout).toMatch(/Latency\s+[\d.]+ ms/);
  });

  it('prints exactly one JSON document with --json', async () => {
    const result = await runTill(['status', '--json'], { env });
    expect(result.code).toBe(0);
    const doc = parseSingleJson(result.stdout) as Record<string, unknown>;
    const meta = await fetch(`${daemon.url}/v1/meta`).then(
      (res) => res.json() as Promise<Record<string, unknown>>,
    );
    expect(doc).toMatchObject({
      url: daemon.url,
      health: 'ok',
      ready: true,
      readiness: 'ready',
      name: 'tillpointd',
      version: meta.version,
      apiVersion: 'v1',
      mode: 'single',
      database: 'sqlite',
    });
    expect(doc.latencyMs).toEqual(expect.any(Number));
    expect(doc.requestId).toMatch(/^req_/);
    expect(doc.checks).toHaveProperty('database');
  });

  it('exits 1 with a connection_error on stderr when nothing listens', async () => {
    const url = await closedPortUrl();
    const result = await runTill(['status', '--json', '--base-url', url], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const { error } = JSON.parse(result.stderr) as { error: Record<string, unknown> };
    expect(error).toMatchObject({ code: 'connection_error', status: null, requestId: null });
    expect(error.message).toContain(url);
  });

  it('suggests starting the daemon in human mode', async () => {
    const result = await runTill(['status', '--base-url', await closedPortUrl()], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('connection_error');
    expect(result.stderr).toContain('tillpointd');
  });

  it('prints no ANSI codes when piped, even with CI=1', async () => {
    const result = await runTill(['status'], { env: { ...env, CI: '1' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('tillpointd');
    expect(result.stdout).not.toMatch(ANSI);
    expect(result.stderr).not.toMatch(ANSI);
  });

  it('colours on FORCE_COLOR, and NO_COLOR and --no-color win over it', async () => {
    const forced = await runTill(['status'], { env: { ...env, FORCE_COLOR: '1' } });
    expect(forced.stdout).toMatch(ANSI);
    const noColor = await runTill(['status'], { env: { ...env, FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(noColor.code).toBe(0);
    expect(noColor.stdout).not.toMatch(ANSI);
    const flag = await runTill(['status', '--no-color'], { env: { ...env, FORCE_COLOR: '1' } });
    expect(flag.stdout).not.toMatch(ANSI);
  });

  it('colours on a real terminal unless NO_COLOR is set', () => {
    // `script` gives the CLI a pseudo-terminal, as an interactive shell would.
    const inTerminal = (extra: Record<string, string>) =>
      spawnSync('script', ['-qec', `"${process.execPath}" "${TILL_BIN}" status`, '/dev/null'], {
        env: cleanEnv({ ...env, TERM: 'xterm-256color', ...extra }),
        encoding: 'utf8',
      });
    const tty = inTerminal({});
    expect(tty.status).toBe(0);
    expect(tty.stdout).toContain('tillpointd');
    expect(tty.stdout).toMatch(ANSI);
    const noColor = inTerminal({ NO_COLOR: '1' });
    expect(noColor.stdout).toContain('tillpointd');
    expect(noColor.stdout).not.toMatch(ANSI);
  });
});
