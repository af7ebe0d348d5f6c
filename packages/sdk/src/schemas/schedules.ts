import { z } from 'zod';
import { idSchema, NO_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS_MESSAGE, TimestampSchema } from './common.js';

export const ScheduleIdSchema = idSchema('sch');

/** What happens to ticks that fell while no scheduler was running: fire the latest one once on start, or skip them. */
export const MISSED_TICK_POLICIES = ['run_once', 'skip'] as const;
export const MissedTickPolicySchema = z.enum(MISSED_TICK_POLICIES).meta({ id: 'MissedTickPolicy' });

/** A schedule's name: lower-case words joined by `-`, `.` or `_`; part of every tick's unique key. */
export const ScheduleNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lower-case letters, digits, ".", "_" or "-"');

/**
 * A 5-field cron expression (minute hour day month weekday), or 6 fields with seconds first.
 * Checked by the daemon's cron parser; the schema only bounds the text.
 */
export const CronExpressionSchema = z
  .string()
  .min(9)
  .max(120)
  .regex(/^\S+( \S+){4,5}$/, 'must be a cron expression of 5 fields (or 6 with seconds first)');

/** An IANA time zone such as `Europe/Paris`; cron fields are read in it. */
export const TimeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'must be an IANA time zone such as "UTC" or "Europe/Paris"' },
  );

/**
 * A schedule: on each tick (cron or fixed interval) it enqueues one job of `jobType` with `params`, under the unique
 * key `schedule:<name>:<tick time>`, so a tick fires once however many schedulers run.
 */
export const ScheduleSchema = z
  .object({
    id: ScheduleIdSchema,
    object: z.literal('schedule'),
    name: ScheduleNameSchema,
    description: z.string().nullable(),
    cron: z.string().nullable().describe('Cron expression; null for an interval schedule'),
    intervalSeconds: z
      .number()
      .int()
      .nullable()
      .describe('Fixed interval, aligned to the Unix epoch; null for cron'),
    timezone: z.string(),
    jobType: z.string(),
    params: z.record(z.string(), z.unknown()),
    missedTicks: MissedTickPolicySchema,
    paused: z.boolean(),
    builtin: z
      .boolean()
      .describe('Shipped with the daemon: can be paused, changed and triggered, not deleted'),
    lastTickAt: TimestampSchema.nullable().describe('The latest tick that enqueued a job'),
    nextTickAt: TimestampSchema.nullable().describe('When the next tick falls; null while paused'),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'Schedule' });
export type Schedule = z.infer<typeof ScheduleSchema>;

const timing = {
  cron: CronExpressionSchema.optional(),
  intervalSeconds: z
    .number()
    .int()
    .min(1)
    .max(31 * 86_400)
    .optional(),
};

/** `POST /v1/schedules`: exactly one of `cron` and `intervalSeconds`. */
export const CreateScheduleRequestSchema = z
  .strictObject({
    name: ScheduleNameSchema,
    description: z.string().max(500).regex(NO_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS_MESSAGE).optional(),
    ...timing,
    timezone: TimeZoneSchema.default('UTC'),
    jobType: z.string().min(1).max(100),
    params: z.record(z.string(), z.unknown()).default({}),
    missedTicks: MissedTickPolicySchema.default('skip'),
    paused: z.boolean().default(false),
  })
  .refine((body) => (body.cron === undefined) !== (body.intervalSeconds === undefined), {
    message: 'give exactly one of cron and intervalSeconds',
    path: ['cron'],
  })
  // The refinement above, as the OpenAPI document can say it.
  .meta({ id: 'CreateScheduleRequest', oneOf: [{ required: ['cron'] }, { required: ['intervalSeconds'] }] });
export type CreateScheduleRequest = z.input<typeof CreateScheduleRequestSchema>;

/** `PATCH /v1/schedules/:id`: any field but the name; giving `cron` clears `intervalSeconds` and the reverse. */
export const UpdateScheduleRequestSchema = z
  .strictObject({
    description: z
      .string()
      .max(500)
      .regex(NO_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS_MESSAGE)
      .nullable()
      .optional(),
    ...timing,
    timezone: TimeZoneSchema.optional(),
    jobType: z.string().min(1).max(100).optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    missedTicks: MissedTickPolicySchema.optional(),
    paused: z.boolean().optional(),
  })
  .refine((body) => body.cron === undefined || body.intervalSeconds === undefined, {
    message: 'give at most one of cron and intervalSeconds',
    path: ['cron'],
  })
  .meta({ id: 'UpdateScheduleRequest' });
export type UpdateScheduleRequest = z.input<typeof UpdateScheduleRequestSchema>;

/** `:id` of the schedule routes: the `sch_…` ID or the schedule's name. */
export const ScheduleRefSchema = z.union([ScheduleIdSchema, ScheduleNameSchema]);
