import { z } from 'zod';
import { TimestampSchema } from './common.js';

/** An online SQLite backup in the daemon's backup directory (`GET /v1/backups`). */
export const BackupSchema = z
  .object({
    object: z.literal('backup'),
    name: z.string().describe('File name, e.g. tillpoint-20261124T100000Z.db'),
    size: z.number().int().describe('Bytes'),
    sha256: z.string().nullable().describe('Hex SHA-256 recorded when the backup was written'),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'Backup' });
export type Backup = z.infer<typeof BackupSchema>;
