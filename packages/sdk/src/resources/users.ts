import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import { type ListUsersQuery, type UpdateUserRequest, type User, UserSchema } from '../schemas/users.js';

/** Filters of `users.list()`: {@link ListUsersQuery} with `limit` and `disabled` typed as passed, not as sent. */
export type UserListParams = Omit<ListUsersQuery, 'limit' | 'disabled'> & {
  limit?: number | undefined;
  disabled?: boolean | undefined;
};

/** The URL of one item, its ID URL-encoded. */
const path = (id: string) => `/v1/users/${encodeURIComponent(id)}`;

/** Accounts (admin only). */
export class UsersResource extends APIResource {
  /** `GET /v1/users`: await for one page, or `for await` for every user. */
  list(query?: UserListParams, options?: RequestOptions): PagePromise<User> {
    return this.client.getAPIList('/v1/users', query, options, UserSchema);
  }

  /** `GET /v1/users/:id`. */
  get(id: string, options?: RequestOptions): APIPromise<User> {
    return this.client.request('GET', path(id), options, UserSchema);
  }

  /** `PATCH /v1/users/:id`: name, role or disabled. 409 `last_admin` when it would leave no active admin. */
  update(id: string, body: UpdateUserRequest, options?: RequestOptions): APIPromise<User> {
    return this.client.request('PATCH', path(id), { ...options, body }, UserSchema);
  }

  /** `DELETE /v1/users/:id` (204). 409 `last_admin` for the last active admin. */
  delete(id: string, options?: RequestOptions): APIPromise<void> {
    return this.client.request('DELETE', path(id), options);
  }
}
