import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import type { PageQuery } from '../schemas/common.js';
import { type Job, JobSchema } from '../schemas/jobs.js';
import {
  type CreateScheduleRequest,
  type Schedule,
  ScheduleSchema,
  type UpdateScheduleRequest,
} from '../schemas/schedules.js';

/** The URL of one schedule; `ref` is its `sch_…` ID or its name. */
const path = (ref: string) => `/v1/schedules/${encodeURIComponent(ref)}`;

/** Cron and interval schedules that enqueue jobs, built-in ones included (admin). Methods take an ID or a name. */
export class SchedulesResource extends APIResource {
  /** `POST /v1/schedules` (201). Exactly one of `cron` and `intervalSeconds`. 409 `name_taken` for a used name. */
  create(body: CreateScheduleRequest, options?: RequestOptions): APIPromise<Schedule> {
    return this.client.request('POST', '/v1/schedules', { ...options, body }, ScheduleSchema);
  }

  /** `GET /v1/schedules`: await for one page, or `for await` for every schedule. */
  list(query?: Partial<PageQuery>, options?: RequestOptions): PagePromise<Schedule> {
    return this.client.getAPIList('/v1/schedules', query, options, ScheduleSchema);
  }

  /** `GET /v1/schedules/:ref`. */
  get(ref: string, options?: RequestOptions): APIPromise<Schedule> {
    return this.client.request('GET', path(ref), options, ScheduleSchema);
  }

  /** `PATCH /v1/schedules/:ref`: timing, job, params, missed-tick policy or paused. */
  update(ref: string, body: UpdateScheduleRequest, options?: RequestOptions): APIPromise<Schedule> {
    return this.client.request('PATCH', path(ref), { ...options, body }, ScheduleSchema);
  }

  /** `DELETE /v1/schedules/:ref` (204). 409 `builtin_schedule` for a built-in one: pause it instead. */
  delete(ref: string, options?: RequestOptions): APIPromise<void> {
    return this.client.request('DELETE', path(ref), options);
  }

  /** `POST /v1/schedules/:ref/pause`: its ticks stop firing. */
  pause(ref: string, options?: RequestOptions): APIPromise<Schedule> {
    return this.client.request('POST', `${path(ref)}/pause`, options, ScheduleSchema);
  }

  /** `POST /v1/schedules/:ref/resume`. */
  resume(ref: string, options?: RequestOptions): APIPromise<Schedule> {
    return this.client.request('POST', `${path(ref)}/resume`, options, ScheduleSchema);
  }

  /** `POST /v1/schedules/:ref/trigger` (201): enqueues the schedule's job now, outside its ticks. */
  trigger(ref: string, options?: RequestOptions): APIPromise<Job> {
    return this.client.request('POST', `${path(ref)}/trigger`, options, JobSchema);
  }
}
