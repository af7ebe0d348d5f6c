import { type Migration as KyselyMigration, Migrator } from 'kysely';
import type { DatabaseHandle } from './database-types.js';
import { columnTypesFor } from './migration-types.js';
import { MIGRATIONS } from './migrations/index.js';

export interface MigrationReport {
  applied: string[];
  /** Total migrations known to this build. */
  total: number;
}

/**
 * Applies pending migrations in order (Kysely's migrator: one transaction and an advisory lock on
 * PostgreSQL, so concurrent starts of several nodes migrate once), and refuses to run when the
 * database has a migration this build does not know (a newer daemon already upgraded it).
 */
export async function migrateToLatest(handle: DatabaseHandle): Promise<MigrationReport> {
  return migrateUpTo(handle, undefined);
}

/**
 * Applies migrations up to and including `target` (all when undefined). Tests use a target to build the schema an
 * older release had, then migrate it forward.
 */
export async function migrateUpTo(
  handle: DatabaseHandle,
  target: string | undefined,
): Promise<MigrationReport> {
  const migrator = migratorOf(handle);
  const { error, results } = target ? await migrator.migrateTo(target) : await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return {
    applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
    total: MIGRATIONS.length,
  };
}

/** The migrations of this build that the database has not had yet, oldest first (all of them on a new database). */
export async function pendingMigrations(handle: DatabaseHandle): Promise<string[]> {
  const known = await migratorOf(handle).getMigrations();
  return known.filter((migration) => migration.executedAt === undefined).map((migration) => migration.name);
}

function migratorOf(handle: DatabaseHandle): Migrator {
  const types = columnTypesFor(handle.dialect);
  const migrations: Record<string, KyselyMigration> = {};
  for (const migration of MIGRATIONS) {
    migrations[migration.name] = {
      up: (db) => migration.up(db, types, { productSearch: handle.productSearch }),
    };
  }
  return new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations } });
}
