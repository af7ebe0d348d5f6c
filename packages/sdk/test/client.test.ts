import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  type ClientOptions,
  ConflictError,
  ConnectionError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  Tillpoint,
  TillpointError,
  TimeoutError,
  type Transport,
  type TransportRequest,
  UnprocessableEntityError,
  UserAbortError,
  VERSION,
} from '../src/index.js';
import {
  createRecordingLogger,
  sendJson,
  sendProblem,
  startServer,
  type TestServer,
} from './support/test-server.js';
import { TRANSPORTS } from './support/transports.js';

const META = {
  name: 'tillpointd',
  version: '1.2.3',
  apiVersion: 'v1',
  mode: 'single',
  database: 'sqlite',
  node: 'v20',
};

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.unstubAllEnvs();
});

async function serve(handler: Parameters<typeof startServer>[0]) {
  server = await startServer(handler);
  return server;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Every test runs on both transports: the behaviour the client promises must not depend on how it sends.
describe.each(TRANSPORTS)('%s transport', (transport) => {
  const newClient = (options: ClientOptions = {}) => new Tillpoint({ transport, ...options });

  describe('requests', () => {
    it('sends identification, auth and JSON headers; resolves to the body', async () => {
      const srv = await serve((_req, res) => sendJson(res, 200, META));
      const client = newClient({
        baseUrl: `${srv.url}/`,
        apiKey: 'tp_test_key',
        defaultHeaders: { 'X-Extra': '1' },
      });
      const meta = await client.meta.get();
      expect(meta).toEqual(META);
      const [req] = srv.requests;
      expect(req?.method).toBe('GET');
      expect(req?.url).toBe('/v1/meta');
      expect(req?.headers['user-agent']).toBe(`tillpoint-sdk/${VERSION} node/${process.version}`);
      expect(req?.headers.accept).toBe('application/json');
      expect(req?.headers.authorization).toBe('Bearer tp_test_key');
      expect(req?.headers['x-extra']).toBe('1');
      expect(req?.headers['idempotency-key']).toBeUndefined();
    });

    it('reads TILLPOINT_URL and TILLPOINT_TOKEN from the environment', async () => {
      const srv = await serve((_req, res) => sendJson(res, 200, { status: 'ok', uptimeSeconds: 1 }));
      vi.stubEnv('TILLPOINT_URL', srv.url);
      vi.stubEnv('TILLPOINT_TOKEN', 'env-token');
      const client = newClient();
      expect(client.baseUrl).toBe(srv.url);
      await expect(client.health()).resolves.toEqual({ status: 'ok', uptimeSeconds: 1 });
      expect(srv.requests[0]?.headers.authorization).toBe('Bearer env-token');
      expect(srv.requests[0]?.url).toBe('/healthz');
    });

    it('defaults to 127.0.0.1:7400, 60 s and 2 retries', () => {
      vi.stubEnv('TILLPOINT_URL', '');
      const client = newClient();
      expect(client.baseUrl).toBe('http://127.0.0.1:7400');
      expect(client.timeout).toBe(60_000);
      expect(client.maxRetries).toBe(2);
      expect(() => newClient({ baseUrl: 'not a url' })).toThrow(TillpointError);
    });

    it('request() sends query and JSON body, with an Idempotency-Key on POST', async () => {
      const srv = await serve((_req, res) => sendJson(res, 201, { id: 'ord_1' }));
      const client = newClient({ baseUrl: srv.url });
      const created = await client.request<{ id: string }>('post', '/v1/orders', {
        query: { expand: 'items', dry: false, skip: undefined, n: 2 },
        body: { items: [{ sku: 'A', quantity: 1 }] },
      });
      expect(created.id).toBe('ord_1');
      const req = srv.requests[0];
      expect(req?.method).toBe('POST');
      expect(req?.url).toBe('/v1/orders?expand=items&dry=false&n=2');
      expect(req?.headers['content-type']).toBe('application/json');
      expect(JSON.parse(req?.body ?? '')).toEqual({ items: [{ sku: 'A', quantity: 1 }] });
      expect(req?.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('lets idempotencyKey override the generated key', async () => {
      const srv = await serve((_req, res) => sendJson(res, 200, {}));
      const client = newClient({ baseUrl: srv.url });
      await client.request('POST', '/v1/x', { idempotencyKey: 'my-key' });
      await client.request('POST', '/v1/x');
      await client.request('POST', '/v1/x');
      expect(srv.requests[0]?.headers['idempotency-key']).toBe('my-key');
      expect(srv.requests[1]?.headers['idempotency-key']).not.toBe(
        srv.requests[2]?.headers['idempotency-key'],
      );
    });

    it('withResponse() exposes status, headers and the request id', async () => {
      const srv = await serve((_req, res) =>
        sendJson(res, 200, META, { 'x-request-id': 'req_abc', 'x-custom': 'v' }),
      );
      const client = newClient({ baseUrl: srv.url });
      const { data, response, requestId } = await client.meta.get().withResponse();
      expect(data).toEqual(META);
      expect(response.status).toBe(200);
      expect(response.headers['x-custom']).toBe('v');
      expect(requestId).toBe('req_abc');
    });

    it('parses leniently: unknown fields are kept, schema mismatches do not throw', async () => {
      const newer = { ...META, mode: 'galaxy', shards: 12 };
      const srv = await serve((_req, res) => sendJson(res, 200, newer));
      const { lines, logger } = createRecordingLogger();
      const client = newClient({ baseUrl: srv.url, logLevel: 'debug', logger });
      const meta = await client.meta.get();
      expect(meta).toEqual(newer);
      expect((meta as Record<string, unknown>).shards).toBe(12);
      expect(
        lines.some(
          (l) => l.level === 'debug' && l.text.includes('does not match') && l.text.includes('mode'),
        ),
      ).toBe(true);
    });

    it('keeps unknown fields of a valid body', async () => {
      const srv = await serve((_req, res) => sendJson(res, 200, { ...META, region: 'eu' }));
      const meta = await newClient({ baseUrl: srv.url }).meta.get();
      expect(meta).toMatchObject({ region: 'eu', version: '1.2.3' });
    });

    it('readiness() resolves with a 503 readiness body without retrying', async () => {
      const body = { status: 'not_ready', checks: { database: { status: 'down', error: 'ECONNREFUSED' } } };
      const srv = await serve((_req, res) => sendJson(res, 503, body));
      const client = newClient({ baseUrl: srv.url, maxRetries: 3 });
      const { data, response } = await client.readiness().withResponse();
      expect(data).toEqual(body);
      expect(response.status).toBe(503);
      expect(srv.requests).toHaveLength(1);
    });

    it('readiness() still throws on a 503 problem', async () => {
      const srv = await serve((_req, res) => sendProblem(res, 503, 'service_unavailable'));
      const client = newClient({ baseUrl: srv.url });
      await expect(client.readiness()).rejects.toBeInstanceOf(InternalServerError);
      expect(srv.requests).toHaveLength(1);
    });
  });

  describe('retries', () => {
    it('retries 503 twice then succeeds, reusing the Idempotency-Key', async () => {
      const srv = await serve((_req, res, index) => {
        if (index < 2) sendProblem(res, 503, 'service_unavailable', { 'retry-after': '0' });
        else sendJson(res, 200, { ok: true });
      });
      const client = newClient({ baseUrl: srv.url });
      const { data, requestId } = await client.request('POST', '/v1/orders', { body: {} }).withResponse();
      expect(data).toEqual({ ok: true });
      expect(requestId).toBe('req_test');
      expect(srv.requests).toHaveLength(3);
      const keys = srv.requests.map((r) => r.headers['idempotency-key']);
      expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(new Set(keys).size).toBe(1);
    });

    it('gives up after maxRetries with the last error', async () => {
      const srv = await serve((_req, res) =>
        sendProblem(res, 500, 'internal_error', { 'retry-after-ms': '0' }),
      );
      const client = newClient({ baseUrl: srv.url, maxRetries: 1 });
      const error = await client.request('GET', '/v1/x').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InternalServerError);
      expect(srv.requests).toHaveLength(2);
    });

    it('honours per-request maxRetries', async () => {
      const srv = await serve((_req, res) => sendProblem(res, 409, 'conflict', { 'retry-after': '0' }));
      const client = newClient({ baseUrl: srv.url, maxRetries: 0 });
      await expect(client.request('GET', '/v1/x', { maxRetries: 3 })).rejects.toBeInstanceOf(ConflictError);
      expect(srv.requests).toHaveLength(4);
    });

    for (const status of [400, 401, 403, 404, 422]) {
      it(`does not retry ${status}`, async () => {
        const srv = await serve((_req, res) => sendProblem(res, status, 'x', { 'retry-after': '0' }));
        const client = newClient({ baseUrl: srv.url, maxRetries: 2 });
        await expect(client.request('GET', '/v1/x')).rejects.toBeInstanceOf(APIError);
        expect(srv.requests).toHaveLength(1);
      });
    }

    it('honours Retry-After on 429', async () => {
      const srv = await serve((_req, res, index) => {
        if (index === 0) sendProblem(res, 429, 'rate_limited', { 'retry-after': '1' });
        else sendJson(res, 200, { ok: true });
      });
      const client = newClient({ baseUrl: srv.url });
      const started = Date.now();
      await expect(client.request('GET', '/v1/x')).resolves.toEqual({ ok: true });
      // The backoff alone would wait at most 500 ms.
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(srv.requests).toHaveLength(2);
    });

    it('retries connection errors and then throws ConnectionError', async () => {
      const srv = await serve((req) => req.socket.destroy());
      const client = newClient({ baseUrl: srv.url, maxRetries: 1 });
      const error = await client.request('GET', '/v1/x').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error).not.toBeInstanceOf(TimeoutError);
      expect((error as ConnectionError).code).toBe('connection_error');
      expect((error as ConnectionError).cause).toBeDefined();
      expect(srv.requests).toHaveLength(2);
    });
  });

  describe('timeouts and cancellation', () => {
    it('raises TimeoutError when the daemon is slower than timeout', async () => {
      const srv = await serve((_req, res) => setTimeout(() => sendJson(res, 200, {}), 1_000));
      const client = newClient({ baseUrl: srv.url, timeout: 100, maxRetries: 0 });
      const started = Date.now();
      const error = await client.health().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as TimeoutError).code).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(900);
    });

    it('retries a timed-out attempt (per-request timeout)', async () => {
      const srv = await serve((_req, res, index) => {
        if (index === 0) setTimeout(() => sendJson(res, 200, { late: true }), 1_000);
        else sendJson(res, 200, { late: false });
      });
      const client = newClient({ baseUrl: srv.url });
      await expect(client.request('GET', '/v1/x', { timeout: 100, maxRetries: 1 })).resolves.toEqual({
        late: false,
      });
      expect(srv.requests).toHaveLength(2);
    });

    it('raises UserAbortError on abort and does not retry', async () => {
      const srv = await serve((_req, res) => setTimeout(() => sendJson(res, 200, {}), 1_000));
      const client = newClient({ baseUrl: srv.url, maxRetries: 2 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const error = await client
        .request('GET', '/v1/x', { signal: controller.signal })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserAbortError);
      expect(error).not.toBeInstanceOf(ConnectionError);
      await sleep(150);
      expect(srv.requests).toHaveLength(1);
    });

    it('abort during the retry wait stops retrying', async () => {
      const srv = await serve((_req, res) =>
        sendProblem(res, 503, 'service_unavailable', { 'retry-after': '5' }),
      );
      const client = newClient({ baseUrl: srv.url });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const started = Date.now();
      await expect(client.request('GET', '/v1/x', { signal: controller.signal })).rejects.toBeInstanceOf(
        UserAbortError,
      );
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(srv.requests).toHaveLength(1);
    });

    it('rejects at once with an already aborted signal', async () => {
      const srv = await serve((_req, res) => sendJson(res, 200, {}));
      const client = newClient({ baseUrl: srv.url });
      await expect(client.health({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(UserAbortError);
      expect(srv.requests).toHaveLength(0);
    });
  });

  describe('error mapping over HTTP', () => {
    const cases: [number, abstract new (...args: never[]) => TillpointError][] = [
      [400, BadRequestError],
      [401, AuthenticationError],
      [403, PermissionDeniedError],
      [404, NotFoundError],
      [409, ConflictError],
      [422, UnprocessableEntityError],
      [429, RateLimitError],
      [500, InternalServerError],
      [418, APIError],
    ];
    for (const [status, ErrorClass] of cases) {
      it(`${status} → ${ErrorClass.name} with code, request id and headers`, async () => {
        const srv = await serve((_req, res) =>
          sendProblem(res, status, `code_${status}`, { 'retry-after': '0' }),
        );
        const client = newClient({ baseUrl: srv.url, maxRetries: 0 });
        const error = (await client.request('GET', '/v1/x').catch((e: unknown) => e)) as APIError;
        expect(error).toBeInstanceOf(ErrorClass);
        expect(error.status).toBe(status);
        expect(error.code).toBe(`code_${status}`);
        expect(error.requestId).toBe(`req_${status}`);
        expect(error.headers['x-request-id']).toBe(`req_${status}`);
        expect(error.message).toContain(`code_${status}`);
        expect(error.message).toContain(`req_${status}`);
      });
    }

    it('maps a non-problem body to a sensible error', async () => {
      const srv = await serve((_req, res) => {
        res.writeHead(404, { 'content-type': 'text/plain', 'x-request-id': 'req_plain' });
        res.end('Cannot GET /nope');
      });
      const error = (await newClient({ baseUrl: srv.url })
        .request('GET', '/nope')
        .catch((e: unknown) => e)) as APIError;
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error.code).toBe('not_found');
      expect(error.requestId).toBe('req_plain');
      expect(error.message).toBe('404 not_found: Cannot GET /nope (request req_plain)');
    });
  });

  describe('logging', () => {
    it('logs exchanges at debug level with secrets redacted', async () => {
      const srv = await serve((_req, res) =>
        sendJson(res, 200, META, { 'set-cookie': 'session=s3cr3t-cookie; HttpOnly' }),
      );
      const { lines, logger } = createRecordingLogger();
      const client = newClient({
        baseUrl: srv.url,
        apiKey: 'tp_live_supersecret',
        logLevel: 'debug',
        logger,
        defaultHeaders: { Cookie: 'sid=cookie-secret' },
      });
      await client.request('GET', '/v1/meta', { query: { token: 'query-secret' } });
      const all = lines.map((l) => l.text).join('\n');
      expect(lines.filter((l) => l.level === 'debug').length).toBeGreaterThanOrEqual(2);
      expect(all).toContain('/v1/meta');
      expect(all).toContain('[REDACTED]');
      for (const secret of ['supersecret', 'cookie-secret', 's3cr3t-cookie', 'query-secret']) {
        expect(all).not.toContain(secret);
      }
      expect(srv.requests[0]?.headers.authorization).toBe('Bearer tp_live_supersecret');
    });

    it('is quiet at the default level and follows TILLPOINT_LOG', async () => {
      const srv = await serve((_req, res) => sendJson(res, 200, {}));
      const quiet = createRecordingLogger();
      await newClient({ baseUrl: srv.url, logger: quiet.logger }).health();
      expect(quiet.lines).toHaveLength(0);
      vi.stubEnv('TILLPOINT_LOG', 'debug');
      const loud = createRecordingLogger();
      const client = newClient({ baseUrl: srv.url, logger: loud.logger });
      expect(client.logLevel).toBe('debug');
      await client.health();
      expect(loud.lines.length).toBeGreaterThan(0);
    });

    it('logs retries at info level', async () => {
      const srv = await serve((_req, res, index) =>
        index === 0
          ? sendProblem(res, 503, 'service_unavailable', { 'retry-after': '0' })
          : sendJson(res, 200, {}),
      );
      const { lines, logger } = createRecordingLogger();
      await newClient({ baseUrl: srv.url, logLevel: 'info', logger }).health();
      expect(lines.some((l) => l.level === 'info' && l.text.includes('retrying'))).toBe(true);
      expect(lines.some((l) => l.level === 'debug')).toBe(false);
    });
  });
});

describe('choosing the transport', () => {
  it('uses fetch by default and undici for a dispatcher or on request', async () => {
    const { Agent } = await import('undici');
    const agent = new Agent();
    try {
      expect(new Tillpoint().transport.name).toBe('fetch');
      expect(new Tillpoint({ transport: 'fetch' }).transport.name).toBe('fetch');
      expect(new Tillpoint({ transport: 'undici' }).transport.name).toBe('undici');
      expect(new Tillpoint({ dispatcher: agent }).transport.name).toBe('undici');
      expect(new Tillpoint({ dispatcher: agent }).withOptions({}).transport.name).toBe('undici');
      expect(() => new Tillpoint({ transport: 'fetch', dispatcher: agent })).toThrow(
        expect.objectContaining({ code: 'invalid_option' }),
      );
      expect(() => new Tillpoint({ transport: 'carrier-pigeon' as 'fetch' })).toThrow(TillpointError);
    } finally {
      await agent.close();
    }
  });

  it('passes `credentials` and every request through the given fetch', async () => {
    const srv = await serve((_req, res) => sendJson(res, 200, META));
    const seen: { url: string; credentials: unknown; method: unknown }[] = [];
    const client = new Tillpoint({
      baseUrl: srv.url,
      credentials: 'include',
      fetch: (url, init) => {
        seen.push({ url, credentials: init.credentials, method: init.method });
        return fetch(url, init);
      },
    });
    await expect(client.meta.get()).resolves.toEqual(META);
    expect(seen).toEqual([{ url: `${srv.url}/v1/meta`, credentials: 'include', method: 'GET' }]);
  });

  it('sends through a custom transport with the same retries, timeouts and errors', async () => {
    const sent: TransportRequest[] = [];
    let calls = 0;
    const transport: Transport = {
      name: 'custom',
      async send(request) {
        sent.push(request);
        calls++;
        if (calls === 1) throw new Error('socket hang up');
        const status = calls === 2 ? 503 : 404;
        const body = JSON.stringify({ type: 'about:blank', title: 'x', status, code: `code_${status}` });
        return {
          status,
          headers: {
            'content-type': 'application/problem+json',
            'x-request-id': `req_${calls}`,
            'retry-after': '0',
          },
          text: async () => body,
          stream: () => new Blob([body]).stream(),
        };
      },
    };
    const client = new Tillpoint({ baseUrl: 'http://tillpoint.test', transport, timeout: 5_000 });
    const error = await client.request('POST', '/v1/x', { body: { a: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).requestId).toBe('req_3');
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    expect(sent[0]).toMatchObject({
      method: 'POST',
      url: 'http://tillpoint.test/v1/x',
      body: '{"a":1}',
      timeout: 5_000,
    });
    expect(sent[0]?.signal).toBeInstanceOf(AbortSignal);
  });
});
