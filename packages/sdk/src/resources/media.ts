import type { Readable } from 'node:stream';
import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import { APIResource } from '../core/resource.js';
import { type Media, MediaSchema, type UpdateMediaRequest } from '../schemas/media.js';

/** Options of `media.download()`. */
export interface MediaDownloadParams {
  /**
   * Only these bytes: `{ start, end }` with `end` inclusive (to the last byte when left out), or a raw `Range`
   * header value such as `bytes=-100`. The daemon answers 206 with `content-range`; 416 `range_not_satisfiable`
   * when `start` is past the end. A range it does not serve (several ranges, another unit) gets the whole image,
   * with status 200: check `response.status` through `.withResponse()`.
   */
  range?: { start: number; end?: number | undefined } | string | undefined;
}

/** The URL of one media item, its ID URL-encoded. */
const path = (id: string) => `/v1/media/${encodeURIComponent(id)}`;

function rangeHeader(range: NonNullable<MediaDownloadParams['range']>): string {
  if (typeof range === 'string') return range;
  return `bytes=${range.start}-${range.end ?? ''}`;
}

/**
 * One product image by its `med_…` ID: change its alt text or position, remove it, download its bytes, or build the
 * URL a page shows it from. A product's images are listed and uploaded with `client.products.media`.
 */
export class MediaResource extends APIResource {
  /**
   * `PATCH /v1/media/:id` (admin): a new `alt` (null clears it) or `position` (0 first; the other images move
   * along). 404 for an unknown image.
   */
  update(id: string, body: UpdateMediaRequest, options?: RequestOptions): APIPromise<Media> {
    return this.client.request('PATCH', path(id), { ...options, body }, MediaSchema);
  }

  /** `DELETE /v1/media/:id` (admin): removes the image from its product, deletes its bytes and returns it. */
  delete(id: string, options?: RequestOptions): APIPromise<Media> {
    return this.client.request('DELETE', path(id), options, MediaSchema);
  }

  /**
   * `GET /v1/media/:id`: the image's bytes, streamed as a Node.js `Readable`; `.withResponse()` gives the headers
   * (`content-type`, `content-length`, `etag`, and `content-range` for a range). 404 for an unknown image, or one of
   * an archived product for non-admins.
   *
   * ```ts
   * await pipeline(await client.media.download(media.id), createWriteStream('front.png'));
   * const { data, response } = await client.media.download(media.id, { range: { start: 0, end: 15 } }).withResponse();
   * ```
   */
  download(id: string, params: MediaDownloadParams = {}, options?: RequestOptions): APIPromise<Readable> {
    const headers =
      params.range === undefined
        ? options?.headers
        : { ...options?.headers, range: rangeHeader(params.range) };
    return this.client.download('GET', path(id), { ...options, headers });
  }

  /**
   * The absolute URL of an image's bytes (`<baseUrl>/v1/media/:id`), for an `<img src>`. It needs no credentials
   * while the product is active; the daemon serves it with an `ETag` and long-lived caching.
   */
  url(media: string | Pick<Media, 'id'>): string {
    const id = typeof media === 'string' ? media : media.id;
    return `${this.client.baseUrl}${path(id)}`;
  }
}
