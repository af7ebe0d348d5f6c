import { createHash } from 'node:crypto';
import { type Event, type Media, MediaSchema, type Product, ProductSchema } from '@tillpoint/sdk/schemas';
import { parse as parseDisposition } from 'content-disposition';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaBlobKey } from '../../src/modules/media/media-repository.js';
import { createProduct } from '../support/commerce-fixtures.js';
import { bearer, codeOf, createAdmin, registerUser } from '../support/identity-fixtures.js';
import { avif, type FormPart, gif, jpeg, multipart, png, webp } from '../support/image-fixtures.js';
import { type LocalS3, startLocalS3 } from '../support/local-s3.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

const MAX_BYTES = 2 * 1024 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

for (const dialect of DIALECTS) {
  describe(`product media on ${dialect}`, () => {
    let t: TestApp;
    let admin: string;
    let product: Product;

    beforeAll(async () => {
      t = await createTestApp(dialect, { config: { mediaMaxBytes: MAX_BYTES } });
      admin = (await createAdmin(t)).accessToken;
      product = await createProduct(t.app, admin);
    });
    afterAll(async () => t?.close());

    function upload(productId: string, parts: FormPart[], headers: Record<string, string> = bearer(admin)) {
      const body = multipart(parts);
      return t.app.inject({
        method: 'POST',
        url: `/v1/products/${productId}/media`,
        headers: { ...headers, ...body.headers },
        payload: body.payload,
      });
    }

    async function uploaded(productId: string, parts: FormPart[]): Promise<Media> {
      const response = await upload(productId, parts);
      expect(response.statusCode, response.body).toBe(201);
      return MediaSchema.parse(response.json());
    }

    const image = (
      data: Buffer,
      filename = 'image.bin',
      contentType = 'application/octet-stream',
    ): FormPart => ({
      name: 'file',
      filename,
      contentType,
      data,
    });

    it('accepts PNG, JPEG, WebP, GIF and AVIF, recognised from their bytes, with their width and height', async () => {
      const cases = [
        { data: png(3, 2), contentType: 'image/png', width: 3, height: 2 },
        { data: jpeg(10, 6), contentType: 'image/jpeg', width: 10, height: 6 },
        { data: webp(), contentType: 'image/webp', width: 1, height: 1 },
        { data: gif(), contentType: 'image/gif', width: 5, height: 4 },
        { data: avif(), contentType: 'image/avif', width: 2, height: 2 },
      ];
      const target = await createProduct(t.app, admin);
      for (const { data, contentType, width, height } of cases) {
        // The declared type and the name say nothing: both are wrong on purpose.
        const media = await uploaded(target.id, [image(data, 'upload.dat', 'text/plain')]);
        expect(media, contentType).toMatchObject({
          object: 'media',
          productId: target.id,
          url: `/v1/media/${media.id}`,
          contentType,
          size: data.length,
          sha256: sha256(data),
          width,
          height,
          filename: 'upload.dat',
        });
        const bytes = await t.app.inject({ url: media.url });
        expect(bytes.statusCode).toBe(200);
        expect(bytes.headers['content-type']).toBe(contentType);
        expect(bytes.rawPayload.equals(data)).toBe(true);
      }
    });

    it('stores a PNG declared as image/jpeg as a PNG, and refuses a text file named .png with 415', async () => {
      const declaredJpeg = await uploaded(product.id, [image(png(4, 4), 'photo.jpg', 'image/jpeg')]);
      expect(declaredJpeg.contentType).toBe('image/png');
      const text = await upload(product.id, [
        image(Buffer.from('definitely not an image\n'), 'cat.png', 'image/png'),
      ]);
      expect(text.statusCode).toBe(415);
      expect(codeOf(text)).toBe('unsupported_image');
      const heic = Buffer.from(avif());
      heic.write('heic', 8, 'latin1'); // same container, a brand browsers cannot show
      heic.write('heic', 16, 'latin1');
      heic.write('mif1', 20, 'latin1');
      heic.write('heic', 24, 'latin1');
      expect((await upload(product.id, [image(heic, 'x.avif')])).statusCode).toBe(415);
      const json = await t.app.inject({
        method: 'POST',
        url: `/v1/products/${product.id}/media`,
        headers: bearer(admin),
        payload: { file: 'x' },
      });
      expect(json.statusCode).toBe(415);
      expect(codeOf(json)).toBe('unsupported_media_type');
      const none = await upload(product.id, [{ name: 'alt', value: 'no file' }]);
      expect(none.statusCode).toBe(422);
      expect(none.json().errors[0].path).toBe('body.file');
    });

    it('refuses an image over mediaMaxBytes with 413 and keeps nothing of it', async () => {
      const before = (await t.app.inject({ url: `/v1/products/${product.id}/media` })).json().data.length;
      const tooBig = png(1000, 800, { noise: true });
      expect(tooBig.length).toBeGreaterThan(MAX_BYTES);
      const response = await upload(product.id, [image(tooBig, 'huge.png', 'image/png')]);
      expect(response.statusCode).toBe(413);
      expect(codeOf(response)).toBe('payload_too_large');
      expect((await t.app.inject({ url: `/v1/products/${product.id}/media` })).json().data).toHaveLength(
        before,
      );
    });

    it('answers a client still sending a large non-image over a real socket, and closes the connection', async () => {
      const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
      const text = Buffer.alloc(MAX_BYTES * 3, 'not an image, just text. ');
      for (const data of [text, Buffer.concat([png(2, 3), text])]) {
        const body = multipart([image(data, 'notes.png', 'image/png')]);
        const response = await request(`${address}/v1/products/${product.id}/media`, {
          method: 'POST',
          headers: { ...bearer(admin), ...body.headers },
          body: body.payload,
          headersTimeout: 10_000,
          bodyTimeout: 10_000,
        });
        expect([413, 415]).toContain(response.statusCode);
        expect(((await response.body.json()) as { code: string }).code).toMatch(
          /unsupported_image|payload_too_large/,
        );
      }
    });

    it('refuses bad fields, and a second file, naming what to fix', async () => {
      const badPosition = await upload(product.id, [{ name: 'position', value: 'first' }, image(png(1, 1))]);
      expect(badPosition.statusCode).toBe(422);
      expect(badPosition.json().errors[0].path).toBe('body.position');
      const emptyPosition = await upload(product.id, [{ name: 'position', value: '' }, image(png(1, 1))]);
      expect(emptyPosition.statusCode).toBe(422);
      const twoFiles = await upload(product.id, [image(png(1, 1)), { ...image(png(1, 1)), name: 'other' }]);
      expect(twoFiles.statusCode).toBe(400);
      const unknownProduct = await upload('prd_01J0000000000000000000000A', [image(png(1, 1))]);
      expect(unknownProduct.statusCode).toBe(404);
      // A body cut before its closing boundary (a dropped connection, a broken client): 400, not a 500.
      const cut = await t.app.inject({
        method: 'POST',
        url: `/v1/products/${product.id}/media`,
        headers: { ...bearer(admin), 'content-type': 'multipart/form-data; boundary=x' },
        payload:
          '--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nPNG bytes, then nothing',
      });
      expect(cut.statusCode, cut.body).toBe(400);
      expect(cut.json().code).toBe('bad_request');
    });

    it('serves byte ranges: the first bytes, a suffix, across the blob store chunks, and 416 past the end', async () => {
      const data = png(600, 600, { noise: true });
      expect(data.length).toBeGreaterThan(1024 * 1024);
      const media = await uploaded(product.id, [image(data, 'big.png')]);
      const whole = await t.app.inject({ url: media.url });
      expect(whole.headers['accept-ranges']).toBe('bytes');
      expect(whole.headers['content-length']).toBe(String(data.length));
      expect(whole.rawPayload.equals(data)).toBe(true);

      const head = await t.app.inject({ method: 'HEAD', url: media.url });
      expect(head.statusCode).toBe(200);
      expect(head.headers['content-length']).toBe(String(data.length));
      expect(head.headers.etag).toBe(`"${media.sha256}"`);
      expect(head.rawPayload.length).toBe(0);

      const first = await t.app.inject({ url: media.url, headers: { range: 'bytes=0-7' } });
      expect(first.statusCode).toBe(206);
      expect(first.headers['content-range']).toBe(`bytes 0-7/${data.length}`);
      expect(first.rawPayload.equals(data.subarray(0, 8))).toBe(true);

      const suffix = await t.app.inject({ url: media.url, headers: { range: 'bytes=-100' } });
      expect(suffix.statusCode).toBe(206);
      expect(suffix.headers['content-range']).toBe(
        `bytes ${data.length - 100}-${data.length - 1}/${data.length}`,
      );
      expect(suffix.rawPayload.equals(data.subarray(-100))).toBe(true);

      const middle = await t.app.inject({ url: media.url, headers: { range: 'bytes=262000-600000' } });
      expect(middle.statusCode).toBe(206);
      expect(middle.headers['content-length']).toBe(String(600_000 - 262_000 + 1));
      expect(middle.rawPayload.equals(data.subarray(262_000, 600_001))).toBe(true);

      const past = await t.app.inject({ url: media.url, headers: { range: `bytes=${data.length}-` } });
      expect(past.statusCode).toBe(416);
      expect(past.headers['content-range']).toBe(`bytes */${data.length}`);
      expect(codeOf(past)).toBe('range_not_satisfiable');

      // Another version's validator: the whole image. Garbage: the whole image too.
      const stale = await t.app.inject({
        url: media.url,
        headers: { range: 'bytes=0-7', 'if-range': '"0000"' },
      });
      expect(stale.statusCode).toBe(200);
      expect(stale.rawPayload.length).toBe(data.length);
      expect((await t.app.inject({ url: media.url, headers: { range: 'pages=1' } })).statusCode).toBe(200);
    });

    it('sends an ETag and long-lived public caching, and 304 for a matching If-None-Match', async () => {
      const data = png(2, 2);
      const media = await uploaded(product.id, [image(data)]);
      const response = await t.app.inject({ url: media.url });
      expect(response.headers.etag).toBe(`"${sha256(data)}"`);
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(response.headers['cross-origin-resource-policy']).toBe('cross-origin');
      const again = await t.app.inject({
        url: media.url,
        headers: { 'if-none-match': `W/"x", "${sha256(data)}"` },
      });
      expect(again.statusCode).toBe(304);
      expect(again.rawPayload.length).toBe(0);
      expect(again.headers.etag).toBe(`"${sha256(data)}"`);
      const other = await t.app.inject({ url: media.url, headers: { 'if-none-match': '"something-else"' } });
      expect(other.statusCode).toBe(200);
    });

    it('names the file inline in a Content-Disposition that no file name can break', async () => {
      // As a browser sends it: raw UTF-8, quotes escaped; a tab stands in for control characters.
      const hostile = 'na\u00efve \\"quoted\\"\t\u65e5\u672c.png';
      const media = await uploaded(product.id, [image(png(1, 1), hostile, 'image/png')]);
      expect(media.filename).toBe('na\u00efve "quoted"\u65e5\u672c.png');
      const response = await t.app.inject({ url: media.url });
      const header = response.headers['content-disposition'] as string;
      expect(header).toMatch(/^inline; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
      expect(parseDisposition(header)).toMatchObject({
        type: 'inline',
        parameters: { filename: media.filename },
      });
      // A line break smuggled in an encoded name never reaches a header: the part is not taken as a file.
      const injected = await upload(product.id, [
        {
          name: 'file',
          data: png(1, 1),
          contentType: 'image/png',
          disposition: `form-data; name="file"; filename*=UTF-8''cat.png%0D%0AInjected%3A%20yes`,
        },
      ]);
      expect(injected.statusCode).toBe(422);
      expect(injected.headers.injected).toBeUndefined();
      const folder = await uploaded(product.id, [image(png(1, 1), '../../photos/2024/cat.png')]);
      expect(folder.filename).toBe('cat.png');
      const unnamed = await uploaded(product.id, [{ name: 'file', data: png(1, 1) }]);
      expect(unnamed.filename).toBeNull();
      const fallback = await t.app.inject({ url: unnamed.url });
      expect(parseDisposition(fallback.headers['content-disposition'] as string)).toEqual({
        type: 'inline',
        parameters: { filename: `${unnamed.id}.png` },
      });
    });

    it('keeps media in order: appended, inserted at a position, moved, and deleted with their bytes', async () => {
      const target = await createProduct(t.app, admin);
      const a = await uploaded(target.id, [image(png(1, 1)), { name: 'alt', value: 'A' }]);
      const b = await uploaded(target.id, [image(png(2, 1))]);
      const c = await uploaded(target.id, [{ name: 'position', value: '0' }, image(png(3, 1))]);
      expect([a.position, b.position, c.position]).toEqual([0, 1, 0]);
      const order = async () =>
        ((await t.app.inject({ url: `/v1/products/${target.id}/media` })).json().data as Media[]).map((m) => [
          m.id,
          m.position,
        ]);
      expect(await order()).toEqual([
        [c.id, 0],
        [a.id, 1],
        [b.id, 2],
      ]);

      const moved = await t.app.inject({
        method: 'PATCH',
        url: `/v1/media/${c.id}`,
        headers: bearer(admin),
        payload: { position: 99, alt: 'Now last' },
      });
      expect(moved.statusCode).toBe(200);
      expect(moved.json()).toMatchObject({ position: 2, alt: 'Now last' });
      expect(await order()).toEqual([
        [a.id, 0],
        [b.id, 1],
        [c.id, 2],
      ]);
      const cleared = await t.app.inject({
        method: 'PATCH',
        url: `/v1/media/${a.id}`,
        headers: bearer(admin),
        payload: { alt: null },
      });
      expect(cleared.json()).toMatchObject({ alt: null, position: 0 });

      // The product itself lists its media in the same order (and is not served stale from the cache).
      const shown = ProductSchema.parse((await t.app.inject({ url: `/v1/products/${target.id}` })).json());
      expect(shown.media.map((m) => m.id)).toEqual([a.id, b.id, c.id]);
      const listed = (await t.app.inject({ url: `/v1/products?limit=100` })).json().data as Product[];
      expect(listed.find((p) => p.id === target.id)?.media.map((m) => m.id)).toEqual([a.id, b.id, c.id]);

      const deleted = await t.app.inject({
        method: 'DELETE',
        url: `/v1/media/${a.id}`,
        headers: bearer(admin),
      });
      expect(deleted.statusCode).toBe(200);
      expect(await order()).toEqual([
        [b.id, 0],
        [c.id, 1],
      ]);
      expect((await t.app.inject({ url: a.url })).statusCode).toBe(404);
      expect(await t.services.blobs.get(mediaBlobKey(a.id))).toBeUndefined();
      expect(
        (await t.app.inject({ method: 'DELETE', url: `/v1/media/${a.id}`, headers: bearer(admin) }))
          .statusCode,
      ).toBe(404);
      const after = ProductSchema.parse((await t.app.inject({ url: `/v1/products/${target.id}` })).json());
      expect(after.media.map((m) => m.id)).toEqual([b.id, c.id]);
    });

    it('lets only admins upload, change and delete', async () => {
      const user = await registerUser(t.app);
      expect((await upload(product.id, [image(png(1, 1))], {})).statusCode).toBe(401);
      expect((await upload(product.id, [image(png(1, 1))], bearer(user.accessToken))).statusCode).toBe(403);
      const media = await uploaded(product.id, [image(png(1, 1))]);
      for (const method of ['PATCH', 'DELETE'] as const) {
        const response = await t.app.inject({
          method,
          url: `/v1/media/${media.id}`,
          headers: bearer(user.accessToken),
          ...(method === 'PATCH' ? { payload: { alt: 'mine' } } : {}),
        });
        expect(response.statusCode, method).toBe(403);
      }
      expect((await t.app.inject({ url: media.url, headers: bearer(user.accessToken) })).statusCode).toBe(
        200,
      );
    });

    it("hides an archived product's media from guests, and keeps it out of shared caches for admins", async () => {
      const target = await createProduct(t.app, admin);
      const media = await uploaded(target.id, [image(png(1, 1))]);
      expect((await t.app.inject({ url: media.url })).statusCode).toBe(200);
      await t.app.inject({ method: 'DELETE', url: `/v1/products/${target.id}`, headers: bearer(admin) });
      const guest = await t.app.inject({ url: media.url });
      expect(guest.statusCode).toBe(404);
      expect(guest.json().detail).toBe(`No media ${media.id}.`);
      expect((await t.app.inject({ url: `/v1/products/${target.id}/media` })).statusCode).toBe(404);
      const forAdmin = await t.app.inject({ url: media.url, headers: bearer(admin) });
      expect(forAdmin.statusCode).toBe(200);
      expect(forAdmin.headers['cache-control']).toBe('private, no-cache');
    });

    it('writes product.media_added, _updated and _removed events in the outbox', async () => {
      const target = await createProduct(t.app, admin);
      const media = await uploaded(target.id, [image(png(1, 1))]);
      await t.app.inject({
        method: 'PATCH',
        url: `/v1/media/${media.id}`,
        headers: bearer(admin),
        payload: { alt: 'A cup' },
      });
      await t.app.inject({ method: 'DELETE', url: `/v1/media/${media.id}`, headers: bearer(admin) });
      const events = (
        await t.app.inject({ url: `/v1/events?subjectId=${target.id}&limit=100`, headers: bearer(admin) })
      ).json().data as Event[];
      const mediaEvents = events
        .filter((event) => event.type.startsWith('product.media_'))
        .sort((x, y) => x.id.localeCompare(y.id));
      expect(mediaEvents.map((event) => [event.type, event.data.id])).toEqual([
        ['product.media_added', media.id],
        ['product.media_updated', media.id],
        ['product.media_removed', media.id],
      ]);
      expect(mediaEvents[1]?.data.alt).toBe('A cup');
    });

    it('replays an upload retried with the same Idempotency-Key, and refuses the key for another image', async () => {
      const target = await createProduct(t.app, admin);
      const key = { ...bearer(admin), 'idempotency-key': `media-${Date.now()}` };
      const data = png(7, 7);
      const first = await upload(target.id, [image(data, 'a.png')], key);
      const retry = await upload(target.id, [image(data, 'a.png')], key);
      expect(first.statusCode).toBe(201);
      expect(retry.statusCode).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.json().id).toBe(first.json().id);
      const other = await upload(target.id, [image(png(8, 8), 'a.png')], key);
      expect(other.statusCode).toBe(422);
      expect(codeOf(other)).toBe('idempotency_mismatch');
      const listed = (await t.app.inject({ url: `/v1/products/${target.id}/media` })).json().data as Media[];
      expect(listed.map((m) => m.id)).toEqual([first.json().id]);
    });
  });
}

