import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Tillpoint } from '@tillpoint/sdk';
import { Agent } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { DAEMON_BIN, spawnDaemon } from '../support/spawn-daemon.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/test-database.js';

const PASSWORD = 'Correct-horse-battery-9';

/** How one request on its own fresh connection ended. */
interface Outcome {
  /** The TCP connection was established before SIGTERM was sent. */
  connectedBeforeSignal: boolean;
  status?: number;
  body?: string;
  connection?: string;
  error?: string;
}

/** `GET /v1/meta` on a new connection (no agent), recording whether it connected before `signalled()` turned true. */
function freshRequest(port: number, signalled: () => boolean): Promise<Outcome> {
  return new Promise((resolve) => {
    const outcome: Outcome = { connectedBeforeSignal: false };
    const req = request({ host: '127.0.0.1', port, path: '/v1/meta', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () =>
        resolve({ ...outcome, status: res.statusCode, body, connection: String(res.headers.connection) }),
      );
      res.on('error', (error: NodeJS.ErrnoException) =>
        resolve({ ...outcome, error: error.code ?? error.message }),
      );
    });
    req.on('socket', (socket) =>
      socket.once('connect', () => {
        outcome.connectedBeforeSignal = !signalled();
      }),
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ ...outcome, error: error.code ?? error.message }),
    );
    req.end();
  });
}

for (const dialect of DIALECTS) {
  describe(`graceful shutdown on ${dialect}`, () => {
    const databases: TestDatabase[] = [];
    afterAll(async () => {
      for (const database of databases) await database.drop();
    });

    it('answers every request already sent, closes idle keep-alive connections, stops the scheduler at once and exits 0', async () => {
      const database = await createTestDatabase(dialect);
      databases.push(database);
      const env: Record<string, string> = {
        TILLPOINT_LOG_FORMAT: 'json',
        TILLPOINT_LOG_LEVEL: 'info',
        TILLPOINT_RATE_LIMIT_MAX: '100000',
        TILLPOINT_BCRYPT_COST: '10',
        ...(database.databaseUrl ? { TILLPOINT_DATABASE_URL: database.databaseUrl } : {}),
      };
      const created = spawnSync(
        process.execPath,
        [DAEMON_BIN, 'admin', 'create', '--email', 'ops@example.test', '--password-stdin'],
        {
          input: `${PASSWORD}\n`,
          encoding: 'utf8',
          env: { ...env, PATH: process.env.PATH ?? '', TILLPOINT_DATA_DIR: database.dataDir },
        },
      );
      expect(created.status, created.stderr).toBe(0);
      const daemon = await spawnDaemon({ dataDir: database.dataDir, env });
      const exit = new Promise<number | null>((resolve) => daemon.process.once('exit', resolve));

      // An SDK client whose keep-alive connections stay open (idle) across the signal.
      const dispatcher = new Agent({ keepAliveTimeout: 60_000, keepAliveMaxTimeout: 60_000, connections: 8 });
      const client = new Tillpoint({ baseUrl: daemon.url, dispatcher, maxRetries: 0 });
      await client.auth.login({ email: 'ops@example.test', password: PASSWORD });
      // A schedule every second: none may fire once shutdown has begun.
      await client.schedules.create({ name: 'every-second', intervalSeconds: 1, jobType: 'system.probe' });
      await Promise.all(Array.from({ length: 8 }, () => client.meta.get()));
      await sleep(1_500);

      // 100 requests on fresh connections, the signal sent halfway through.
      let signalled = false;
      const outcomes: Array<Promise<Outcome>> = [];
      for (let i = 0; i < 100; i++) {
        if (i === 50) {
          daemon.process.kill('SIGTERM');
          signalled = true;
        }
        outcomes.push(freshRequest(daemon.port, () => signalled));
        await sleep(2);
      }
      const results = await Promise.all(outcomes);
      const code = await exit;
      await dispatcher.close();

      // Refused (the listener is closed) is fine: the client knows nothing was sent. A reset or a cut response is not.
      const broken = results.filter(
        (result) => result.error !== undefined && result.error !== 'ECONNREFUSED',
      );
      expect(broken).toEqual([]);
      const answered = results.filter((result) => result.status !== undefined);
      for (const result of answered) {
        expect([200, 503]).toContain(result.status);
        expect(() => JSON.parse(result.body!)).not.toThrow();
      }
      // Every request whose connection was accepted before the signal was answered, and answered for real.
      const early = results.filter((result) => result.connectedBeforeSignal);
      expect(early.length).toBeGreaterThanOrEqual(40);
      expect(early.filter((result) => result.status !== 200)).toEqual([]);

      expect(code, daemon.output().slice(-3000)).toBe(0);
      const lines = daemon
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { msg: string });
      const shuttingDown = lines.findIndex((line) => line.msg === 'shutting down');
      expect(shuttingDown).toBeGreaterThan(0);
      expect(lines.slice(0, shuttingDown).some((line) => line.msg === 'schedule fired')).toBe(true);
      expect(lines.slice(shuttingDown).filter((line) => line.msg === 'schedule fired')).toEqual([]);
      expect(lines.some((line) => line.msg === 'shutdown took too long; exiting with in-flight work')).toBe(
        false,
      );
    }, 60_000);
  });
}
