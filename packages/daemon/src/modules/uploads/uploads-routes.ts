import { pipeline, Transform } from 'node:stream';
import { UPLOAD_CONTENT_TYPES, UploadSchema } from '@tillpoint/sdk/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../core/app-error.js';
import { Bytes, withProblems } from '../../http/openapi.js';
import type { UploadsService } from './uploads-service.js';

/** `POST /v1/uploads` (admin): the raw body (CSV or JSON Lines) streamed to blob storage, for an import job. */
export const uploadsRoutes: FastifyPluginAsyncZod<{ uploads: UploadsService; limit: number }> = async (
  app,
  { uploads, limit },
) => {
  // Only this plugin's routes take these media types, and they take them as a stream, never buffered.
  app.addContentTypeParser([...UPLOAD_CONTENT_TYPES], (_request, payload, done) => done(null, payload));

  app.post(
    '/v1/uploads',
    {
      config: {
        permission: 'uploads:create',
        idempotent: false,
        openapiBody: {
          mediaTypes: UPLOAD_CONTENT_TYPES,
          schema: Bytes.describe('The file, as the raw body'),
        },
      },
      schema: {
        operationId: 'uploads.create',
        tags: ['jobs'],
        summary: 'Upload a CSV or JSON Lines file for an import job (raw body, not multipart)',
        response: withProblems({ 201: UploadSchema }),
      },
    },
    async (request, reply) => {
      const contentType = request.headers['content-type']?.split(';')[0]?.trim() as
        | (typeof UPLOAD_CONTENT_TYPES)[number]
        | undefined;
      if (!contentType || !UPLOAD_CONTENT_TYPES.includes(contentType)) {
        throw new AppError('unsupported_media_type', {
          detail: `Send the file as one of ${UPLOAD_CONTENT_TYPES.join(', ')}.`,
        });
      }
      let size = 0;
      const capped = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          size += chunk.length;
          if (size > limit) {
            callback(new AppError('payload_too_large', { detail: `Uploads are limited to ${limit} bytes.` }));
          } else callback(null, chunk);
        },
      });
      const body = request.body as NodeJS.ReadableStream;
      const upload = await uploads.create(
        contentType,
        pipeline(body, capped, () => undefined),
      );
      return reply.status(201).send(upload);
    },
  );
};
