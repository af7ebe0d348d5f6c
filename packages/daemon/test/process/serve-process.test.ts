import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { DAEMON_BIN, spawnDaemon } from '../support/spawn-daemon.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/test-database.js';

function runDaemon(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [DAEMON_BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

/** Sends a request whose body arrives slowly, so it is in flight when the daemon is told to stop. */
function slowRequest(port: number, beforeSecondHalf: () => Promise<void>): Promise<string> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ padding: 'x'.repeat(64) });
    const socket = connect(port, '127.0.0.1', async () => {
      socket.write(
        `POST /v1/slow-upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`,
      );
      await beforeSecondHalf();
      socket.write(body.slice(10));
    });
    let response = '';
    socket.on('data', (chunk) => {
      response += chunk.toString();
    });
    socket.on('end', () => resolve(response));
    socket.on('error', reject);
  });
}

for (const dialect of DIALECTS) {
  describe(`tillpointd serve on ${dialect}`, () => {
    const databases: TestDatabase[] = [];
    afterAll(async () => {
      for (const database of databases) await database.drop();
    });

    async function start(extraEnv: Record<string, string> = {}) {
      const database = await createTestDatabase(dialect);
      databases.push(database);
      const env = { TILLPOINT_LOG_FORMAT: 'json', TILLPOINT_LOG_LEVEL: 'info', ...extraEnv };
      if (database.databaseUrl) Object.assign(env, { TILLPOINT_DATABASE_URL: database.databaseUrl });
      return spawnDaemon({ dataDir: database.dataDir, env });
    }

    it('picks a free port for --port 0, logs it, writes the ready file and serves HTTP', async () => {
      const daemon = await start();
      try {
        expect(daemon.port).toBeGreaterThan(0);
        expect(daemon.url).toBe(`http://127.0.0.1:${daemon.port}`);
        expect(daemon.pid).toBe(daemon.process.pid);
        const listeningLine = () =>
          daemon
            .output()
            .split('\n')
            .filter((line) => line.startsWith('{'))
            .map((line) => JSON.parse(line) as { msg: string; port?: number })
            .find((line) => line.msg.startsWith('tillpointd listening'));
        // Log lines go out through pino's asynchronous writer: this one may arrive after the ready file is seen.
        for (let i = 0; i < 100 && !listeningLine(); i++) await sleep(20);
        expect(listeningLine()?.port).toBe(daemon.port);
        const meta = await fetch(`${daemon.url}/v1/meta`).then((r) => r.json());
        expect(meta).toMatchObject({ name: 'tillpointd', database: dialect });
      } finally {
        expect(await daemon.stop()).toBe(0);
      }
    });

    it('finishes an in-flight request after SIGTERM, answers with Connection: close, then refuses, and exits 0', async () => {
      const daemon = await start();
      const exit = new Promise<number | null>((resolve) => daemon.process.once('exit', resolve));
      const response = await slowRequest(daemon.port, async () => {
        await sleep(100);
        daemon.process.kill('SIGTERM');
        await sleep(300);
        // Within the drain grace (1 s): still answered, and the connection is closed after the response.
        const during = await fetch(`${daemon.url}/healthz`);
        expect(during.status).toBe(200);
        expect(during.headers.get('connection')).toBe('close');
        await during.body?.cancel();
        // After it the listener is closed: new connections are refused, not reset.
        await sleep(1_500);
        await expect(fetch(`${daemon.url}/healthz`)).rejects.toThrow();
      });
      expect(response).toMatch(/^HTTP\/1.1 404/);
      expect(response).toContain('"code":"not_found"');
      expect(await exit).toBe(0);
      expect(daemon.output()).toContain('"msg":"stopped"');
    });
  });
}

describe('tillpointd commands', () => {
  it('stops at start-up with one line naming a bad setting', () => {
    const result = runDaemon(['serve'], { TILLPOINT_PORT: 'eighty' });
    expect(result.status).toBe(78);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tillpointd: invalid setting --port \/ TILLPOINT_PORT = "eighty": /);
  });

  it('rejects a bad flag value the same way', () => {
    const result = runDaemon(['config', '--port', '-1']);
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/TILLPOINT_PORT/);
  });

  it('`config --json` prints the effective settings with secrets masked', () => {
    const result = runDaemon(['config', '--json', '--port', '8123'], {
      TILLPOINT_DATABASE_URL: 'postgres://shop:hunter2@127.0.0.1:5432/shop',
    });
    expect(result.status).toBe(0);
    const config = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(config.port).toBe(8123);
    expect(config.databaseUrl).toBe('postgres://********@127.0.0.1:5432/shop');
    expect(result.stdout).not.toContain('hunter2');
  });

  it('`migrate` applies migrations once, then reports the database up to date', async () => {
    const database = await createTestDatabase('sqlite');
    try {
      const first = runDaemon(['migrate', '--json', '--data-dir', database.dataDir]);
      expect(first.status).toBe(0);
      const report = JSON.parse(first.stdout) as { applied: string[]; total: number };
      expect(report.applied.length).toBe(report.total);
      const second = JSON.parse(runDaemon(['migrate', '--json', '--data-dir', database.dataDir]).stdout);
      expect(second.applied).toEqual([]);
    } finally {
      await database.drop();
    }
  });

  it('--version prints the version', () => {
    const result = runDaemon(['--version']);
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
