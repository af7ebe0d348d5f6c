import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminDaemon } from './support/admin-daemon.js';

let session: Awaited<ReturnType<typeof startAdminDaemon>>;
const till = (args: string[], input?: string) => session.till(args, input);
const tillJson = <T = Record<string, unknown>>(args: string[]) => session.tillJson<T>(args);

beforeAll(async () => {
  session = await startAdminDaemon({ TILLPOINT_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
});
afterAll(async () => {
  await session?.stop();
});

describe('till schedules', () => {
  it('creates, pauses, triggers and deletes a schedule by name, and lists the built-in ones', async () => {
    const created = await tillJson<{ name: string; intervalSeconds: number; paused: boolean }>([
      'schedules',
      'create',
      '--name',
      'cli-probe',
      '--every',
      '600',
      '--job-type',
      'system.probe',
      '--param',
      'durationMs=0',
      '--paused',
    ]);
    expect(created).toMatchObject({ name: 'cli-probe', intervalSeconds: 600, paused: true });
    const list = await tillJson<{ data: Array<{ name: string; builtin: boolean }> }>([
      'schedules',
      'list',
      '--all',
    ]);
    expect(list.data.filter((s) => s.builtin).map((s) => s.name)).toContain('maintenance-cleanup');
    expect((await tillJson<{ paused: boolean }>(['schedules', 'resume', 'cli-probe'])).paused).toBe(false);
    expect(
      (await tillJson<{ cron: string }>(['schedules', 'update', 'cli-probe', '--cron', '*/5 * * * *'])).cron,
    ).toBe('*/5 * * * *');
    const job = await tillJson<{ object: string; type: string }>(['schedules', 'trigger', 'cli-probe']);
    expect(job).toMatchObject({ object: 'job', type: 'system.probe' });
    expect(await tillJson(['schedules', 'delete', 'cli-probe'])).toEqual({ deleted: 'cli-probe' });
  });

  it('explains a refused delete of a built-in schedule and a missing timing', async () => {
    const builtin = await till(['schedules', 'delete', 'maintenance-cleanup', '--json']);
    expect(builtin.code).toBe(1);
    expect(JSON.parse(builtin.stderr).error.code).toBe('builtin_schedule');
    const noTiming = await till(['schedules', 'create', '--name', 'x', '--job-type', 'system.probe']);
    expect(noTiming.code).toBe(2);
    expect(noTiming.stderr).toContain('--cron or --every');
  });

  it('prints a human table on request', async () => {
    const result = await till(['schedules', 'list']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/NAME\s+WHEN\s+JOB/);
    expect(result.stdout).toContain('daily-sales-report');
  });
});

describe('till webhooks', () => {
  it('registers an endpoint (secret shown once), lists it, rotates and deletes it', async () => {
    const human = await till([
      'webhooks',
      'endpoints',
      'create',
      '--url',
      'http://127.0.0.1:9/hook',
      '--event',
      'order.paid',
    ]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/Signing secret: whsec_/);
    expect(human.stderr).toContain('not shown again');
    const id = /whe_[0-9A-Z]{26}/.exec(human.stdout)![0];
    const list = await tillJson<{ data: Array<{ id: string; secret?: string }> }>([
      'webhooks',
      'endpoints',
      'list',
    ]);
    expect(list.data.find((e) => e.id === id)).toBeDefined();
    expect(list.data.every((e) => e.secret === undefined)).toBe(true);
    const rotated = await tillJson<{ secret: string }>([
      'webhooks',
      'endpoints',
      'rotate-secret',
      id,
      '--grace-hours',
      '1',
    ]);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(
      (await tillJson<{ status: string }>(['webhooks', 'endpoints', 'update', id, '--status', 'disabled']))
        .status,
    ).toBe('disabled');
    expect(await tillJson(['webhooks', 'endpoints', 'delete', id])).toEqual({ deleted: id });
    const deliveries = await tillJson<{ object: string }>([
      'webhooks',
      'deliveries',
      'list',
      '--status',
      'failed',
    ]);
    expect(deliveries.object).toBe('list');
  });
});

describe('till jobs with result files, and till products import', () => {
  it('imports products from a CSV, exits 1 when rows failed, and saves the error report', async () => {
    const file = join(session.configDir, 'products.csv');
    await writeFile(file, 'sku,name,price,currency\nCLI-IMP-1,Good,100,EUR\nCLI-IMP-2,Bad,x,EUR\n');
    const errors = join(session.configDir, 'errors.csv');
    const result = await till(['products', 'import', file, '--errors', errors, '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).result).toMatchObject({ created: 1, failed: 1 });
    expect((await readFile(errors, 'utf8')).split('\n')[1]).toMatch(/^3,CLI-IMP-2,/);
  });

  it('jobs run --wait --output saves the report, and jobs result streams it to a pipe', async () => {
    const out = join(session.configDir, 'sales.csv');
    const job = await tillJson<{ id: string; resultFile: { name: string } }>([
      'jobs',
      'run',
      'reports.sales',
      '--param',
      'period=today',
      '--wait',
      '--output',
      out,
    ]);
    expect(job.resultFile.name).toMatch(/^sales-.*\.csv$/);
    expect((await readFile(out, 'utf8')).split('\n')[0]).toBe(
      'day,currency,status,orders,total,paid,refunded',
    );
    const piped = await till(['jobs', 'result', job.id, '--output', '-']);
    expect(piped.code).toBe(0);
    expect(piped.stdout.split('\n')[0]).toBe('day,currency,status,orders,total,paid,refunded');
  });

  it("jobs run --wait exits 1 with the job's error when the job fails", async () => {
    const result = await till([
      'jobs',
      'run',
      'system.probe',
      '--param',
      'fail=true',
      '--param',
      'failMessage=broken on purpose',
      '--wait',
      '--json',
    ]);
    expect(result.code).toBe(1);
    const error = JSON.parse(result.stderr).error;
    expect(error.code).toBe('job_failed');
    expect(result.stderr).toContain('broken on purpose');
  });
});

describe('till backups', () => {
  it('creates a backup, waits for it, and lists it with its checksum', async () => {
    const job = await tillJson<{ status: string; result: { name: string; sha256: string } }>([
      'backups',
      'create',
    ]);
    expect(job.status).toBe('succeeded');
    const list = await tillJson<{ data: Array<{ name: string; sha256: string }> }>(['backups', 'list']);
    expect(list.data[0]).toMatchObject({ name: job.result.name, sha256: job.result.sha256 });
  });
});

describe('till audit', () => {
  it('lists the admin actions made above, newest first, filterable by action', async () => {
    const list = await tillJson<{ data: Array<{ action: string; actorKind: string }> }>([
      'audit',
      'list',
      '--all',
    ]);
    const actions = list.data.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'schedules.create',
        'schedules.resume',
        'webhook-endpoints.rotate-secret',
        'backups.create',
      ]),
    );
    const filtered = await tillJson<{ data: Array<{ action: string }> }>([
      'audit',
      'list',
      '--action',
      'schedules.create',
    ]);
    expect(filtered.data.length).toBeGreaterThan(0);
    expect(filtered.data.every((e) => e.action === 'schedules.create')).toBe(true);
  });
});

describe('till events tail', () => {
  it('prints live events as JSON Lines and stops after --limit', async () => {
    const tail = till(['events', 'tail', '--type', 'product.created', '--limit', '2', '--json']);
    // Live events start when the stream is open: give the CLI time to start and connect.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    for (const sku of ['TAIL-1', 'TAIL-2']) {
      await tillJson([
        'products',
        'create',
        '--sku',
        sku,
        '--name',
        sku,
        '--price',
        '100',
        '--currency',
        'EUR',
      ]);
    }
    const result = await tail;
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; data: { sku: string } });
    expect(lines.map((event) => event.data.sku)).toEqual(['TAIL-1', 'TAIL-2']);
    expect(lines.every((event) => event.type === 'product.created')).toBe(true);
  });
});
