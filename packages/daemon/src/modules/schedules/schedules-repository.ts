import type { Schedule } from '@tillpoint/sdk/schemas';
import type { Selectable, Updateable } from 'kysely';
import { type Executor, isTrue, type SchedulesTable } from '../../db/database-types.js';
import { nextTickAfter } from '../../scheduler/schedule-ticks.js';

export type ScheduleRow = Selectable<SchedulesTable>;

export const timingOf = (row: ScheduleRow) =>
  row.cron ? { cron: row.cron, timezone: row.timezone } : { intervalSeconds: row.interval_seconds! };

export function toSchedule(row: ScheduleRow, now: Date): Schedule {
  return {
    id: row.id,
    object: 'schedule',
    name: row.name,
    description: row.description,
    cron: row.cron,
    intervalSeconds: row.interval_seconds,
    timezone: row.timezone,
    jobType: row.job_type,
    params: JSON.parse(row.params) as Record<string, unknown>,
    missedTicks: row.missed_ticks,
    paused: isTrue(row.paused),
    builtin: isTrue(row.builtin),
    lastTickAt: row.last_tick_at,
    nextTickAt: isTrue(row.paused) ? null : nextTickAfter(timingOf(row), now).toISOString(),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function schedulesRepository(db: Executor) {
  return {
    /** Inserts unless a schedule of that name exists; true when inserted. */
    async insertIfAbsent(row: ScheduleRow): Promise<boolean> {
      const result = await db
        .insertInto('schedules')
        .values(row)
        .onConflict((oc) => oc.column('name').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    /** By `sch_…` ID or by name. */
    findByRef: (ref: string) =>
      db
        .selectFrom('schedules')
        .selectAll()
        .where((eb) => eb.or([eb('id', '=', ref), eb('name', '=', ref)]))
        .executeTakeFirst(),

    all: () => db.selectFrom('schedules').selectAll().orderBy('name').execute(),

    async list(limit: number, startingAfter?: string) {
      let query = db.selectFrom('schedules').selectAll();
      if (startingAfter) query = query.where('id', '>', startingAfter);
      const rows = await query
        .orderBy('id')
        .limit(limit + 1)
        .execute();
      return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
    },

    update: (id: string, changes: Updateable<SchedulesTable>) =>
      db.updateTable('schedules').set(changes).where('id', '=', id).executeTakeFirst(),

    delete: (id: string) => db.deleteFrom('schedules').where('id', '=', id).executeTakeFirst(),

    /**
     * Claims a tick: moves `last_tick_at` forward to `tick` only if it is behind. Exactly one caller wins per tick
     * across every process sharing the database; only the winner enqueues.
     */
    async claimTick(id: string, tick: string): Promise<boolean> {
      const result = await db
        .updateTable('schedules')
        .set({ last_tick_at: tick })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_tick_at', 'is', null), eb('last_tick_at', '<', tick)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}
