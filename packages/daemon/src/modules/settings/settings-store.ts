import type { Database } from '../../db/database-types.js';

/** Daemon-wide key/value facts (`settings` table). */
export function createSettingsStore(db: Database) {
  return {
    async get(key: string): Promise<string | undefined> {
      const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return row?.value;
    },

    async set(key: string, value: string, at: string): Promise<void> {
      await db
        .insertInto('settings')
        .values({ key, value, updated_at: at })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
        .execute();
    },

    /** Deletes the key only if it still holds `value`; true when this call removed it. */
    async takeIfEquals(key: string, value: string): Promise<boolean> {
      const result = await db
        .deleteFrom('settings')
        .where('key', '=', key)
        .where('value', '=', value)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    async delete(key: string): Promise<void> {
      await db.deleteFrom('settings').where('key', '=', key).execute();
    },
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
