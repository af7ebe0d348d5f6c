import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import { APIResource } from '../core/resource.js';
import { type Meta, MetaSchema } from '../schemas/meta.js';

/** What the daemon is: name, version, API version, mode and database. */
export class MetaResource extends APIResource {
  /** `GET /v1/meta`. */
  get(options?: RequestOptions): APIPromise<Meta> {
    return this.client.request('GET', '/v1/meta', options, MetaSchema);
  }
}
