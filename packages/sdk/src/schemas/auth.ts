import { z } from 'zod';
import { labelSchema, TimestampSchema } from './common.js';
import { DisplayNameSchema, EmailSchema, PasswordSchema, UserSchema } from './users.js';

/**
 * `POST /v1/auth/register`: always answers 202 `{"status":"accepted"}`, whether or not the email has an account, so
 * the answer never tells who is registered. A new address gets a verification email; a registered one gets an email
 * saying someone tried to sign up with it. Sign in with `POST /v1/auth/login` afterwards.
 */
export const RegisterRequestSchema = z
  .strictObject({
    email: EmailSchema,
    password: PasswordSchema,
    name: DisplayNameSchema.optional(),
  })
  .meta({ id: 'RegisterRequest' });
export type RegisterRequest = z.input<typeof RegisterRequestSchema>;

/** `POST /v1/auth/login`. The password is not policy-checked here: old passwords must still log in. */
export const LoginRequestSchema = z
  .strictObject({
    email: labelSchema(254),
    password: z.string().min(1).max(1024),
  })
  .meta({ id: 'LoginRequest' });
export type LoginRequest = z.input<typeof LoginRequestSchema>;

/** `POST /v1/auth/refresh` and `/logout`: the refresh token, unless the browser sends it as a cookie. */
export const RefreshRequestSchema = z
  .strictObject({
    refreshToken: z.string().min(1).max(200).optional(),
  })
  .meta({ id: 'RefreshRequest' });
export type RefreshRequest = z.input<typeof RefreshRequestSchema>;

/**
 * A signed-in session as SDK and CLI clients receive it. Browsers get the same tokens as
 * HTTP-only cookies (`tp_access`, `tp_refresh`).
 */
export const AuthSessionSchema = z
  .object({
    object: z.literal('session'),
    user: UserSchema,
    tokenType: z.literal('Bearer'),
    accessToken: z.string(),
    accessTokenExpiresAt: TimestampSchema,
    refreshToken: z.string(),
    refreshTokenExpiresAt: TimestampSchema,
  })
  .meta({ id: 'AuthSession' });
export type AuthSession = z.infer<typeof AuthSessionSchema>;

/** `POST /v1/auth/verify-email`: the token from the verification email. */
export const VerifyEmailRequestSchema = z
  .strictObject({
    token: z.string().min(1).max(200),
  })
  .meta({ id: 'VerifyEmailRequest' });
export type VerifyEmailRequest = z.input<typeof VerifyEmailRequestSchema>;

/** `POST /v1/auth/password-reset`: always answers 202, whether or not the email exists. */
export const PasswordResetRequestSchema = z
  .strictObject({
    email: EmailSchema,
  })
  .meta({ id: 'PasswordResetRequest' });
export type PasswordResetRequest = z.input<typeof PasswordResetRequestSchema>;

/** `POST /v1/auth/password-reset/confirm`. */
export const PasswordResetConfirmSchema = z
  .strictObject({
    token: z.string().min(1).max(200),
    password: PasswordSchema,
  })
  .meta({ id: 'PasswordResetConfirm' });
export type PasswordResetConfirm = z.input<typeof PasswordResetConfirmSchema>;

/** `POST /v1/me/password`. */
export const ChangePasswordRequestSchema = z
  .strictObject({
    currentPassword: z.string().min(1).max(1024),
    newPassword: PasswordSchema,
  })
  .meta({ id: 'ChangePasswordRequest' });
export type ChangePasswordRequest = z.input<typeof ChangePasswordRequestSchema>;

/** `POST /v1/auth/setup`: redeem the one-time setup token printed on first start to create the first admin. */
export const SetupRequestSchema = z
  .strictObject({
    setupToken: z.string().min(1).max(200),
    email: EmailSchema,
    password: PasswordSchema,
    name: DisplayNameSchema.optional(),
  })
  .meta({ id: 'SetupRequest' });
export type SetupRequest = z.input<typeof SetupRequestSchema>;

/** Accepted-for-processing answer with nothing else to say. */
export const AcceptedSchema = z.object({ status: z.literal('accepted') }).meta({ id: 'Accepted' });
