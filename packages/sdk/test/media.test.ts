import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  APIError,
  AuthenticationError,
  type AuthSession,
  BadRequestError,
  InternalServerError,
  type Media,
  NotFoundError,
  Page,
  Tillpoint,
  UnprocessableEntityError,
} from '../src/index.js';
import { PNG_2X3 } from './support/png.js';

// Product media through an undici MockAgent: the multipart body the SDK builds (read back with the platform's own
// FormData parser), which bodies are retried, how errors are typed, and the streamed download.

const ORIGIN = 'http://tillpoint.test';
const id = (prefix: string, n = 1) => `${prefix}_${String(n).padStart(26, '0')}`;
const T = '2025-01-01T00:00:00.000Z';
const PRODUCT = id('prd');

function media(n = 1, extra: Partial<Media> = {}): Media {
  return {
    id: id('med', n),
    object: 'media',
    productId: PRODUCT,
    url: `/v1/media/${id('med', n)}`,
    contentType: 'image/png',
    filename: 'front.png',
    size: PNG_2X3.length,
    sha256: 'ab'.repeat(32),
    width: 2,
    height: 3,
    alt: 'Front',
    position: n - 1,
    createdAt: T,
    ...extra,
  };
}

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  /** Whether the SDK handed undici a stream (sent once) rather than bytes. */
  streamed: boolean;
}

let agent: MockAgent;
let sent: Sent[];
let dir: string;

beforeEach(async () => {
  agent = new MockAgent();
  agent.disableNetConnect();
  sent = [];
  dir = await mkdtemp(join(tmpdir(), 'tillpoint-media-'));
});
afterEach(async () => {
  await agent.close();
  await rm(dir, { recursive: true, force: true });
});

function headerRecord(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2)
      out[String(headers[i]).toLowerCase()] = String(headers[i + 1]);
  } else if (headers && typeof headers === 'object') {
    for (const [key, value] of Object.entries(headers)) out[key.toLowerCase()] = String(value);
  }
  return out;
}

async function readBody(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string' || body instanceof Uint8Array) return Buffer.from(body);
  return buffer(body as AsyncIterable<Uint8Array>);
}

interface Route {
  path?: string | RegExp;
  method?: string;
  status: number;
  /** The response body: JSON unless a Buffer. */
  reply: unknown | ((request: Sent) => unknown);
  headers?: Record<string, string>;
  /** How many requests it answers (default: any number). */
  times?: number;
}

/**
 * Answers matching requests with `status` and `reply`, recording each request with its whole body (a stream body is
 * read to the end). A 4xx/5xx JSON reply is sent as `application/problem+json`.
 */
function route({ path, method, status, reply, headers = {}, times }: Route): void {
  const scope = agent
    .get(ORIGIN)
    .intercept({
      path: (p) => (path === undefined ? true : typeof path === 'string' ? p === path : path.test(p)),
      method: (m) => method === undefined || m === method,
    })
    .reply(
      status,
      // undici waits for a promise returned by the data callback.
      (async (opts: { method: string; path: string; headers?: unknown; body?: unknown }) => {
        const request: Sent = {
          method: opts.method,
          path: opts.path,
          headers: headerRecord(opts.headers),
          streamed: opts.body instanceof Readable,
          body: await readBody(opts.body),
        };
        sent.push(request);
        const value = typeof reply === 'function' ? (reply as (r: Sent) => unknown)(request) : reply;
        return Buffer.isBuffer(value) ? value : JSON.stringify(value);
      }) as unknown as () => string,
      {
        headers: {
          'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
          'x-request-id': 'req_media',
          ...headers,
        },
      },
    );
  if (times === undefined) scope.persist();
  else scope.times(times);
}

const problem = (status: number, code: string) => ({
  type: 'about:blank',
  title: code,
  status,
  detail: `detail for ${code}`,
  code,
  requestId: 'req_problem',
});

function client(options: ConstructorParameters<typeof Tillpoint>[0] = {}): Tillpoint {
  return new Tillpoint({ baseUrl: ORIGIN, dispatcher: agent, apiKey: 'tp_test', maxRetries: 0, ...options });
}

