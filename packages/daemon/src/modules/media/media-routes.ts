import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import fastifyMultipart from '@fastify/multipart';
import {
  listSchema,
  MEDIA_CONTENT_TYPES,
  MediaIdSchema,
  MediaSchema,
  MediaUploadFieldsSchema,
  ProductIdSchema,
  UpdateMediaRequestSchema,
} from '@tillpoint/sdk/schemas';
import { create as contentDisposition } from 'content-disposition';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import fresh from 'fresh';
import rangeParser from 'range-parser';
import { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import { Bytes, fileResponse, NoContent, withProblems } from '../../http/openapi.js';
import type { BlobRange } from '../../infra/blobs/blob-store.js';
import { sha256Hex } from '../../infra/secrets.js';
import type { MediaService, ReceivedImage } from './media-service.js';

const ProductParams = z.object({ id: ProductIdSchema });
const MediaParams = z.object({ id: MediaIdSchema });
const tags = ['products'];

/** An ID never changes content: a year, and no revalidation. */
const PUBLIC_CACHE = 'public, max-age=31536000, immutable';
/** Media only admins may see (an inactive product's) must not land in shared caches. */
const PRIVATE_CACHE = 'private, no-cache';

/** The upload's form parts: one file, a few short text fields. */
const FORM_FIELDS = ['alt', 'position'];

/**
 * Product media: `POST /v1/products/:id/media` (admin, multipart/form-data), `GET /v1/products/:id/media`,
 * `PATCH` and `DELETE /v1/media/:id` (admin), and `GET /v1/media/:id`, which serves the bytes to anyone who may see
 * the product. Multipart parsing (@fastify/multipart) is registered in this plugin only.
 *
 * Idempotency: the upload is a streamed body, so it is fingerprinted after it is read (`idempotent: 'after-body'`):
 * the image's sha256, size and file name with the text fields. A retry with the same key and the same image replays
 * the first answer (and keeps one copy); the same key with another image gets 422.
 */
export const mediaRoutes: FastifyPluginAsyncZod<{ media: MediaService; maxBytes: number }> = async (
  app,
  { media, maxBytes },
) => {
  await app.register(fastifyMultipart, {
    // One byte over the limit reaches the service, which answers 413 itself; busboy would only truncate.
    limits: {
      fileSize: maxBytes + 1,
      files: 1,
      fields: FORM_FIELDS.length,
      parts: FORM_FIELDS.length + 1,
      fieldSize: 2048,
      headerPairs: 100,
    },
  });

  app.post(
    '/v1/products/:id/media',
    {
      config: {
        permission: 'products:write',
        idempotent: 'after-body',
        openapiBody: {
          mediaTypes: ['multipart/form-data'],
          schema: MediaUploadFieldsSchema.extend({ file: Bytes.describe('The image') }),
        },
      },
      schema: {
        operationId: 'products.media.upload',
        tags,
        summary:
          'Upload an image (multipart/form-data: one file field, optional `alt` and `position` fields); PNG, JPEG, WebP, GIF or AVIF, recognised from its bytes',
        params: ProductParams,
        response: withProblems({ 201: MediaSchema }),
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new AppError('unsupported_media_type', {
          detail:
            'Send the image as multipart/form-data: one file field, and optional alt and position fields.',
        });
      }
      await media.assertProduct(request.principal, request.params.id);
      let received: ReceivedImage | undefined;
      let kept = false;
      try {
        const fields: Record<string, string> = {};
        for await (const part of request.parts()) {
          if (part.type === 'file') received = await media.receive(part.file, part.filename);
          else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        }
        if (!received) {
          throw new AppError('validation_failed', {
            errors: [{ path: 'body.file', message: 'required: one file field holding the image' }],
          });
        }
        const parsed = MediaUploadFieldsSchema.safeParse(fields);
        if (!parsed.success) {
          throw new AppError('validation_failed', {
            errors: parsed.error.issues.map((issue) => ({
              path: ['body', ...issue.path].join('.'),
              message: issue.message,
              code: issue.code,
            })),
          });
        }
        const { sha256, size, filename } = received;
        const fingerprint = sha256Hex(JSON.stringify({ sha256, size, filename, fields: parsed.data }));
        if (await request.beginIdempotency?.(fingerprint)) return reply;
        const created = await media.add(
          request.principal,
          request.params.id,
          received,
          parsed.data,
          request.idempotency?.commitWith(201),
        );
        kept = true;
        return reply.status(201).send(created);
      } catch (error) {
        releaseUnreadBody(request.raw, reply);
        throw multipartProblem(error, maxBytes);
      } finally {
        if (received && !kept) await media.discard(received).catch(() => undefined);
      }
    },
  );

  app.get(
    '/v1/products/:id/media',
    {
      config: { permission: 'products:read' },
      schema: {
        operationId: 'products.media.list',
        tags,
        summary: "A product's images in order",
        params: ProductParams,
        response: withProblems({ 200: listSchema(MediaSchema) }),
      },
    },
    async (request) => ({
      object: 'list' as const,
      data: await media.list(request.principal, request.params.id),
      has_more: false,
    }),
  );

  app.patch(
    '/v1/media/:id',
    {
      config: { permission: 'products:write' },
      schema: {
        operationId: 'media.update',
        tags,
        summary: "Change an image's alt text or move it (`position`; the others shift)",
        params: MediaParams,
        body: UpdateMediaRequestSchema,
        response: withProblems({ 200: MediaSchema }),
      },
    },
    async (request) => media.update(request.params.id, request.body),
  );

  app.delete(
    '/v1/media/:id',
    {
      config: { permission: 'products:write' },
      schema: {
        operationId: 'media.delete',
        tags,
        summary: 'Remove an image from its product and delete its bytes',
        params: MediaParams,
        response: withProblems({ 200: MediaSchema }),
      },
    },
    async (request) => media.remove(request.params.id),
  );

  app.get(
    '/v1/media/:id',
    {
      config: { permission: 'products:read' },
      schema: {
        operationId: 'media.download',
        tags,
        summary:
          'The bytes of an image: ETag, long-lived caching, byte ranges (206/416) and 304 on If-None-Match',
        params: MediaParams,
        response: withProblems({
          200: fileResponse('The image', MEDIA_CONTENT_TYPES),
          206: fileResponse('The requested byte range of the image', MEDIA_CONTENT_TYPES),
          304: NoContent.describe('Not modified: the ETag in If-None-Match is current'),
        }),
      },
    },
    async (request, reply) => {
      const opened = await media.open(request.principal, request.params.id);
      const item = opened.media;
      const etag = `"${item.sha256}"`;
      const headers = {
        etag,
        'cache-control': opened.isPublic ? PUBLIC_CACHE : PRIVATE_CACHE,
        'accept-ranges': 'bytes',
        'content-type': item.contentType,
        'content-disposition': contentDisposition(
          item.filename ?? `${item.id}.${item.contentType.slice(6)}`,
          {
            type: 'inline',
          },
        ),
        // Storefronts on other origins show these images.
        'cross-origin-resource-policy': 'cross-origin',
      };
      if (fresh(request.headers, { etag }))
        return reply
          .status(304)
          .headers(headers)
          .send(undefined as never);
      let range: BlobRange | undefined;
      const wanted = request.headers.range;
      // If-Range: a range only of the version the client has; any other answer is the whole image.
      if (wanted && (request.headers['if-range'] ?? etag) === etag) {
        const ranges = rangeParser(item.size, wanted, { combine: true });
        if (ranges === -1) {
          throw new AppError('range_not_satisfiable', {
            detail: `The image has ${item.size} bytes.`,
            headers: { 'content-range': `bytes */${item.size}` },
          });
        }
        // A malformed header, another unit or several ranges: RFC 9110 lets us answer with the whole image.
        if (ranges !== -2 && ranges.type === 'bytes' && ranges.length === 1) range = ranges[0];
      }
      // HEAD answers from the row: reading the bytes only to drop them would cost a whole download.
      const body = request.method === 'HEAD' ? Readable.from([]) : (await media.read(opened, range)).stream;
      reply.headers(headers);
      if (!range) return reply.header('content-length', item.size).send(body as never);
      return reply
        .status(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${item.size}`)
        .header('content-length', range.end - range.start + 1)
        .send(body as never);
    },
  );
};

/** @fastify/multipart's and busboy's complaints about the form, as our problems. */
function multipartProblem(error: unknown, maxBytes: number): unknown {
  if (error instanceof AppError) return error;
  const { code, message } = error as { code?: string; message?: string };
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return new AppError('payload_too_large', { detail: `Images are limited to ${maxBytes} bytes.` });
  }
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return new AppError('bad_request', {
      detail: `Send one file and at most these fields: ${FORM_FIELDS.join(', ')}.`,
      cause: error,
    });
  }
  if (
    code === 'FST_PROTO_VIOLATION' ||
    // Dicer (inside @fastify/busboy) says "Unexpected end of multipart data" for a body cut before its last boundary.
    /Unexpected end of (form|multipart data)|Part terminated early|Malformed|Boundary not found/i.test(
      message ?? '',
    )
  ) {
    return new AppError('bad_request', {
      detail: 'The multipart/form-data body is malformed.',
      cause: error,
    });
  }
  return error;
}

/**
 * An upload refused before its body was read (not an image, too big) leaves the rest of the body stuck behind busboy:
 * the socket stays paused, and a client still sending never gets to read the answer. Let the rest drain and close
 * the connection once the answer is sent, so a client that keeps sending cannot hold it open.
 */
function releaseUnreadBody(raw: IncomingMessage, reply: FastifyReply) {
  if (raw.readableEnded) return;
  reply.header('connection', 'close');
  raw.unpipe();
  raw.resume();
}
