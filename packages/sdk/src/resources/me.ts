import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import { APIResource } from '../core/resource.js';
import type { ChangePasswordRequest } from '../schemas/auth.js';
import { type UpdateMeRequest, type User, UserSchema } from '../schemas/users.js';
import { MeAddressesResource } from './me-addresses.js';

/** The signed-in user. */
export class MeResource extends APIResource {
  /** `/v1/me/addresses`: the signed-in user's address book. */
  readonly addresses: MeAddressesResource = new MeAddressesResource(this.client);

  /** `GET /v1/me`. */
  get(options?: RequestOptions): APIPromise<User> {
    return this.client.request('GET', '/v1/me', options, UserSchema);
  }

  /** `PATCH /v1/me`. */
  update(body: UpdateMeRequest, options?: RequestOptions): APIPromise<User> {
    return this.client.request('PATCH', '/v1/me', { ...options, body }, UserSchema);
  }

  /** `POST /v1/me/password` (204). */
  changePassword(body: ChangePasswordRequest, options?: RequestOptions): APIPromise<void> {
    return this.client.request('POST', '/v1/me/password', { ...options, body });
  }
}
