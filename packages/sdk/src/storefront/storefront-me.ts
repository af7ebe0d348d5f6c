import type { RequestOptions } from '../core/api-client.js';
import type { APIPromise } from '../core/api-promise.js';
import { APIResource } from '../core/resource.js';
import type { ChangePasswordRequest } from '../schemas/auth.js';
import type { UpdateMeRequest, User } from '../schemas/users.js';

/** The signed-in customer. */
export class StorefrontMeResource extends APIResource {
  /** `GET /v1/me`: 401 when nobody is signed in. */
  get(options?: RequestOptions): APIPromise<User> {
    return this.client.request('GET', '/v1/me', options);
  }

  /** `PATCH /v1/me`. */
  update(body: UpdateMeRequest, options?: RequestOptions): APIPromise<User> {
    return this.client.request('PATCH', '/v1/me', { ...options, body });
  }

  /** `POST /v1/me/password` (204). */
  changePassword(body: ChangePasswordRequest, options?: RequestOptions): APIPromise<void> {
    return this.client.request('POST', '/v1/me/password', { ...options, body });
  }
}
