import { BackupSchema, JobSchema, listSchema } from '@tillpoint/sdk/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { withProblems } from '../../http/openapi.js';
import type { BackupsService } from './backups-service.js';

const tags = ['backups'];

/** `/v1/backups` (admin): online SQLite backups, listed and made on demand. Restore is offline: `tillpointd restore`. */
export const backupsRoutes: FastifyPluginAsyncZod<{ backups: BackupsService }> = async (app, { backups }) => {
  app.get(
    '/v1/backups',
    {
      config: { permission: 'backups:read' },
      schema: {
        operationId: 'backups.list',
        tags,
        summary: 'List backups, newest first',
        response: withProblems({ 200: listSchema(BackupSchema) }),
      },
    },
    async () => ({ object: 'list' as const, data: await backups.list(), has_more: false }),
  );
  app.post(
    '/v1/backups',
    {
      config: { permission: 'backups:create' },
      schema: {
        operationId: 'backups.create',
        tags,
        summary: 'Back up now: queues a backup.create job',
        response: withProblems({ 201: JobSchema }),
      },
    },
    async (_request, reply) => reply.status(201).send(await backups.request()),
  );
};
