import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { DAEMON_BIN, spawnDaemon } from '../support/spawn-daemon.js';
import { createTestDatabase } from '../support/test-database.js';

const PASSWORD = 'correct horse battery';

/** A JSON answer's fields, as strings (the test reads IDs, roles and statuses). */
const read = async (response: Response) =>
  (await response.json()) as Record<string, string> & { id: string; status: string; role: string };

describe('node roles', () => {
  it('a worker node serves only health and meta; an api node runs no jobs, which a worker node then runs', async () => {
    const database = await createTestDatabase('sqlite');
    try {
      const made = spawnSync(
        process.execPath,
        [
          DAEMON_BIN,
          'admin',
          'create',
          '--data-dir',
          database.dataDir,
          '--email',
          'ops@example.test',
          '--password-stdin',
        ],
        {
          input: `${PASSWORD}\n`,
          encoding: 'utf8',
        },
      );
      expect(made.status, made.stderr).toBe(0);
      const api = await spawnDaemon({ dataDir: database.dataDir, env: { TILLPOINT_ROLE: 'api' } });
      let jobId = '';
      try {
        expect((await read(await fetch(`${api.url}/v1/meta`))).role).toBe('api');
        const login = await fetch(`${api.url}/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'ops@example.test', password: PASSWORD }),
        });
        const token = (await read(login)).accessToken as string;
        const job = await fetch(`${api.url}/v1/jobs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ type: 'system.probe', params: {} }),
        });
        jobId = (await read(job)).id;
        await sleep(1_000);
        const still = await read(
          await fetch(`${api.url}/v1/jobs/${jobId}`, { headers: { authorization: `Bearer ${token}` } }),
        );
        expect(still.status).toBe('pending');

        const worker = await spawnDaemon({ dataDir: database.dataDir, env: { TILLPOINT_ROLE: 'worker' } });
        try {
          expect((await fetch(`${worker.url}/healthz`)).status).toBe(200);
          expect((await read(await fetch(`${worker.url}/v1/meta`))).role).toBe('worker');
          expect((await fetch(`${worker.url}/v1/products`)).status).toBe(404);
          const deadline = Date.now() + 10_000;
          let status = 'pending';
          while (status !== 'succeeded' && Date.now() < deadline) {
            await sleep(100);
            status = (
              await read(
                await fetch(`${api.url}/v1/jobs/${jobId}`, { headers: { authorization: `Bearer ${token}` } }),
              )
            ).status;
          }
          expect(status).toBe('succeeded');
        } finally {
          expect(await worker.stop()).toBe(0);
        }
      } finally {
        expect(await api.stop()).toBe(0);
      }
    } finally {
      await database.drop();
    }
  }, 60_000);
});
