import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ClientOptions,
  type Event,
  InternalServerError,
  NotFoundError,
  Tillpoint,
} from '../src/index.js';
import { PNG_2X3 } from './support/png.js';
import {
  type RecordedRequest,
  sendJson,
  sendProblem,
  startServer,
  type TestServer,
} from './support/test-server.js';
import { TRANSPORTS } from './support/transports.js';

// Uploads, downloads and the event stream over real HTTP on both transports: stream bodies are where the
// transports differ most underneath, and the client must behave the same on each.

const PRODUCT = `prd_${'0'.repeat(26)}`;
const MEDIA = `med_${'0'.repeat(26)}`;

let server: TestServer | undefined;
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tillpoint-streams-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** The parts of a recorded multipart request, read with the platform's FormData parser. */
async function uploadedForm(request: RecordedRequest) {
  const form = await new Response(request.raw, {
    headers: { 'content-type': request.headers['content-type'] ?? '' },
  }).formData();
  const file = form.get('file') as File;
  return {
    name: file.name,
    type: file.type,
    bytes: Buffer.from(await file.arrayBuffer()),
    alt: form.get('alt'),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes `text` as UTF-8 in pieces of `size` bytes, so that multibyte characters are split across chunks. */
async function writeInPieces(res: ServerResponse, text: string, size: number) {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += size) {
    res.write(bytes.subarray(at, at + size));
    await sleep(2);
  }
}

const event = (n: number) => ({ id: `evt_${n}`, type: 'product.created', subjectId: `prd_ümlaut_€_${n}` });

describe.each(TRANSPORTS)('streams over the %s transport', (transport) => {
  const client = (baseUrl: string, options: ClientOptions = {}) =>
    new Tillpoint({ baseUrl, transport, maxRetries: 0, apiKey: 'tp_test', ...options });

  it('uploads a Node.js Readable and a web stream as they are read (chunked), each in one request', async () => {
    server = await startServer((_req, res) => sendJson(res, 201, { id: MEDIA, object: 'media' }));
    const path = join(dir, 'front.png');
    const big = Buffer.concat([PNG_2X3, Buffer.alloc(300_000, 7)]);
    await writeFile(path, big);
    const sdk = client(server.url);
    const media = await sdk.products.media.upload(
      PRODUCT,
      createReadStream(path, { highWaterMark: 16_384 }),
      {
        alt: 'Front',
      },
    );
    expect(media.id).toBe(MEDIA);
    await sdk.products.media.upload(PRODUCT, new Blob([PNG_2X3]).stream(), { filename: 'x.gif' });

    expect(server.requests).toHaveLength(2);
    for (const request of server.requests) {
      expect(request.headers['transfer-encoding']).toBe('chunked');
      expect(request.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    }
    const first = await uploadedForm(server.requests[0]!);
    expect(first).toMatchObject({ name: 'front.png', type: 'image/png', alt: 'Front' });
    expect(first.bytes.equals(big)).toBe(true);
    const second = await uploadedForm(server.requests[1]!);
    expect(second).toMatchObject({ name: 'x.gif', type: 'image/gif' });
    expect(second.bytes.equals(PNG_2X3)).toBe(true);
  });

  it('sends bytes with a length and retries them; never retries a stream', async () => {
    server = await startServer((_req, res, index) =>
      index === 0 || index === 2
        ? sendProblem(res, 503, 'unavailable', { 'retry-after': '0' })
        : sendJson(res, 201, { id: MEDIA }),
    );
    const sdk = client(server.url, { maxRetries: 2 });
    await sdk.products.media.upload(PRODUCT, PNG_2X3, { filename: 'front.png' });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0]?.headers['content-length']).toBe(String(server.requests[0]?.raw.length));
    expect(server.requests[1]?.raw.equals(server.requests[0]!.raw)).toBe(true);
    expect(server.requests[1]?.headers['idempotency-key']).toBe(
      server.requests[0]?.headers['idempotency-key'],
    );

    const error = await sdk.uploads
      .create(Readable.from(['sku,name\n']), 'text/csv')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(3);
    expect(server.requests[2]?.body).toBe('sku,name\n');
  });

  it('downloads as a Node.js Readable with the response headers; errors are typed', async () => {
    const image = Buffer.concat([PNG_2X3, Buffer.alloc(200_000, 3)]);
    server = await startServer((req, res) => {
      if (req.url === `/v1/media/${MEDIA}`) {
        res.writeHead(200, { 'content-type': 'image/png', etag: '"abc"', 'x-request-id': 'req_dl' });
        res.end(image);
      } else sendProblem(res, 404, 'not_found');
    });
    const sdk = client(server.url);
    const { data, response, requestId } = await sdk.media.download(MEDIA).withResponse();
    expect(data).toBeInstanceOf(Readable);
    expect(response.headers).toMatchObject({ 'content-type': 'image/png', etag: '"abc"' });
    expect(requestId).toBe('req_dl');
    expect((await buffer(data)).equals(image)).toBe(true);
    await expect(sdk.media.download(`med_${'9'.repeat(26)}`)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('reads the event stream across split chunks, resumes with Last-Event-ID, and stops on abort', async () => {
    const lastEventIds: (string | undefined)[] = [];
    server = await startServer(async (req, res) => {
      lastEventIds.push(req.headers['last-event-id'] as string | undefined);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      if (lastEventIds.length === 1) {
        // retry: 20 ms keeps the reconnect short; the events arrive in 3-byte pieces, splitting € and ü.
        await writeInPieces(res, `retry: 20\n: hello\n\n`, 64);
        for (const n of [1, 2])
          await writeInPieces(res, `id: evt_${n}\ndata: ${JSON.stringify(event(n))}\n\n`, 3);
        res.end();
      } else {
        res.write(`id: evt_3\ndata: ${JSON.stringify(event(3))}\n\n`);
        // Kept open: only the client's abort ends this one.
      }
    });
    const sdk = client(server.url);
    const controller = new AbortController();
    const seen: Event[] = [];
    const reconnects: number[] = [];
    for await (const received of sdk.events.stream({
      types: ['product.created'],
      signal: controller.signal,
      onReconnect: (attempt) => reconnects.push(attempt),
    })) {
      seen.push(received);
      if (seen.length === 3) controller.abort();
    }
    expect(seen).toEqual([event(1), event(2), event(3)]);
    expect(lastEventIds).toEqual([undefined, 'evt_2']);
    expect(reconnects).toEqual([1]);
    expect(server.requests[0]?.url).toBe('/v1/events/stream?types=product.created');
    expect(server.requests[0]?.headers.accept).toBe('text/event-stream');
  });

  it('ends the event stream with the error the daemon answers', async () => {
    server = await startServer((_req, res) => sendProblem(res, 403, 'permission_denied'));
    const read = async () => {
      for await (const _ of client(server!.url).events.stream()) {
        /* nothing arrives */
      }
    };
    await expect(read()).rejects.toMatchObject({ status: 403, code: 'permission_denied' });
  });
});