describe('product media on the s3 blob store', () => {
  let s3: LocalS3;
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    s3 = await startLocalS3();
    t = await createTestApp('sqlite', { config: { ...s3.config, mediaMaxBytes: MAX_BYTES } });
    admin = (await createAdmin(t)).accessToken;
  });
  afterAll(async () => {
    await t?.close();
    await s3?.stop();
  });

  it('uploads, serves whole and in ranges, and deletes through S3', async () => {
    const product = await createProduct(t.app, admin);
    const data = png(600, 600, { noise: true });
    const body = multipart([{ name: 'file', filename: 'big.png', contentType: 'image/png', data }]);
    const created = await t.app.inject({
      method: 'POST',
      url: `/v1/products/${product.id}/media`,
      headers: { ...bearer(admin), ...body.headers },
      payload: body.payload,
    });
    expect(created.statusCode, created.body).toBe(201);
    const media = MediaSchema.parse(created.json());
    expect(media).toMatchObject({ size: data.length, sha256: sha256(data), width: 600, height: 600 });
    expect((await t.app.inject({ url: media.url })).rawPayload.equals(data)).toBe(true);
    const range = await t.app.inject({ url: media.url, headers: { range: 'bytes=100-199' } });
    expect(range.statusCode).toBe(206);
    expect(range.rawPayload.equals(data.subarray(100, 200))).toBe(true);
    await t.app.inject({ method: 'DELETE', url: `/v1/media/${media.id}`, headers: bearer(admin) });
    expect(await t.services.blobs.get(mediaBlobKey(media.id))).toBeUndefined();
  });
});
