import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, parseSingleJson, runTill, tempConfigDir } from './support/run-till.js';

/**
 * What `till api` puts on the wire, checked with a local HTTP server that records each request.
 * The daemon has no write or list endpoints yet, so this server also speaks the list protocol
 * (`limit`, `starting_after`, `has_more`) for --paginate.
 */
interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const ITEMS = Array.from({ length: 7 }, (_, i) => ({ id: `ord_${String(i).padStart(2, '0')}`, n: i }));
let server: Server;
let url: string;
let recorded: Recorded[] = [];
let config: Awaited<ReturnType<typeof tempConfigDir>>;
let env: Record<string, string>;

beforeAll(async () => {
  assertBuilt();
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      recorded.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const parsed = new URL(req.url ?? '/', 'http://x');
      res.setHeader('x-request-id', `req_${recorded.length}`);
      res.setHeader('content-type', 'application/json');
      if (parsed.pathname === '/v1/secret') {
        res.statusCode = 401;
        res.setHeader('content-type', 'application/problem+json');
        const problem = {
          type: 'about:blank',
          title: 'Unauthenticated',
          status: 401,
          code: 'unauthenticated',
        };
        res.end(JSON.stringify({ ...problem, detail: 'A valid token is required.', requestId: 'req_auth' }));
        return;
      }
      if (parsed.pathname === '/v1/orders') {
        const limit = Number(parsed.searchParams.get('limit') ?? 3);
        const after = parsed.searchParams.get('starting_after');
        const start = after ? ITEMS.findIndex((item) => item.id === after) + 1 : 0;
        const data = ITEMS.slice(start, start + limit);
        res.end(JSON.stringify({ object: 'list', data, has_more: start + limit < ITEMS.length }));
        return;
      }
      res.end(JSON.stringify({ echoed: true }));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  config = await tempConfigDir();
  env = { TILLPOINT_CONFIG_DIR: config.dir, TILLPOINT_URL: url };
});

afterAll(async () => {
  await new Promise((done) => server?.close(done));
  await config?.cleanup();
});

async function till(args: string[], input?: string) {
  recorded = [];
  return runTill(args, { env, ...(input === undefined ? {} : { input }) });
}

describe('till api request building', () => {
  it('--input - sends stdin as the JSON body', async () => {
    const result = await till(['api', 'POST', '/v1/things', '--input', '-'], '{"hello": ["world", 1]}');
    expect(result.code).toBe(0);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ method: 'POST', url: '/v1/things' });
    expect(JSON.parse(recorded[0]!.body)).toEqual({ hello: ['world', 1] });
    expect(recorded[0]!.headers['content-type']).toBe('application/json');
    expect(recorded[0]!.headers['idempotency-key']).toBeTruthy();
    expect(parseSingleJson(result.stdout)).toEqual({ echoed: true });
  });

  it('-f sends strings, -F typed values, and brackets nest', async () => {
    const result = await till([
      'api',
      'POST',
      '/v1/things',
      '-f',
      'name=Mug',
      '-f',
      'count=3',
      '-F',
      'price=1200',
      '-F',
      'active=true',
      '-F',
      'note=null',
      '-f',
      'items[0][sku]=A',
      '-f',
      'tags[]=x',
      '-f',
      'tags[]=y',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(recorded[0]!.body)).toEqual({
      name: 'Mug',
      count: '3',
      price: 1200,
      active: true,
      note: null,
      items: [{ sku: 'A' }],
      tags: ['x', 'y'],
    });
  });

  it('fields on GET become query parameters, and -H adds headers', async () => {
    const result = await till(['api', 'GET', '/v1/things?a=1', '-f', 'b=two', '-H', 'X-Trace: abc']);
    expect(result.code).toBe(0);
    const sent = new URL(recorded[0]!.url, 'http://x');
    expect(sent.pathname).toBe('/v1/things');
    expect(Object.fromEntries(sent.searchParams)).toEqual({ a: '1', b: 'two' });
    expect(recorded[0]!.headers['x-trace']).toBe('abc');
    expect(recorded[0]!.body).toBe('');
  });

  it('sends the stored token of the profile, and TILLPOINT_TOKEN overrides it', async () => {
    const { ProfileStore } = await import('../src/config/profiles.js');
    await new ProfileStore(config.dir).set('default', { token: 'profile-token' });
    await till(['api', 'GET', '/v1/things']);
    expect(recorded[0]!.headers.authorization).toBe('Bearer profile-token');
    recorded = [];
    await runTill(['api', 'GET', '/v1/things'], { env: { ...env, TILLPOINT_TOKEN: 'env-token' } });
    expect(recorded[0]!.headers.authorization).toBe('Bearer env-token');
    await new ProfileStore(config.dir).remove('default');
  });

  it('--debug prints the exchange to stderr with the token redacted', async () => {
    const result = await runTill(['api', 'GET', '/v1/things', '--debug'], {
      env: { ...env, TILLPOINT_TOKEN: 'tp_supersecret' },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('GET');
    expect(result.stderr).toContain('/v1/things');
    expect(result.stderr).toContain('[REDACTED]');
    expect(result.stderr).not.toContain('supersecret');
    expect(result.stdout).not.toContain('[debug]');
  });

  it('--paginate follows starting_after and prints one merged list', async () => {
    const result = await till(['api', 'GET', '/v1/orders', '--paginate', '-f', 'limit=3', '--json']);
    expect(result.code).toBe(0);
    const list = parseSingleJson(result.stdout) as { data: { id: string }[]; has_more: boolean };
    expect(list.data.map((item) => item.id)).toEqual(ITEMS.map((item) => item.id));
    expect(list.has_more).toBe(false);
    expect(recorded.map((r) => new URL(r.url, 'http://x').searchParams.get('starting_after'))).toEqual([
      null,
      'ord_02',
      'ord_05',
    ]);
  });

  it('--paginate refuses an endpoint that is not a list', async () => {
    const result = await till(['api', 'GET', '/v1/things', '--paginate', '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'not_a_list' } });
  });

  it('a 401 exits 4 and suggests `till login`', async () => {
    const human = await till(['api', 'GET', '/v1/secret']);
    expect(human.code).toBe(4);
    expect(JSON.parse(human.stdout)).toMatchObject({ code: 'unauthenticated', status: 401 });
    expect(human.stderr).toContain('A valid token is required.');
    expect(human.stderr).toContain('till login');
    expect(human.stderr).toContain('req_auth');
    expect(recorded).toHaveLength(1); // 401 is never retried
    const json = await till(['api', 'GET', '/v1/secret', '--json']);
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stderr)).toEqual({
      error: {
        code: 'unauthenticated',
        message: 'A valid token is required.',
        requestId: 'req_auth',
        status: 401,
      },
    });
  });
});
