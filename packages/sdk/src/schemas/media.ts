import { z } from 'zod';
import { idSchema, NO_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS_MESSAGE, TimestampSchema } from './common.js';

export const MediaIdSchema = idSchema('med');

/** The image types a product's media may be: recognised by their bytes, never by a declared type or a file name. */
export const MEDIA_CONTENT_TYPES = [
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'image/avif',
] as const;
export const MediaContentTypeSchema = z.enum(MEDIA_CONTENT_TYPES).meta({ id: 'MediaContentType' });

/** Text describing an image for people who cannot see it: up to 500 characters. */
const AltSchema = z.string().trim().max(500).regex(NO_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS_MESSAGE);
/** A place in the product's media list, 0 first; a position past the end means last. */
const PositionSchema = z.number().int().min(0).max(10_000);

/**
 * An image of a product. `url` is relative to the daemon (`/v1/media/:id`), which serves the bytes with an `ETag`,
 * long-lived caching (an ID never changes content) and byte ranges. `width` and `height` are read from the image's
 * header; null when it does not say.
 */
export const MediaSchema = z
  .object({
    id: MediaIdSchema,
    object: z.literal('media'),
    productId: idSchema('prd'),
    url: z.string().describe('Where the bytes are served, relative to the API: /v1/media/:id'),
    contentType: MediaContentTypeSchema.describe('The type recognised from the bytes'),
    filename: z.string().nullable().describe('The file name it was uploaded with, if any'),
    size: z.number().int().describe('Bytes'),
    sha256: z.string().describe('Hex SHA-256 of the bytes; also the ETag'),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    alt: z.string().nullable(),
    position: z.number().int().describe("Place in the product's media, 0 first"),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'Media' });
export type Media = z.infer<typeof MediaSchema>;

/**
 * The text fields of `POST /v1/products/:id/media` (admin, `multipart/form-data`), sent next to the one file field:
 * `alt`, and `position` (default: last; the others move along).
 */
export const MediaUploadFieldsSchema = z
  .strictObject({
    alt: AltSchema.optional(),
    position: z
      .string()
      .trim()
      .regex(/^\d{1,5}$/, 'must be a whole number, 0 for first')
      .transform(Number)
      .pipe(PositionSchema)
      .optional(),
  })
  .meta({ id: 'MediaUploadFields' });
export type MediaUploadFields = z.input<typeof MediaUploadFieldsSchema>;

/** `PATCH /v1/media/:id` (admin): the alt text (null clears it), or a new position (the others move along). */
export const UpdateMediaRequestSchema = z
  .strictObject({
    alt: AltSchema.nullable().optional(),
    position: PositionSchema.optional(),
  })
  .meta({ id: 'UpdateMediaRequest' });
export type UpdateMediaRequest = z.input<typeof UpdateMediaRequestSchema>;
