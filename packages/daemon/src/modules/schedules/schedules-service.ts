import type {
  CreateScheduleRequestSchema,
  Job,
  PageQuery,
  Schedule,
  UpdateScheduleRequestSchema,
} from '@tillpoint/sdk/schemas';
import type { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import { type Database, type DialectCapabilities, isTrue } from '../../db/database-types.js';
import type { Clock } from '../../infra/clock.js';
import { newId } from '../../infra/ids.js';
import type { JobQueue } from '../../queue/job-queue.js';
import type { JobCatalog } from '../../queue/job-types.js';
import { assertValidCron } from '../../scheduler/schedule-ticks.js';
import { toJob } from '../jobs/jobs-presenter.js';
import { builtinSchedules } from './builtin-schedules.js';
import { type ScheduleRow, schedulesRepository, toSchedule } from './schedules-repository.js';

/** Schedules through the API. Changes reach this node's timers at once (`onChange`) and other nodes on resync. */
export function createSchedulesService(deps: {
  db: Database;
  clock: Clock;
  queue: JobQueue;
  catalog: JobCatalog;
  capabilities: DialectCapabilities;
  onChange: () => Promise<void>;
}) {
  const { db, clock } = deps;
  const repo = schedulesRepository(db);
  const show = (row: ScheduleRow) => toSchedule(row, clock.now());

  async function mustFind(ref: string) {
    const row = await repo.findByRef(ref);
    if (!row) throw new AppError('not_found', { detail: `No schedule ${ref}.` });
    return row;
  }

  /** Job type and params are checked now, so a bad schedule is refused instead of failing at every tick. */
  function checkJob(jobType: string, params: unknown): string {
    const type = deps.catalog.get(jobType);
    if (!type) {
      throw new AppError('validation_failed', {
        errors: [{ path: 'body.jobType', message: `unknown job type ${jobType}; see GET /v1/job-types` }],
      });
    }
    const parsed = type.params.safeParse(params);
    if (!parsed.success) {
      throw new AppError('validation_failed', {
        errors: parsed.error.issues.map((issue) => ({
          path: ['body', 'params', ...issue.path.map(String)].join('.'),
          message: issue.message,
        })),
      });
    }
    return JSON.stringify(params);
  }

  function checkCron(cron: string | undefined | null, timezone: string) {
    if (!cron) return;
    try {
      assertValidCron(cron, timezone);
    } catch (error) {
      throw new AppError('validation_failed', {
        errors: [{ path: 'body.cron', message: `invalid cron expression: ${(error as Error).message}` }],
      });
    }
  }

  async function changed<T>(result: T): Promise<T> {
    await deps.onChange();
    return result;
  }

  return {
    /** Inserts the built-in schedules that are missing; existing ones keep the operator's changes. */
    async ensureBuiltins(): Promise<void> {
      const at = clock.now().toISOString();
      for (const builtin of builtinSchedules(deps.capabilities)) {
        await repo.insertIfAbsent({
          id: newId('schedule'),
          name: builtin.name,
          description: builtin.description,
          cron: builtin.cron ?? null,
          interval_seconds: builtin.intervalSeconds ?? null,
          timezone: 'UTC',
          job_type: builtin.jobType,
          params: JSON.stringify(builtin.params),
          missed_ticks: builtin.missedTicks,
          paused: 0,
          builtin: 1,
          last_tick_at: null,
          created_at: at,
          updated_at: at,
        });
      }
    },

    async create(input: z.output<typeof CreateScheduleRequestSchema>): Promise<Schedule> {
      checkCron(input.cron, input.timezone);
      const params = checkJob(input.jobType, input.params);
      const at = clock.now().toISOString();
      const row: ScheduleRow = {
        id: newId('schedule'),
        name: input.name,
        description: input.description ?? null,
        cron: input.cron ?? null,
        interval_seconds: input.intervalSeconds ?? null,
        timezone: input.timezone,
        job_type: input.jobType,
        params,
        missed_ticks: input.missedTicks,
        paused: input.paused ? 1 : 0,
        builtin: 0,
        last_tick_at: null,
        created_at: at,
        updated_at: at,
      };
      if (!(await repo.insertIfAbsent(row))) {
        throw new AppError('name_taken', {
          detail: `A schedule named ${input.name} exists; pick another name.`,
        });
      }
      return changed(show(row));
    },

    async list(query: PageQuery) {
      const { rows, hasMore } = await repo.list(query.limit, query.starting_after);
      return { object: 'list' as const, data: rows.map(show), has_more: hasMore };
    },

    get: async (ref: string) => show(await mustFind(ref)),

    async update(ref: string, input: z.output<typeof UpdateScheduleRequestSchema>): Promise<Schedule> {
      const row = await mustFind(ref);
      const timezone = input.timezone ?? row.timezone;
      const cron = input.cron ?? (input.intervalSeconds === undefined ? row.cron : null);
      checkCron(cron, timezone);
      const jobType = input.jobType ?? row.job_type;
      const params = checkJob(jobType, input.params ?? JSON.parse(row.params));
      await repo.update(row.id, {
        ...(input.description === undefined ? {} : { description: input.description }),
        cron,
        interval_seconds: input.intervalSeconds ?? (input.cron === undefined ? row.interval_seconds : null),
        timezone,
        job_type: jobType,
        params,
        ...(input.missedTicks === undefined ? {} : { missed_ticks: input.missedTicks }),
        ...(input.paused === undefined ? {} : { paused: input.paused ? 1 : 0 }),
        updated_at: clock.now().toISOString(),
      });
      return changed(show(await mustFind(row.id)));
    },

    async remove(ref: string): Promise<void> {
      const row = await mustFind(ref);
      if (isTrue(row.builtin)) {
        throw new AppError('builtin_schedule', {
          detail: `${row.name} ships with the daemon and cannot be deleted; pause it instead.`,
        });
      }
      await repo.delete(row.id);
      await changed(undefined);
    },

    setPaused: async (ref: string, paused: boolean) => {
      const row = await mustFind(ref);
      await repo.update(row.id, { paused: paused ? 1 : 0, updated_at: clock.now().toISOString() });
      return changed(show(await mustFind(row.id)));
    },

    /** Runs the schedule's job now, outside its ticks (its unique key names the moment, so it never dedupes a tick). */
    async trigger(ref: string): Promise<Job> {
      const row = await mustFind(ref);
      const { job } = await deps.queue.enqueue(db, {
        type: row.job_type,
        params: JSON.parse(row.params),
        uniqueKey: `schedule:${row.name}:manual:${clock.now().toISOString()}`,
      });
      deps.queue.wake(job.queue);
      return toJob(job);
    },
  };
}

export type SchedulesService = ReturnType<typeof createSchedulesService>;
