import { createServer } from 'node:http';
import { connect } from 'node:net';
import { MockAgent, ProxyAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionError, NotFoundError, Tillpoint } from '../src/index.js';
import { sendJson, startServer } from './support/test-server.js';

const ORIGIN = 'http://tillpoint.test';
let agent: MockAgent;

beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
});
afterEach(async () => {
  await agent.close();
});

describe('injectable dispatcher', () => {
  it('sends every request through the given undici dispatcher', async () => {
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: '/v1/meta', method: 'GET', headers: { authorization: 'Bearer tok' } }).reply(
      200,
      {
        name: 'tillpointd',
        version: '9.9.9',
        apiVersion: 'v1',
        mode: 'cluster',
        database: 'postgres',
        node: 'v22',
      },
      { headers: { 'content-type': 'application/json', 'x-request-id': 'req_mock' } },
    );
    const client = new Tillpoint({ baseUrl: ORIGIN, token: 'tok', dispatcher: agent });
    const { data, requestId } = await client.meta.get().withResponse();
    expect(data.version).toBe('9.9.9');
    expect(data.mode).toBe('cluster');
    expect(requestId).toBe('req_mock');
    agent.assertNoPendingInterceptors();
  });

  it('maps mocked problems to errors and retries mocked 502s', async () => {
    const pool = agent.get(ORIGIN);
    pool
      .intercept({ path: '/v1/flaky', method: 'GET' })
      .reply(502, 'bad gateway', { headers: { 'retry-after': '0' } });
    pool.intercept({ path: '/v1/flaky', method: 'GET' }).reply(
      200,
      { ok: true },
      {
        headers: { 'content-type': 'application/json' },
      },
    );
    pool
      .intercept({ path: '/v1/missing', method: 'GET' })
      .reply(
        404,
        { type: 'about:blank', title: 'Not Found', status: 404, code: 'not_found', requestId: 'req_404' },
        { headers: { 'content-type': 'application/problem+json' } },
      );
    const client = new Tillpoint({ baseUrl: ORIGIN, dispatcher: agent });
    await expect(client.request('GET', '/v1/flaky')).resolves.toEqual({ ok: true });
    const error = await client.request('GET', '/v1/missing').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).requestId).toBe('req_404');
    agent.assertNoPendingInterceptors();
  });

  it('turns a refused (net-disabled) request into a ConnectionError', async () => {
    const client = new Tillpoint({ baseUrl: 'http://elsewhere.test', dispatcher: agent, maxRetries: 0 });
    await expect(client.health()).rejects.toBeInstanceOf(ConnectionError);
  });
});

describe('a ProxyAgent', () => {
  it('sends every request through the proxy (CONNECT), with the client’s headers', async () => {
    const target = await startServer((_req, res) => sendJson(res, 200, { ok: true }));
    const tunnels: string[] = [];
    // A minimal HTTP proxy: CONNECT opens a TCP tunnel to the target, as corporate proxies do.
    const proxy = createServer();
    proxy.on('connect', (req, socket, head) => {
      tunnels.push(req.url ?? '');
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket).pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as { port: number };
    const dispatcher = new ProxyAgent(`http://127.0.0.1:${port}`);
    try {
      const client = new Tillpoint({ baseUrl: target.url, dispatcher, token: 'tok', maxRetries: 0 });
      expect(client.transport.name).toBe('undici');
      await expect(client.request('POST', '/v1/x', { body: { a: 1 } })).resolves.toEqual({ ok: true });
      expect(tunnels).toEqual([new URL(target.url).host]);
      expect(target.requests[0]).toMatchObject({ method: 'POST', url: '/v1/x', body: '{"a":1}' });
      expect(target.requests[0]?.headers.authorization).toBe('Bearer tok');
    } finally {
      await dispatcher.close();
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await target.close();
    }
  });
});
