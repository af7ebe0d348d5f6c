import { z } from 'zod';
import {
  idSchema,
  labelSchema,
  NO_CONTROL_CHARACTERS,
  NO_CONTROL_CHARACTERS_MESSAGE,
  PageQuerySchema,
  QueryBooleanSchema,
  TimestampSchema,
} from './common.js';

/** Roles, lowest first. A role includes every permission of the roles before it where the RBAC table says so. */
export const ROLES = ['guest', 'user', 'admin'] as const;
export const RoleSchema = z.enum(ROLES).meta({ id: 'Role' });
export type Role = z.infer<typeof RoleSchema>;

/** The stored form of an email address: trimmed, NFC-normalized, lower-cased. Uniqueness is checked on it. */
export function normalizeEmail(value: string): string {
  return value.trim().normalize('NFC').toLowerCase();
}

/** An email address as accepted at sign-up (normalized, at most 254 characters). */
export const EmailSchema = z
  .string()
  .max(254)
  // The document says what the check after normalization accepts (surrounding spaces aside, which are trimmed).
  .meta({ format: 'email', pattern: z.regexes.email.source })
  .transform(normalizeEmail)
  .pipe(z.email({ message: 'must be a valid email address' }));

/** Minimum password length, in characters. */
export const PASSWORD_MIN_LENGTH = 10;
/** bcrypt reads at most 72 bytes; longer passwords are refused rather than silently truncated. */
export const PASSWORD_MAX_BYTES = 72;

/** The password policy: 10 to 72 bytes of UTF-8 (at least 10 characters), not only whitespace. */
export const PasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(1024)
  .refine((value) => new TextEncoder().encode(value).length <= PASSWORD_MAX_BYTES, {
    message: `must be at most ${PASSWORD_MAX_BYTES} bytes of UTF-8 (bcrypt's limit); use fewer or simpler characters`,
  })
  .refine((value) => value.trim().length > 0, { message: 'must not be only whitespace' });

export const UserIdSchema = idSchema('usr');

/** A display name: 1 to 100 characters, no control characters. */
export const DisplayNameSchema = labelSchema(100);

/** An account. */
export const UserSchema = z
  .object({
    id: UserIdSchema,
    object: z.literal('user'),
    email: z.string(),
    name: z.string().nullable(),
    role: RoleSchema,
    disabled: z.boolean(),
    emailVerifiedAt: TimestampSchema.nullable().describe(
      'When the owner proved the address is theirs (`POST /v1/auth/verify-email`); accounts made by an admin are verified',
    ),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof UserSchema>;

/** `PATCH /v1/me`: what users may change about themselves. */
export const UpdateMeRequestSchema = z
  .strictObject({
    name: DisplayNameSchema.nullable().optional(),
  })
  .meta({ id: 'UpdateMeRequest' });
export type UpdateMeRequest = z.input<typeof UpdateMeRequestSchema>;

/** `PATCH /v1/users/:id` (admin). */
export const UpdateUserRequestSchema = z
  .strictObject({
    name: DisplayNameSchema.nullable().optional(),
    role: RoleSchema.exclude(['guest']).optional(),
    disabled: z.boolean().optional(),
  })
  .meta({ id: 'UpdateUserRequest' });
export type UpdateUserRequest = z.input<typeof UpdateUserRequestSchema>;

/** `GET /v1/users` filters. */
export const ListUsersQuerySchema = PageQuerySchema.extend({
  role: RoleSchema.exclude(['guest']).optional(),
  disabled: QueryBooleanSchema.optional(),
  email: z
    .string()
    .max(254)
    .regex(NO_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS_MESSAGE)
    .optional()
    .describe('Exact email (normalized before matching)'),
}).strict();
export type ListUsersQuery = z.input<typeof ListUsersQuerySchema>;
