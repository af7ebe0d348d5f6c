import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedDaemon, spawnDaemon } from '../../daemon/test/support/spawn-daemon.js';
import { assertBuilt, parseSingleJson, runTill, tempConfigDir } from './support/run-till.js';

const ADMIN_PASSWORD = 'correct horse battery staple';

let daemon: SpawnedDaemon;
let config: Awaited<ReturnType<typeof tempConfigDir>>;

/** Runs `till` as the admin against the spawned daemon. */
const till = (args: string[], input?: string) =>
  runTill(args, { env: { TILLPOINT_CONFIG_DIR: config.dir, TILLPOINT_URL: daemon.url }, input });

/** Runs `till … --json`, expects exit 0, an empty stderr and exactly one JSON document on stdout. */
async function tillJson<T = Record<string, unknown>>(args: string[], input?: string): Promise<T> {
  const result = await till([...args, '--json'], input);
  expect(result.stderr, args.join(' ')).toBe('');
  expect(result.code, args.join(' ')).toBe(0);
  return parseSingleJson(result.stdout) as T;
}

interface Job {
  id: string;
  object: 'job';
  type: string;
  status: string;
  params: unknown;
}

beforeAll(async () => {
  assertBuilt();
  daemon = await spawnDaemon({ env: { TILLPOINT_COOKIE_SECURE: 'false' } });
  config = await tempConfigDir();
  const token = /setup_[A-Za-z0-9_-]+/.exec(daemon.output())?.[0];
  if (!token) throw new Error(`The daemon logged no setup token:\n${daemon.output()}`);
  const setup = await till(
    ['setup', '--token', token, '--email', 'admin@example.com', '--password-stdin', '--json'],
    `${ADMIN_PASSWORD}\n`,
  );
  if (setup.code !== 0) throw new Error(`till setup failed: ${setup.stderr}`);
});

afterAll(async () => {
  await daemon?.stop();
  await config?.cleanup();
});

describe('till jobs', () => {
  let cleanupId: string;

  it('jobs types --json lists both built-in types', async () => {
    const types = await tillJson<{ object: 'list'; data: { type: string; queue: string }[] }>([
      'jobs',
      'types',
    ]);
    expect(types.object).toBe('list');
    expect(types.data.map((t) => t.type)).toEqual(
      expect.arrayContaining(['orders.cancel_overdue', 'maintenance.cleanup']),
    );
  });

  it('jobs run maintenance.cleanup --wait --json exits 0 with the succeeded job', async () => {
    const job = await tillJson<Job>(['jobs', 'run', 'maintenance.cleanup', '--wait']);
    expect(job).toMatchObject({ object: 'job', type: 'maintenance.cleanup', status: 'succeeded' });
    cleanupId = job.id;
  });

  it('jobs run orders.cancel_overdue --param limit=5 --wait --json sends a typed param', async () => {
    const job = await tillJson<Job>(['jobs', 'run', 'orders.cancel_overdue', '--param', 'limit=5', '--wait']);
    expect(job).toMatchObject({ type: 'orders.cancel_overdue', status: 'succeeded', params: { limit: 5 } });
  });

  it('jobs run of an unknown type exits 1 with validation_failed', async () => {
    const result = await till(['jobs', 'run', 'nope.x', '--json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect((JSON.parse(result.stderr) as { error: { code: string } }).error.code).toBe('validation_failed');
  });

  it('jobs list and get --json', async () => {
    const list = await tillJson<{ object: 'list'; data: Job[] }>(['jobs', 'list', '--limit', '50']);
    expect(list.object).toBe('list');
    expect(list.data.map((j) => j.id)).toContain(cleanupId);
    expect(await tillJson<Job>(['jobs', 'get', cleanupId, '--wait', '1'])).toMatchObject({
      id: cleanupId,
      status: 'succeeded',
    });
  });
});
