import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APIError,
  type Media,
  NotFoundError,
  PermissionDeniedError,
  type Product,
  Tillpoint,
  UnprocessableEntityError,
} from '../src/index.js';
import { startDaemon } from './support/daemon.js';
import { PNG_2X3 } from './support/png.js';
import { createRecordingLogger } from './support/test-server.js';

const PASSWORD = 'correct horse battery';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A daemon with an admin and a shopper signed in, every response checked against the SDK's schemas. */
async function startSession(env: Record<string, string> = {}) {
  const { lines, logger } = createRecordingLogger();
  const daemon = await startDaemon({ TILLPOINT_COOKIE_SECURE: 'false', ...env });
  const setupToken = /setup_[A-Za-z0-9_-]+/.exec(daemon.output())?.[0];
  if (!setupToken) throw new Error(`The daemon logged no setup token:\n${daemon.output()}`);
  const clientFor = () => new Tillpoint({ baseUrl: daemon.url, maxRetries: 0, logLevel: 'debug', logger });
  const admin = clientFor();
  await admin.auth.setup({ setupToken, email: 'admin@example.com', password: PASSWORD, name: 'Admin' });
  const shopper = clientFor();
  const shopperEmail = `shopper.${randomUUID().slice(0, 8)}@example.com`;
  await shopper.auth.register({ email: shopperEmail, password: PASSWORD });
  await shopper.auth.login({ email: shopperEmail, password: PASSWORD });
  return {
    daemon,
    admin,
    shopper,
    mismatches: () => lines.filter((line) => line.text.includes('does not match')),
  };
}