/** Reads a recorded multipart body with the platform's FormData parser (undici's, in Node). */
async function formOf(request: Sent): Promise<FormData> {
  return new Response(request.body, {
    headers: { 'content-type': request.headers['content-type'] ?? '' },
  }).formData();
}

async function fileOf(form: FormData): Promise<{ name: string; type: string; bytes: Buffer }> {
  const file = form.get('file');
  if (!(file instanceof Blob)) throw new Error('no file part');
  return { name: (file as File).name, type: file.type, bytes: Buffer.from(await file.arrayBuffer()) };
}

const mediaPath = `/v1/products/${PRODUCT}/media`;

describe('client.products.media.upload', () => {
  it('sends bytes as multipart/form-data: the file part holds the exact bytes, alt and position are fields', async () => {
    route({ path: mediaPath, method: 'POST', status: 201, reply: media() });
    const { data, response, requestId } = await client()
      .products.media.upload(PRODUCT, PNG_2X3, { alt: 'Front, on white', position: 0, filename: 'front.png' })
      .withResponse();
    expect(data).toEqual(media());
    expect(response.status).toBe(201);
    expect(requestId).toBe('req_media');

    const [request] = sent;
    expect(request).toMatchObject({ method: 'POST', path: mediaPath, streamed: false });
    expect(request!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=[-\w]+$/);
    expect(request!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(request!.headers.authorization).toBe('Bearer tp_test');
    // The raw bytes of the image sit in the body unchanged.
    expect(request!.body.includes(PNG_2X3)).toBe(true);

    const form = await formOf(request!);
    expect(form.get('alt')).toBe('Front, on white');
    expect(form.get('position')).toBe('0');
    const file = await fileOf(form);
    expect(file).toMatchObject({ name: 'front.png', type: 'image/png' });
    expect(file.bytes.equals(PNG_2X3)).toBe(true);
  });

  it('leaves out fields not given; without a name the file part has an empty file name', async () => {
    route({ path: mediaPath, status: 201, reply: media(1, { filename: null, alt: null }) });
    await client().products.media.upload(PRODUCT, new Uint8Array(PNG_2X3));
    const form = await formOf(sent[0]!);
    expect([...form.keys()]).toEqual(['file']);
    expect(sent[0]!.body.toString('latin1')).toContain('name="file"; filename=""');
    const file = await fileOf(form);
    expect(file.type).toBe('application/octet-stream');
    expect(file.bytes.equals(PNG_2X3)).toBe(true);
  });

  it('takes a File’s name and type, and a Blob with a name and type given', async () => {
    route({ path: mediaPath, status: 201, reply: media() });
    await client().products.media.upload(PRODUCT, new File([PNG_2X3], 'side.png', { type: 'image/png' }));
    let file = await fileOf(await formOf(sent[0]!));
    expect(file).toMatchObject({ name: 'side.png', type: 'image/png' });
    expect(file.bytes.equals(PNG_2X3)).toBe(true);

    await client().products.media.upload(PRODUCT, new Blob([PNG_2X3]), {
      filename: 'back.webp',
      contentType: 'image/webp',
    });
    file = await fileOf(await formOf(sent[1]!));
    expect(file).toMatchObject({ name: 'back.webp', type: 'image/webp' });
    expect(file.bytes.equals(PNG_2X3)).toBe(true);
  });

  it('escapes quotes and line breaks in the file name as browsers do; keeps UTF-8 names', async () => {
    route({ path: mediaPath, status: 201, reply: media() });
    await client().products.media.upload(PRODUCT, PNG_2X3, { filename: 'say "cheese"\r\n.png' });
    expect(sent[0]!.body.toString('latin1')).toContain('filename="say %22cheese%22%0D%0A.png"');
    await client().products.media.upload(PRODUCT, PNG_2X3, { filename: 'crème brûlée.png' });
    expect((await fileOf(await formOf(sent[1]!))).name).toBe('crème brûlée.png');
  });

  it('streams a Node.js Readable (an fs stream: its base name, type from the extension) and reads it whole', async () => {
    const path = join(dir, 'front.png');
    // Several chunks, so the framing around a multi-chunk stream is exercised.
    const big = Buffer.concat([PNG_2X3, Buffer.alloc(200_000, 7)]);
    await writeFile(path, big);
    route({ path: mediaPath, status: 201, reply: media() });
    await client().products.media.upload(PRODUCT, createReadStream(path, { highWaterMark: 16_384 }), {
      alt: 'Front',
    });
    expect(sent[0]!.streamed).toBe(true);
    const form = await formOf(sent[0]!);
    expect(form.get('alt')).toBe('Front');
    const file = await fileOf(form);
    expect(file).toMatchObject({ name: 'front.png', type: 'image/png' });
    expect(file.bytes.equals(big)).toBe(true);
  });

  it('streams a web ReadableStream too', async () => {
    route({ path: mediaPath, status: 201, reply: media() });
    await client().products.media.upload(PRODUCT, new Blob([PNG_2X3]).stream(), { filename: 'x.gif' });
    expect(sent[0]!.streamed).toBe(true);
    const file = await fileOf(await formOf(sent[0]!));
    expect(file).toMatchObject({ name: 'x.gif', type: 'image/gif' });
    expect(file.bytes.equals(PNG_2X3)).toBe(true);
  });

  it('retries bytes after a 503 with the same Idempotency-Key and the same body', async () => {
    route({
      path: mediaPath,
      status: 503,
      reply: problem(503, 'unavailable'),
      headers: { 'retry-after': '0' },
      times: 1,
    });
    route({ path: mediaPath, status: 201, reply: media(), times: 1 });
    const created = await client({ maxRetries: 2 }).products.media.upload(PRODUCT, PNG_2X3, { alt: 'Front' });
    expect(created.id).toBe(id('med'));
    expect(sent).toHaveLength(2);
    expect(sent[1]!.headers['idempotency-key']).toBe(sent[0]!.headers['idempotency-key']);
    expect(sent[1]!.body.equals(sent[0]!.body)).toBe(true);
  });

  it('never retries a stream body: one 503 is thrown as is', async () => {
    route({
      path: mediaPath,
      status: 503,
      reply: problem(503, 'unavailable'),
      headers: { 'retry-after': '0' },
    });
    const error = await client({ maxRetries: 2 })
      .products.media.upload(PRODUCT, Readable.from([PNG_2X3]), { filename: 'front.png' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 503, code: 'unavailable' });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.streamed).toBe(true);
  });

  it('after a 401 refreshes the session; resends bytes, but not a stream it has already sent', async () => {
    const session = (access: string, refresh: string): AuthSession => ({
      object: 'session',
      user: {
        id: id('usr'),
        object: 'user',
        email: 'admin@example.com',
        name: null,
        role: 'admin',
        disabled: false,
        emailVerifiedAt: T,
        createdAt: T,
        updatedAt: T,
      },
      tokenType: 'Bearer',
      accessToken: access,
      accessTokenExpiresAt: '2030-01-01T00:00:00.000Z',
      refreshToken: refresh,
      refreshTokenExpiresAt: '2030-01-01T00:00:00.000Z',
    });
    let rotation = 0;
    route({
      path: '/v1/auth/refresh',
      status: 200,
      reply: () => {
        rotation++;
        return session(`at_${rotation}`, `rt_${rotation}`);
      },
    });
    route({ path: mediaPath, status: 401, reply: problem(401, 'invalid_token'), times: 1 });
    route({ path: mediaPath, status: 201, reply: media(), times: 1 });

    const streaming = new Tillpoint({
      baseUrl: ORIGIN,
      dispatcher: agent,
      token: 'at_old',
      refreshToken: 'rt_old',
    });
    const error = await streaming.products.media
      .upload(PRODUCT, Readable.from([PNG_2X3]))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(sent.map((r) => r.path)).toEqual([mediaPath, '/v1/auth/refresh']);
    // The next upload goes out with the refreshed token.
    await streaming.products.media.upload(PRODUCT, Readable.from([PNG_2X3]));
    expect(sent[2]!.headers.authorization).toBe('Bearer at_1');

    sent = [];
    route({ path: mediaPath, status: 401, reply: problem(401, 'invalid_token'), times: 1 });
    route({ path: mediaPath, status: 201, reply: media(), times: 1 });
    const bytes = new Tillpoint({
      baseUrl: ORIGIN,
      dispatcher: agent,
      token: 'at_old',
      refreshToken: 'rt_old',
    });
    await bytes.products.media.upload(PRODUCT, PNG_2X3);
    expect(sent.map((r) => `${r.path} ${r.headers.authorization}`)).toEqual([
      `${mediaPath} Bearer at_old`,
      '/v1/auth/refresh undefined',
      `${mediaPath} Bearer at_2`,
    ]);
    expect(sent[2]!.body.equals(sent[0]!.body)).toBe(true);
  });

  it('types the errors: 415 unsupported_image and 413 payload_too_large are APIErrors; 404, 422 and 400 their classes', async () => {
    let reply = problem(415, 'unsupported_image');
    route({ path: mediaPath, status: 415, reply: () => reply, times: 1 });
    const unsupported = await client()
      .products.media.upload(PRODUCT, Buffer.from('not an image'), { filename: 'fake.png' })
      .catch((e: unknown) => e);
    expect(unsupported).toBeInstanceOf(APIError);
    expect(unsupported).toMatchObject({ status: 415, code: 'unsupported_image', requestId: 'req_problem' });

    for (const [status, code, cls] of [
      [413, 'payload_too_large', APIError],
      [404, 'not_found', NotFoundError],
      [422, 'validation_failed', UnprocessableEntityError],
      [400, 'bad_request', BadRequestError],
    ] as const) {
      reply = problem(status, code);
      route({ path: mediaPath, status, reply, times: 1 });
      const error = await client({ maxRetries: 2 })
        .products.media.upload(PRODUCT, PNG_2X3)
        .catch((e: unknown) => e);
      expect(error, code).toBeInstanceOf(cls);
      expect(error, code).toMatchObject({ status, code });
    }
    // None of them was retried.
    expect(sent).toHaveLength(5);
  });

  it('a product ID is URL-encoded', async () => {
    route({ status: 201, reply: media() });
    await client().products.media.upload('prd/../x y', PNG_2X3);
    expect(sent[0]!.path).toBe('/v1/products/prd%2F..%2Fx%20y/media');
  });
});

