import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAEMON_BIN } from '../support/spawn-daemon.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/test-database.js';

/** The Redis the cluster suites use; offline commands must exit whether or not they could reach it. */
const REDIS_URL = process.env.TILLPOINT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Far beyond what a command needs; a command that does not exit is killed here and the test fails. */
const EXIT_WITHIN_MS = 30_000;

/** Runs an offline command of the built bin with TILLPOINT_REDIS_URL set and reports how it ended. */
function offline(args: string[], env: Record<string, string>, input?: string) {
  const result = spawnSync(process.execPath, [DAEMON_BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', TILLPOINT_REDIS_URL: REDIS_URL, ...env },
    encoding: 'utf8',
    input,
    timeout: EXIT_WITHIN_MS,
    killSignal: 'SIGKILL',
  });
  // `signal` is set when the timeout had to kill it: the command did not exit by itself.
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

for (const dialect of DIALECTS) {
  describe(`offline commands exit with TILLPOINT_REDIS_URL set, on ${dialect}`, () => {
    let source: TestDatabase;
    let target: TestDatabase;
    const envOf = (database: TestDatabase) => ({
      TILLPOINT_DATA_DIR: database.dataDir,
      ...(database.databaseUrl ? { TILLPOINT_DATABASE_URL: database.databaseUrl } : {}),
    });

    beforeAll(async () => {
      source = await createTestDatabase(dialect);
      target = await createTestDatabase(dialect);
    });
    afterAll(async () => {
      await source?.drop();
      await target?.drop();
    });

    if (dialect === 'postgres') {
      // PostgreSQL plus Redis is a cluster: the offline commands must still not keep a Redis connection open.
      it('admin create', () => {
        const run = offline(
          ['admin', 'create', '--email', 'owner@example.com', '--password-stdin'],
          envOf(source),
          'Correct-horse-battery-9\n',
        );
        expect(run.signal, run.stderr).toBeNull();
        expect(run.status, run.stderr).toBe(0);
        expect(run.stdout).toContain('Created admin owner@example.com');
      });

      it('migrate', () => {
        const run = offline(['migrate'], envOf(source));
        expect(run.signal, run.stderr).toBeNull();
        expect(run.status, run.stderr).toBe(0);
      });

      it('config', () => {
        const run = offline(['config', '--json'], envOf(source));
        expect(run.signal, run.stderr).toBeNull();
        expect(run.status, run.stderr).toBe(0);
        expect(JSON.parse(run.stdout).mode).toBe('cluster');
      });

      it('export and import', () => {
        const dump = join(source.dataDir, 'dump.jsonl');
        const exported = offline(['export', '--out', dump, '--json'], envOf(source));
        expect(exported.signal, exported.stderr).toBeNull();
        expect(exported.status, exported.stderr).toBe(0);
        const imported = offline(['import', '--in', dump, '--json'], envOf(target));
        expect(imported.signal, imported.stderr).toBeNull();
        expect(imported.status, imported.stderr).toBe(0);
        expect(JSON.parse(imported.stdout).tables.users.rows).toBe(1);
      });

      it('restore (refused on PostgreSQL, exit 1, and still exits)', () => {
        const run = offline(['restore', join(source.dataDir, 'dump.jsonl'), '--json'], envOf(source));
        expect(run.signal, run.stderr).toBeNull();
        expect(run.status, run.stderr).toBe(1);
        expect(JSON.parse(run.stderr).error.code).toBe('restore_refused');
      });
    } else {
      // Redis without PostgreSQL is not a valid setting on SQLite: each command says so (exit 78) and exits.
      for (const args of [
        ['admin', 'create', '--email', 'owner@example.com', '--password-stdin'],
        ['migrate'],
        ['config'],
        ['export', '--out', 'dump.jsonl'],
        ['import', '--in', 'dump.jsonl'],
        ['restore', 'backup.db'],
      ]) {
        it(args.slice(0, 2).join(' '), () => {
          const run = offline(args, envOf(source), 'Correct-horse-battery-9\n');
          expect(run.signal, run.stderr).toBeNull();
          expect(run.status, run.stderr).toBe(78);
          expect(run.stderr).toContain('TILLPOINT_REDIS_URL');
        });
      }
    }
  });
}