// Product media against the real built daemon: multipart uploads of a real PNG as bytes and as a file stream, the
// bytes read back whole and by range, order and alt text, idempotent retries and the errors. Fails (never skips)
// when the daemon is not built.
describe('product media against a spawned tillpointd', () => {
  let session: Awaited<ReturnType<typeof startSession>>;
  let admin: Tillpoint;
  let product: Product;
  let front: Media;
  let side: Media;
  let dir: string;

  beforeAll(async () => {
    session = await startSession();
    admin = session.admin;
    dir = await mkdtemp(join(tmpdir(), 'tillpoint-media-'));
    product = await admin.products.create({
      sku: `MUG-${randomUUID().slice(0, 8)}`,
      name: 'Mug',
      price: 1200,
      currency: 'EUR',
    });
  }, 30_000);
  afterAll(async () => {
    await session?.daemon.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
    expect(session?.mismatches() ?? []).toEqual([]);
  });

  it('a new product has no media', async () => {
    expect(product.media).toEqual([]);
    expect((await admin.products.media.list(product.id)).data).toEqual([]);
  });

  it('uploads a PNG from bytes: type, size, SHA-256 and 2×3 are read from the bytes', async () => {
    const { data, response } = await admin.products.media
      .upload(product.id, PNG_2X3, { alt: 'The mug from the front', filename: 'front.png' })
      .withResponse();
    front = data;
    expect(response.status).toBe(201);
    expect(front).toMatchObject({
      object: 'media',
      productId: product.id,
      url: `/v1/media/${front.id}`,
      contentType: 'image/png',
      filename: 'front.png',
      size: PNG_2X3.length,
      sha256: sha256(PNG_2X3),
      width: 2,
      height: 3,
      alt: 'The mug from the front',
      position: 0,
    });
    expect(front.id).toMatch(/^med_/);
  });

  it('downloads the bytes back byte for byte, with type, length and ETag', async () => {
    const { data, response } = await admin.media.download(front.id).withResponse();
    expect((await buffer(data)).equals(PNG_2X3)).toBe(true);
    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(PNG_2X3.length),
      etag: `"${front.sha256}"`,
      'accept-ranges': 'bytes',
    });
  });

  it('a range request gets 206 with those bytes; a range past the end is 416 range_not_satisfiable', async () => {
    const { data, response } = await admin.media
      .download(front.id, { range: { start: 0, end: 7 } })
      .withResponse();
    expect(response.status).toBe(206);
    expect(response.headers['content-range']).toBe(`bytes 0-7/${PNG_2X3.length}`);
    const head = await buffer(data);
    expect(head.equals(PNG_2X3.subarray(0, 8))).toBe(true);
    expect(head.toString('latin1', 1, 4)).toBe('PNG');

    const tail = await buffer(await admin.media.download(front.id, { range: { start: 16 } }));
    expect(tail.equals(PNG_2X3.subarray(16))).toBe(true);

    const error = await admin.media
      .download(front.id, { range: { start: PNG_2X3.length + 10 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 416, code: 'range_not_satisfiable' });
  });

  it('media.url serves the bytes of an active product’s image without credentials, for <img src>', async () => {
    const url = admin.media.url(front);
    expect(url).toBe(`${session.daemon.url}/v1/media/${front.id}`);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(PNG_2X3)).toBe(true);
  });

  it('uploads a second image as a file stream at position 0: the first moves to 1', async () => {
    const path = join(dir, 'side.png');
    await writeFile(path, PNG_2X3);
    side = await admin.products.media.upload(product.id, createReadStream(path), { position: 0 });
    expect(side).toMatchObject({ filename: 'side.png', alt: null, position: 0, width: 2, height: 3 });

    const list = await admin.products.media.list(product.id);
    expect(list.data.map((m) => [m.id, m.position])).toEqual([
      [side.id, 0],
      [front.id, 1],
    ]);
    // The product carries the same list; so does what a shopper sees.
    expect((await admin.products.get(product.id)).media).toEqual(list.data);
    expect((await session.shopper.products.media.list(product.id)).data.map((m) => m.id)).toEqual([
      side.id,
      front.id,
    ]);
  });

  it('update changes the alt text and moves an image; null clears the alt text', async () => {
    const moved = await admin.media.update(front.id, { position: 0, alt: 'Front' });
    expect(moved).toMatchObject({ id: front.id, position: 0, alt: 'Front' });
    const cleared = await admin.media.update(front.id, { alt: null });
    expect(cleared.alt).toBeNull();
    expect((await admin.products.media.list(product.id)).data.map((m) => m.id)).toEqual([front.id, side.id]);
  });

  it('the same Idempotency-Key with the same image replays the first answer and keeps one copy', async () => {
    const key = `media-${randomUUID()}`;
    const first = await admin.products.media.upload(
      product.id,
      PNG_2X3,
      { alt: 'Again' },
      { idempotencyKey: key },
    );
    const replay = await admin.products.media
      .upload(product.id, PNG_2X3, { alt: 'Again' }, { idempotencyKey: key })
      .withResponse();
    expect(replay.data.id).toBe(first.id);
    expect(replay.response.headers['idempotent-replayed']).toBe('true');
    expect((await admin.products.media.list(product.id)).data.filter((m) => m.alt === 'Again')).toHaveLength(
      1,
    );
    await admin.media.delete(first.id);
  });

  it('keeps a UTF-8 file name; an upload without one has a null filename', async () => {
    const named = await admin.products.media.upload(product.id, PNG_2X3, { filename: 'crème brûlée.png' });
    expect(named.filename).toBe('crème brûlée.png');
    const anonymous = await admin.products.media.upload(product.id, new Blob([PNG_2X3]));
    expect(anonymous.filename).toBeNull();
    for (const item of [named, anonymous]) await admin.media.delete(item.id);
  });

  it('refuses bytes that are not an image (whatever the name says): 415 unsupported_image', async () => {
    for (const file of [Buffer.from('just some text\n'), Readable.from([Buffer.from('still text')])]) {
      const error = await admin.products.media
        .upload(product.id, file, { filename: 'photo.png', contentType: 'image/png' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(APIError);
      expect(error).toMatchObject({ status: 415, code: 'unsupported_image' });
      expect((error as APIError).requestId).toMatch(/\S/);
    }
  });

  it('types the other errors: 404 product, 403 for a shopper, 422 for a bad position', async () => {
    const unknown = await admin.products.media
      .upload(`prd_${'0'.repeat(26)}`, PNG_2X3)
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(NotFoundError);

    const shopper = await session.shopper.products.media.upload(product.id, PNG_2X3).catch((e: unknown) => e);
    expect(shopper).toBeInstanceOf(PermissionDeniedError);

    const invalid = await admin.products.media
      .upload(product.id, PNG_2X3, { position: -1 })
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(UnprocessableEntityError);
    expect(invalid).toMatchObject({ code: 'validation_failed' });
    expect((invalid as UnprocessableEntityError).errors.map((e) => e.path)).toEqual(['body.position']);
  });

  it('delete returns the removed image; its bytes are gone and the other moves up', async () => {
    const removed = await admin.media.delete(front.id);
    expect(removed.id).toBe(front.id);
    const list = await admin.products.media.list(product.id);
    expect(list.data.map((m) => [m.id, m.position])).toEqual([[side.id, 0]]);
    const gone = await admin.media.download(front.id).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(NotFoundError);
  });
});

describe('product media over the size limit', () => {
  let session: Awaited<ReturnType<typeof startSession>>;

  beforeAll(async () => {
    session = await startSession({ TILLPOINT_MEDIA_MAX_BYTES: '1024' });
  }, 30_000);
  afterAll(async () => {
    await session?.daemon.stop();
  });

  it('is 413 payload_too_large, from bytes and from a stream', async () => {
    const product = await session.admin.products.create({
      sku: `BIG-${randomUUID().slice(0, 8)}`,
      name: 'Poster',
      price: 900,
      currency: 'EUR',
    });
    // A PNG header followed by more bytes than the limit allows.
    const big = Buffer.concat([PNG_2X3, Buffer.alloc(4096)]);
    for (const file of [big, Readable.from([big])]) {
      const error = await session.admin.products.media
        .upload(product.id, file, { filename: 'poster.png' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(APIError);
      expect(error).toMatchObject({ status: 413, code: 'payload_too_large' });
    }
    expect((await session.admin.products.media.list(product.id)).data).toEqual([]);
  });
});
