import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminDaemon } from './support/admin-daemon.js';

let session: Awaited<ReturnType<typeof startAdminDaemon>>;
const till = (args: string[], input?: string) => session.till(args, input);
const tillJson = <T = Record<string, unknown>>(args: string[], input?: string) =>
  session.tillJson<T>(args, input);

interface Job {
  id: string;
  object: 'job';
  type: string;
  status: string;
  params: unknown;
}

beforeAll(async () => {
  session = await startAdminDaemon();
});

afterAll(async () => {
  await session?.stop();
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
