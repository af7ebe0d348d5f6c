import { z } from 'zod';
import { idSchema, labelSchema, PageQuerySchema, QueryBooleanSchema, TimestampSchema } from './common.js';
import { RoleSchema, UserIdSchema } from './users.js';

export const ApiKeyIdSchema = idSchema('key');

/** An API key as listed: never the secret, only its first characters. */
export const ApiKeySchema = z
  .object({
    id: ApiKeyIdSchema,
    object: z.literal('api_key'),
    name: z.string(),
    role: RoleSchema,
    prefix: z.string().describe('First characters of the secret, to recognise it (e.g. "tp_AbCd1234")'),
    ownerId: UserIdSchema.nullable(),
    createdAt: TimestampSchema,
    expiresAt: TimestampSchema.nullable(),
    lastUsedAt: TimestampSchema.nullable(),
    revokedAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'ApiKey' });
export type ApiKey = z.infer<typeof ApiKeySchema>;

/** `POST /v1/api-keys`. The role defaults to the creator's and may not exceed it. */
export const CreateApiKeyRequestSchema = z
  .strictObject({
    name: labelSchema(100),
    role: RoleSchema.optional(),
    expiresAt: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('When the key stops working; omit for no expiry'),
  })
  .meta({ id: 'CreateApiKeyRequest' });
export type CreateApiKeyRequest = z.input<typeof CreateApiKeyRequestSchema>;

/** The answer to creating a key: the only time its `secret` is ever shown. */
export const ApiKeyCreatedSchema = ApiKeySchema.extend({
  secret: z.string().describe('The key itself (tp_…). Shown once; store it now.'),
}).meta({ id: 'ApiKeyCreated' });
export type ApiKeyCreated = z.infer<typeof ApiKeyCreatedSchema>;

export const ListApiKeysQuerySchema = PageQuerySchema.extend({
  includeRevoked: QueryBooleanSchema.optional(),
}).strict();
export type ListApiKeysQuery = z.input<typeof ListApiKeysQuerySchema>;
