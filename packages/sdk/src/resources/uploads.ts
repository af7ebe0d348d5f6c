import type { Readable } from 'node:stream';
import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import { APIResource } from '../core/resource.js';
import { type Upload, UploadSchema } from '../schemas/uploads.js';

/** Files for jobs to read, such as the input of `imports.products` (admin). */
export class UploadsResource extends APIResource {
  /**
   * `POST /v1/uploads` (201): sends `body` (bytes, a string, or a stream, which is never retried) as `contentType`
   * (`text/csv` or `application/x-ndjson`). Pass the answer's `id` as the job's `uploadId`.
   */
  create(
    body: Uint8Array | string | Readable,
    contentType: Upload['contentType'],
    options?: RequestOptions,
  ): APIPromise<Upload> {
    return this.client.request(
      'POST',
      '/v1/uploads',
      { ...options, body, headers: { ...options?.headers, 'content-type': contentType } },
      UploadSchema,
    );
  }
}
