import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedDaemon, spawnDaemon } from '../../daemon/test/support/spawn-daemon.js';
import { assertBuilt, parseSingleJson, runTill, tempConfigDir } from './support/run-till.js';

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

describe('till api', () => {
  it('GET /v1/meta prints the meta JSON', async () => {
    const result = await runTill(['api', 'GET', '/v1/meta'], { env });
    expect(result.code).toBe(0);
    expect(parseSingleJson(result.stdout)).toMatchObject({
      name: 'tillpointd',
      apiVersion: 'v1',
      mode: 'single',
    });
  });

  it('accepts a lower-case method and --json', async () => {
    const result = await runTill(['api', 'get', '/v1/meta', '--json'], { env });
    expect(result.code).toBe(0);
    expect(parseSingleJson(result.stdout)).toMatchObject({ name: 'tillpointd', database: 'sqlite' });
  });

  it('a 404 prints the problem body and exits 1 with code and request ID', async () => {
    const result = await runTill(['api', 'GET', '/v1/nope'], { env });
    expect(result.code).toBe(1);
    const problem = parseSingleJson(result.stdout) as Record<string, unknown>;
    expect(problem).toMatchObject({ status: 404, code: 'not_found' });
    expect(problem.requestId).toMatch(/^req_/);
    expect(result.stderr).toContain('not_found');
    expect(result.stderr).toContain(String(problem.requestId));
  });

  it('a 404 with --json writes the error document to stderr only', async () => {
    const result = await runTill(['api', 'GET', '/v1/nope', '--json'], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const { error } = JSON.parse(result.stderr) as { error: Record<string, unknown> };
    expect(error).toMatchObject({ code: 'not_found', status: 404 });
    expect(error.requestId).toMatch(/^req_/);
    expect(typeof error.message).toBe('string');
  });

  it('-i prints the status line and headers before the body', async () => {
    const result = await runTill(['api', 'GET', '/v1/meta', '-i'], { env });
    expect(result.code).toBe(0);
    const [head, body] = result.stdout.split(/\n\n/, 2);
    expect(head).toMatch(/^HTTP 200\n/);
    expect(head).toMatch(/^x-request-id: req_\w+$/m);
    expect(JSON.parse(body ?? '')).toMatchObject({ name: 'tillpointd' });
  });

  it('--input rejects a body that is not JSON before sending', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'till-input-'));
    try {
      const file = join(dir, 'body.json');
      await writeFile(file, '{not json');
      const result = await runTill(['api', 'POST', '/v1/meta', '--input', file, '--json'], { env });
      expect(result.code).toBe(1);
      expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'invalid_input', requestId: null } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects an unknown method as a usage error', async () => {
    const result = await runTill(['api', 'FETCH', '/v1/meta', '--json'], { env });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'usage_error' } });
  });
});
