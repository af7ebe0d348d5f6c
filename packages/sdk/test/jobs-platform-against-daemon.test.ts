import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, JobFailedError, Tillpoint, UnprocessableEntityError } from '../src/index.js';
import { type SpawnedDaemon, startDaemon } from './support/daemon.js';
import { createRecordingLogger } from './support/test-server.js';

const PASSWORD = 'correct horse battery';

// Schedules, webhooks, uploads and job results against the real built daemon.
describe('the jobs platform against a spawned tillpointd', () => {
  let daemon: SpawnedDaemon;
  let admin: Tillpoint;
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end('thanks');
    });
  });
  const { lines, logger } = createRecordingLogger();

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    daemon = await startDaemon({
      TILLPOINT_COOKIE_SECURE: 'false',
      TILLPOINT_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    });
    const setupToken = /setup_[A-Za-z0-9_-]+/.exec(daemon.output())?.[0];
    if (!setupToken) throw new Error(`The daemon logged no setup token:\n${daemon.output()}`);
    admin = new Tillpoint({ baseUrl: daemon.url, maxRetries: 0, logLevel: 'debug', logger });
    await admin.auth.setup({ setupToken, email: 'admin@example.com', password: PASSWORD, name: 'Admin' });
  }, 30_000);
  afterAll(async () => {
    await daemon?.stop();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    expect(lines.filter((line) => line.text.includes('does not match'))).toEqual([]);
  });

  it('manages schedules by name, including the built-in ones', async () => {
    const names: string[] = [];
    for await (const schedule of admin.schedules.list()) names.push(schedule.name);
    expect(names).toEqual(expect.arrayContaining(['maintenance-cleanup', 'sqlite-backup']));
    const created = await admin.schedules.create({
      name: 'sdk-hourly',
      cron: '0 * * * *',
      jobType: 'system.probe',
    });
    expect(created).toMatchObject({ name: 'sdk-hourly', builtin: false, timezone: 'UTC' });
    expect((await admin.schedules.pause('sdk-hourly')).paused).toBe(true);
    expect((await admin.schedules.update('sdk-hourly', { intervalSeconds: 120 })).intervalSeconds).toBe(120);
    const job = await admin.schedules.trigger(created.id);
    expect(job.type).toBe('system.probe');
    await admin.schedules.delete('sdk-hourly');
    await expect(admin.schedules.delete('maintenance-cleanup')).rejects.toMatchObject({
      code: 'builtin_schedule',
    });
    await expect(admin.schedules.delete('maintenance-cleanup')).rejects.toBeInstanceOf(ConflictError);
  });

  it('registers a webhook endpoint whose deliveries verify with its secret, and redelivers', async () => {
    const { port } = receiver.address() as AddressInfo;
    const endpoint = await admin.webhookEndpoints.create({
      url: `http://127.0.0.1:${port}/hook`,
      eventTypes: ['product.created'],
    });
    expect(endpoint.secret).toMatch(/^whsec_/);
    await admin.products.create({ sku: 'SDK-WH-1', name: 'Hooked', price: 100, currency: 'EUR' });
    const delivery = await poll(async () => {
      const page = await admin.webhookDeliveries.list({ endpointId: endpoint.id });
      return page.data[0]?.status === 'succeeded' ? page.data[0] : undefined;
    });
    const got = received.find((r) => r.headers['webhook-id'] === delivery.id)!;
    expect(() =>
      new Webhook(endpoint.secret).verify(got.body, got.headers as Record<string, string>),
    ).not.toThrow();
    expect((await admin.webhookDeliveries.redeliver(delivery.id)).status).toBe('pending');
    const rotated = await admin.webhookEndpoints.rotateSecret(endpoint.id, { graceHours: 0 });
    expect(rotated.secret).not.toBe(endpoint.secret);
    expect((await admin.webhookEndpoints.update(endpoint.id, { status: 'disabled' })).status).toBe(
      'disabled',
    );
    await admin.webhookEndpoints.delete(endpoint.id);
    await expect(admin.webhookEndpoints.create({ url: 'ftp://nope' })).rejects.toBeInstanceOf(
      UnprocessableEntityError,
    );
  });

  it('uploads an import, runs it and streams its error report', async () => {
    const csv = 'sku,name,price,currency\nSDK-IMP-1,Imported,900,EUR\nSDK-IMP-2,Bad,-1,EUR\n';
    const upload = await admin.uploads.create(Readable.from([csv]), 'text/csv');
    expect(upload).toMatchObject({ contentType: 'text/csv', size: csv.length });
    const job = await admin.jobs.run('imports.products', { uploadId: upload.id }, { wait: true });
    expect(job.result).toMatchObject({ created: 1, failed: 1 });
    expect(job.resultFile?.name).toBe('import-errors.csv');
    const { data: stream, response } = await admin.jobs.downloadResult(job.id).withResponse();
    expect(response.headers['content-type']).toBe('text/csv');
    const report = await text(stream);
    expect(report.split('\n')[0]).toBe('line,sku,error');
    expect(report).toContain('3,SDK-IMP-2');
  });

  it('throws JobFailedError with the last error when a job fails, and 409 for a result that does not exist', async () => {
    const failing = admin.jobs.run('system.probe', { fail: true, failMessage: 'on purpose' }, { wait: true });
    await expect(failing).rejects.toBeInstanceOf(JobFailedError);
    await expect(failing).rejects.toMatchObject({ message: expect.stringContaining('on purpose') });
    const ok = await admin.jobs.run('system.probe', {}, { wait: true });
    await expect(admin.jobs.downloadResult(ok.id)).rejects.toMatchObject({ code: 'no_result', status: 409 });
  });
});

describe('client.events.stream against a spawned tillpointd', () => {
  let daemon: SpawnedDaemon;
  let admin: Tillpoint;
  beforeAll(async () => {
    daemon = await startDaemon({ TILLPOINT_COOKIE_SECURE: 'false' });
    const setupToken = /setup_[A-Za-z0-9_-]+/.exec(daemon.output())?.[0];
    admin = new Tillpoint({ baseUrl: daemon.url, maxRetries: 0 });
    await admin.auth.setup({
      setupToken: setupToken!,
      email: 'admin@example.com',
      password: PASSWORD,
      name: 'Admin',
    });
  }, 30_000);
  afterAll(async () => {
    await daemon?.stop();
  });

  it('yields live events of the chosen types, resumes after lastEventId, and stops on abort', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const reading = (async () => {
      for await (const event of admin.events.stream({
        types: ['product.created'],
        signal: controller.signal,
      })) {
        seen.push(event.subjectId);
        if (seen.length === 2) controller.abort();
      }
    })();
    // Live events start when the stream is open.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const a = await admin.products.create({ sku: 'SSE-A', name: 'A', price: 1, currency: 'EUR' });
    await admin.products.update(a.id, { name: 'A2' }); // another type: filtered out
    const b = await admin.products.create({ sku: 'SSE-B', name: 'B', price: 1, currency: 'EUR' });
    await reading;
    expect(seen).toEqual([a.id, b.id]);

    const firstEvent = (await admin.events.list({ type: 'product.created', subjectId: a.id })).data[0]!;
    const resumed: string[] = [];
    const stop = new AbortController();
    for await (const event of admin.events.stream({
      types: ['product.created'],
      lastEventId: firstEvent.id,
      signal: stop.signal,
    })) {
      resumed.push(event.subjectId);
      stop.abort();
    }
    expect(resumed).toEqual([b.id]);
  });
});

async function poll<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