describe('client.products.media.list', () => {
  it('GETs the product’s media as a page that is also async iterable', async () => {
    route({
      path: mediaPath,
      method: 'GET',
      status: 200,
      reply: { object: 'list', data: [media(1), media(2)], has_more: false },
    });
    const page = await client().products.media.list(PRODUCT);
    expect(page).toBeInstanceOf(Page);
    expect(page.data.map((m) => m.position)).toEqual([0, 1]);
    const ids: string[] = [];
    for await (const item of client().products.media.list(PRODUCT)) ids.push(item.id);
    expect(ids).toEqual([id('med', 1), id('med', 2)]);
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${mediaPath}`, `GET ${mediaPath}`]);
  });

  it('reads leniently: a field from a newer daemon does not throw', async () => {
    route({
      status: 200,
      reply: { object: 'list', data: [{ ...media(), blurhash: 'LEHV6nWB2yk8' }], has_more: false },
    });
    const page = await client().products.media.list(PRODUCT);
    expect((page.data[0] as Media & { blurhash?: string }).blurhash).toBe('LEHV6nWB2yk8');
  });
});

describe('client.media', () => {
  it('update PATCHes JSON; delete DELETEs and returns the removed media', async () => {
    route({ method: 'PATCH', status: 200, reply: media(1, { alt: null, position: 2 }) });
    route({ method: 'DELETE', status: 200, reply: media(1) });
    const updated = await client().media.update(id('med'), { alt: null, position: 2 });
    expect(updated).toMatchObject({ alt: null, position: 2 });
    expect(sent[0]).toMatchObject({ method: 'PATCH', path: `/v1/media/${id('med')}` });
    expect(sent[0]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(sent[0]!.body.toString())).toEqual({ alt: null, position: 2 });
    expect(sent[0]!.headers['idempotency-key']).toBeUndefined();

    const removed = await client().media.delete('med/1');
    expect(removed.id).toBe(id('med'));
    expect(sent[1]).toMatchObject({ method: 'DELETE', path: '/v1/media/med%2F1' });
    expect(sent[1]!.body.length).toBe(0);
  });

  it('an unknown image is a NotFoundError carrying the request ID', async () => {
    route({ status: 404, reply: problem(404, 'not_found') });
    for (const call of [
      () => client().media.update(id('med', 9), { alt: 'x' }),
      () => client().media.delete(id('med', 9)),
      () => client().media.download(id('med', 9)),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ status: 404, code: 'not_found', requestId: 'req_problem' });
    }
  });

  it('download streams the bytes with the response headers', async () => {
    route({
      method: 'GET',
      status: 200,
      reply: PNG_2X3,
      headers: { 'content-type': 'image/png', etag: '"abc"', 'content-length': String(PNG_2X3.length) },
    });
    const { data, response } = await client().media.download(id('med')).withResponse();
    expect(data).toBeInstanceOf(Readable);
    expect((await buffer(data)).equals(PNG_2X3)).toBe(true);
    expect(response).toMatchObject({ status: 200, headers: { 'content-type': 'image/png', etag: '"abc"' } });
    expect(sent[0]).toMatchObject({ method: 'GET', path: `/v1/media/${id('med')}` });
    expect(sent[0]!.headers.range).toBeUndefined();
  });

  it('download with a range sends the Range header and resolves with the 206 part', async () => {
    route({
      status: 206,
      reply: (request: Sent) => {
        const [, start, end] = /bytes=(\d+)-(\d*)/.exec(request.headers.range ?? '') ?? [];
        return PNG_2X3.subarray(Number(start), end ? Number(end) + 1 : undefined);
      },
      headers: { 'content-type': 'image/png', 'content-range': `bytes 0-7/${PNG_2X3.length}` },
    });
    const { data, response } = await client()
      .media.download(id('med'), { range: { start: 0, end: 7 } })
      .withResponse();
    expect(response.status).toBe(206);
    expect(response.headers['content-range']).toBe(`bytes 0-7/${PNG_2X3.length}`);
    expect((await buffer(data)).equals(PNG_2X3.subarray(0, 8))).toBe(true);
    expect(sent[0]!.headers.range).toBe('bytes=0-7');

    await buffer(await client().media.download(id('med'), { range: { start: 16 } }));
    expect(sent[1]!.headers.range).toBe('bytes=16-');
    await buffer(
      await client().media.download(id('med'), { range: 'bytes=-4' }, { headers: { 'x-a': '1' } }),
    );
    expect(sent[2]!.headers).toMatchObject({ range: 'bytes=-4', 'x-a': '1' });
  });

  it('a range past the end is an APIError 416 range_not_satisfiable', async () => {
    route({
      status: 416,
      reply: problem(416, 'range_not_satisfiable'),
      headers: { 'content-range': `bytes */${PNG_2X3.length}` },
    });
    const error = await client()
      .media.download(id('med'), { range: { start: 1000 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({
      status: 416,
      code: 'range_not_satisfiable',
      headers: expect.objectContaining({ 'content-range': `bytes */${PNG_2X3.length}` }),
    });
  });

  it('url is the absolute URL of the bytes under the base URL, the ID encoded', () => {
    expect(client().media.url(id('med'))).toBe(`${ORIGIN}/v1/media/${id('med')}`);
    expect(client().media.url(media(2))).toBe(`${ORIGIN}/v1/media/${id('med', 2)}`);
    expect(client().media.url('med/x y')).toBe(`${ORIGIN}/v1/media/med%2Fx%20y`);
    const proxied = new Tillpoint({ baseUrl: 'https://shop.example.com/api/', dispatcher: agent });
    expect(proxied.media.url(id('med'))).toBe(`https://shop.example.com/api/v1/media/${id('med')}`);
    // No request is made.
    expect(sent).toHaveLength(0);
  });
});
