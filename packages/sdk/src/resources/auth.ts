import type { LoginOptions, RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import { APIResource } from '../core/resource.js';
import {
  AcceptedSchema,
  type AuthSession,
  AuthSessionSchema,
  type LoginRequest,
  type PasswordResetConfirm,
  type PasswordResetRequest,
  type RefreshRequest,
  type RegisterRequest,
  type SetupRequest,
  type VerifyEmailRequest,
} from '../schemas/auth.js';
import { type User, UserSchema } from '../schemas/users.js';

/** What `POST /v1/auth/register` and `/password-reset` answer, whether or not the email has an account. */
export type Accepted = { status: 'accepted' };

/**
 * Sessions: sign-up, login, refresh, logout, password reset and first-run setup. Every method that returns a
 * session makes the client adopt its tokens (and calls `onTokens`), so the following calls are authenticated.
 */
export class AuthResource extends APIResource {
  /**
   * `POST /v1/auth/register` (202): creates an account unless the email has one, and answers the same either way
   * (the owner of the address learns which by email: a verification token, or a notice). It does not sign in: call
   * `login()` next. 403 `signup_disabled`.
   */
  register(body: RegisterRequest, options?: RequestOptions): APIPromise<Accepted> {
    return this.client._anonymousPost('/v1/auth/register', body, options, AcceptedSchema);
  }

  /** `POST /v1/auth/verify-email`: redeems the emailed verification token; answers the verified user. 401 `invalid_token`. */
  verifyEmail(body: VerifyEmailRequest, options?: RequestOptions): APIPromise<User> {
    return this.client._anonymousPost('/v1/auth/verify-email', body, options, UserSchema);
  }

  /**
   * `POST /v1/auth/login`. 401 `invalid_credentials` or `account_disabled`, 429 `login_throttled`. With
   * `{ guestCart: id }` the guest cart this client holds goes along and is merged into the customer's cart.
   */
  login(body: LoginRequest, options?: LoginOptions): APIPromise<AuthSession> {
    return this.client._sessionRequest('/v1/auth/login', body, options, AuthSessionSchema);
  }

  /** `POST /v1/auth/refresh`: rotates the session. Default body: the client's refresh token. */
  refresh(body?: RefreshRequest, options?: RequestOptions): APIPromise<AuthSession> {
    return this.client._sessionRequest(
      '/v1/auth/refresh',
      body ?? this.client._refreshBody(),
      options,
      AuthSessionSchema,
    );
  }

  /** `POST /v1/auth/logout` (204): ends this session and clears the client's tokens. Default body: its refresh token. */
  logout(body?: RefreshRequest, options?: RequestOptions): APIPromise<void> {
    return this.client._logoutRequest('/v1/auth/logout', body ?? this.client._refreshBody(), options);
  }

  /** `POST /v1/auth/logout-all` (204): ends every session of the signed-in user and clears the client's tokens. */
  logoutAll(options?: RequestOptions): APIPromise<void> {
    return this.client._logoutRequest('/v1/auth/logout-all', undefined, options);
  }

  /** `POST /v1/auth/password-reset` (202): emails a reset link if the account exists; the answer never says. */
  requestPasswordReset(body: PasswordResetRequest, options?: RequestOptions): APIPromise<Accepted> {
    return this.client._anonymousPost('/v1/auth/password-reset', body, options, AcceptedSchema);
  }

  /** `POST /v1/auth/password-reset/confirm` (204): sets a new password with the emailed token. */
  confirmPasswordReset(body: PasswordResetConfirm, options?: RequestOptions): APIPromise<void> {
    return this.client._anonymousPost('/v1/auth/password-reset/confirm', body, options);
  }

  /** `POST /v1/auth/setup` (201): redeems the one-time setup token to create the first admin, and signs in. */
  setup(body: SetupRequest, options?: RequestOptions): APIPromise<AuthSession> {
    return this.client._sessionRequest('/v1/auth/setup', body, options, AuthSessionSchema);
  }
}
