import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAEMON_BIN } from '../support/spawn-daemon.js';
import { TEST_POSTGRES_URL } from '../support/test-database.js';

/** Exit code of a bad setting (sysexits EX_CONFIG), shared by start-up failures with a known cause. */
const EXIT_CONFIG = 78;

/** Runs `tillpointd serve` to its exit (asynchronously, so this process can hold a port meanwhile). */
function serve(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DAEMON_BIN, 'serve', ...args], {
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', TILLPOINT_LOG_FORMAT: 'json' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** One line on stderr, naming `setting`, without a stack trace. */
function expectOneLineNaming(stderr: string, setting: string): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^tillpointd: /);
  expect(lines[0]).toContain(setting);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('tillpointd serve that cannot start', () => {
  let dir: string;
  let busy: Server;
  let busyPort: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tillpoint-startup-'));
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyPort = (busy.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => busy.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('names the data dir and --data-dir when it is a regular file', async () => {
    const file = join(dir, 'not-a-dir');
    await writeFile(file, '');
    const result = await serve(['--port', '0', '--data-dir', file]);
    expect(result.code).toBe(EXIT_CONFIG);
    expectOneLineNaming(result.stderr, '--data-dir (TILLPOINT_DATA_DIR)');
    expect(result.stderr).toContain(`${file} is not a directory`);
  });

  it('with --no-migrate, says the database needs migrating instead of failing on a missing table', async () => {
    const result = await serve(['--port', '0', '--data-dir', join(dir, 'unmigrated'), '--no-migrate']);
    expect(result.code).toBe(EXIT_CONFIG);
    expectOneLineNaming(result.stderr, '--no-migrate');
    expect(result.stderr).toMatch(/migration\(s\) pending, from 0001-/);
    expect(result.stderr).toContain('run `tillpointd migrate`');
  });

  it('names the port and --port when the port is in use', async () => {
    const result = await serve(['--port', String(busyPort), '--data-dir', join(dir, 'port')]);
    expect(result.code).toBe(EXIT_CONFIG);
    expectOneLineNaming(result.stderr, '--port (TILLPOINT_PORT)');
    expect(result.stderr).toBe(
      `tillpointd: port ${busyPort} on 127.0.0.1 is in use; pass --port (TILLPOINT_PORT) or stop the other process\n`,
    );
  });

  it('says the database did not answer, naming --database-url with the URL masked', async () => {
    const result = await serve([
      '--port',
      '0',
      '--data-dir',
      join(dir, 'pg'),
      '--database-url',
      'postgres://postgres:hunter2hunter2@127.0.0.1:1/x',
    ]);
    expect(result.code).toBe(EXIT_CONFIG);
    expectOneLineNaming(result.stderr, '--database-url (TILLPOINT_DATABASE_URL)');
    expect(result.stderr).toContain('postgres://********@127.0.0.1:1/x did not answer');
    expect(result.stderr + result.stdout).not.toContain('hunter2');
  });

  it('says PostgreSQL refused the login, naming the user, --database-url and what to fix', async () => {
    // The local server trusts 127.0.0.1, so a wrong password is accepted; a missing role is refused (28000).
    const url = new URL(TEST_POSTGRES_URL);
    url.username = 'tillpoint_no_such_role';
    url.password = 'hunter2hunter2';
    const result = await serve([
      '--port',
      '0',
      '--data-dir',
      join(dir, 'pg-login'),
      '--database-url',
      url.href,
    ]);
    expect(result.code).toBe(EXIT_CONFIG);
    expectOneLineNaming(result.stderr, '--database-url (TILLPOINT_DATABASE_URL)');
    expect(result.stderr).toContain(
      `the database postgres://********@${url.host}${url.pathname} refused the login`,
    );
    expect(result.stderr).toContain('user "tillpoint_no_such_role"');
    expect(result.stderr).toContain('check the user and password');
    expect(result.stderr + result.stdout).not.toContain('hunter2');
  });

  it('says the PostgreSQL database is missing, naming it and how to create it', async () => {
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = '/tillpoint_no_such_database';
    const result = await serve(['--port', '0', '--data-dir', join(dir, 'pg-db'), '--database-url', url.href]);
    expect(result.code).toBe(EXIT_CONFIG);
    expectOneLineNaming(result.stderr, '--database-url (TILLPOINT_DATABASE_URL)');
    expect(result.stderr).toContain('is missing: PostgreSQL has no database "tillpoint_no_such_database"');
    expect(result.stderr).toContain('createdb tillpoint_no_such_database');
  });

  it('keeps the original error in the debug log', async () => {
    const result = await serve([
      '--port',
      '0',
      '--log-level',
      'debug',
      '--data-dir',
      join(dir, 'pg-debug'),
      '--database-url',
      'postgres://postgres@127.0.0.1:1/x',
    ]);
    expect(result.code).toBe(EXIT_CONFIG);
    const failed = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string; err?: { message?: string } })
      .find((line) => line.msg === 'start-up failed');
    expect(failed?.err?.message).toContain('ECONNREFUSED');
  });
});
