import { z } from 'zod';
import { idSchema, TimestampSchema } from './common.js';

export const UploadIdSchema = idSchema('upl');

/** The media types `POST /v1/uploads` accepts: the inputs of import jobs. */
export const UPLOAD_CONTENT_TYPES = ['text/csv', 'application/x-ndjson', 'application/jsonl'] as const;

/**
 * A file sent with `POST /v1/uploads` (the raw body, up to the daemon's upload limit), for a job to read, e.g.
 * `imports.products` with `{ uploadId }`. Uploads are deleted by the cleanup job after 7 days.
 */
export const UploadSchema = z
  .object({
    id: UploadIdSchema,
    object: z.literal('upload'),
    contentType: z.enum(UPLOAD_CONTENT_TYPES),
    size: z.number().int(),
    sha256: z.string(),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'Upload' });
export type Upload = z.infer<typeof UploadSchema>;
