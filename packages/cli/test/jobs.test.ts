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

  it('jobs run --from-file enqueues a JSON Lines file in one batch, from a file or stdin', async () => {
    const lines = [
      JSON.stringify({ type: 'system.probe', params: { durationMs: 0 } }),
      '',
      JSON.stringify({ type: 'system.probe', params: { durationMs: 0 }, uniqueKey: 'cli-batch' }),
      JSON.stringify({ type: 'system.probe', params: { durationMs: 0 }, uniqueKey: 'cli-batch' }),
    ].join('\n');
    const batch = await tillJson<{
      created: number;
      existing: number;
      data: { created: boolean; job: Job }[];
    }>(['jobs', 'run', '--from-file', '-'], lines);
    expect(batch).toMatchObject({ created: 2, existing: 1 });
    expect(batch.data.map((entry) => entry.created)).toEqual([true, true, false]);
    const human = await till(
      ['jobs', 'run', '--from-file', '-'],
      lines.replaceAll('cli-batch', 'cli-batch-2'),
    );
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(
      'Enqueued 2 new jobs from 3 lines (1 matched an existing job by uniqueKey)',
    );
  });

  it('jobs run --from-file names the bad line, and refuses a line that is not JSON before sending', async () => {
    const badParams = [
      JSON.stringify({ type: 'system.probe' }),
      JSON.stringify({ type: 'system.probe', params: { durationMs: 'soon' } }),
    ].join('\n');
    const refused = await till(['jobs', 'run', '--from-file', '-', '--json'], badParams);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('line 2: params.durationMs');
    const notJson = await till(
      ['jobs', 'run', '--from-file', '-', '--json'],
      '{"type":"system.probe"}\n{oops\n',
    );
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('line 2 is not JSON');
    const noType = await till(['jobs', 'run', '--json']);
    expect(noType.code).toBe(2);
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
