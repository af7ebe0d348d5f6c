import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import { APIResource } from '../core/resource.js';
import { type Backup, BackupSchema } from '../schemas/backups.js';
import { type List, listSchema } from '../schemas/common.js';
import { type Job, JobSchema } from '../schemas/jobs.js';

/** Online SQLite backups (admin). Restoring one is offline: `tillpointd restore <file>`. */
export class BackupsResource extends APIResource {
  /** `GET /v1/backups`: every backup, newest first, with size, time and SHA-256. */
  list(options?: RequestOptions): APIPromise<List<Backup>> {
    return this.client.request('GET', '/v1/backups', options, listSchema(BackupSchema));
  }

  /** `POST /v1/backups` (201): queues a `backup.create` job; follow it with `jobs.get(id, { wait })`. */
  create(options?: RequestOptions): APIPromise<Job> {
    return this.client.request('POST', '/v1/backups', options, JobSchema);
  }
}
