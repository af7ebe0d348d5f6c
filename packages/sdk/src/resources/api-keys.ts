import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import {
  type ApiKey,
  type ApiKeyCreated,
  ApiKeyCreatedSchema,
  ApiKeySchema,
  type CreateApiKeyRequest,
  type ListApiKeysQuery,
} from '../schemas/api-keys.js';

/** Filters of `apiKeys.list()`: {@link ListApiKeysQuery} with `limit` and `includeRevoked` typed as passed. */
export type ApiKeyListParams = Omit<ListApiKeysQuery, 'limit' | 'includeRevoked'> & {
  limit?: number | undefined;
  includeRevoked?: boolean | undefined;
};

/** The URL of one item, its ID URL-encoded. */
const path = (id: string) => `/v1/api-keys/${encodeURIComponent(id)}`;

/** `tp_…` API keys. The secret is returned once, by `create`. */
export class ApiKeysResource extends APIResource {
  /** `POST /v1/api-keys` (201): the answer's `secret` is the only time the key is shown. */
  create(body: CreateApiKeyRequest, options?: RequestOptions): APIPromise<ApiKeyCreated> {
    return this.client.request('POST', '/v1/api-keys', { ...options, body }, ApiKeyCreatedSchema);
  }

  /** `GET /v1/api-keys`: await for one page, or `for await` for every key. */
  list(query?: ApiKeyListParams, options?: RequestOptions): PagePromise<ApiKey> {
    return this.client.getAPIList('/v1/api-keys', query, options, ApiKeySchema);
  }

  /** `GET /v1/api-keys/:id`. */
  get(id: string, options?: RequestOptions): APIPromise<ApiKey> {
    return this.client.request('GET', path(id), options, ApiKeySchema);
  }

  /** `DELETE /v1/api-keys/:id`: revokes the key at once and returns it with `revokedAt` set. */
  revoke(id: string, options?: RequestOptions): APIPromise<ApiKey> {
    return this.client.request('DELETE', path(id), options, ApiKeySchema);
  }
}
