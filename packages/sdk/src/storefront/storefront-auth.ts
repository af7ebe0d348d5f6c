import type { LoginOptions, RequestOptions } from '../core/api-client.js';
import type { APIPromise } from '../core/api-promise.js';
import { APIResource } from '../core/resource.js';
import type { Accepted } from '../resources/auth.js';
import type {
  AuthSession,
  LoginRequest,
  PasswordResetConfirm,
  PasswordResetRequest,
  RefreshRequest,
  RegisterRequest,
  VerifyEmailRequest,
} from '../schemas/auth.js';
import type { User } from '../schemas/users.js';

/**
 * Customer sign-in. A sign-in merges the guest cart the request holds (its cookie, or `X-Cart-Id` with
 * `X-Cart-Token`) into the customer's cart. With `credentials: 'include'` the daemon's HttpOnly cookies carry the
 * session; otherwise the client adopts the answer's tokens, as `Tillpoint` does.
 */
export class StorefrontAuthResource extends APIResource {
  /**
   * `POST /v1/auth/register` (202): creates an account unless the email has one, answering the same either way; the
   * address's owner gets a verification email (or a notice). It does not sign in: call `login()` next.
   */
  register(body: RegisterRequest, options?: RequestOptions): APIPromise<Accepted> {
    return this.client._anonymousPost('/v1/auth/register', body, options);
  }

  /** `POST /v1/auth/verify-email`: redeems the emailed verification token; answers the verified user. */
  verifyEmail(body: VerifyEmailRequest, options?: RequestOptions): APIPromise<User> {
    return this.client._anonymousPost('/v1/auth/verify-email', body, options);
  }

  /**
   * `POST /v1/auth/login`. 401 `invalid_credentials` or `account_disabled`, 429 `login_throttled`. With
   * `{ guestCart: id }` the guest cart this client holds goes along and is merged into the customer's cart.
   */
  login(body: LoginRequest, options?: LoginOptions): APIPromise<AuthSession> {
    return this.client._sessionRequest('/v1/auth/login', body, options);
  }

  /** `POST /v1/auth/refresh`: rotates the session. Default body: the client's refresh token, else the cookie's. */
  refresh(body?: RefreshRequest, options?: RequestOptions): APIPromise<AuthSession> {
    return this.client._sessionRequest('/v1/auth/refresh', body ?? this.client._refreshBody(), options);
  }

  /** `POST /v1/auth/logout` (204): ends this session (and clears its cookies). */
  logout(body?: RefreshRequest, options?: RequestOptions): APIPromise<void> {
    return this.client._logoutRequest('/v1/auth/logout', body ?? this.client._refreshBody(), options);
  }

  /** `POST /v1/auth/logout-all` (204): ends every session of the signed-in customer. */
  logoutAll(options?: RequestOptions): APIPromise<void> {
    return this.client._logoutRequest('/v1/auth/logout-all', undefined, options);
  }

  /** `POST /v1/auth/password-reset` (202): emails a reset link if the account exists; the answer never says. */
  requestPasswordReset(body: PasswordResetRequest, options?: RequestOptions): APIPromise<Accepted> {
    return this.client._anonymousPost('/v1/auth/password-reset', body, options);
  }

  /** `POST /v1/auth/password-reset/confirm` (204): sets a new password with the emailed token. */
  confirmPasswordReset(body: PasswordResetConfirm, options?: RequestOptions): APIPromise<void> {
    return this.client._anonymousPost('/v1/auth/password-reset/confirm', body, options);
  }
}
