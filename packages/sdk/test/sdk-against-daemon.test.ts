import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, Tillpoint, TillpointError } from '../src/index.js';
import { type SpawnedDaemon, startDaemon } from './support/daemon.js';
import { TRANSPORTS } from './support/transports.js';

// Runs against the real built daemon; build it first (`pnpm --filter @tillpoint/daemon build`). When it is not
// built, every test here fails with that instruction rather than being skipped.
let daemon: SpawnedDaemon;
beforeAll(async () => {
  daemon = await startDaemon();
}, 30_000);
afterAll(async () => {
  await daemon?.stop();
});

describe.each(TRANSPORTS)('SDK against a spawned tillpointd (%s transport)', (transport) => {
  let client: Tillpoint;
  beforeAll(() => {
    client = new Tillpoint({ baseUrl: daemon.url, maxRetries: 0, transport });
  });

  it('sends through the chosen transport', () => {
    expect(client.transport.name).toBe(transport);
  });

  it('meta.get() returns the daemon description', async () => {
    const meta = await client.meta.get();
    expect(meta.name).toBe('tillpointd');
    expect(meta.apiVersion).toBe('v1');
    expect(['single', 'cluster']).toContain(meta.mode);
    expect(meta.database).toBe('sqlite');
  });

  it('health() and readiness() answer', async () => {
    const health = await client.health();
    expect(health.status).toBe('ok');
    expect(health.uptimeSeconds).toBeGreaterThanOrEqual(0);
    const { data, response } = await client.readiness().withResponse();
    expect(response.status).toBe(200);
    expect(data.status).toBe('ready');
    expect(typeof data.checks).toBe('object');
  });

  it('maps a 404 to NotFoundError with code and request id', async () => {
    const error = await client.request('GET', '/v1/definitely-not-a-route').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toBeInstanceOf(TillpointError);
    const notFound = error as NotFoundError;
    expect(notFound.status).toBe(404);
    expect(notFound.code).toBe('not_found');
    expect(notFound.requestId).toEqual(expect.any(String));
    expect(notFound.requestId).toBe(notFound.headers['x-request-id']);
    expect(notFound.message).toContain(notFound.requestId!);
  });

  it('withResponse() gives status, headers and the request id', async () => {
    const { data, response, requestId } = await client.meta.get().withResponse();
    expect(data.name).toBe('tillpointd');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    expect(requestId).toEqual(expect.any(String));
    expect(requestId).toBe(response.headers['x-request-id']);
  });
});
