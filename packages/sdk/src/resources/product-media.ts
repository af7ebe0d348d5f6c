import type { RequestOptions } from '../client.js';
import { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import { encodeMultipart, type FileInput } from '../internal/multipart.js';
import { type Media, MediaSchema } from '../schemas/media.js';

/** What `products.media.upload()` can send: bytes, a `Blob` or `File`, or a stream (see {@link FileInput}). */
export type MediaFile = FileInput;

/** Options of `products.media.upload()`: the form's text fields and how the file part is labelled. */
export interface MediaUploadParams {
  /** Text describing the image for people who cannot see it (up to 500 characters). */
  alt?: string | undefined;
  /** Place in the product's media, 0 first. Default: last. The others move along. */
  position?: number | undefined;
  /**
   * File name sent with the image (kept as `media.filename`, and named in `Content-Disposition` when it is served).
   * Default: a `File`'s name, or the base name of an `fs.createReadStream` path; none otherwise.
   */
  filename?: string | undefined;
  /**
   * Declared type of the file part. Default: a `Blob`'s type, else from the file name's extension. The daemon ignores
   * it: the type is recognised from the bytes.
   */
  contentType?: string | undefined;
}

/** The media URL of one product, its ID URL-encoded. */
const path = (productId: string) => `/v1/products/${encodeURIComponent(productId)}/media`;

/**
 * The images of one product (`client.products.media`). One image is changed, removed and downloaded with
 * `client.media`.
 */
export class ProductMediaResource extends APIResource {
  /**
   * `POST /v1/products/:id/media` (admin, 201): uploads an image as `multipart/form-data` (one `file` part, and the
   * `alt` and `position` fields). PNG, JPEG, WebP, GIF and AVIF are accepted, recognised from the bytes whatever the
   * name or declared type says; the daemon reads the width and height from them.
   *
   * Bytes and blobs are sent as one buffer and retried like any POST, with the same `Idempotency-Key` (the daemon
   * keeps one copy). A stream is sent as it is read and never retried.
   *
   * Errors: 415 `unsupported_image` (not one of those types), 413 `payload_too_large` (over the daemon's
   * `mediaMaxBytes`), 404 for an unknown product, 422 `validation_failed` for a bad `alt` or `position`.
   *
   * ```ts
   * const media = await client.products.media.upload(product.id, createReadStream('front.png'), { alt: 'Front' });
   * ```
   */
  upload(
    productId: string,
    file: MediaFile,
    params: MediaUploadParams = {},
    options?: RequestOptions,
  ): APIPromise<Media> {
    const { alt, position, filename, contentType } = params;
    const result = encodeMultipart({ alt, position }, { name: 'file', file, filename, contentType }).then(
      (form) =>
        this.client
          .request(
            'POST',
            path(productId),
            {
              ...options,
              body: form.body,
              headers: { ...options?.headers, 'content-type': form.contentType },
            },
            MediaSchema,
          )
          .withResponse(),
    );
    return new APIPromise(result);
  }

  /**
   * `GET /v1/products/:id/media`: the product's images in order of position, all on one page (await it for the page,
   * or `for await` over it). 404 for an unknown product, or an archived one for non-admins. The same list is on the
   * product as `media`.
   */
  list(productId: string, options?: RequestOptions): PagePromise<Media> {
    return this.client.getAPIList(path(productId), {}, options, MediaSchema);
  }
}
