import type { Executor } from '../../db/database-types.js';
import type { JobRow } from '../../queue/job-queue.js';

/** Jobs waiting, running or dead, per queue and status (read from `jobs_status_finished_idx` alone). */
export const countsByStatus = (db: Executor) =>
  db
    .selectFrom('jobs')
    .select(['queue', 'status', (eb) => eb.fn.countAll<number>().as('count')])
    .where('status', 'in', ['pending', 'running', 'dead'])
    .groupBy(['queue', 'status']);

/** Jobs that succeeded since `since`, per queue: a range of `jobs_status_finished_idx`, whatever the retention. */
export const succeededSince = (db: Executor, since: string) =>
  db
    .selectFrom('jobs')
    .select(['queue', (eb) => eb.fn.countAll<number>().as('count')])
    .where('status', '=', 'succeeded')
    .where('finished_at', '>=', since)
    .groupBy('queue');

export function jobsRepository(db: Executor) {
  return {
    /** Jobs per queue and status (pending, running, dead), and per queue succeeded since `since`. */
    async queueCounts(since: string) {
      const byStatus = await countsByStatus(db).execute();
      const recent = await succeededSince(db, since).execute();
      return { byStatus, recent };
    },

    async list(filters: {
      queue?: string | undefined;
      type?: string | undefined;
      status?: string | undefined;
      limit: number;
      startingAfter?: string | undefined;
    }) {
      let query = db.selectFrom('jobs').selectAll();
      if (filters.queue) query = query.where('queue', '=', filters.queue);
      if (filters.type) query = query.where('type', '=', filters.type);
      if (filters.status) query = query.where('status', '=', filters.status as JobRow['status']);
      if (filters.startingAfter) query = query.where('id', '>', filters.startingAfter);
      const rows = await query
        .orderBy('id')
        .limit(filters.limit + 1)
        .execute();
      return { rows: rows.slice(0, filters.limit), hasMore: rows.length > filters.limit };
    },
  };
}
