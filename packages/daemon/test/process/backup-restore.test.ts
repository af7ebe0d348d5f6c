import { execFile, spawnSync } from 'node:child_process';
import { copyFile, open, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { manifestFileOf } from '../../src/modules/backups/backups-service.js';
import { DAEMON_BIN, spawnDaemon } from '../support/spawn-daemon.js';
import { apiAt } from '../support/spawned-api.js';
import { createTestApp } from '../support/test-app.js';
import { createTestDatabase } from '../support/test-database.js';

const run = promisify(execFile);
const PASSWORD = 'correct horse battery';

async function tillpointd(args: string[]) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('TILLPOINT_')),
  );
  return run(process.execPath, [DAEMON_BIN, ...args], { env });
}

/** Real HTTP to a spawned daemon at `base`. */
const call = (base: string, method: string, path: string, body?: unknown, token?: string) =>
  apiAt(base)(method, path, body, token);

describe('backup while orders are written, then restore', () => {
  it('keeps every order acknowledged before the backup started, passes integrity_check, and restarts', async () => {
    const database = await createTestDatabase('sqlite');
    const dataDir = database.dataDir;
    try {
      const created = spawnSync(
        process.execPath,
        [
          DAEMON_BIN,
          'admin',
          'create',
          '--data-dir',
          dataDir,
          '--email',
          'ops@example.test',
          '--password-stdin',
        ],
        { input: `${PASSWORD}\n`, encoding: 'utf8' },
      );
      expect(created.status, created.stderr).toBe(0);
      const daemon = await spawnDaemon({
        dataDir,
        env: { TILLPOINT_RATE_LIMIT_MAX: '100000', TILLPOINT_BCRYPT_COST: '10' },
      });
      let backupFile = '';
      const acknowledged: Array<{ id: string; at: number }> = [];
      let backupStartedAt = 0;
      try {
        const admin = (
          await call(daemon.url, 'POST', '/v1/auth/login', { email: 'ops@example.test', password: PASSWORD })
        ).body.accessToken;
        const product = (
          await call(
            daemon.url,
            'POST',
            '/v1/products',
            { sku: 'DR-1', name: 'DR', price: 100, currency: 'EUR', stock: 100000 },
            admin,
          )
        ).body;
        await call(daemon.url, 'POST', '/v1/auth/register', { email: 'dr@example.test', password: PASSWORD });
        const buyer = (
          await call(daemon.url, 'POST', '/v1/auth/login', { email: 'dr@example.test', password: PASSWORD })
        ).body.accessToken;

        let next = 0;
        const writers = Array.from({ length: 8 }, async () => {
          while (next < 500) {
            next++;
            const response = await call(
              daemon.url,
              'POST',
              '/v1/orders',
              { items: [{ productId: product.id, quantity: 1 }] },
              buyer,
            );
            expect(response.status).toBe(201);
            acknowledged.push({ id: response.body.id, at: Date.now() });
          }
        });
        const backup = (async () => {
          while (acknowledged.length < 150) await new Promise((r) => setTimeout(r, 5));
          backupStartedAt = Date.now();
          const job = (await call(daemon.url, 'POST', '/v1/backups', undefined, admin)).body;
          const done = (await call(daemon.url, 'GET', `/v1/jobs/${job.id}?wait=60`, undefined, admin)).body;
          expect(done.status).toBe('succeeded');
          backupFile = done.result.file;
          const listed = (await call(daemon.url, 'GET', '/v1/backups', undefined, admin)).body.data;
          expect(listed[0]).toMatchObject({ name: done.result.name, sha256: done.result.sha256 });
        })();
        await Promise.all([...writers, backup]);
        expect(acknowledged).toHaveLength(500);

        // A live daemon on the data dir: restore refuses and touches nothing.
        await expect(tillpointd(['restore', backupFile, '--data-dir', dataDir])).rejects.toMatchObject({
          stderr: expect.stringContaining('is running'),
        });
      } finally {
        const code = await daemon.stop();
        expect(code, daemon.output().slice(-3000)).toBe(0);
      }

      const restoredAt = performance.now();
      const restored = JSON.parse(
        (await tillpointd(['restore', backupFile, '--data-dir', dataDir, '--json'])).stdout,
      );
      expect(restored.keptAs).toContain('before-restore');
      const copy = new SqliteDatabase(restored.into, { readonly: true });
      const present = new Set(
        (copy.prepare('select id from orders').all() as Array<{ id: string }>).map((row) => row.id),
      );
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.prepare("select action, actor_kind from audit_log where action = 'restore'").all()).toEqual(
        [{ action: 'restore', actor_kind: 'system' }],
      );
      copy.close();
      const before = acknowledged.filter((order) => order.at < backupStartedAt);
      expect(before.length).toBeGreaterThanOrEqual(140);
      expect(before.filter((order) => !present.has(order.id))).toEqual([]);

      const again = await spawnDaemon({ dataDir });
      const recoverySeconds = (performance.now() - restoredAt) / 1000;
      try {
        expect((await call(again.url, 'GET', '/readyz')).status).toBe(200);
      } finally {
        await again.stop();
      }
      // The figures docs/operations.md publishes (recovery point: the backup; recovery time: restore + start).
      console.info(
        `backup/restore: ${before.length} orders acknowledged before the backup started, all restored; ` +
          `${present.size} of 500 in the backup; recovery time ${recoverySeconds.toFixed(2)} s (restore ${restored.seconds} s + start)`,
      );
    } finally {
      await database.drop();
    }
  }, 120_000);

  it('refuses a damaged backup before touching the database', async () => {
    const database = await createTestDatabase('sqlite');
    try {
      const bogus = `${database.dataDir}/tillpoint-20260101T000000Z.db`;
      await import('node:fs/promises').then((fs) => fs.writeFile(bogus, 'not a database'));
      await expect(tillpointd(['restore', bogus, '--data-dir', database.dataDir])).rejects.toMatchObject({
        stderr: expect.stringContaining('restore refused'),
      });
    } finally {
      await database.drop();
    }
  });
});

describe('restore checks the recorded checksum', () => {
  /** A real backup (file, `.sha256`, manifest) of a fresh daemon, copied to `dir` under its own name. */
  async function backupIn(dir: string, sources: Array<'sha256' | 'manifest'>) {
    const t = await createTestApp('sqlite');
    try {
      const made = await t.services.backups.create(() => {});
      const file = join(dir, made.name);
      await copyFile(made.file, file);
      if (sources.includes('sha256')) await copyFile(`${made.file}.sha256`, `${file}.sha256`);
      if (sources.includes('manifest')) await copyFile(manifestFileOf(made.file), manifestFileOf(file));
      return file;
    } finally {
      await t.close();
    }
  }

  it('restores with either the .sha256 file or the manifest, and refuses without both unless --skip-checksum', async () => {
    const database = await createTestDatabase('sqlite');
    const dataDir = database.dataDir;
    try {
      const withSidecar = await backupIn(dataDir, ['sha256']);
      const sidecar = JSON.parse(
        (await tillpointd(['restore', withSidecar, '--data-dir', dataDir, '--json'])).stdout,
      );
      expect(sidecar.checksum).toBe('verified');

      const withManifest = await backupIn(dataDir, ['manifest']);
      const manifest = JSON.parse(
        (await tillpointd(['restore', withManifest, '--data-dir', dataDir, '--json'])).stdout,
      );
      expect(manifest.checksum).toBe('verified');

      const bare = await backupIn(dataDir, []);
      await expect(tillpointd(['restore', bare, '--data-dir', dataDir])).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/restore refused: no checksum recorded .*--skip-checksum/),
      });
      const vouched = JSON.parse(
        (await tillpointd(['restore', bare, '--data-dir', dataDir, '--skip-checksum', '--json'])).stdout,
      );
      expect(vouched.checksum).toBe('skipped');
    } finally {
      await database.drop();
    }
  }, 60_000);

  it('refuses a backup with one changed byte that integrity_check would pass, from either checksum source', async () => {
    const database = await createTestDatabase('sqlite');
    const dataDir = database.dataDir;
    try {
      for (const sources of [['sha256'], ['manifest']] as const) {
        const file = await backupIn(dataDir, [...sources]);
        // One letter of a keyword in the stored schema SQL changes case ("CREATE TABLE" → "CREATE TABLe"): SQL
        // keywords are case-insensitive, so the file still parses and integrity_check cannot see the change.
        const bytes = await readFile(file);
        const at = bytes.indexOf('CREATE TABLE');
        expect(at).toBeGreaterThan(0);
        const handle = await open(file, 'r+');
        await handle.write(Buffer.from('e'), 0, 1, at + 'CREATE TABL'.length);
        await handle.close();
        const check = new SqliteDatabase(file, { readonly: true });
        expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
        check.close();
        await expect(tillpointd(['restore', file, '--data-dir', dataDir])).rejects.toMatchObject({
          code: 1,
          stderr: expect.stringContaining('does not match the SHA-256 recorded in'),
        });
      }
      // Two sources that disagree: refused too.
      const file = await backupIn(dataDir, ['sha256', 'manifest']);
      await writeFile(`${file}.sha256`, `${'0'.repeat(64)}  x\n`);
      await expect(tillpointd(['restore', file, '--data-dir', dataDir])).rejects.toMatchObject({ code: 1 });
      await rm(`${file}.sha256`);
      expect(
        JSON.parse((await tillpointd(['restore', file, '--data-dir', dataDir, '--json'])).stdout).checksum,
      ).toBe('verified');
    } finally {
      await database.drop();
    }
  }, 60_000);
});
